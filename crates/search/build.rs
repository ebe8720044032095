//! Computes the search core's fingerprint: a hash of everything the browser's search module is built from,
//! namely the sources of this crate and of its WebAssembly front (`crates/search-wasm`), of the shared
//! crate and of the patched copies in `vendor/`, their manifests, and the locked version of every crate
//! they depend on, directly or not (from `Cargo.lock`).
//! The index manifest, the CLI and the WebAssembly build all carry it, so an index, a CLI and a committed
//! `.wasm` that were built from different search code are detected instead of disagreeing silently.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn fnv1a(hash: &mut u64, bytes: &[u8]) {
    for byte in bytes {
        *hash ^= u64::from(*byte);
        *hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
}

/// The crates whose sources and manifests count, as (name in the hash, folder).
fn crates(root: &Path) -> [(&'static str, PathBuf); 5] {
    [
        ("search", root.to_path_buf()),
        ("search-wasm", root.join("../search-wasm")),
        // The escaper and ids both sides share are compiled into the module too.
        ("shared", root.join("../shared")),
        // Patched copies keep their release's version in Cargo.lock whatever the patch, so their sources
        // count as ours do.
        ("vendor/tantivy", root.join("../../vendor/tantivy")),
        ("vendor/bitpacking", root.join("../../vendor/bitpacking")),
    ]
}

fn main() {
    // Read when the script runs, not baked in when it is compiled: cargo may reuse this script's binary
    // for a checkout of the same workspace elsewhere (a second worktree sharing the target folder).
    let root = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets it"));
    let root = root.as_path();
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut dependencies = BTreeSet::new();
    // What went into the hash, for whoever wonders why the fingerprint changed.
    let mut inputs = String::new();
    for (name, dir) in crates(root) {
        let mut files = walk(&dir.join("src"));
        files.sort();
        files.push(dir.join("Cargo.toml"));
        for file in &files {
            let relative = file
                .strip_prefix(&dir)
                .unwrap()
                .to_string_lossy()
                .replace('\\', "/");
            fnv1a(&mut hash, format!("{name}/{relative}").as_bytes());
            // Line endings must not change the fingerprint (a checkout on another system).
            let text = std::fs::read_to_string(file)
                .unwrap_or_else(|e| panic!("cannot read {}: {e}", file.display()))
                .replace("\r\n", "\n");
            fnv1a(&mut hash, text.as_bytes());
            inputs.push_str(&format!("{name}/{relative}\n"));
            println!("cargo:rerun-if-changed={}", file.display());
        }
        // A folder: cargo looks at every file in it, so a new source file counts too.
        println!("cargo:rerun-if-changed={}", dir.join("src").display());
        dependencies.extend(normal_dependencies(
            &std::fs::read_to_string(dir.join("Cargo.toml")).unwrap(),
        ));
    }
    let lock = root.join("../../Cargo.lock");
    println!("cargo:rerun-if-changed={}", lock.display());
    // Built outside this workspace there is no lock file to read; the sources still count.
    if let Ok(text) = std::fs::read_to_string(&lock) {
        for package in locked_closure(
            &text,
            &["kaartenbak-search", "kaartenbak-search-wasm"],
            &dependencies,
        ) {
            fnv1a(&mut hash, package.as_bytes());
            fnv1a(&mut hash, b"\n");
            inputs.push_str(&format!("{package}\n"));
        }
    }
    let out = PathBuf::from(std::env::var_os("OUT_DIR").unwrap()).join("fingerprint-inputs.txt");
    std::fs::write(out, inputs).unwrap();
    println!("cargo:rustc-env=KAARTENBAK_SEARCH_FINGERPRINT={hash:016x}");
}

fn walk(dir: &Path) -> Vec<PathBuf> {
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

/// The names under `[dependencies]` and `[target.'…'.dependencies]` of a manifest: what the crate links,
/// not its dev-dependencies (a test-only crate's update must not call for a new search module).
fn normal_dependencies(manifest: &str) -> Vec<String> {
    let mut names = Vec::new();
    let mut in_dependencies = false;
    for line in manifest.lines().map(str::trim) {
        if let Some(name) = line
            .strip_prefix("[dependencies.")
            .and_then(|rest| rest.strip_suffix(']'))
        {
            names.push(name.to_string());
            in_dependencies = false;
        } else if line.starts_with('[') {
            in_dependencies = line == "[dependencies]"
                || (line.starts_with("[target.") && line.ends_with(".dependencies]"));
        } else if in_dependencies {
            if let Some((name, _)) = line.split_once('=') {
                let name = name.trim();
                if !name.is_empty() && !name.starts_with('#') {
                    names.push(name.to_string());
                }
            }
        }
    }
    names
}

/// One `[[package]]` of Cargo.lock: its version and its dependencies as the lock names them ("serde" or,
/// when two versions are locked, "getrandom 0.3.4").
struct Locked {
    version: String,
    dependencies: Vec<String>,
}

/// Cargo.lock's packages by "name version".
fn parse_lock(text: &str) -> BTreeMap<(String, String), Locked> {
    let mut packages = BTreeMap::new();
    for block in text.split("[[package]]").skip(1) {
        let mut name = String::new();
        let mut locked = Locked {
            version: String::new(),
            dependencies: Vec::new(),
        };
        let mut in_dependencies = false;
        for line in block.lines().map(str::trim) {
            let quoted = |line: &str| line.trim_matches(|c| c == '"' || c == ',').to_string();
            if let Some(value) = line.strip_prefix("name = ") {
                name = quoted(value);
            } else if let Some(value) = line.strip_prefix("version = ") {
                locked.version = quoted(value);
            } else if line.starts_with("dependencies = [") {
                in_dependencies = !line.ends_with(']');
            } else if in_dependencies && line == "]" {
                in_dependencies = false;
            } else if in_dependencies {
                locked.dependencies.push(quoted(line));
            }
        }
        packages.insert((name, locked.version.clone()), locked);
    }
    packages
}

/// "name version" of every package that the `roots` (workspace crates) depend on through the dependency
/// names in `direct`, and of everything those depend on, sorted.
fn locked_closure(text: &str, roots: &[&str], direct: &BTreeSet<String>) -> BTreeSet<String> {
    let packages = parse_lock(text);
    // A dependency named without a version is the only locked package of that name.
    let resolve = |reference: &str| -> Option<(String, String)> {
        let mut parts = reference.split(' ');
        let name = parts.next()?;
        match parts.next() {
            Some(version) => Some((name.to_string(), version.to_string())),
            None => packages.keys().find(|(locked, _)| locked == name).cloned(),
        }
    };
    let mut todo: Vec<(String, String)> = roots
        .iter()
        .filter_map(|root| packages.iter().find(|((name, _), _)| name == root))
        .flat_map(|(_, root)| &root.dependencies)
        .filter(|reference| direct.contains(reference.split(' ').next().unwrap_or_default()))
        .filter_map(|reference| resolve(reference))
        .collect();
    let mut seen = BTreeSet::new();
    while let Some(key) = todo.pop() {
        if roots.contains(&key.0.as_str()) || !seen.insert(format!("{} {}", key.0, key.1)) {
            continue;
        }
        if let Some(package) = packages.get(&key) {
            todo.extend(package.dependencies.iter().filter_map(|r| resolve(r)));
        }
    }
    seen
}
