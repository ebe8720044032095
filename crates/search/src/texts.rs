//! The long texts of the entries (bodies, descriptions), which the index searches but does not store,
//! kept beside it in chunk files (`text-NNNN.json`) for snippets: a quoted phrase found in a body is shown
//! in its own words, marked. A reader loads a chunk only when a hit needs it, so the index a page loads on
//! first use stays small; an entry's chunk follows from its id.

use crate::SearchError;
use std::collections::{BTreeMap, HashMap, HashSet};
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

/// The long texts of an index's entries and their chunk files. Between builds of a session only the chunks
/// whose entries changed are made again (all of them when the number of chunks changes).
#[derive(Debug, Default)]
pub(crate) struct TextChunks {
    texts: HashMap<String, String>,
    total_bytes: usize,
    /// The chunk files as last made, in chunk order.
    made: Vec<(String, Vec<u8>)>,
    /// Chunks of `made` whose entries changed since.
    dirty: HashSet<usize>,
}

impl TextChunks {
    pub fn insert(&mut self, id: &str, text: String) {
        self.remove(id);
        self.total_bytes += text.len();
        self.touch(id);
        self.texts.insert(id.to_string(), text);
    }

    pub fn remove(&mut self, id: &str) {
        if let Some(old) = self.texts.remove(id) {
            self.total_bytes -= old.len();
            self.touch(id);
        }
    }

    fn touch(&mut self, id: &str) {
        if !self.made.is_empty() {
            self.dirty.insert(chunk_of(id, self.made.len()));
        }
    }

    /// The chunk files, each a JSON object of entry id → text in id order.
    pub fn files(&mut self) -> Vec<(String, Vec<u8>)> {
        self.make();
        self.made.clone()
    }

    /// The chunk files of a build that keeps nothing for the next one: made, then handed over with the
    /// texts dropped, so the texts are not held three times over (at 50,000 entries they are 97 MB).
    pub fn into_files(mut self) -> Vec<(String, Vec<u8>)> {
        self.make();
        self.made
    }

    /// Makes the chunks whose entries changed (all of them when the number of chunks changes).
    fn make(&mut self) {
        let chunks = self.total_bytes.div_ceil(CHUNK_TARGET_BYTES);
        let remake: Vec<usize> = if chunks == self.made.len() {
            self.dirty.iter().copied().collect()
        } else {
            self.made = (0..chunks).map(|i| (chunk_name(i), Vec::new())).collect();
            (0..chunks).collect()
        };
        self.dirty.clear();
        if !remake.is_empty() {
            let mut grouped: HashMap<usize, BTreeMap<&str, &str>> =
                remake.iter().map(|&i| (i, BTreeMap::new())).collect();
            for (id, text) in self.texts.iter().filter(|(_, text)| !text.is_empty()) {
                if let Some(group) = grouped.get_mut(&chunk_of(id, chunks)) {
                    group.insert(id, text);
                }
            }
            for (i, texts) in grouped {
                self.made[i].1 = serde_json::to_vec(&texts).expect("texts always serialise");
            }
        }
    }
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
        let mut chunks = TextChunks::default();
        for (id, text) in &texts {
            chunks.insert(id, text.clone());
        }
        let files = chunks.files();
        assert!(files.len() > 1, "{} chunks", files.len());
        let read = |files: &[(String, Vec<u8>)], id: &str| {
            let (name, bytes) = &files[chunk_of(id, files.len())];
            let mut loaded = LoadedTexts::default();
            loaded.add(name, bytes).unwrap();
            loaded.get(id).map(str::to_string)
        };
        for (id, text) in &texts {
            assert_eq!(read(&files, id).as_deref(), Some(text.as_str()));
        }
        // A session's next build: a changed and a removed entry, the other chunks as they were.
        chunks.insert("partners/p-3", format!("3 anders {body}"));
        chunks.remove("partners/p-4");
        let again = chunks.files();
        assert_eq!(again.len(), files.len());
        assert_eq!(
            read(&again, "partners/p-3"),
            Some(format!("3 anders {body}"))
        );
        assert_eq!(read(&again, "partners/p-4"), None);
        let changed = [
            chunk_of("partners/p-3", files.len()),
            chunk_of("partners/p-4", files.len()),
        ];
        for (i, (file, before)) in again.iter().zip(&files).enumerate() {
            assert_eq!(file == before, !changed.contains(&i), "chunk {i}");
        }
        // The same texts made afresh give the same files.
        let mut fresh = TextChunks::default();
        for (id, text) in &texts {
            if id != "partners/p-4" {
                fresh.insert(
                    id,
                    if id == "partners/p-3" {
                        format!("3 anders {body}")
                    } else {
                        text.clone()
                    },
                );
            }
        }
        assert_eq!(fresh.files(), again);
        assert!(TextChunks::default().files().is_empty());
    }
}
