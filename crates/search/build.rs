//! Computes the search core's fingerprint: a hash of its sources and of the tantivy version it links.
//! The index manifest, the CLI and the WebAssembly build all carry it, so an index, a CLI and a committed
//! `.wasm` that were built from different search code are detected instead of disagreeing silently.

use std::path::Path;

fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for byte in bytes {
        *hash ^= u64::from(*byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // The shared crate's escaper and ids are compiled into the module too.
    let mut files: Vec<_> = walk(&root.join("src"));
    files.extend(walk(&root.join("../shared/src")));
    files.sort();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for file in &files {
        let relative = file
            .strip_prefix(root)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        fnv1a(&mut hash, relative.as_bytes());
        // Line endings must not change the fingerprint (a checkout on another system).
        let text = std::fs::read_to_string(file).unwrap().replace("\r\n", "\n");
        fnv1a(&mut hash, text.as_bytes());
        println!("cargo:rerun-if-changed={}", file.display());
    }
    let lock = root.join("../../Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    if let Ok(text) = std::fs::read_to_string(&lock) {
        let mut lines = text.lines();
        while let Some(line) = lines.next() {
            if line == "name = \"tantivy\"" {
                fnv1a(&mut hash, lines.next().unwrap_or_default().as_bytes());
            }
        }
    }
    println!("cargo:rerun-if-changed=src");
    println!("cargo:rerun-if-changed=../shared/src");
    println!("cargo:rustc-env=KAARTENBAK_SEARCH_FINGERPRINT={hash:016x}");
}

fn walk(dir: &Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            found.extend(walk(&path));
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
    found
}
