//! The big files of a segment (postings, positions, stored fields) served in parts, so a query downloads
//! the parts it reads and nothing else. The build cuts each such file where its content says
//! (content-defined chunking, FastCDC: a cut falls where a rolling hash of the last bytes matches, so it
//! moves with the bytes around it, not with their offset) and names every part after a hash of its bytes.
//! An edit to one entry changes a few byte ranges of these files; the parts around them keep their bytes
//! and so their names, and a browser that kept them (the offline copy, the HTTP cache) does not fetch them
//! again. Fixed-size parts named by segment and number were all renamed by any edit. A part covers a byte
//! range of the file, never a word: postings and stored fields of many terms and entries share one, so
//! which parts a page fetches does not tell an access log what was searched.
//!
//! The engine stays synchronous: the directory below serves the parts it holds and, for a read that
//! reaches a part it lacks, records the part's name and fails the read. The search then answers with
//! those names in `files_needed`; the page fetches them and searches again (the loop the text chunks
//! use too). Positions are parted like the postings, the body's included: a quoted phrase fetches the
//! parts that hold its words' positions, not a whole file. Reads tantivy makes when it opens an index (footers, the stored
//! fields' skip index) are found at build time the same way, and those parts load with the index.

use crate::SearchError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeSet, HashMap, HashSet};
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

/// The bytes of a block of stored fields (`writer.rs`): a hit's document is read as its whole block, so
/// blocks about a part's size keep what a result costs small.
pub(crate) const STORED_BLOCK: usize = 4 * 1024;

/// The least, average and most bytes of the parts of a file (FastCDC's bounds; the mean comes out a
/// little above least + average). A query reads many short postings and positions lists scattered over
/// their files (one per field and word form), so small parts waste few bytes beside what is read, and an
/// edit to an entry changes one part per word of it in these files (an added word moves the positions
/// of every word after it): 1–8 KiB, about 2.8 KiB on average. Stored fields are read a block at a
/// time: parts of 2–16 KiB, about 5.5 KiB. Smaller parts cost more requests, compress worse and make
/// the manifest's list of parts, which every first search loads, longer. Figures in docs/benchmarks.md.
fn part_sizes(name: &str) -> (usize, usize, usize) {
    if name.ends_with(".store") {
        (2 * 1024, STORED_BLOCK, 16 * 1024)
    } else {
        (1024, 2 * 1024, 8 * 1024)
    }
}

/// Bytes of a file's last part, which holds its footers.
const TAIL: usize = 512;

/// Hex digits of a part's name: 64 bits of the xxh3 hash of its bytes. A site has thousands of parts, and
/// two different parts with one name would give wrong answers without an error, so no shorter.
const HASH_DIGITS: usize = 16;

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
    /// Every part's length in bytes, in file order.
    pub lengths: Vec<u32>,
    /// Every part's hash, in file order, `HASH_DIGITS` hex digits each, joined: one string keeps the
    /// manifest, which every first search loads, small.
    pub hashes: String,
}

impl PartedFile {
    pub fn part_count(&self) -> usize {
        self.lengths.len()
    }

    /// The name of the `part`th part: the file's kind and its hash (`idx-0123456789abcdef`).
    pub fn part_name(&self, part: usize) -> String {
        let kind = self.name.rsplit('.').next().unwrap_or_default();
        let hash = &self.hashes[part * HASH_DIGITS..(part + 1) * HASH_DIGITS];
        format!("{kind}-{hash}")
    }

    /// Every part's name, in order (a name twice when two parts have the same bytes).
    pub fn part_names(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.part_count()).map(|part| self.part_name(part))
    }

    /// Whether `name` is a part of this file.
    pub fn has_part(&self, name: &str) -> bool {
        self.part_names().any(|part| part == name)
    }

    /// Whether the lists of parts agree with each other and with the file's size; a manifest is read
    /// from a file, and a wrong one must fail when it loads, not answer wrongly later.
    pub(crate) fn check(&self) -> Result<(), SearchError> {
        let total: u64 = self.lengths.iter().map(|&l| u64::from(l)).sum();
        let hex = self.hashes.bytes().all(|b| b.is_ascii_hexdigit());
        if self.hashes.len() != self.lengths.len() * HASH_DIGITS || !hex || total != self.size {
            return Err(SearchError::Manifest(format!(
                "{}: the list of parts does not add up to the file",
                self.name
            )));
        }
        Ok(())
    }
}

/// The parts of several parted files by name: the file and part numbers each name stands for.
#[derive(Debug, Default)]
pub(crate) struct PartNames(HashMap<String, Vec<(usize, usize)>>);

impl PartNames {
    pub(crate) fn of(files: &[PartedFile]) -> PartNames {
        let mut names: HashMap<String, Vec<(usize, usize)>> = HashMap::new();
        for (index, file) in files.iter().enumerate() {
            for (part, name) in file.part_names().enumerate() {
                names.entry(name).or_default().push((index, part));
            }
        }
        PartNames(names)
    }

    /// (file, part) of every part named `name`; empty for a name that is no part.
    pub(crate) fn get(&self, name: &str) -> &[(usize, usize)] {
        self.0.get(name).map_or(&[], Vec::as_slice)
    }

    pub(crate) fn contains(&self, name: &str) -> bool {
        self.0.contains_key(name)
    }
}

/// `data` cut into parts where its content says, each named after its bytes; a part that occurs twice is
/// given once.
pub(crate) fn split(name: &str, data: &[u8]) -> (PartedFile, Vec<(String, Vec<u8>)>) {
    let mut file = PartedFile {
        name: name.to_string(),
        size: data.len() as u64,
        lengths: Vec::new(),
        hashes: String::new(),
    };
    let mut pieces: Vec<&[u8]> = Vec::new();
    let (min, average, max) = part_sizes(name);
    // The file's end (tantivy's footers, which opening the index reads) is a part of its own, so what
    // loads with the index is those bytes and not a whole part of postings before them.
    let (body, tail) = data.split_at(data.len().saturating_sub(TAIL));
    let chunks = fastcdc::v2020::FastCDC::new(body, min, average, max)
        .map(|chunk| &body[chunk.offset..chunk.offset + chunk.length]);
    for bytes in chunks.chain((!tail.is_empty()).then_some(tail)) {
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        file.hashes
            .push_str(&format!("{hash:0width$x}", width = HASH_DIGITS));
        file.lengths.push(bytes.len() as u32);
        pieces.push(bytes);
    }
    let mut given = HashSet::new();
    let parts = pieces
        .into_iter()
        .enumerate()
        .map(|(part, bytes)| (file.part_name(part), bytes))
        .filter(|(name, _)| given.insert(name.clone()))
        .map(|(name, bytes)| (name, bytes.to_vec()))
        .collect();
    (file, parts)
}

/// Whether `name` (a file of `_search/`, compressed or not) is a part: its name is a hash of its bytes,
/// so a file of that name has those bytes in every build.
pub fn is_part_name(name: &str) -> bool {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let Some((kind, hash)) = name.split_once('-') else {
        return false;
    };
    ["idx", "pos", "store"].contains(&kind)
        && hash.len() == HASH_DIGITS
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
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
    /// Where each part starts in the file, and the file's end last.
    starts: Vec<usize>,
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

impl LazyFile {
    /// The part that holds byte `offset` (an offset inside the file).
    fn part_at(&self, offset: usize) -> usize {
        self.starts.partition_point(|&start| start <= offset) - 1
    }
}

impl FileHandle for LazyFile {
    fn read_bytes(&self, range: Range<usize>) -> io::Result<OwnedBytes> {
        if range.is_empty() {
            return Ok(OwnedBytes::empty());
        }
        if range.end > self.len() {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                format!("{}: read past the end", self.file.name),
            ));
        }
        let (first, last) = (self.part_at(range.start), self.part_at(range.end - 1));
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
        let offset = |part: usize| self.starts[part];
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

/// Where a part goes: its file and its number there.
type PartPlace = (PathBuf, usize);

/// The index's directory in memory: whole files, and the parted files as far as their parts are loaded.
#[derive(Clone, Default)]
pub(crate) struct PartsDirectory {
    whole: RamDirectory,
    parted: Arc<RwLock<HashMap<PathBuf, Arc<LazyFile>>>>,
    /// Every parted file's parts by name: the file and part number each name stands for.
    names: Arc<RwLock<HashMap<String, Vec<PartPlace>>>>,
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
        if (0..count).all(|part| parts.contains_key(&part)) {
            let mut whole = Vec::with_capacity(file.size as usize);
            for part in 0..count {
                whole.extend_from_slice(&parts[&part]);
            }
            return self.whole.atomic_write(Path::new(&file.name), &whole);
        }
        let mut starts = Vec::with_capacity(count + 1);
        let mut start = 0;
        for &length in &file.lengths {
            starts.push(start);
            start += length as usize;
        }
        starts.push(start);
        let lazy = LazyFile {
            file: file.clone(),
            starts,
            parts: RwLock::new(
                (0..count)
                    .map(|part| parts.remove(&part).map(OwnedBytes::new))
                    .collect(),
            ),
            missing: self.missing.clone(),
        };
        let path = PathBuf::from(&file.name);
        let mut names = self.names.write().unwrap_or_else(PoisonError::into_inner);
        for (part, name) in file.part_names().enumerate() {
            names.entry(name).or_default().push((path.clone(), part));
        }
        self.parted
            .write()
            .unwrap_or_else(PoisonError::into_inner)
            .insert(path, Arc::new(lazy));
        Ok(())
    }

    /// Hands over a part that a search named (in every place it occurs); false when no parted file has a
    /// part of that name.
    pub(crate) fn load_part(&self, name: &str, bytes: &[u8]) -> Result<bool, String> {
        let names = self.names.read().unwrap_or_else(PoisonError::into_inner);
        let Some(places) = names.get(name) else {
            return Ok(false);
        };
        let files = self.parted.read().unwrap_or_else(PoisonError::into_inner);
        for (path, part) in places {
            let lazy = &files[path];
            let expected = lazy.file.lengths[*part] as usize;
            if bytes.len() != expected {
                return Err(format!(
                    "{name}: {} bytes, expected {expected}",
                    bytes.len()
                ));
            }
            let mut parts = lazy.parts.write().unwrap_or_else(PoisonError::into_inner);
            if parts[*part].is_none() {
                parts[*part] = Some(OwnedBytes::new(bytes.to_vec()));
            }
        }
        Ok(true)
    }

    /// Whether `name` is a part of a parted file.
    #[cfg(test)]
    pub(crate) fn is_part(&self, name: &str) -> bool {
        self.names
            .read()
            .unwrap_or_else(PoisonError::into_inner)
            .contains_key(name)
    }
}

impl Directory for PartsDirectory {
    fn get_file_handle(&self, path: &Path) -> Result<Arc<dyn FileHandle>, OpenReadError> {
        // A parted file whose every part was given at the start is kept whole.
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

    /// Bytes that look like an index file: varied, with no long repeats.
    fn data(len: usize, seed: u64) -> Vec<u8> {
        let mut state = seed;
        (0..len)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                (state >> 24) as u8
            })
            .collect()
    }

    fn parted(data: &[u8], given: &[usize]) -> (PartsDirectory, PartedFile, Vec<Vec<u8>>) {
        let (file, parts) = split("s.store", data);
        let bytes: Vec<Vec<u8>> = file
            .part_names()
            .map(|name| parts.iter().find(|(n, _)| *n == name).unwrap().1.clone())
            .collect();
        let directory = PartsDirectory::default();
        let given = given.iter().map(|&i| (i, bytes[i].clone())).collect();
        directory.add_parted(&file, given).unwrap();
        (directory, file, bytes)
    }

    #[test]
    fn parts_join_to_the_file_and_stay_within_their_bounds() {
        let data = data(200_000, 7);
        for (name, means) in [("s.idx", 2_000..4_000), ("s.store", 4_000..7_000)] {
            let (file, _) = split(name, &data);
            file.check().unwrap();
            let (min, _, max) = part_sizes(name);
            // The last part is the file's end (`TAIL`), the one before it what was left of the rest.
            let (others, ends) = file.lengths.split_at(file.part_count() - 2);
            assert!(others.iter().all(|&l| (min..=max).contains(&(l as usize))));
            assert!(ends[0] as usize <= max);
            assert_eq!(ends[1] as usize, TAIL);
            let mean = data.len() / file.part_count();
            assert!(means.contains(&mean), "{name}: {mean} bytes a part");
        }
        assert!(split("s.idx", &data).0.part_name(0).starts_with("idx-"));
    }

    #[test]
    fn an_edit_in_the_middle_keeps_the_other_parts_and_their_names() {
        let before = data(300_000, 11);
        let mut after = before.clone();
        // Five bytes more in the middle, as when an entry's description grows by a word.
        after.splice(150_000..150_000, *b"extra");
        let (old, _) = split("s.idx", &before);
        let (new, _) = split("s.idx", &after);
        let old_names: HashSet<String> = old.part_names().collect();
        let renamed = new.part_names().filter(|n| !old_names.contains(n)).count();
        assert!(
            (1..=3).contains(&renamed),
            "{renamed} of {} parts renamed",
            new.part_count()
        );
    }

    #[test]
    fn a_read_across_parts_joins_them_and_a_missing_part_is_named() {
        let data = data(30_000, 3);
        let (directory, file, bytes) = parted(&data, &[0, 2]);
        assert!(file.part_count() >= 4);
        let handle = directory.get_file_handle(Path::new("s.store")).unwrap();
        let end_of_first = bytes[0].len();
        assert!(handle
            .read_bytes(end_of_first - 5..end_of_first + 5)
            .is_err());
        assert_eq!(directory.missing().take(), vec![file.part_name(1)]);
        assert_eq!(directory.load_part(&file.part_name(1), &bytes[1]), Ok(true));
        assert_eq!(
            handle
                .read_bytes(end_of_first - 5..end_of_first + 5)
                .unwrap()
                .as_slice(),
            &data[end_of_first - 5..end_of_first + 5]
        );
        assert_eq!(handle.read_bytes(10..20).unwrap().as_slice(), &data[10..20]);
        assert!(directory.missing().take().is_empty());
        assert!(handle.read_bytes(data.len() - 3..data.len()).is_err());
        assert_eq!(
            directory.missing().take(),
            vec![file.part_name(file.part_count() - 1)]
        );
        assert!(handle.read_bytes(data.len() - 3..data.len() + 1).is_err());
    }

    #[test]
    fn a_part_that_occurs_twice_is_given_once_and_fills_both_places() {
        let block = data(20_000, 5);
        let twice = [block.as_slice(), block.as_slice()].concat();
        let (file, parts) = split("s.pos", &twice);
        let names: Vec<String> = file.part_names().collect();
        let distinct: HashSet<&String> = names.iter().collect();
        assert!(distinct.len() < names.len(), "{names:?}");
        assert_eq!(parts.len(), distinct.len());
        let directory = PartsDirectory::default();
        directory.add_parted(&file, HashMap::new()).unwrap();
        for (name, bytes) in &parts {
            assert_eq!(directory.load_part(name, bytes), Ok(true));
        }
        let handle = directory.get_file_handle(Path::new("s.pos")).unwrap();
        assert_eq!(handle.read_bytes(0..twice.len()).unwrap().as_slice(), twice);
    }

    #[test]
    fn only_the_names_the_build_writes_are_parts() {
        let (directory, file, _) = parted(&data(100, 1), &[]);
        let name = file.part_name(0);
        assert!(directory.is_part(&name));
        assert!(!directory.is_part(&format!("{name}0")));
        assert!(!directory.is_part("s.store"));
        assert_eq!(
            directory.load_part(&name, &[1, 2]),
            Err(format!("{name}: 2 bytes, expected 100"))
        );
    }

    #[test]
    fn every_part_given_makes_a_whole_file() {
        let data = data(40_000, 9);
        let (file, _) = split("s.store", &data);
        let all: Vec<usize> = (0..file.part_count()).collect();
        let (directory, _, _) = parted(&data, &all);
        assert_eq!(
            directory.whole().atomic_read(Path::new("s.store")).unwrap(),
            data
        );
    }

    #[test]
    fn a_list_of_parts_that_does_not_add_up_is_refused() {
        let (mut file, _) = split("s.idx", &data(20_000, 2));
        file.size += 1;
        assert!(file.check().is_err());
        file.size -= 1;
        file.hashes.pop();
        assert!(file.check().is_err());
    }
}
