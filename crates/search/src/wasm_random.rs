//! The getrandom backend of the browser build. Only tantivy's index writer needs random numbers (for
//! segment ids); the browser only reads, so every request for randomness is refused.

/// # Safety
/// Called by getrandom with a valid buffer; it writes nothing and reports "unsupported".
#[no_mangle]
unsafe extern "Rust" fn __getrandom_v03_custom(
    _dest: *mut u8,
    _len: usize,
) -> Result<(), getrandom::Error> {
    Err(getrandom::Error::UNSUPPORTED)
}
