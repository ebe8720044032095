//! The one gate for tests that need a tool from outside Rust: Chromium and chromedriver (browser tests),
//! Node.js (the wasm parity test), axe-core from npm (the accessibility test), and Java with the Nu HTML
//! checker from npm (the HTML validity test).
//!
//! Programs are looked up on `PATH`. When one is missing, a test skips on a developer's machine and fails
//! on CI (any non-empty `CI` variable), so a CI machine without a browser can never pass the browser tests
//! by accident. A skip is never silent: it is written to the test run's stderr (not captured by libtest)
//! and appended to `target/skipped-tests.txt`, which `.ci/run` prints in its summary.
#![allow(dead_code)]

use std::io::Write;
use std::path::{Path, PathBuf};

/// The file every skip is appended to, one line per skipped test.
pub const SKIPPED_FILE: &str = "skipped-tests.txt";

/// Whether the tests run on CI: any non-empty `CI` (GitHub Actions and GitLab set `true`, others `1`).
pub fn on_ci() -> bool {
    std::env::var_os("CI").is_some_and(|value| !value.is_empty())
}

/// The executable `name` in one of the folders of `PATH`.
pub fn find_on_path(name: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|candidate| is_executable(candidate))
}

#[cfg(unix)]
fn is_executable(path: &Path) -> bool {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
}

#[cfg(not(unix))]
fn is_executable(path: &Path) -> bool {
    path.is_file()
}

/// The programs `names`, all found on `PATH`; or, when one is missing, `None` after `skip` (which panics on
/// CI). `install` says how to get them.
pub fn programs<const N: usize>(names: [&str; N], install: &str) -> Option<[PathBuf; N]> {
    let found = names.map(find_on_path);
    let missing: Vec<&str> = names
        .iter()
        .zip(&found)
        .filter(|(_, path)| path.is_none())
        .map(|(name, _)| *name)
        .collect();
    if missing.is_empty() {
        Some(found.map(Option::unwrap))
    } else {
        skip(&format!("{} not on PATH", missing.join(", ")), install);
        None
    }
}

/// The calling test cannot run here because `missing` is missing: on CI this fails the test; elsewhere
/// it reports the skip and the caller returns.
pub fn skip(missing: &str, install: &str) {
    let test = std::thread::current()
        .name()
        .filter(|name| *name != "main")
        .unwrap_or("a test")
        .to_string();
    if on_ci() {
        panic!("CI is set but {test} cannot run: {missing} ({install})");
    }
    let line = format!("SKIPPED {test}: {missing} ({install})");
    // `eprintln!` would be captured (and dropped) for a passing test; a write to the stream itself is not.
    let _ = writeln!(std::io::stderr(), "{line}");
    let file = target_dir().join(SKIPPED_FILE);
    if let Ok(mut file) = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(&file)
    {
        let _ = writeln!(file, "{line}");
    }
}

/// The target folder this test run builds into (the binary under test lives in `target/PROFILE/`).
fn target_dir() -> PathBuf {
    Path::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .ancestors()
        .nth(2)
        .expect("the binary lives in target/PROFILE/")
        .to_path_buf()
}

/// Java and the Nu HTML checker's jar from npm (`vnu-jar` in `tests/browser`), for the HTML validity
/// test; like every tool here, missing means skip locally and fail on CI.
pub fn java_and_vnu() -> Option<(PathBuf, PathBuf)> {
    let java = programs(["java"], "apt-get install default-jre-headless")?;
    let jar = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/vnu-jar/build/dist/vnu.jar");
    if !jar.is_file() {
        skip(
            &format!("{} is missing", jar.display()),
            "npm ci --prefix tests/browser",
        );
        return None;
    }
    let [java] = java;
    Some((java, jar))
}

/// axe-core from npm (`npm ci --prefix tests/browser`); like the browser, missing means skip locally and
/// fail on CI.
pub fn axe_source() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).ok();
    if source.is_none() {
        skip(
            &format!("{} is missing", path.display()),
            "npm ci --prefix tests/browser",
        );
    }
    source
}
