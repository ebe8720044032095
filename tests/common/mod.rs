//! Shared test support: copies a fixture site into a fresh temporary folder and runs the real binary on it.
#![allow(dead_code)]

pub mod browser;
pub mod html;
pub mod parity_queries;
pub mod recorder;
pub mod serve;
pub mod static_server;
pub mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The fixed "today" of all tests, so staleness is reproducible.
pub const TODAY: &str = "2026-11-25";

pub fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

pub struct TestSite {
    pub dir: tempfile::TempDir,
}

impl TestSite {
    /// A copy of `tests/fixtures/valid`.
    pub fn valid() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        copy_dir(&fixtures().join("valid"), dir.path());
        TestSite { dir }
    }

    /// The valid site with the files of `tests/fixtures/errors/NAME` laid over it.
    pub fn with_errors(name: &str) -> TestSite {
        let site = TestSite::valid();
        site.overlay(&fixtures().join("errors").join(name));
        site
    }

    /// Copies the files of `overlay` (but its `expected.txt`) into the site, replacing those it has.
    pub fn overlay(&self, overlay: &Path) {
        for entry in walkdir::WalkDir::new(overlay) {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(overlay).unwrap();
            if entry.file_type().is_file() && relative != Path::new("expected.txt") {
                let target = self.path().join(relative);
                std::fs::create_dir_all(target.parent().unwrap()).unwrap();
                std::fs::copy(entry.path(), target).unwrap();
            }
        }
    }

    /// The bundled example site of the repository.
    pub fn example() -> TestSite {
        let dir = tempfile::tempdir().unwrap();
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        copy_dir(&root.join("content"), &dir.path().join("content"));
        std::fs::copy(
            root.join("kaartenbak.toml"),
            dir.path().join("kaartenbak.toml"),
        )
        .unwrap();
        TestSite { dir }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, relative: &str, text: &str) {
        let path = self.path().join(relative);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    pub fn read(&self, relative: &str) -> String {
        std::fs::read_to_string(self.path().join(relative))
            .unwrap_or_else(|e| panic!("cannot read {relative}: {e}"))
    }

    /// Runs `kaartenbak ARGS` in the site folder.
    pub fn run(&self, args: &[&str]) -> Output {
        Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
            .args(args)
            .current_dir(self.path())
            .env("KAARTENBAK_TODAY", TODAY)
            .env_remove("NO_COLOR")
            .output()
            .unwrap()
    }

    /// Runs `kaartenbak check`, which must fail, and asserts that it prints exactly the diagnostics in
    /// `expected` (a fixture's `expected.txt`; `UPDATE_EXPECTED=1` rewrites it after an intended change,
    /// then review the diff). Returns what it printed.
    pub fn assert_check_prints(&self, expected: &Path, class: &str) -> String {
        let output = self.run(&["check"]);
        let stdout = String::from_utf8(output.stdout).unwrap();
        if std::env::var_os("UPDATE_EXPECTED").is_some() {
            std::fs::write(expected, &stdout).unwrap();
        }
        let wanted = std::fs::read_to_string(expected).unwrap_or_default();
        assert_eq!(
            stdout,
            wanted,
            "diagnostics of `{class}` differ from {}",
            expected.display()
        );
        assert_eq!(
            output.status.code(),
            Some(1),
            "check must fail on `{class}`"
        );
        stdout
    }

    /// Runs `kaartenbak ARGS`, asserting success, and returns stdout.
    pub fn run_ok(&self, args: &[&str]) -> String {
        let output = self.run(args);
        assert!(
            output.status.success(),
            "kaartenbak {args:?} failed:\n{}\n{}",
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr)
        );
        String::from_utf8(output.stdout).unwrap()
    }
}
