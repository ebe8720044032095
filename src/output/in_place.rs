//! Updating an unpublished output in place: `serve`'s preview between saves.
//!
//! A preview is never uploaded, so it does not need the whole-tree exchange, which links every unchanged
//! file into a new tree and removes the old one on every save (about 240 ms at 1,000 entries). The changed
//! files are staged exactly as for a swap (a build that fails never touches the preview); `finish` then
//! renames each into the preview (a reader sees the old file or the new one, never half of one), removes
//! the files the build no longer makes and writes the new manifest last.
//!
//! A kill during those renames leaves a preview that mixes two builds, which a reload fixes; what it must
//! not leave is files no later build knows to be its own. So before the first rename, the paths that are new
//! are appended to the old manifest: the next build, in place or swapped, treats them as its own and
//! replaces or removes them.

use super::{write_err, OutputError, Record, MARKER};
use std::collections::BTreeSet;
use std::io::Write as _;
use std::path::Path;

/// The manifest line of a file whose fingerprint is not known yet: its path is what counts.
const PENDING: &str = "0 pending";

/// Moves the changed files of `records` from `staging` into `output`, removes the files of `previous` that
/// are not in `current`, and replaces the manifest with `manifest`.
pub(super) fn update(
    output: &Path,
    staging: &Path,
    previous: &BTreeSet<String>,
    records: &[Record],
    current: &BTreeSet<&str>,
    manifest: &str,
) -> Result<(), OutputError> {
    let marker = output.join(MARKER);
    let new_paths: String = records
        .iter()
        .filter(|r| !previous.contains(&r.path))
        .map(|r| format!("{PENDING} {}\n", r.path))
        .collect();
    if !new_paths.is_empty() {
        std::fs::OpenOptions::new()
            .append(true)
            .open(&marker)
            .and_then(|mut file| file.write_all(new_paths.as_bytes()))
            .map_err(write_err(&marker))?;
    }
    for record in records.iter().filter(|r| r.changed) {
        let target = output.join(&record.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(write_err(parent))?;
        }
        std::fs::rename(staging.join(&record.path), &target).map_err(write_err(&target))?;
    }
    for gone in previous.iter().filter(|p| !current.contains(p.as_str())) {
        let path = output.join(gone);
        match std::fs::remove_file(&path) {
            Ok(()) => remove_empty_folders(output, &path),
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
            Err(error) => return Err(write_err(&path)(error)),
        }
    }
    let staged_marker = staging.join(MARKER);
    super::write_creating_folders(&staged_marker, manifest.as_bytes())?;
    std::fs::rename(&staged_marker, &marker).map_err(write_err(&marker))
}

/// Removes the folders above `removed` that became empty, up to (not including) `output`: a dropped entry
/// leaves no empty folder, as after a swap.
fn remove_empty_folders(output: &Path, removed: &Path) {
    let mut folder = removed.parent();
    while let Some(current) = folder.filter(|f| *f != output && f.starts_with(output)) {
        // Fails on a folder that still holds something, which ends the walk up.
        if std::fs::remove_dir(current).is_err() {
            break;
        }
        folder = current.parent();
    }
}
