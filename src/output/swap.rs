//! The folders beside the output: the build lock, the staging folder a build fills, the atomic exchange
//! that makes it the output, and the clean-up of what killed builds left.
//!
//! Why an exchange and not a symlink flip: `site/` stays a real folder, so `rsync site/ …`, a web server's
//! document root, a gh-pages checkout and every script that copies it keep working, and no reader ever
//! follows a link into a folder that is being deleted. `renameat2(RENAME_EXCHANGE)` swaps the two names in
//! one step of the kernel: a reader (or a power cut) sees the whole old tree or the whole new one. Where
//! the file system refuses it (EINVAL on some network file systems and FAT, ENOSYS on old kernels, any
//! other platform), two plain renames are used and the old tree waits under a name the next build
//! recognises (`.NAME.kaartenbak-old-PID`): if a kill lands between the two renames, the next build finds
//! no output but that folder and puts it back before anything else.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};

/// The parts of the names beside the output, `.NAME.kaartenbak-<part>[-PID]`.
const STAGING: &str = "staging";
const OLD: &str = "old";

fn output_name(output: &Path) -> String {
    output
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "site".into())
}

fn prefix(output: &Path) -> String {
    format!(".{}.kaartenbak-", output_name(output))
}

/// `.NAME.kaartenbak-PART-PID` beside the output.
fn beside(output: &Path, part: &str) -> PathBuf {
    output.with_file_name(format!("{}{part}-{}", prefix(output), std::process::id()))
}

/// The folder this process builds the new site in: beside the output, so on the same file system (hard
/// links and the exchange need that) and outside the published tree.
pub fn staging_folder(output: &Path) -> PathBuf {
    beside(output, STAGING)
}

/// One build at a time per output folder, for as long as this value lives. The lock is an advisory lock
/// (`flock`) on the folder that holds the output, so it adds no file: the kernel releases it when the
/// process dies, however it dies, so holding it proves that every staging folder beside the output, other
/// than ours, belongs to a build that is gone. (Builds of outputs in one parent folder wait for each other.)
pub struct BuildLock {
    _file: Option<File>,
}

impl BuildLock {
    /// Waits for a build of the same output in another process (a `serve` and a `build`, two scheduled
    /// jobs) to end.
    pub fn acquire(output: &Path) -> io::Result<BuildLock> {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        // Folders cannot be opened as files on Windows: no lock there, two builds of one output at the same
        // moment are then the operator's to avoid.
        if cfg!(not(unix)) {
            return Ok(BuildLock { _file: None });
        }
        let file = File::open(parent)?;
        lock_exclusive(&file)?;
        Ok(BuildLock { _file: Some(file) })
    }
}

#[cfg(unix)]
fn lock_exclusive(file: &File) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    loop {
        // SAFETY: flock on a descriptor we own; it only reads the descriptor.
        if unsafe { libc::flock(file.as_raw_fd(), libc::LOCK_EX) } == 0 {
            return Ok(());
        }
        let error = io::Error::last_os_error();
        match error.raw_os_error() {
            Some(libc::EINTR) => {}
            // File systems without locks (some network shares): build without one, as before.
            Some(libc::ENOLCK | libc::EOPNOTSUPP) => return Ok(()),
            _ => return Err(error),
        }
    }
}

#[cfg(not(unix))]
fn lock_exclusive(_file: &File) -> io::Result<()> {
    Ok(())
}

/// Under the lock: puts back an output that a fallback swap left missing, and removes the staging and
/// old folders of builds that were killed. Returns how many folders it removed.
pub fn recover(output: &Path) -> io::Result<usize> {
    let Some(parent) = output.parent() else {
        return Ok(0);
    };
    let parent = if parent.as_os_str().is_empty() {
        Path::new(".")
    } else {
        parent
    };
    let prefix = prefix(output);
    // Before issue 22 a build staged into `.NAME.new-PID` and kept the old tree in `.NAME.old-PID`.
    let legacy = format!(".{}.", output_name(output));
    let mut removed = 0;
    let entries = match std::fs::read_dir(parent) {
        Ok(entries) => entries,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(0),
        Err(error) => return Err(error),
    };
    let mut found: Vec<(String, PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|entry| {
            let name = entry.file_name().to_string_lossy().to_string();
            let rest = match name.strip_prefix(&prefix) {
                Some(rest) => rest.to_string(),
                None => {
                    let rest = name.strip_prefix(&legacy)?;
                    let (part, pid) = rest.split_once('-')?;
                    pid.parse::<u32>().ok()?;
                    format!("{}-{pid}", if part == "new" { STAGING } else { part })
                }
            };
            Some((rest, entry.path()))
        })
        .collect();
    // Old trees first: one of them may have to become the output again.
    found.sort_by_key(|(rest, _)| !rest.starts_with(OLD));
    for (rest, path) in found {
        let (part, pid) = rest.rsplit_once('-').unwrap_or((rest.as_str(), ""));
        if pid.parse::<u32>().is_err() || (part != STAGING && part != OLD) {
            continue;
        }
        if part == OLD && std::fs::symlink_metadata(output).is_err() {
            // A fallback swap stopped between its two renames: the old tree is the last whole site.
            std::fs::rename(&path, output)?;
            continue;
        }
        std::fs::remove_dir_all(&path)?;
        removed += 1;
    }
    Ok(removed)
}

/// Whether `output` is a mount point (another file system, or a bind mount, is mounted on it): a mount
/// point cannot be renamed, so the exchange would fail after the whole build was staged, and on most
/// systems the staging folder beside it would sit on another file system (no hard links). Compared with
/// the folder that holds it: another device, or the same inode as its parent (the root of a file system).
/// False for an output that does not exist yet.
pub fn is_mount_point(output: &Path) -> io::Result<bool> {
    let meta = match std::fs::symlink_metadata(output) {
        Ok(meta) if meta.is_dir() => meta,
        Ok(_) => return Ok(false),
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(false),
        Err(error) => return Err(error),
    };
    // `..` of the output itself, not its textual parent: the same answer for `site`, `./site` and `/`.
    let parent = std::fs::metadata(output.join(".."))?;
    Ok(differs_from_parent(identity(&meta), identity(&parent)))
}

/// Device and inode of a file.
fn identity(meta: &std::fs::Metadata) -> (u64, u64) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        (meta.dev(), meta.ino())
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        (0, 1)
    }
}

/// The rule of `is_mount_point` on (device, inode) pairs, kept apart so it can be tested without mounting.
fn differs_from_parent(folder: (u64, u64), parent: (u64, u64)) -> bool {
    folder.0 != parent.0 || folder == parent
}

/// Whether the exchange failed because the output is a mount point the check above could not see (a
/// bind mount of the same file system): EBUSY, or EXDEV across file systems.
pub fn refused_as_mount_point(error: &io::Error) -> bool {
    #[cfg(unix)]
    {
        matches!(error.raw_os_error(), Some(libc::EBUSY | libc::EXDEV))
    }
    #[cfg(not(unix))]
    {
        let _ = error;
        false
    }
}

/// How the new tree became the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Swapped {
    /// There was no output: one rename.
    Renamed,
    /// One atomic exchange; the old tree is now at the staging folder's name.
    Exchanged,
    /// Two renames (the exchange is not supported here); the old tree is at the returned `old` name.
    Fallback,
}

/// Makes `staging` the output. After `Exchanged` the old tree is at `staging`, after `Fallback` at
/// `old_folder(output)`; the caller removes it.
pub fn swap_in(staging: &Path, output: &Path) -> io::Result<Swapped> {
    if std::fs::symlink_metadata(output).is_err() {
        std::fs::rename(staging, output)?;
        return Ok(Swapped::Renamed);
    }
    match exchange(staging, output) {
        Ok(()) => Ok(Swapped::Exchanged),
        Err(error) if exchange_unsupported(&error) => {
            let old = old_folder(output);
            std::fs::rename(output, &old)?;
            crate::output::crash_point();
            if let Err(error) = std::fs::rename(staging, output) {
                let _ = std::fs::rename(&old, output);
                return Err(error);
            }
            Ok(Swapped::Fallback)
        }
        Err(error) => Err(error),
    }
}

/// Where a fallback swap keeps the old tree until it is removed.
pub fn old_folder(output: &Path) -> PathBuf {
    beside(output, OLD)
}

fn exchange_unsupported(error: &io::Error) -> bool {
    #[cfg(target_os = "linux")]
    {
        matches!(
            error.raw_os_error(),
            Some(libc::EINVAL | libc::ENOSYS | libc::EOPNOTSUPP)
        )
    }
    #[cfg(not(target_os = "linux"))]
    {
        error.kind() == io::ErrorKind::Unsupported
    }
}

#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let c = |p: &Path| {
        CString::new(p.as_os_str().as_bytes())
            .map_err(|_| io::Error::new(io::ErrorKind::InvalidInput, "NUL in a path"))
    };
    let (a, b) = (c(a)?, c(b)?);
    // SAFETY: two valid NUL-terminated paths relative to the working directory; the call reads them only.
    let result = unsafe {
        libc::renameat2(
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

#[cfg(not(target_os = "linux"))]
fn exchange(_a: &Path, _b: &Path) -> io::Result<()> {
    Err(io::Error::from(io::ErrorKind::Unsupported))
}

/// Puts what was written under `folder` on disk before the exchange makes it the site, so that after a
/// power cut the output is never a tree of names whose data was lost. On Linux one `syncfs` covers the
/// whole file system at once (far quicker than one `fsync` per file on ext4, where each waits for the
/// journal); elsewhere each file and folder is synced.
pub fn sync_tree(folder: &Path) -> io::Result<()> {
    #[cfg(target_os = "linux")]
    {
        use std::os::fd::AsRawFd;
        let dir = File::open(folder)?;
        // SAFETY: syncfs on a descriptor we own.
        if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
            return Err(io::Error::last_os_error());
        }
        Ok(())
    }
    #[cfg(not(target_os = "linux"))]
    {
        for entry in walkdir::WalkDir::new(folder).contents_first(true) {
            let entry = entry.map_err(io::Error::other)?;
            if entry.file_type().is_file() || entry.file_type().is_dir() {
                // Folders cannot be opened for syncing on Windows; their entries are then the OS's to keep.
                if let Ok(file) = File::open(entry.path()) {
                    file.sync_all()?;
                }
            }
        }
        Ok(())
    }
}

/// Syncs the folder that holds the output, so the exchange itself survives a power cut.
pub fn sync_parent(output: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        let parent = output
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        File::open(parent)?.sync_all()
    }
    #[cfg(not(unix))]
    {
        let _ = output;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recover_removes_abandoned_folders_and_restores_a_missing_output() {
        let dir = tempfile::tempdir().unwrap();
        let output = dir.path().join("site");
        let staging = dir.path().join(".site.kaartenbak-staging-4242");
        std::fs::create_dir_all(staging.join("a")).unwrap();
        let old = dir.path().join(".site.kaartenbak-old-4243");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("index.html"), "oud").unwrap();
        // The older code's staging folder.
        std::fs::create_dir_all(dir.path().join(".site.new-4244")).unwrap();
        // An operator's own folder with a similar name is not ours.
        std::fs::create_dir_all(dir.path().join(".site.kaartenbak-notes")).unwrap();
        assert_eq!(recover(&output).unwrap(), 2);
        assert!(!staging.exists());
        assert_eq!(
            std::fs::read_to_string(output.join("index.html")).unwrap(),
            "oud"
        );
        assert!(dir.path().join(".site.kaartenbak-notes").exists());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn exchange_swaps_two_folders() {
        let dir = tempfile::tempdir().unwrap();
        let (a, b) = (dir.path().join("a"), dir.path().join("b"));
        std::fs::create_dir_all(&a).unwrap();
        std::fs::create_dir_all(&b).unwrap();
        std::fs::write(a.join("x"), "a").unwrap();
        std::fs::write(b.join("x"), "b").unwrap();
        assert_eq!(swap_in(&a, &b).unwrap(), Swapped::Exchanged);
        assert_eq!(std::fs::read_to_string(b.join("x")).unwrap(), "a");
        assert_eq!(std::fs::read_to_string(a.join("x")).unwrap(), "b");
    }

    #[test]
    fn a_folder_on_another_device_than_its_parent_is_a_mount_point() {
        // (device, inode) of the folder and of its `..`.
        assert!(
            !differs_from_parent((2049, 100), (2049, 7)),
            "an ordinary folder"
        );
        assert!(
            differs_from_parent((44, 1), (2049, 7)),
            "another file system mounted on it"
        );
        assert!(
            differs_from_parent((2049, 2), (2049, 2)),
            "the root, its own parent"
        );
        let dir = tempfile::tempdir().unwrap();
        assert!(
            !is_mount_point(&dir.path().join("site")).unwrap(),
            "missing"
        );
        std::fs::create_dir(dir.path().join("site")).unwrap();
        assert!(!is_mount_point(&dir.path().join("site")).unwrap());
        #[cfg(unix)]
        assert!(is_mount_point(Path::new("/")).unwrap());
    }
}
