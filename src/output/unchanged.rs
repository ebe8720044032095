//! Deciding that a file of the new build is already published, and proving it again when it is linked.
//!
//! "Unchanged" is decided by the bytes on disk, never by the manifest alone: a manifest that no longer
//! describes the disk (a kill, a revert, a hand edit) must not make a build skip a file. The comparison
//! keeps what it saw of the file (inode, size, modification time) as evidence, so that when the file is
//! linked into the staging folder later, a file replaced or rewritten in between is noticed.

use super::{hooks, LEGACY_TEMPORARY, MARKER};
use std::io;
use std::path::Path;
use std::time::SystemTime;

/// What a file on disk looked like when its bytes were compared: the same inode with the same size and
/// modification time still holds those bytes (anything that writes into it moves its mtime).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Evidence {
    device: u64,
    inode: u64,
    len: u64,
    modified: Option<SystemTime>,
}

impl Evidence {
    fn of(meta: &std::fs::Metadata) -> Evidence {
        #[cfg(unix)]
        let (device, inode) = {
            use std::os::unix::fs::MetadataExt;
            (meta.dev(), meta.ino())
        };
        #[cfg(not(unix))]
        let (device, inode) = (0, 0);
        Evidence {
            device,
            inode,
            len: meta.len(),
            modified: meta.modified().ok(),
        }
    }
}

/// Whether the file at `old` holds exactly `bytes`: compared byte for byte (a size check first only to rule
/// out a match), never by size or a manifest alone, so a tree changed behind the build's back is repaired.
pub(super) fn same_bytes(old: &Path, bytes: &[u8]) -> Option<Evidence> {
    let before = std::fs::metadata(old).ok()?;
    if !before.is_file() || before.len() != bytes.len() as u64 {
        return None;
    }
    let evidence = Evidence::of(&before);
    let read = std::fs::read(old).ok()?;
    // Read again after the bytes: a write that raced the read moved the mtime.
    let after = Evidence::of(&std::fs::metadata(old).ok()?);
    (read == bytes && after == evidence).then_some(evidence)
}

/// Hard-links the published file `old` (seen as `evidence`) to `target`, or copies it where hard links are
/// refused (FAT, some network shares), and checks that what was linked is still the file that was
/// compared. A file rewritten between the comparison and the link fails the build (the site stays as it
/// was) instead of slipping other bytes into it.
pub(super) fn link_verified(old: &Path, target: &Path, evidence: Evidence) -> io::Result<()> {
    if let Some(parent) = target.parent() {
        std::fs::create_dir_all(parent)?;
    }
    let linked = std::fs::hard_link(old, target).is_ok();
    if !linked {
        if hooks().write_limit.is_some() {
            // The test write limit counts written bytes; a copy writes them too.
            super::write_new(target, &std::fs::read(old)?)?;
        } else {
            std::fs::copy(old, target)?;
        }
    }
    // A link shares the inode, so the target shows the linked file; a copy shows nothing of the original.
    let seen = std::fs::metadata(if linked { target } else { old })?;
    if Evidence::of(&seen) == evidence {
        Ok(())
    } else {
        Err(io::Error::other(
            "the published file changed while the build ran; build again",
        ))
    }
}

/// Whether the published tree already is the new build: its manifest holds exactly `manifest` (so it lists
/// no file the new build does not make) and no temporary file of an older Kaartenbak is inside it. The
/// caller has compared every file of the new build with the published bytes already.
pub(super) fn published_is_current(output: &Path, manifest: &str) -> bool {
    let on_disk = std::fs::read(output.join(MARKER));
    if !on_disk.is_ok_and(|text| text == manifest.as_bytes()) {
        return false;
    }
    // Builds before issue 22 could leave `.NAME.kaartenbak-tmp` files inside the output; a swap leaves
    // them behind, so their presence calls for one.
    !walkdir::WalkDir::new(output)
        .min_depth(1)
        .into_iter()
        .any(|entry| {
            entry.map_or(true, |entry| {
                entry
                    .file_name()
                    .to_string_lossy()
                    .ends_with(LEGACY_TEMPORARY)
            })
        })
}
