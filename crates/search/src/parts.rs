//! The big files of a segment (postings, positions, stored fields, field norms, fast fields) served in
//! parts, so a query downloads the parts it reads and nothing else. The build cuts each such file where its content says
//! (content-defined chunking, FastCDC: a cut falls where a rolling hash of the last bytes matches, so it
//! moves with the bytes around it, not with their offset) and names every part after a hash of its bytes.
//! An edit to one entry changes a few byte ranges of these files; the parts around them keep their bytes
//! and so their names, and a browser that kept them (the offline copy, the HTTP cache) does not fetch them
//! again. Fixed-size parts named by segment and number were all renamed by any edit. A part covers a byte
//! range of the file, never a word: postings and stored fields of many terms and entries share one, so
//! which parts a page fetches does not tell an access log what was searched.
//!
//! A file's list of parts (each part's length and name) is itself kept in parts, "lists" of about 64
//! parts each, cut where the parts' own hashes say and named after their bytes like the parts; the
//! manifest names only the lists. At 50,000 entries the index has about 30,000 parts, and their list in
//! the manifest, which every first search loads, was 210 KB gzip; a query reads a few lists (one per
//! stretch of a file it reads) and the parts they name.
//!
//! The engine stays synchronous: the directory below serves the parts it holds and, for a read that
//! reaches a part it lacks, records the part's name (or its list's, when the list is not loaded either) and fails the read. The search then answers with
//! those names in `files_needed`; the page fetches them and searches again (the loop the text chunks
//! use too). Positions are parted like the postings, the body's included: a quoted phrase fetches the
//! parts that hold its words' positions, not a whole file. Reads tantivy makes when it opens an index (footers, the stored
//! fields' skip index) are found at build time the same way, and those parts load with the index.

use crate::SearchError;
use serde::{Deserialize, Serialize};
use std::collections::HashSet;

/// The bytes of a block of stored fields (`writer.rs`): a hit's document is read as its whole block, so
/// blocks about a part's size keep what a result costs small.
pub(crate) const STORED_BLOCK: usize = 4 * 1024;

/// The least, average and most bytes of the parts of a file (FastCDC's bounds; the mean comes out a
/// little above least + average). A query reads many short postings and positions lists scattered over
/// their files (one per field and word form), so small parts waste few bytes beside what is read, and an
/// edit to an entry changes one part per word of it in these files (an added word moves the positions
/// of every word after it): 1–8 KiB, about 2.8 KiB on average. Stored fields are read a block at a
/// time: parts of 2–16 KiB, about 5.5 KiB. Smaller parts cost more requests, compress worse and make the
/// lists of parts longer. Figures in docs/benchmarks.md.
/// The field norms and fast fields are read a field or column at a time, whole (tens of KB each at
/// 50,000 entries): parts of 4–64 KiB, fewer requests and better compression.
fn part_sizes(name: &str) -> (usize, usize, usize) {
    if name.ends_with(".store") {
        (2 * 1024, STORED_BLOCK, 16 * 1024)
    } else if name.ends_with(".fieldnorm") || name.ends_with(".fast") {
        (4 * 1024, 16 * 1024, 64 * 1024)
    } else {
        (1024, 2 * 1024, 8 * 1024)
    }
}

/// Bytes of a file's last part, which holds its footers.
const TAIL: usize = 512;

/// Hex digits of a part's name: 64 bits of the xxh3 hash of its bytes. A site has thousands of parts, and
/// two different parts with one name would give wrong answers without an error, so no shorter.
const HASH_DIGITS: usize = 16;

/// The least, average and most parts in a list. A list costs 12 bytes a part (about 10 gzip) and the
/// manifest about 12 bytes a list: with about 15 stretches of the files read by a first search and
/// 30,000 parts at 50,000 entries, lists of about 64 parts keep the sum of both small (6 KB of manifest,
/// 10 KB of lists) where lists of 256 would cost 40 KB and lists of 16 a 22 KB manifest.
const LIST_PARTS: (usize, usize, usize) = (16, 64, 256);

/// The segment files that are served in parts, by extension (which is also their parts' kind):
/// postings, positions, stored fields, the field norms (a query reads those of the fields it scores) and
/// the fast fields (the facet columns, read only to count the filters' values). The others load whole
/// with the index: the term dictionary and the small ones. The sstable dictionary is read by block, but
/// whole it is a third of what the FST was (75 KB gzip at 50,000 entries), and in parts a first search
/// there saved 0–24 KiB while later queries fetched more and waited for more rounds of fetching.
const PARTED_KINDS: [&str; 5] = ["idx", "pos", "store", "fast", "fieldnorm"];

/// The kind of the lists of parts.
const LIST_KIND: &str = "list";

pub(crate) fn is_parted(name: &str) -> bool {
    name.rsplit_once('.')
        .is_some_and(|(_, extension)| PARTED_KINDS.contains(&extension))
}

/// A file of the index kept as parts (`Manifest::parted`): its lists of parts, in file order.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartedFile {
    /// The file's name as the index reads it.
    pub name: String,
    /// The whole file's length in bytes.
    pub size: u64,
    /// The bytes of the file each list's parts cover, in file order.
    pub list_sizes: Vec<u64>,
    /// Every list's hash, `HASH_DIGITS` hex digits each, joined: one string keeps the manifest, which
    /// every first search loads, small.
    pub lists: String,
}

impl PartedFile {
    pub fn list_count(&self) -> usize {
        self.list_sizes.len()
    }

    /// The name of the `list`th list of parts (`list-0123456789abcdef`).
    pub fn list_name(&self, list: usize) -> String {
        let hash = &self.lists[list * HASH_DIGITS..(list + 1) * HASH_DIGITS];
        format!("{LIST_KIND}-{hash}")
    }

    /// Every list's name, in order.
    pub fn list_names(&self) -> impl Iterator<Item = String> + '_ {
        (0..self.list_count()).map(|list| self.list_name(list))
    }

    /// The kind of its parts, the file's extension (`idx`).
    pub(crate) fn kind(&self) -> &str {
        self.name.rsplit('.').next().unwrap_or_default()
    }

    /// Whether the lists agree with the file's size; a manifest is read from a file, and a wrong one must
    /// fail when it loads, not answer wrongly later.
    pub(crate) fn check(&self) -> Result<(), SearchError> {
        let total: u64 = self.list_sizes.iter().sum();
        let hex = self.lists.bytes().all(|b| b.is_ascii_hexdigit());
        if self.lists.len() != self.list_count() * HASH_DIGITS || !hex || total != self.size {
            return Err(SearchError::Manifest(format!(
                "{}: the lists of parts do not add up to the file",
                self.name
            )));
        }
        Ok(())
    }

    /// The `list`th list from the bytes of its file, checked against its name and the bytes it covers.
    pub(crate) fn read_list(&self, list: usize, bytes: &[u8]) -> Result<PartList, String> {
        let name = self.list_name(list);
        if hash_name(bytes) != name[name.len() - HASH_DIGITS..] {
            return Err(format!("{name}: the bytes are not those of this list"));
        }
        let parts =
            PartList::from_bytes(bytes).ok_or_else(|| format!("{name}: not a list of parts"))?;
        if parts.size() != self.list_sizes[list] {
            return Err(format!(
                "{name}: the parts do not add up to the list's size"
            ));
        }
        Ok(parts)
    }
}

/// The parts of a stretch of a parted file, in order: each part's length and the hash that names it.
#[derive(Debug, Clone, PartialEq, Default)]
pub(crate) struct PartList {
    pub(crate) lengths: Vec<u32>,
    pub(crate) hashes: Vec<u64>,
}

impl PartList {
    /// Bytes covered by the list's parts.
    pub(crate) fn size(&self) -> u64 {
        self.lengths.iter().map(|&l| u64::from(l)).sum()
    }

    /// The name of the `part`th part, for a file of `kind` (`idx-0123456789abcdef`).
    pub(crate) fn part_name(&self, kind: &str, part: usize) -> String {
        format!("{kind}-{:0width$x}", self.hashes[part], width = HASH_DIGITS)
    }

    /// The list as stored: per part, its length (4 bytes) and hash (8 bytes), little-endian.
    pub(crate) fn to_bytes(&self) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(self.lengths.len() * 12);
        for (length, hash) in self.lengths.iter().zip(&self.hashes) {
            bytes.extend_from_slice(&length.to_le_bytes());
            bytes.extend_from_slice(&hash.to_le_bytes());
        }
        bytes
    }

    pub(crate) fn from_bytes(bytes: &[u8]) -> Option<PartList> {
        if bytes.is_empty() || !bytes.len().is_multiple_of(12) {
            return None;
        }
        let mut list = PartList::default();
        for entry in bytes.chunks_exact(12) {
            list.lengths
                .push(u32::from_le_bytes(entry[..4].try_into().ok()?));
            list.hashes
                .push(u64::from_le_bytes(entry[4..].try_into().ok()?));
        }
        Some(list)
    }
}

/// `HASH_DIGITS` hex digits of the xxh3 hash of `bytes`.
fn hash_name(bytes: &[u8]) -> String {
    format!(
        "{:0width$x}",
        xxhash_rust::xxh3::xxh3_64(bytes),
        width = HASH_DIGITS
    )
}

/// The files a parted file is served as: its lists and its parts, each named after its bytes.
pub(crate) type Pieces = Vec<(String, Vec<u8>)>;

/// `data` cut into parts where its content says, each named after its bytes, and the parts into lists
/// cut where the parts' hashes say; a part or list that occurs twice is given once.
pub(crate) fn split(name: &str, data: &[u8]) -> (PartedFile, Pieces) {
    let mut file = PartedFile {
        name: name.to_string(),
        size: data.len() as u64,
        list_sizes: Vec::new(),
        lists: String::new(),
    };
    let kind = file.kind().to_string();
    let (min, average, max) = part_sizes(name);
    // The file's end (tantivy's footers, which opening the index reads) is a part of its own, so what
    // loads with the index is those bytes and not a whole part of postings before them.
    let (body, tail) = data.split_at(data.len().saturating_sub(TAIL));
    let chunks = fastcdc::v2020::FastCDC::new(body, min, average, max)
        .map(|chunk| &body[chunk.offset..chunk.offset + chunk.length]);
    let mut given = HashSet::new();
    let mut pieces = Vec::new();
    let mut list = PartList::default();
    let mut parts = chunks.chain((!tail.is_empty()).then_some(tail)).peekable();
    while let Some(bytes) = parts.next() {
        let hash = xxhash_rust::xxh3::xxh3_64(bytes);
        list.lengths.push(bytes.len() as u32);
        list.hashes.push(hash);
        let part = list.part_name(&kind, list.lengths.len() - 1);
        if given.insert(part.clone()) {
            pieces.push((part, bytes.to_vec()));
        }
        // A list ends after a part whose hash says so (so an edit moves no list's end but its own), at
        // the most parts, or at the file's end.
        let (least, average, most) = LIST_PARTS;
        let count = list.lengths.len();
        let ends = (count >= least && hash.is_multiple_of(average as u64)) || count >= most;
        if ends || parts.peek().is_none() {
            let done = std::mem::take(&mut list);
            file.list_sizes.push(done.size());
            let bytes = done.to_bytes();
            let hash = hash_name(&bytes);
            file.lists.push_str(&hash);
            let name = format!("{LIST_KIND}-{hash}");
            if given.insert(name.clone()) {
                pieces.push((name, bytes));
            }
        }
    }
    (file, pieces)
}

/// Whether `name` (a file of `_search/`, compressed or not) is a part or a list of parts: its name is a
/// hash of its bytes, so a file of that name has those bytes in every build.
pub fn is_part_name(name: &str) -> bool {
    let name = name.strip_suffix(".gz").unwrap_or(name);
    let Some((kind, hash)) = name.split_once('-') else {
        return false;
    };
    (PARTED_KINDS.contains(&kind) || kind == LIST_KIND)
        && hash.len() == HASH_DIGITS
        && hash.bytes().all(|b| b.is_ascii_hexdigit())
}

/// The names of every list and part of `file`, reading its lists through `read` (its lists first, each
/// followed by its parts).
pub(crate) fn piece_names(
    file: &PartedFile,
    mut read: impl FnMut(&str) -> Result<Vec<u8>, SearchError>,
) -> Result<Vec<String>, SearchError> {
    let mut names = Vec::new();
    for list in 0..file.list_count() {
        let name = file.list_name(list);
        let parts = file
            .read_list(list, &read(&name)?)
            .map_err(SearchError::Manifest)?;
        names.push(name);
        names.extend((0..parts.lengths.len()).map(|part| parts.part_name(file.kind(), part)));
    }
    Ok(names)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Bytes that look like an index file: varied, with no long repeats.
    pub(crate) fn data(len: usize, seed: u64) -> Vec<u8> {
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

    /// Every part's length, in file order, through the lists among `pieces`.
    fn part_lengths(file: &PartedFile, pieces: &Pieces) -> Vec<u32> {
        let by_name: HashMap<&str, &[u8]> = pieces
            .iter()
            .map(|(n, b)| (n.as_str(), b.as_slice()))
            .collect();
        (0..file.list_count())
            .flat_map(|list| {
                file.read_list(list, by_name[file.list_name(list).as_str()])
                    .unwrap()
                    .lengths
            })
            .collect()
    }

    #[test]
    fn parts_join_to_the_file_and_stay_within_their_bounds() {
        let data = data(200_000, 7);
        for (name, means) in [("s.idx", 2_000..4_000), ("s.store", 4_000..7_000)] {
            let (file, pieces) = split(name, &data);
            file.check().unwrap();
            let lengths = part_lengths(&file, &pieces);
            let (min, _, max) = part_sizes(name);
            // The last part is the file's end (`TAIL`), the one before it what was left of the rest.
            let (others, ends) = lengths.split_at(lengths.len() - 2);
            assert!(others.iter().all(|&l| (min..=max).contains(&(l as usize))));
            assert!(ends[0] as usize <= max);
            assert_eq!(ends[1] as usize, TAIL);
            let mean = data.len() / lengths.len();
            assert!(means.contains(&mean), "{name}: {mean} bytes a part");
            let names = piece_names(&file, |n| {
                Ok(pieces.iter().find(|(p, _)| p == n).unwrap().1.clone())
            })
            .unwrap();
            let joined: Vec<u8> = names
                .iter()
                .filter(|n| !n.starts_with("list-"))
                .flat_map(|n| pieces.iter().find(|(p, _)| p == n).unwrap().1.clone())
                .collect();
            assert_eq!(joined, data);
        }
        let (file, pieces) = split("s.idx", &data);
        assert!(pieces.iter().any(|(n, _)| n.starts_with("idx-")));
        assert!(file.list_name(0).starts_with("list-"));
    }

    #[test]
    fn a_long_file_has_lists_of_tens_of_parts() {
        // About 700 parts of postings.
        let (file, pieces) = split("s.idx", &data(2_000_000, 13));
        let parts = part_lengths(&file, &pieces).len();
        let (least, _, most) = LIST_PARTS;
        assert!(
            (parts / most..=parts / least).contains(&file.list_count()),
            "{parts} parts in {} lists",
            file.list_count()
        );
        assert!(file.list_count() >= 4, "{} lists", file.list_count());
    }

    #[test]
    fn an_edit_in_the_middle_keeps_the_other_parts_lists_and_their_names() {
        let before = data(2_000_000, 11);
        let mut after = before.clone();
        // Five bytes more in the middle, as when an entry's description grows by a word.
        after.splice(1_000_000..1_000_000, *b"extra");
        let (old_file, old) = split("s.idx", &before);
        let (new_file, new) = split("s.idx", &after);
        let old_names: HashSet<&String> = old.iter().map(|(n, _)| n).collect();
        let renamed: Vec<&String> = new
            .iter()
            .map(|(n, _)| n)
            .filter(|n| !old_names.contains(n))
            .collect();
        let parts = renamed.iter().filter(|n| n.starts_with("idx-")).count();
        let lists = renamed.iter().filter(|n| n.starts_with("list-")).count();
        assert!((1..=3).contains(&parts), "{renamed:?}");
        assert_eq!(lists, 1, "{renamed:?}");
        assert_eq!(old_file.list_count(), new_file.list_count());
    }

    #[test]
    fn a_list_is_read_only_from_its_own_bytes() {
        let (file, pieces) = split("s.store", &data(40_000, 2));
        let list = &pieces
            .iter()
            .find(|(n, _)| *n == file.list_name(0))
            .unwrap()
            .1;
        assert!(file.read_list(0, list).is_ok());
        let mut changed = list.clone();
        changed[0] ^= 1;
        assert!(file.read_list(0, &changed).is_err());
        assert!(file.read_list(0, &list[..12]).is_err());
    }

    #[test]
    fn lists_that_do_not_add_up_are_refused() {
        let (mut file, _) = split("s.idx", &data(20_000, 2));
        file.size += 1;
        assert!(file.check().is_err());
        file.size -= 1;
        file.check().unwrap();
        file.lists.pop();
        assert!(file.check().is_err());
    }

    #[test]
    fn parts_and_lists_are_named_by_kind_and_hash() {
        assert!(is_part_name("idx-0123456789abcdef"));
        assert!(is_part_name("list-0123456789abcdef.gz"));
        assert!(!is_part_name("term-0123456789abcdef"));
        assert!(!is_part_name("idx-0123456789abcde"));
        assert!(!is_part_name("manifest.json.gz"));
        assert!(is_parted("0123.fieldnorm") && is_parted("0123.store"));
        assert!(!is_parted("0123.term") && !is_parted("meta.json"));
    }
}
