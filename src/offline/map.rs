//! The offline copy's map: the content print of every file the worker may keep beyond its precache
//! (pages opened, index parts fetched), so that a new build's worker keeps the unchanged ones.
//!
//! Split into shards by a hash of the URL, each named by its content (`_offline/HASH.json`), and `sw.js`
//! lists the shards' names. A worker fetches a shard only when it keeps a file the shard covers, and only
//! when the shard's name changed since the build it replaces; a rebuild that changed one entry changes a
//! few shards. In one file the map would be about 450 kB at 10,000 entries, downloaded again after every
//! rebuild by every visitor who opened a page beyond the precache (see docs/offline.md).

use crate::output_file::OutputFile;
use std::collections::BTreeMap;

/// The folder of the shards (not a content section: sections have no leading underscore).
pub const MAP_DIR: &str = "_offline";

/// About 4 kB of JSON per shard at this many URLs.
const URLS_PER_SHARD: usize = 128;

/// A power of two, so a site that grows by a few entries keeps its shard count (and its shards).
pub(super) fn shard_count(urls: usize) -> usize {
    urls.div_ceil(URLS_PER_SHARD).next_power_of_two().max(1)
}

/// 32-bit FNV-1a over the URL's UTF-8 bytes: `shardOf` in `service-worker.js` computes the same.
pub(super) fn shard_of(url: &str, count: usize) -> usize {
    let mut hash: u32 = 0x811c_9dc5;
    for byte in url.bytes() {
        hash ^= u32::from(byte);
        hash = hash.wrapping_mul(0x0100_0193);
    }
    hash as usize % count
}

/// The shards of `prints` (URL → content print): their names in order, and their files.
pub(super) fn shards(prints: &BTreeMap<String, String>) -> (Vec<String>, Vec<OutputFile>) {
    let count = shard_count(prints.len());
    let mut split: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); count];
    for (url, print) in prints {
        split[shard_of(url, count)].insert(url, print);
    }
    let mut names = Vec::with_capacity(count);
    let mut files: Vec<OutputFile> = Vec::with_capacity(count);
    for shard in split {
        let json = serde_json::to_vec(&shard).expect("strings serialize");
        let name = format!("{:016x}", xxhash_rust::xxh3::xxh3_64(&json));
        // Two equal shards (empty ones, on a small site) are one file.
        if !names.contains(&name) {
            files.push(OutputFile::new(format!("{MAP_DIR}/{name}.json"), json));
        }
        names.push(name);
    }
    (names, files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shard_hash_is_fnv_1a_as_the_worker_computes_it() {
        // Reference values of 32-bit FNV-1a.
        assert_eq!(shard_of("", usize::MAX), 0x811c_9dc5);
        assert_eq!(shard_of("a", usize::MAX), 0xe40c_292c);
        assert_eq!(shard_of("foobar", usize::MAX), 0xbf9c_f968);
    }

    #[test]
    fn one_changed_print_renames_one_shard_only() {
        let prints: BTreeMap<String, String> = (0..1000)
            .map(|i| (format!("/partners/p-{i}/"), format!("{i:016x}")))
            .collect();
        let (before, files) = shards(&prints);
        assert_eq!(before.len(), 8);
        assert_eq!(files.len(), 8);
        let mut edited = prints.clone();
        edited.insert("/partners/p-7/".into(), "ffffffffffffffff".into());
        let (after, _) = shards(&edited);
        let renamed = before.iter().zip(&after).filter(|(a, b)| a != b).count();
        assert_eq!(renamed, 1);
        let shard = shard_of("/partners/p-7/", 8);
        assert_ne!(before[shard], after[shard]);
    }

    #[test]
    fn a_shard_file_maps_its_urls_to_their_prints() {
        let prints: BTreeMap<String, String> = [("/a/".to_string(), "01".to_string())].into();
        let (names, files) = shards(&prints);
        assert_eq!(files[0].path, format!("_offline/{}.json", names[0]));
        assert_eq!(&*files[0].bytes, br#"{"/a/":"01"}"#);
    }
}
