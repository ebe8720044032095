//! The big files of a segment (postings, positions, stored fields) served in fixed-size parts, so a query
//! downloads the parts it reads and nothing else. The build cuts each such file into parts of
//! `PART_SIZE` bytes (`NAME.0`, `NAME.1`, …; the segment's name is a hash of its content, so a part's
//! name is too). A part covers a byte range of the file, never a word: postings and stored fields of many
//! terms and entries share one, so which parts a page fetches does not tell an access log what was
//! searched.
//!
//! The engine stays synchronous: the directory below serves the parts it holds and, for a read that
//! reaches a part it lacks, records the part's name and fails the read. The search then answers with
//! those names in `files_needed`; the page fetches them and searches again (the loop the body's positions
//! and the text chunks already use). Reads tantivy makes when it opens an index (footers, the stored
//! fields' skip index) are found at build time the same way, and those parts load with the index.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap};
use std::fmt;
use std::io;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError, RwLock};
use tantivy::directory::error::{DeleteError, OpenReadError, OpenWriteError};
use tantivy::directory::{
    Directory, FileHandle, OwnedBytes, RamDirectory, WatchCallback, WatchHandle, WritePtr,
};
use tantivy::HasLen;

/// Bytes of a part, and of a block of stored fields (`writer.rs`), so a hit's document spans at most two
/// parts. A query reads many short postings lists scattered over the file (one per field and word form)
/// and a few documents, so small parts waste few bytes beside what is read; smaller ones would cost more
/// requests and compress worse. Figures for 16 and 4 KiB are in docs/benchmarks.md.
pub(crate) const PART_SIZE: u64 = 4 * 1024;

/// The segment files that are served in parts (the others load whole with the index: the term
/// dictionary, which tantivy reads whole when it opens a segment, the fast fields and the field norms).
pub(crate) fn is_parted(name: &str) -> bool {
    [".idx", ".pos", ".store"]
        .iter()
        .any(|extension| name.ends_with(extension))
}

/// A file of the index kept as parts (`Manifest::parted`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartedFile {
    /// The file's name as the index reads it.
    pub name: String,
    /// The whole file's length in bytes.
    pub size: u64,
    /// The length of every part but the last.
    pub part_size: u64,
}

impl PartedFile {
    pub fn part_count(&self) -> usize {
        self.size.div_ceil(self.part_size) as usize
    }

    pub fn part_name(&self, part: usize) -> String {
        format!("{}.{part}", self.name)
    }

    /// Every part's name, in order.
    pub fn part_names(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.part_count()).map(|part| self.part_name(part))
    }

    /// Which part of this file `name` is.
    pub fn part_of(&self, name: &str) -> Option<usize> {
        let number = name.strip_prefix(self.name.as_str())?.strip_prefix('.')?;
        let part: usize = number.parse().ok()?;
        // `NAME.07` or `NAME.+7` would parse too; only the names the build writes count.
        (part < self.part_count() && part.to_string() == number).then_some(part)
    }
}

/// `data` cut into parts, named as the page fetches them.
pub(crate) fn split(name: &str, data: &[u8]) -> (PartedFile, Vec<(String, Vec<u8>)>) {
    let file = PartedFile {
        name: name.to_string(),
        size: data.len() as u64,
        part_size: PART_SIZE,
    };
    let parts = data
        .chunks(PART_SIZE as usize)
        .enumerate()
        .map(|(part, bytes)| (file.part_name(part), bytes.to_vec()))
        .collect();
    (file, parts)
}

/// Names of parts that reads asked for and did not find, since the last `take`.
#[derive(Debug, Clone, Default)]
pub(crate) struct MissingParts(Arc<Mutex<BTreeSet<String>>>);

impl MissingParts {
    fn add(&self, name: String) {
        self.0
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(name);
    }

    pub(crate) fn take(&self) -> Vec<String> {
        let mut missing = self.0.lock().unwrap_or_else(PoisonError::into_inner);
        std::mem::take(&mut *missing).into_iter().collect()
    }
}

/// One parted file as tantivy reads it: the parts loaded so far.
struct LazyFile {
    file: PartedFile,
    parts: RwLock<Vec<Option<OwnedBytes>>>,
    missing: MissingParts,
}

impl fmt::Debug for LazyFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "LazyFile({})", self.file.name)
    }
}

impl HasLen for LazyFile {
    fn len(&self) -> usize {
        self.file.size as usize
    }
}

impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        let size = self.file.part_size as usize;
        let (first, last) = (range.start / size, (range.end - 1) / size);
        let parts = self.parts.read().unwrap_or_else(PoisonError::into_inner);
        let absent: Vec<usize> = (first..=last).filter(|&p| parts[p].is_none()).collect();
        if !absent.is_empty() {
            for part in absent {
                self.missing.add(self.file.part_name(part));
            }
            return Err(io::Error::new(
                io::ErrorKind::NotFound,
                format!("{}: part not loaded yet", self.file.name),
            ));
        }
        let offset = |part: usize| part * size;
        if first == last {
            let bytes = parts[first].as_ref().expect("checked above");
            return Ok(bytes.slice(range.start - offset(first)..range.end - offset(first)));
        }
        let mut joined = Vec::with_capacity(range.len());
        for part in first..=last {
            let bytes = parts[part].as_ref().expect("checked above");
            let start = range.start.max(offset(part)) - offset(part);
            let end = range.end.min(offset(part) + bytes.len()) - offset(part);
            joined.extend_from_slice(&bytes.as_slice()[start..end]);
        }
        Ok(OwnedBytes::new(joined))
    }
}

/// The index's directory in memory: whole files, and the parted files as far as their parts are loaded.
#[derive(Clone, Default)]
pub(crate) struct PartsDirectory {
    whole: RamDirectory,
    parted: Arc<RwLock<HashMap<PathBuf, Arc<LazyFile>>>>,
    missing: MissingParts,
}

impl fmt::Debug for PartsDirectory {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("PartsDirectory")
    }
}

impl PartsDirectory {
    pub(crate) fn whole(&self) -> &RamDirectory {
        &self.whole
    }

    pub(crate) fn missing(&self) -> &MissingParts {
        &self.missing
    }

    /// Adds a parted file with the parts in `parts` (by part number); with every part given it becomes a
    /// whole file.
    pub(crate) fn add_parted(
        &self,
        file: &PartedFile,
        mut parts: HashMap<usize, Vec<u8>>,
    ) -> io::Result<()> {
        let count = file.part_count();
        if parts.len() == count {
            let mut whole = Vec::with_capacity(file.size as usize);
            for part in 0..count {
                whole.extend_from_slice(&parts[&part]);
            }
            return self.whole.atomic_write(Path::new(&file.name), &whole);
        }
        let lazy = LazyFile {
            file: file.clone(),
            parts: RwLock::new(
                (0..count)
                    .map(|part| parts.remove(&part).map(OwnedBytes::new))
                    .collect(),
            ),
            missing: self.missing.clone(),
        };
        self.parted
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(PathBuf::from(&file.name), Arc::new(lazy));
        Ok(())
    }

    /// Hands over a part that a search named; false when no parted file has a part of that name.
    pub(crate) fn load_part(&self, name: &str, bytes: &[u8]) -> Result<bool, String> {
        let files = self.parted.read().unwrap_or_else(PoisonError::into_inner);
        for lazy in files.values() {
            if let Some(part) = lazy.file.part_of(name) {
                let expected = (lazy.file.size - part as u64 * lazy.file.part_size)
                    .min(lazy.file.part_size) as usize;
                if bytes.len() != expected {
                    return Err(format!(
                        "{name}: {} bytes, expected {expected}",
                        bytes.len()
                    ));
                }
                let mut parts = lazy.parts.write().unwrap_or_else(PoisonError::into_inner);
                if parts[part].is_none() {
                    parts[part] = Some(OwnedBytes::new(bytes.to_vec()));
                }
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Whether `name` is a part of a parted file.
    #[cfg(test)]
    pub(crate) fn is_part(&self, name: &str) -> bool {
        self.parted
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .values()
            .any(|lazy| lazy.file.part_of(name).is_some())
    }
}

impl Directory for PartsDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        // A whole file wins: the body's positions replace the parted ones without the body.
        if self.whole.exists(path)? {
            return self.whole.get_file_handle(path);
        }
        match self
            .parted
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .get(path)
        {
            Some(lazy) => Ok(Arc::clone(lazy) as Arc<dyn FileHandle>),
            None => Err(OpenReadError::FileDoesNotExist(path.to_path_buf())),
        }
    }

    fn delete(&self, path: &Path) -> Result<(), DeleteError> {
        self.whole.delete(path)
    }

    fn exists(&self, path: &Path) -> Result<bool, OpenReadError> {
        Ok(self.whole.exists(path)?
            || self
                .parted
                .read()
                .unwrap_or_else(PoisonError::into_inner)
                .contains_key(path))
    }

    fn open_write(&self, path: &Path) -> Result<WritePtr, OpenWriteError> {
        self.whole.open_write(path)
    }

    fn atomic_read(&self, path: &Path) -> Result<Vec<u8>, OpenReadError> {
        self.whole.atomic_read(path)
    }

    fn atomic_write(&self, path: &Path, data: &[u8]) -> io::Result<()> {
        self.whole.atomic_write(path, data)
    }

    fn sync_directory(&self) -> io::Result<()> {
        Ok(())
    }

    fn watch(&self, watch_callback: WatchCallback) -> tantivy::Result<WatchHandle> {
        self.whole.watch(watch_callback)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parted(data: &[u8], given: &[usize]) -> (PartsDirectory, PartedFile) {
        let (file, parts) = split("s.store", data);
        let directory = PartsDirectory::default();
        let given = parts
            .into_iter()
            .enumerate()
            .filter(|(i, _)| given.contains(i))
            .map(|(i, (_, bytes))| (i, bytes))
            .collect();
        directory.add_parted(&file, given).unwrap();
        (directory, file)
    }

    #[test]
    fn a_read_across_parts_joins_them_and_a_missing_part_is_named() {
        let data: Vec<u8> = (0..PART_SIZE as usize * 3 + 10)
            .map(|i| (i % 251) as u8)
            .collect();
        let (directory, file) = parted(&data, &[0, 2]);
        assert_eq!(file.part_count(), 4);
        let handle = directory.get_file_handle(Path::new("s.store")).unwrap();
        let start = PART_SIZE as usize - 5;
        assert!(handle.read_bytes(start..start + 10).is_err());
        assert_eq!(directory.missing().take(), vec!["s.store.1".to_string()]);
        let one = &data[PART_SIZE as usize..2 * PART_SIZE as usize];
        assert_eq!(directory.load_part("s.store.1", one), Ok(true));
        assert_eq!(
            handle.read_bytes(start..start + 10).unwrap().as_slice(),
            &data[start..start + 10]
        );
        assert_eq!(handle.read_bytes(10..20).unwrap().as_slice(), &data[10..20]);
        assert!(directory.missing().take().is_empty());
        assert!(handle.read_bytes(data.len() - 3..data.len()).is_err());
        assert_eq!(directory.missing().take(), vec!["s.store.3".to_string()]);
    }

    #[test]
    fn only_the_names_the_build_writes_are_parts() {
        let (directory, _) = parted(&[7u8; 100], &[]);
        assert!(directory.is_part("s.store.0"));
        assert!(!directory.is_part("s.store.1"));
        assert!(!directory.is_part("s.store.00"));
        assert!(!directory.is_part("s.store"));
        assert_eq!(
            directory.load_part("s.store.0", &[1, 2]),
            Err("s.store.0: 2 bytes, expected 100".to_string())
        );
    }

    #[test]
    fn every_part_given_makes_a_whole_file() {
        let data = vec![3u8; PART_SIZE as usize + 1];
        let (directory, _) = parted(&data, &[0, 1]);
        assert_eq!(
            directory.whole().atomic_read(Path::new("s.store")).unwrap(),
            data
        );
    }
}
