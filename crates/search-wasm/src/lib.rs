//! The WebAssembly front of the search core. It adds no search logic of its own: it holds the index files
//! the page hands it, opens them with `kaartenbak_search::SearchEngine` and answers JSON requests with the
//! same `SearchResponse` the CLI prints.
//!
//! The interface is plain exports over linear memory, so the module has no imports and instantiates with
//! `new WebAssembly.Instance(module, {})` (no wasm-bindgen, no generated glue):
//! - `kb_alloc(len) -> ptr` and `kb_free(ptr, len)` manage buffers the page writes into or reads from;
//! - `kb_add_file(name_ptr, name_len, data_ptr, data_len)` hands over one index file (the module owns it);
//! - `kb_open(manifest_ptr, manifest_len) -> packed` opens the index;
//! - `kb_search(request_ptr, request_len) -> packed` answers a `SearchRequest` as JSON;
//! - `kb_load_file(name_ptr, name_len, data_ptr, data_len) -> packed` hands over a file that a response
//!   named in `files_needed` (then search again);
//! - `kb_fingerprint() -> packed` names the search code this module was built from.
//!
//! A `packed` result is `(ptr << 32) | len` of a UTF-8 JSON buffer that the caller frees with `kb_free`.

use kaartenbak_search::{IndexFiles, Manifest, SearchEngine, SearchRequest, FINGERPRINT};
use std::cell::RefCell;

#[derive(Default)]
struct State {
    files: Vec<(String, Vec<u8>)>,
    engine: Option<SearchEngine>,
}

thread_local! {
    static STATE: RefCell<State> = RefCell::new(State::default());
}

/// Takes back a buffer that the page filled after `kb_alloc`.
///
/// # Safety
/// `ptr` and `len` must come from one `kb_alloc(len)` call and be used once.
unsafe fn take(ptr: *mut u8, len: usize) -> Vec<u8> {
    Vec::from_raw_parts(ptr, len, len)
}

fn pack(bytes: Vec<u8>) -> u64 {
    let mut bytes = bytes.into_boxed_slice();
    let len = bytes.len() as u64;
    let ptr = bytes.as_mut_ptr() as usize as u64;
    std::mem::forget(bytes);
    (ptr << 32) | len
}

fn pack_json(value: &impl serde::Serialize) -> u64 {
    pack(
        serde_json::to_vec(value).unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}").into_bytes()),
    )
}

fn error(message: String) -> u64 {
    pack_json(&serde_json::json!({ "error": message }))
}

#[no_mangle]
pub extern "C" fn kb_alloc(len: usize) -> *mut u8 {
    let mut buffer = vec![0u8; len].into_boxed_slice();
    let ptr = buffer.as_mut_ptr();
    std::mem::forget(buffer);
    ptr
}

/// # Safety
/// `ptr` and `len` must come from `kb_alloc` or a packed result, and be freed once.
#[no_mangle]
pub unsafe extern "C" fn kb_free(ptr: *mut u8, len: usize) {
    drop(take(ptr, len));
}

/// # Safety
/// Both buffers must come from `kb_alloc`; the module takes ownership of them.
#[no_mangle]
pub unsafe extern "C" fn kb_add_file(
    name_ptr: *mut u8,
    name_len: usize,
    data_ptr: *mut u8,
    data_len: usize,
) {
    let name = String::from_utf8_lossy(&take(name_ptr, name_len)).into_owned();
    let data = take(data_ptr, data_len);
    STATE.with(|state| state.borrow_mut().files.push((name, data)));
}

/// # Safety
/// The buffer must come from `kb_alloc`; the module takes ownership of it.
#[no_mangle]
pub unsafe extern "C" fn kb_open(manifest_ptr: *mut u8, manifest_len: usize) -> u64 {
    let text = String::from_utf8_lossy(&take(manifest_ptr, manifest_len)).into_owned();
    let manifest = match Manifest::from_json(&text) {
        Ok(manifest) => manifest,
        Err(e) => return error(e.to_string()),
    };
    STATE.with(|state| {
        let mut state = state.borrow_mut();
        let files = IndexFiles {
            manifest,
            files: std::mem::take(&mut state.files),
        };
        match SearchEngine::open(&files) {
            Ok(engine) => {
                let documents = engine.document_count();
                state.engine = Some(engine);
                pack_json(
                    &serde_json::json!({ "documents": documents, "facets": files.manifest.facets }),
                )
            }
            Err(e) => error(e.to_string()),
        }
    })
}

/// # Safety
/// The buffer must come from `kb_alloc`; the module takes ownership of it.
#[no_mangle]
pub unsafe extern "C" fn kb_search(request_ptr: *mut u8, request_len: usize) -> u64 {
    let request: SearchRequest = match serde_json::from_slice(&take(request_ptr, request_len)) {
        Ok(request) => request,
        Err(e) => return error(format!("invalid search request: {e}")),
    };
    STATE.with(|state| match &state.borrow().engine {
        None => error("the index is not open".into()),
        Some(engine) => match engine.search(&request) {
            Ok(response) => pack_json(&response),
            Err(e) => error(e.to_string()),
        },
    })
}

/// # Safety
/// Both buffers must come from `kb_alloc`; the module takes ownership of them.
#[no_mangle]
pub unsafe extern "C" fn kb_load_file(
    name_ptr: *mut u8,
    name_len: usize,
    data_ptr: *mut u8,
    data_len: usize,
) -> u64 {
    let name = String::from_utf8_lossy(&take(name_ptr, name_len)).into_owned();
    let data = take(data_ptr, data_len);
    STATE.with(|state| match &mut state.borrow_mut().engine {
        None => error("the index is not open".into()),
        Some(engine) => match engine.load_file(&name, &data) {
            Ok(()) => pack_json(&serde_json::json!({})),
            Err(e) => error(e.to_string()),
        },
    })
}

#[no_mangle]
pub extern "C" fn kb_fingerprint() -> u64 {
    pack(FINGERPRINT.as_bytes().to_vec())
}
