//! The long texts of the entries (bodies, descriptions), which the index searches but does not store,
//! kept beside it in chunk files (`text-NNNN.json`) for snippets: a quoted phrase found in a body is shown
//! in its own words, marked. A reader loads a chunk only when a hit needs it, so the index a page loads on
//! first use stays small; an entry's chunk follows from its id.

use crate::SearchError;
use std::collections::{BTreeMap, HashMap};
use xxhash_rust::xxh3::xxh3_64;

/// Raw bytes of text a chunk holds about (chunks are filled by hash, so they vary around it).
const CHUNK_TARGET_BYTES: usize = 128 * 1024;

pub(crate) fn chunk_name(chunk: usize) -> String {
    format!("text-{chunk:04}.json")
}

/// Which of `chunks` chunks holds the text of entry `id`.
pub(crate) fn chunk_of(id: &str, chunks: usize) -> usize {
    (xxh3_64(id.as_bytes()) % chunks.max(1) as u64) as usize
}

/// The chunk files of `texts` (entry id → text), each a JSON object in id order.
pub(crate) fn chunk_files<'a>(
    texts: impl Iterator<Item = (&'a str, &'a str)> + Clone,
) -> Vec<(String, Vec<u8>)> {
    let total: usize = texts.clone().map(|(_, text)| text.len()).sum();
    if total == 0 {
        return Vec::new();
    }
    let chunks = total.div_ceil(CHUNK_TARGET_BYTES);
    let mut grouped: Vec<BTreeMap<&str, &str>> = vec![BTreeMap::new(); chunks];
    for (id, text) in texts.filter(|(_, text)| !text.is_empty()) {
        grouped[chunk_of(id, chunks)].insert(id, text);
    }
    grouped
        .into_iter()
        .enumerate()
        .map(|(i, texts)| {
            let json = serde_json::to_vec(&texts).expect("texts always serialise");
            (chunk_name(i), json)
        })
        .collect()
}

/// The texts of the chunks a reader has loaded.
#[derive(Debug, Default)]
pub(crate) struct LoadedTexts {
    by_id: HashMap<String, String>,
    chunks: Vec<String>,
}

impl LoadedTexts {
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> Result<(), SearchError> {
        if self.chunks.iter().any(|c| c == name) {
            return Ok(());
        }
        let texts: HashMap<String, String> = serde_json::from_slice(bytes)
            .map_err(|e| SearchError::Manifest(format!("{name}: {e}")))?;
        self.by_id.extend(texts);
        self.chunks.push(name.to_string());
        Ok(())
    }

    pub fn get(&self, id: &str) -> Option<&str> {
        self.by_id.get(id).map(String::as_str)
    }

    pub fn has_chunk(&self, name: &str) -> bool {
        self.chunks.iter().any(|c| c == name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_text_is_in_the_chunk_its_id_names() {
        let body = "warme overdracht ".repeat(2000);
        let texts: Vec<(String, String)> = (0..40)
            .map(|i| (format!("partners/p-{i}"), format!("{i} {body}")))
            .collect();
        let files = chunk_files(texts.iter().map(|(id, t)| (id.as_str(), t.as_str())));
        assert!(files.len() > 1, "{} chunks", files.len());
        for (id, text) in &texts {
            let (name, bytes) = &files[chunk_of(id, files.len())];
            let mut loaded = LoadedTexts::default();
            loaded.add(name, bytes).unwrap();
            assert_eq!(loaded.get(id), Some(text.as_str()));
        }
        assert!(chunk_files(std::iter::empty()).is_empty());
    }
}
