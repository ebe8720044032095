//! What is published is always a whole site (issue 22): `kaartenbak build` killed at any moment, on a full
//! disk or a read-only one, leaves the output as exactly the previous build or exactly the new one, with the
//! operator's own files, and the next build repairs and cleans up whatever it finds.
//!
//! `KAARTENBAK_TEST_BINARY` runs these tests against another `kaartenbak` binary (one built from an
//! earlier commit), to see them fail there.

mod common;
#[path = "../xtask/src/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use common::TODAY;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

fn binary() -> PathBuf {
    std::env::var_os("KAARTENBAK_TEST_BINARY").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_kaartenbak")),
        PathBuf::from,
    )
}

fn build_command(root: &Path) -> Command {
    let mut command = Command::new(binary());
    command
        .args(["build", "--root"])
        .arg(root)
        .env("KAARTENBAK_TODAY", TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    command
}

fn build(root: &Path) -> Output {
    build_command(root).output().unwrap()
}

fn build_ok(root: &Path) {
    let output = build(root);
    assert!(
        output.status.success(),
        "build failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// Every file under `folder` (folders themselves too, so an extra empty folder shows) with a hash of its
/// bytes; symbolic links by their target.
type Tree = BTreeMap<String, u128>;

fn tree(folder: &Path) -> Tree {
    walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .map(|entry| {
            let entry = entry.unwrap();
            let relative = entry
                .path()
                .strip_prefix(folder)
                .unwrap()
                .to_string_lossy()
                .to_string();
            let hash = if entry.file_type().is_file() {
                xxhash_rust::xxh3::xxh3_128(&std::fs::read(entry.path()).unwrap())
            } else {
                0
            };
            (relative, hash)
        })
        .collect()
}

/// How `found` differs from `wanted`, in a few lines.
fn differences(found: &Tree, wanted: &Tree) -> String {
    let mut lines = Vec::new();
    for (path, hash) in found {
        match wanted.get(path) {
            None => lines.push(format!("extra {path}")),
            Some(h) if h != hash => lines.push(format!("differs {path}")),
            _ => {}
        }
    }
    lines.extend(
        wanted
            .keys()
            .filter(|p| !found.contains_key(*p))
            .map(|p| format!("missing {p}")),
    );
    let count = lines.len();
    lines.truncate(5);
    format!("{count} differences, e.g. {lines:?}")
}

/// What killed or failed builds may leave beside or inside the output, of this code and the old one.
fn debris(root: &Path) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|name| name.starts_with(".site."))
        .collect();
    found.extend(
        walkdir::WalkDir::new(root.join("site"))
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().to_string())
            .filter(|name| name.ends_with(".kaartenbak-tmp")),
    );
    found
}

/// Files an operator keeps in the output folder that no build makes.
fn add_operator_files(output: &Path) {
    std::fs::write(output.join("CNAME"), "kaart.example\n").unwrap();
    std::fs::create_dir_all(output.join(".git/refs/heads")).unwrap();
    std::fs::write(output.join(".git/HEAD"), "ref: refs/heads/gh-pages\n").unwrap();
    std::fs::write(output.join(".git/refs/heads/gh-pages"), "0123abcd\n").unwrap();
    std::fs::create_dir_all(output.join(".well-known")).unwrap();
    std::fs::write(output.join(".well-known/security.txt"), "Contact: x\n").unwrap();
    std::fs::write(output.join(".htaccess"), "Options -Indexes\n").unwrap();
}

/// The corpus's title, and another of the same length: nearly every file changes, none changes size.
const TITLE_A: &str = "title = \"Sociale kaart benchmark\"";
const TITLE_B: &str = "title = \"Sociale kaart Benchmerk\"";
const NEW_PAGE: &str = "content/pages/nieuw-in-b.md";

/// Puts the content in state A or B: B has the other title and one page more.
fn set_state(root: &Path, b: bool) {
    let config = root.join("kaartenbak.toml");
    let text = std::fs::read_to_string(&config).unwrap();
    let (from, to) = if b {
        (TITLE_A, TITLE_B)
    } else {
        (TITLE_B, TITLE_A)
    };
    std::fs::write(&config, text.replace(from, to)).unwrap();
    let page = root.join(NEW_PAGE);
    if b {
        std::fs::write(
            &page,
            "---\ntitle: Nieuw in de kaart\nsummary: Wat er deze maand bij kwam.\ndomains: [financien]\n---\nNieuwe tekst.\n",
        )
        .unwrap();
    } else {
        let _ = std::fs::remove_file(&page);
    }
}

/// A 2,000-entry corpus with its site built in state A (plus the operator's files), and both reference
/// trees.
struct Corpus {
    _dir: tempfile::TempDir,
    root: PathBuf,
    a: Tree,
    b: Tree,
    /// How long one build of B over A took.
    build_time: Duration,
    /// How many files the builds of A and B write (the steps of their output stage before `finish`).
    files: [u64; 2],
}

fn corpus(entries: usize) -> Corpus {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("corpus");
    corpus::generate(Path::new(env!("CARGO_MANIFEST_DIR")), &root, entries, 22).unwrap();
    let config = std::fs::read_to_string(root.join("kaartenbak.toml")).unwrap();
    assert!(
        config.contains(TITLE_A),
        "the corpus title changed: {config}"
    );
    build_ok(&root);
    add_operator_files(&root.join("site"));
    let a = tree(&root.join("site"));
    set_state(&root, true);
    let started = Instant::now();
    build_ok(&root);
    let build_time = started.elapsed();
    let b = tree(&root.join("site"));
    let files_b = written_files(&root.join("site"));
    assert!(b.contains_key("CNAME") && b.contains_key(".git/HEAD"));
    set_state(&root, false);
    build_ok(&root);
    let again = tree(&root.join("site"));
    assert!(
        again == a,
        "a rebuild of A differs: {}",
        differences(&again, &a)
    );
    Corpus {
        _dir: dir,
        files: [written_files(&root.join("site")), files_b],
        root,
        a,
        b,
        build_time,
    }
}

/// The files a build wrote, from its manifest (one line each after a header line).
fn written_files(output: &Path) -> u64 {
    std::fs::read_to_string(output.join(".kaartenbak-output"))
        .map(|m| m.lines().count() as u64 - 1)
        .unwrap_or(0)
}

#[cfg(unix)]
fn sigkill(child: &std::process::Child) {
    // SAFETY: kill(2) on the pid of a child we started and have not waited for yet.
    unsafe {
        libc::kill(child.id() as libc::pid_t, libc::SIGKILL);
    }
}

// A debug build of the corpus takes ten times as long as a release build (half a minute on a busy
// two-core machine), which would make this test run for ten minutes: it runs with `cargo test --release
// --test whole_site` (about 90 s).
#[cfg(unix)]
#[cfg_attr(
    debug_assertions,
    ignore = "slow in debug builds: run `cargo test --release --test whole_site`"
)]
#[test]
fn a_build_killed_at_any_moment_leaves_the_old_or_the_new_site() {
    let corpus = corpus(2000);
    let (root, site) = (&corpus.root, corpus.root.join("site"));
    let check = |moment: &str| {
        let found = tree(&site);
        assert!(
            found == corpus.a || found == corpus.b,
            "after {moment} the output is neither build: against A {}; against B {}",
            differences(&found, &corpus.a),
            differences(&found, &corpus.b)
        );
        found == corpus.b
    };
    let mut saw = [0usize; 2];
    let mut state_b = false;

    // Real SIGKILLs at 32 moments spread evenly over a whole build (load, render, write, swap, clean-up).
    // A build starts from whichever site the previous kill left, towards the other content.
    let kills = 32;
    for i in 0..kills {
        state_b = !state_b;
        set_state(root, state_b);
        let delay = corpus.build_time.mul_f64((i as f64 + 0.5) / kills as f64);
        let mut child = build_command(root).spawn().unwrap();
        std::thread::sleep(delay);
        sigkill(&child);
        child.wait().unwrap();
        saw[usize::from(check(&format!("a SIGKILL at {delay:?}")))] += 1;
    }

    // Stops at chosen steps of the output stage, the last ones being the manifest, sync, swap and removal
    // of the old tree; counted from the end, since only the total number of steps is known.
    for k in 1..=10u64 {
        state_b = !state_b;
        set_state(root, state_b);
        let files = corpus.files[usize::from(state_b)];
        // 1..=5: spread over the files; 6..=10: the manifest, sync, swap, clean-up, and past the end.
        let step = if k <= 5 { k * files / 6 } else { files + k - 5 };
        build_command(root)
            .env("KAARTENBAK_TEST_CRASH_AT", step.to_string())
            .output()
            .unwrap();
        saw[usize::from(check(&format!("a stop at step {step} of {files}")))] += 1;
    }
    assert!(
        saw[0] > 0 && saw[1] > 0,
        "the kills should leave both the old and the new site at some moments: {saw:?}"
    );

    // Back to A: a normal build repairs whatever the last kill left, byte for byte, and cleans up.
    set_state(root, false);
    build_ok(root);
    let found = tree(&site);
    assert!(
        found == corpus.a,
        "after the revert: {}",
        differences(&found, &corpus.a)
    );
    assert_eq!(
        debris(root),
        Vec::<String>::new(),
        "debris after the last build"
    );
}

/// `kaartenbak ARGS` in the site's folder, by the binary under test.
fn run(site: &common::TestSite, args: &[&str]) -> Output {
    Command::new(binary())
        .args(args)
        .current_dir(site.path())
        .env("KAARTENBAK_TODAY", TODAY)
        .output()
        .unwrap()
}

fn run_ok(site: &common::TestSite, args: &[&str]) {
    let output = run(site, args);
    assert!(
        output.status.success(),
        "kaartenbak {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
}

/// A small site built once, with the operator's files in its output.
fn small_site() -> common::TestSite {
    let site = common::TestSite::valid();
    run_ok(&site, &["build"]);
    add_operator_files(&site.path().join("site"));
    site
}

fn retitle(site: &common::TestSite) {
    let config = site.read("kaartenbak.toml");
    let title = config
        .lines()
        .find(|l| l.starts_with("title"))
        .unwrap()
        .to_string();
    site.write(
        "kaartenbak.toml",
        &config.replace(&title, "title = \"Een geheel andere titel voor de kaart\""),
    );
}

#[test]
fn the_operators_files_survive_rebuilds() {
    let site = small_site();
    retitle(&site);
    let before = tree(&site.path().join("site"));
    run_ok(&site, &["build"]);
    let output = site.path().join("site");
    assert_eq!(site.read("site/CNAME"), "kaart.example\n");
    assert_eq!(site.read("site/.git/HEAD"), "ref: refs/heads/gh-pages\n");
    assert_eq!(site.read("site/.git/refs/heads/gh-pages"), "0123abcd\n");
    assert_eq!(site.read("site/.well-known/security.txt"), "Contact: x\n");
    assert_eq!(site.read("site/.htaccess"), "Options -Indexes\n");
    assert!(site
        .read("site/index.html")
        .contains("Een geheel andere titel"));
    assert_ne!(tree(&output), before);
}

/// Whether this process may mount file systems (root in a container that allows it).
fn can_mount() -> bool {
    let dir = tempfile::tempdir().unwrap();
    let ok = Command::new("mount")
        .args(["-t", "tmpfs", "-o", "size=64k", "tmpfs"])
        .arg(dir.path())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if ok {
        let _ = Command::new("umount").arg(dir.path()).status();
    }
    ok
}

/// A tmpfs of `bytes` at `at`, unmounted when dropped.
struct Mount(PathBuf);

impl Mount {
    fn tmpfs(at: &Path, bytes: u64) -> Mount {
        std::fs::create_dir_all(at).unwrap();
        let status = Command::new("mount")
            .args(["-t", "tmpfs", "-o"])
            .arg(format!("size={bytes}"))
            .arg("tmpfs")
            .arg(at)
            .status()
            .unwrap();
        assert!(status.success());
        Mount(at.to_path_buf())
    }

    fn remount(&self, options: &str) {
        let status = Command::new("mount")
            .args(["-o", &format!("remount,{options}")])
            .arg(&self.0)
            .status()
            .unwrap();
        assert!(status.success());
    }
}

impl Drop for Mount {
    fn drop(&mut self) {
        let _ = Command::new("umount").arg(&self.0).status();
    }
}

fn du(folder: &Path) -> u64 {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.metadata().unwrap().len().div_ceil(4096) * 4096)
        .sum()
}

fn assert_failed_cleanly(output: &Output, words: &str) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail");
    assert!(
        stderr.contains(words) && stderr.contains("unchanged"),
        "the error should say {words:?} and that the site is unchanged: {stderr}"
    );
}

#[test]
fn a_full_disk_fails_clearly_and_leaves_the_site_byte_identical() {
    let site = common::TestSite::valid();
    let disk = site.path().join("disk");
    // A tmpfs just large enough for one build where the machine allows mounting; elsewhere the test-only
    // write limit stands in for it.
    let (_mount, limit) = if can_mount() {
        run_ok(&site, &["build"]);
        let size = du(&site.path().join("site"));
        std::fs::remove_dir_all(site.path().join("site")).unwrap();
        // Room for one build, the operator's files and a little more, not for the changed pages.
        (Some(Mount::tmpfs(&disk, size + 96 * 1024)), None)
    } else {
        std::fs::create_dir_all(&disk).unwrap();
        (None, Some(20_000))
    };
    let built = Command::new(binary())
        .args(["build", "--output", "disk/site"])
        .current_dir(site.path())
        .env("KAARTENBAK_TODAY", TODAY)
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
    add_operator_files(&disk.join("site"));
    let before = tree(&disk);
    retitle(&site);
    let mut command = Command::new(binary());
    command
        .args(["build", "--output", "disk/site"])
        .current_dir(site.path())
        .env("KAARTENBAK_TODAY", TODAY);
    if let Some(limit) = limit {
        command.env("KAARTENBAK_TEST_WRITE_LIMIT", limit.to_string());
    }
    let failed = command.output().unwrap();
    assert_failed_cleanly(&failed, "No space left on device");
    let after = tree(&disk);
    assert!(after == before, "{}", differences(&after, &before));
}

#[cfg(unix)]
#[test]
fn a_read_only_output_fails_clearly_and_stays_byte_identical() {
    use std::os::unix::fs::PermissionsExt;
    let site = small_site();
    retitle(&site);
    let output = site.path().join("site");
    let before = tree(site.path());
    // The folder made read-only by its permissions (root passes permission checks, so the build has to
    // look at them itself).
    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o555)).unwrap();
    let failed = run(&site, &["build"]);
    std::fs::set_permissions(&output, std::fs::Permissions::from_mode(0o755)).unwrap();
    assert_failed_cleanly(&failed, "read-only");
    let after = tree(site.path());
    assert!(after == before, "{}", differences(&after, &before));

    // A read-only file system.
    if can_mount() {
        let disk = site.path().join("disk");
        let mount = Mount::tmpfs(&disk, 64 << 20);
        let built = run(&site, &["build", "--output", "disk/site"]);
        assert!(built.status.success());
        mount.remount("ro");
        retitle(&site);
        site.write(
            "kaartenbak.toml",
            &site
                .read("kaartenbak.toml")
                .replace("andere titel", "nieuwe titel"),
        );
        let before = tree(&disk);
        let failed = run(&site, &["build", "--output", "disk/site"]);
        assert!(!failed.status.success());
        let stderr = String::from_utf8_lossy(&failed.stderr);
        assert!(stderr.contains("read-only"), "{stderr}");
        assert_eq!(tree(&disk), before);
    }
}

#[test]
fn the_next_build_removes_what_killed_builds_left() {
    let site = small_site();
    let root = site.path();
    // A killed build of this code (its staging folder, and a fallback swap's old tree while the output
    // exists), and of the code before it (a staging folder and temporary files inside the site).
    for folder in [
        ".site.kaartenbak-staging-999999",
        ".site.kaartenbak-old-999998",
        ".site.new-999997",
    ] {
        std::fs::create_dir_all(root.join(folder).join("partners")).unwrap();
        std::fs::write(root.join(folder).join("partners/x.html"), "oud").unwrap();
    }
    std::fs::write(root.join("site/.index.html.kaartenbak-tmp"), "half").unwrap();
    std::fs::write(
        root.join("site/partners/.index.html.kaartenbak-tmp"),
        "half",
    )
    .unwrap();
    run_ok(&site, &["build"]);
    assert_eq!(debris(root), Vec::<String>::new());
    assert_eq!(site.read("site/CNAME"), "kaart.example\n");
}

#[test]
fn a_site_changed_behind_the_builds_back_is_repaired_even_at_the_same_size() {
    let site = small_site();
    let page = site.read("site/index.html");
    // Same length, other bytes; the manifest still lists the file as the build's.
    let tampered = page.replacen("<html", "<HTML", 1);
    assert_eq!(tampered.len(), page.len());
    site.write("site/index.html", &tampered);
    run_ok(&site, &["build"]);
    assert_eq!(site.read("site/index.html"), page);
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[cfg(unix)]
#[test]
fn a_rebuild_without_changes_leaves_the_published_folder_as_it_is() {
    let site = small_site();
    let output = site.path().join("site");
    let (folder, before) = (inode(&output), tree(&output));
    let page = inode(&output.join("index.html"));
    run_ok(&site, &["build"]);
    // Nothing staged, nothing exchanged: the same folder and the same files, and nothing beside them.
    assert_eq!(inode(&output), folder, "the published folder was replaced");
    assert_eq!(inode(&output.join("index.html")), page);
    assert_eq!(tree(&output), before);
    assert_eq!(debris(site.path()), Vec::<String>::new());
    // A change after that is swapped in whole as before.
    retitle(&site);
    run_ok(&site, &["build"]);
    assert_ne!(inode(&output), folder);
    assert_eq!(site.read("site/CNAME"), "kaart.example\n");
}

/// Whether `path` is listed as a mount point of this process.
#[cfg(target_os = "linux")]
fn mounted_at(path: &str) -> bool {
    std::fs::read_to_string("/proc/self/mountinfo")
        .unwrap_or_default()
        .lines()
        .any(|line| line.split(' ').nth(4) == Some(path))
}

#[cfg(target_os = "linux")]
#[test]
fn an_output_that_is_a_mount_point_fails_clearly_and_nothing_is_written() {
    // Tests cannot mount; /dev/shm is a tmpfs mounted on most Linux systems (and in this container).
    let mount = "/dev/shm";
    if !mounted_at(mount) {
        eprintln!("skipped: {mount} is not a mount point here");
        return;
    }
    let ours = |folder: &str| -> Vec<String> {
        std::fs::read_dir(folder)
            .map(|entries| {
                entries
                    .filter_map(Result::ok)
                    .map(|e| e.file_name().to_string_lossy().to_string())
                    .filter(|name| name.contains("kaartenbak") || name == "index.html")
                    .collect::<Vec<_>>()
            })
            .map(|mut names| {
                names.sort();
                names
            })
            .unwrap_or_default()
    };
    // What was there before (a killed build elsewhere may have left its staging folder): unchanged after.
    let before = (ours(mount), ours("/dev"));
    let site = common::TestSite::valid();
    let output = run(&site, &["build", "--output", mount]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!output.status.success(), "the build should fail");
    assert!(
        stderr.contains("/dev/shm: it is a mount point") && stderr.contains("a folder inside it"),
        "the error should name the folder, say why and what to do: {stderr}"
    );
    // Other programs use /dev/shm too: only what a build would have made is looked for.
    assert_eq!((ours(mount), ours("/dev")), before);
}
