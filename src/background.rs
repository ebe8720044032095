//! Freeing big structures off the critical path of a build.

/// Frees `value` on a thread of its own. A build's big structures (every page, the in-memory index) take
/// a noticeable part of a build to free, and nothing needs to wait for that.
pub(crate) fn drop_in_background<T: Send + 'static>(value: T) {
    // If no thread can be started, the value is freed right here, as the closure is dropped.
    let _ = std::thread::Builder::new()
        .name("drop".into())
        .spawn(move || drop(value));
}
