//! Tests of the output stage: whole-site swaps, unchanged files, in-place updates of a preview.
use super::*;

fn file(path: &str, text: &str) -> OutputFile {
    OutputFile::new(path, text.as_bytes().to_vec())
}

/// A whole build's output at once, as the build driver hands it over file by file.
fn write_site(output: &Path, files: &[OutputFile]) -> Result<WriteSummary, OutputError> {
    let writer = SiteWriter::open(
        output,
        WriteOptions {
            durable: false,
            update: Update::Swap,
        },
    )?;
    files
        .iter()
        .for_each(|file| writer.put(&file.path, &file.bytes, None));
    writer.finish()
}

#[test]
fn replaces_the_previous_build_completely() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    write_site(
        &output,
        &[file("a/index.html", "een"), file("old.html", "weg")],
    )
    .unwrap();
    write_site(&output, &[file("a/index.html", "twee")]).unwrap();
    assert_eq!(
        std::fs::read_to_string(output.join("a/index.html")).unwrap(),
        "twee"
    );
    assert!(!output.join("old.html").exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(leftovers, ["site"]);
}

#[test]
fn an_abandoned_build_leaves_the_site_as_it_was() {
    // Pages are written while they render; a later stage that fails drops the writer unfinished.
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    let writer = SiteWriter::open(
        &output,
        WriteOptions {
            durable: false,
            update: Update::Swap,
        },
    )
    .unwrap();
    writer.put("a/index.html", b"een", None);
    drop(writer);
    assert!(!output.exists(), "a first build that fails leaves nothing");
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
    assert!(leftovers.is_empty(), "no staging folder is left behind");

    write_site(&output, &[file("a/index.html", "een")]).unwrap();
    let writer = SiteWriter::open(
        &output,
        WriteOptions {
            durable: false,
            update: Update::Swap,
        },
    )
    .unwrap();
    writer.put("a/index.html", b"twee", None);
    writer.put("b/index.html", b"nieuw", None);
    drop(writer);
    assert_eq!(
        std::fs::read_to_string(output.join("a/index.html")).unwrap(),
        "een"
    );
    let files: Vec<String> = walkdir::WalkDir::new(&output)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            e.path()
                .strip_prefix(&output)
                .unwrap()
                .display()
                .to_string()
        })
        .collect();
    assert_eq!(files.len(), 2, "only the page and the marker: {files:?}");
}

#[test]
fn unchanged_files_are_not_rewritten() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    write_site(
        &output,
        &[file("a/index.html", "een"), file("b/index.html", "twee")],
    )
    .unwrap();
    let before = std::fs::metadata(output.join("a/index.html"))
        .unwrap()
        .modified()
        .unwrap();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let summary = write_site(
        &output,
        &[file("a/index.html", "een"), file("b/index.html", "drie")],
    )
    .unwrap();
    assert_eq!(
        summary,
        WriteSummary {
            written: 1,
            unchanged: 1,
            removed: 0
        }
    );
    assert_eq!(
        std::fs::metadata(output.join("a/index.html"))
            .unwrap()
            .modified()
            .unwrap(),
        before
    );
    assert_eq!(
        std::fs::read_to_string(output.join("b/index.html")).unwrap(),
        "drie"
    );
    // A file changed behind the build's back (same manifest entry, other size) is rewritten.
    std::fs::write(output.join("a/index.html"), "handwerk").unwrap();
    write_site(
        &output,
        &[file("a/index.html", "een"), file("b/index.html", "drie")],
    )
    .unwrap();
    assert_eq!(
        std::fs::read_to_string(output.join("a/index.html")).unwrap(),
        "een"
    );
}

#[test]
fn removed_entries_leave_no_empty_folders() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    write_site(
        &output,
        &[file("partners/x/index.html", "x"), file("index.html", "i")],
    )
    .unwrap();
    write_site(&output, &[file("index.html", "i")]).unwrap();
    assert!(!output.join("partners").exists());
}

#[test]
fn never_overwrites_a_folder_it_did_not_build() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("notes.txt"), "belangrijk").unwrap();
    let error = write_site(dir.path(), &[file("index.html", "x")]).unwrap_err();
    assert!(matches!(error, OutputError::NotOurs(_)));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("notes.txt")).unwrap(),
        "belangrijk"
    );
}

fn write_site_with(
    output: &Path,
    update: Update,
    files: &[OutputFile],
) -> Result<WriteSummary, OutputError> {
    let writer = SiteWriter::open(
        output,
        WriteOptions {
            durable: false,
            update,
        },
    )?;
    files
        .iter()
        .for_each(|file| writer.put(&file.path, &file.bytes, None));
    writer.finish()
}

/// Every file under `folder` with its bytes, by relative path.
fn tree(folder: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<_> = walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let bytes = if e.file_type().is_file() {
                std::fs::read(e.path()).unwrap()
            } else {
                b"<folder>".to_vec()
            };
            let path = e.path().strip_prefix(folder).unwrap().display().to_string();
            (path, bytes)
        })
        .collect();
    files.sort();
    files
}

#[cfg(unix)]
fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

#[cfg(unix)]
#[test]
fn a_rebuild_that_changes_nothing_leaves_the_published_tree_as_it_is() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    let site = [file("a/index.html", "een"), file("b/index.html", "twee")];
    write_site(&output, &site).unwrap();
    let (folder, page) = (inode(&output), inode(&output.join("a/index.html")));
    let summary = write_site(&output, &site).unwrap();
    assert_eq!(summary.written, 0);
    assert_eq!(summary.unchanged, 2);
    // No staging, no exchange: the very same folder, the very same files, nothing beside them.
    assert_eq!(inode(&output), folder);
    assert_eq!(inode(&output.join("a/index.html")), page);
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["site"]);
}

#[test]
fn a_rebuild_with_the_same_pages_still_repairs_what_the_disk_lost() {
    let dir = tempfile::tempdir().unwrap();
    let output = dir.path().join("site");
    let site = [file("a/index.html", "een"), file("b/index.html", "twee")];
    write_site(&output, &site).unwrap();
    let clean = tree(&output);
    // Other bytes of the same length, behind the build's back: the manifest still lists the old ones.
    std::fs::write(output.join("a/index.html"), "EEN").unwrap();
    assert_eq!(write_site(&output, &site).unwrap().written, 1);
    assert_eq!(tree(&output), clean);
    // A manifest that no longer describes the build (a kill of an older build, a revert by hand).
    std::fs::write(
        output.join(MARKER),
        format!("{MARKER_HEADER}3 0000000000000000 a/index.html\n"),
    )
    .unwrap();
    write_site(&output, &site).unwrap();
    assert_eq!(tree(&output), clean);
    // A temporary file of a build before issue 22 inside the output is not part of the site.
    std::fs::write(output.join(".index.html.kaartenbak-tmp"), "half").unwrap();
    write_site(&output, &site).unwrap();
    assert_eq!(tree(&output), clean);
}

#[test]
fn an_update_in_place_leaves_what_a_fresh_build_makes_and_the_operators_files() {
    let dir = tempfile::tempdir().unwrap();
    let (preview, fresh) = (dir.path().join("preview"), dir.path().join("fresh"));
    write_site_with(
        &preview,
        Update::InPlace,
        &[
            file("index.html", "i"),
            file("a/index.html", "een"),
            file("gone/deep/index.html", "weg"),
        ],
    )
    .unwrap();
    std::fs::write(preview.join("CNAME"), "example.org").unwrap();
    let next = [
        file("index.html", "i"),
        file("a/index.html", "twee"),
        file("new/index.html", "nieuw"),
    ];
    let summary = write_site_with(&preview, Update::InPlace, &next).unwrap();
    assert_eq!(
        summary,
        WriteSummary {
            written: 2,
            unchanged: 1,
            removed: 1
        }
    );
    write_site_with(&fresh, Update::Swap, &next).unwrap();
    std::fs::write(fresh.join("CNAME"), "example.org").unwrap();
    // No leftover file or empty folder of the dropped page, no staging folder beside.
    assert_eq!(tree(&preview), tree(&fresh));
    let mut beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    beside.sort();
    assert_eq!(beside, ["fresh", "preview"]);
}

#[test]
fn files_of_an_update_in_place_that_was_killed_are_removed_by_the_next_build() {
    // What a kill between the renames leaves: a new page in the preview, listed only as pending.
    let dir = tempfile::tempdir().unwrap();
    let (preview, fresh) = (dir.path().join("preview"), dir.path().join("fresh"));
    let site = [file("index.html", "i")];
    write_site_with(&preview, Update::InPlace, &site).unwrap();
    let staging = dir.path().join("staging");
    std::fs::create_dir_all(staging.join("half")).unwrap();
    std::fs::write(staging.join("half/index.html"), "half").unwrap();
    let records = [Record {
        path: "half/index.html".into(),
        fingerprint: "4 0".into(),
        changed: true,
    }];
    let previous = read_manifest(&preview).unwrap();
    let current = ["half/index.html"].into_iter().collect();
    // The renames happen, the new manifest is never written: the marker is left unwritable.
    let blocked = staging.join(MARKER);
    std::fs::create_dir_all(blocked.join("x")).unwrap();
    assert!(in_place::update(&preview, &staging, &previous, &records, &current, "").is_err());
    assert!(preview.join("half/index.html").exists());
    for update in [Update::InPlace, Update::Swap] {
        write_site_with(&preview, update, &site).unwrap();
        write_site_with(&fresh, Update::Swap, &site).unwrap();
        assert_eq!(tree(&preview), tree(&fresh), "{update:?}");
    }
}
