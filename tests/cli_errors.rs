//! What the command line says when it is pointed at the wrong thing (issue 24): one clear line, not a
//! cascade, and the cause printed once.

mod common;

use common::TestSite;
use std::process::Command;

fn kaartenbak(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .args(args)
        .env("KAARTENBAK_TODAY", common::TODAY)
        .output()
        .unwrap()
}

#[test]
fn a_root_that_does_not_exist_gives_one_error() {
    let missing = tempfile::tempdir().unwrap().path().join("bestaat-niet");
    let root = missing.to_str().unwrap();
    for command in ["build", "check"] {
        let output = kaartenbak(&[command, "--root", root]);
        assert_eq!(output.status.code(), Some(2), "{command}");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(stderr.lines().count(), 1, "{command}: {stderr}");
        assert!(stderr.contains("is not a folder"), "{command}: {stderr}");
        assert!(
            !stderr.contains("unchanged") && output.stdout.is_empty(),
            "{command}: no talk of a previous site or of each missing file: {stderr}"
        );
    }
}

#[test]
fn a_busy_port_is_named_once() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let site = TestSite::valid();
    let output = site.run(&["serve", "--port", &port]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.matches("already in use").count(),
        1,
        "the cause once: {stderr}"
    );
}

#[test]
fn a_search_for_zero_results_is_refused() {
    let site = TestSite::valid();
    let output = site.run(&["search", "--limit", "0", "schulden"]);
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(stderr.contains("at least 1 result"), "{stderr}");
}

/// The example site switched to English: its glossary and lexicon extend the Dutch built-in ones, which an
/// English site does not have. One error per file says so and what to do, instead of two per term.
#[test]
fn an_english_site_is_told_once_that_the_built_in_glossary_is_dutch() {
    let site = TestSite::example();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    site.write("kaartenbak.toml", &config);
    let output = site.run(&["check"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    let errors: Vec<&str> = stdout.lines().filter(|l| l.contains(": error[")).collect();
    // Counts and lines of the example content would change with it; what matters is one error per file.
    assert_eq!(errors.len(), 2, "{stdout}");
    assert!(
        errors[0].starts_with("content/_data/glossary.yaml:"),
        "{stdout}"
    );
    assert!(
        errors[0].contains("error[dutch-only]: the built-in glossary is Dutch only"),
        "{stdout}"
    );
    assert!(
        errors[1].starts_with("content/_data/lexicon.yaml:"),
        "{stdout}"
    );
    assert!(
        errors[1].contains("error[dutch-only]: the built-in lexicon of needs is Dutch only"),
        "{stdout}"
    );
    assert!(
        stdout.contains("hint: set `language = \"nl\"` in kaartenbak.toml"),
        "{stdout}"
    );
}
