//! `kaartenbak init` (issue 24): a new site that `check` and `build` accept as it is, and that init never
//! overwrites.

mod common;

use common::TODAY;
use std::path::Path;
use std::process::{Command, Output};

fn kaartenbak(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .args(args)
        .current_dir(dir)
        .env("KAARTENBAK_TODAY", TODAY)
        .output()
        .unwrap()
}

fn assert_ok(output: &Output, what: &str) -> String {
    let stdout = String::from_utf8_lossy(&output.stdout).to_string();
    assert!(
        output.status.success(),
        "{what} failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    stdout
}

#[test]
fn init_on_an_empty_folder_gives_a_site_that_checks_and_builds() {
    let parent = tempfile::tempdir().unwrap();
    assert_ok(&kaartenbak(parent.path(), &["init", "nieuw"]), "init");
    let site = parent.path().join("nieuw");
    let check = assert_ok(&kaartenbak(&site, &["check"]), "check");
    assert!(
        check.ends_with("checked 1 entries: 0 error(s), 0 warning(s)\n"),
        "{check}"
    );
    assert_ok(&kaartenbak(&site, &["build"]), "build");
    assert!(site.join("site/index.html").is_file());
    assert!(site
        .join("site/partners/voorbeeld-voedselbank/index.html")
        .is_file());

    let gitignore = std::fs::read_to_string(site.join(".gitignore")).unwrap();
    assert!(gitignore.lines().any(|l| l == "/site/"), "{gitignore}");
    assert!(
        gitignore.lines().any(|l| l == "/.kaartenbak/"),
        "{gitignore}"
    );
    // Every setting is in the file, explained, so an editor need not look them up.
    let config = std::fs::read_to_string(site.join("kaartenbak.toml")).unwrap();
    for key in [
        "title",
        "base_url",
        "description",
        "language",
        "theme",
        "stale_after_days",
        "editors_contact",
        "offline",
        "province",
    ] {
        assert!(
            config
                .lines()
                .any(|l| l.trim_start_matches("# ").starts_with(&format!("{key} = "))),
            "kaartenbak.toml lacks `{key}`:\n{config}"
        );
    }
}

#[test]
fn init_refuses_a_folder_that_holds_a_site() {
    let site = tempfile::tempdir().unwrap();
    std::fs::write(
        site.path().join("kaartenbak.toml"),
        "title = \"Mijn site\"\n",
    )
    .unwrap();
    let output = kaartenbak(site.path(), &["init"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("never overwrites"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("kaartenbak.toml")).unwrap(),
        "title = \"Mijn site\"\n"
    );
    assert!(!site.path().join("content").exists());
}
