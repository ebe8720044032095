//! Carrying the operator's files (a gh-pages `.git`, `CNAME`, `.well-known/`) from the published tree into
//! the staging folder, so the swap never drops what the build did not make.

use super::{write_err, OutputError, SiteWriter, LEGACY_TEMPORARY, MARKER};
use std::collections::BTreeSet;
use std::io;
use std::path::Path;

impl SiteWriter {
    /// Links every file of the output that the previous build did not make (and this one does not make)
    /// into the new tree, with its folders and symbolic links: an operator's `.git`, `CNAME`, `.well-known/`.
    pub(super) fn carry_over_foreign_files(
        &self,
        current: &BTreeSet<&str>,
    ) -> Result<(), OutputError> {
        if !self.output.is_dir() {
            return Ok(());
        }
        let build_folders: BTreeSet<&str> = self
            .previous
            .iter()
            .flat_map(|path| path.match_indices('/').map(move |(end, _)| &path[..end]))
            .collect();
        for entry in walkdir::WalkDir::new(&self.output).min_depth(1) {
            let entry = entry.map_err(|error| OutputError::Write {
                path: self.output.clone(),
                error: error.into(),
            })?;
            let Ok(relative) = entry.path().strip_prefix(&self.output) else {
                continue;
            };
            let key = relative.to_string_lossy().replace('\\', "/");
            if key == MARKER
                || self.previous.contains(&key)
                || current.contains(key.as_str())
                || key.ends_with(LEGACY_TEMPORARY)
            {
                continue;
            }
            let target = self.staging.join(relative);
            let kind = entry.file_type();
            let existing = std::fs::symlink_metadata(&target).ok();
            // The operator's file where the new build needs a folder, or the other way round: the build
            // fails (as it would writing in place) rather than drop the operator's file.
            let in_the_way = || {
                OutputError::Write {
                path: entry.path().to_path_buf(),
                error: io::Error::other(
                    "this file was not made by Kaartenbak and is in the way of the new build's files; move it",
                ),
            }
            };
            let carried = if kind.is_dir() {
                // A folder of the previous build goes with its files; the operator's own folders stay,
                // even empty.
                if build_folders.contains(key.as_str()) {
                    continue;
                }
                if existing.is_some_and(|m| !m.is_dir()) {
                    return Err(in_the_way());
                }
                std::fs::create_dir_all(&target)
            } else if let Some(existing) = existing {
                if existing.is_dir() {
                    return Err(in_the_way());
                }
                // The new build makes a file at this path: the build's file wins, as it did in place.
                continue;
            } else {
                // Its folder may be one that the new build no longer makes.
                let parent = target.parent().map_or(Ok(()), std::fs::create_dir_all);
                parent.and_then(|()| {
                    if kind.is_symlink() {
                        copy_symlink(entry.path(), &target)
                    } else {
                        std::fs::hard_link(entry.path(), &target)
                            .or_else(|_| std::fs::copy(entry.path(), &target).map(|_| ()))
                    }
                })
            };
            carried.map_err(write_err(&target))?;
        }
        Ok(())
    }
}

#[cfg(unix)]
fn copy_symlink(link: &Path, target: &Path) -> io::Result<()> {
    std::os::unix::fs::symlink(std::fs::read_link(link)?, target)
}

#[cfg(not(unix))]
fn copy_symlink(link: &Path, target: &Path) -> io::Result<()> {
    std::fs::copy(link, target).map(|_| ())
}
