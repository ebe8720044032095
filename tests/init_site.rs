//! Starting a site (issue 24): `kaartenbak init` writes a site that `check` and `build` accept as it is, and
//! never overwrites one; scaffolds point to documentation that works in a content repository.

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

#[test]
fn scaffolds_point_to_help_that_works_outside_the_kaartenbak_repository() {
    let parent = tempfile::tempdir().unwrap();
    assert_ok(&kaartenbak(parent.path(), &["init", "site"]), "init");
    let site = parent.path().join("site");
    for kind in ["partner", "regulation", "module", "page"] {
        assert_ok(&kaartenbak(&site, &["new", kind, "nieuw"]), "new");
        let folder = format!("{kind}s");
        let extension = if kind == "partner" { "yaml" } else { "md" };
        let scaffold =
            std::fs::read_to_string(site.join(format!("content/{folder}/nieuw.{extension}")))
                .unwrap();
        assert!(
            scaffold.contains("Field reference: `kaartenbak help content`"),
            "{scaffold}"
        );
        assert!(
            !scaffold.contains("docs/"),
            "a content repository has no docs/: {scaffold}"
        );
    }
    // What the comment promises: the reference of the fields, from the binary alone.
    let help = assert_ok(&kaartenbak(&site, &["help", "content"]), "help content");
    assert!(
        help.contains("## Partners: `content/partners/ID.yaml`"),
        "{help}"
    );
    assert!(
        help.contains("| `domains` | list of domain ids, **required**"),
        "{help}"
    );
}
