//! The index's own vocabulary of word forms as written (lower-cased, accents folded, not stemmed), kept as
//! a compact FST map of word → number of entries (`vocabulary.fst` beside the index). Completions of the
//! word being typed, spelling variants within one or two edits, and "did you mean" suggestions draw from
//! it, so they only ever propose words that will find something.

use crate::analyzer::words_analyzer;
use crate::phonetic::{phonetic_key, MIN_PHONETIC_CHARS};
use crate::SearchError;
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use rustc_hash::{FxHashMap, FxHashSet};
use tantivy::tokenizer::TextAnalyzer;
use tantivy_fst::{Automaton, IntoStreamer, Map, Streamer};

pub const VOCABULARY_FILE: &str = "vocabulary.fst";

struct Levenshtein(DFA);

impl Automaton for Levenshtein {
    type State = u32;

    fn start(&self) -> u32 {
        self.0.initial_state()
    }

    fn is_match(&self, state: &u32) -> bool {
        matches!(self.0.distance(*state), Distance::Exact(_))
    }

    fn can_match(&self, state: &u32) -> bool {
        *state != levenshtein_automata::SINK_STATE
    }

    fn accept(&self, state: &u32, byte: u8) -> u32 {
        self.0.transition(*state, byte)
    }
}

/// Counts in how many entries each word form occurs, while the index is written.
pub(crate) struct VocabularyBuilder {
    counts: FxHashMap<String, FormCount>,
    analyzer: TextAnalyzer,
    /// Numbers the entries as they are counted, so a word an entry repeats is counted once for it.
    entry: u64,
}

struct FormCount {
    entries: u64,
    /// The last entry that counted this form.
    counted_by: u64,
}

impl Default for VocabularyBuilder {
    fn default() -> Self {
        VocabularyBuilder {
            counts: FxHashMap::default(),
            analyzer: words_analyzer(),
            entry: 0,
        }
    }
}

impl VocabularyBuilder {
    /// The distinct word forms of `texts`, in no particular order; nothing is counted.
    pub fn forms<'a>(&mut self, texts: impl IntoIterator<Item = &'a str>) -> Vec<String> {
        let mut forms = FxHashSet::default();
        for text in texts {
            let mut stream = self.analyzer.token_stream(text);
            while stream.advance() {
                forms.insert(stream.token().text.clone());
            }
        }
        forms.into_iter().collect()
    }

    /// Counts an entry with the word forms of its `texts` and the `known` forms; returns its distinct
    /// forms when `keep_forms` (to take the entry back with `remove` later).
    pub fn add<'a>(
        &mut self,
        texts: impl IntoIterator<Item = &'a str>,
        known: impl IntoIterator<Item = &'a str>,
        keep_forms: bool,
    ) -> Vec<String> {
        self.entry += 1;
        let entry = self.entry;
        let mut forms = Vec::new();
        let counts = &mut self.counts;
        // One lookup per word: a form this entry counted already is recognised by its `counted_by`.
        let mut count = |form: &str| {
            match counts.get_mut(form) {
                Some(c) if c.counted_by == entry => return,
                Some(c) => {
                    c.entries += 1;
                    c.counted_by = entry;
                }
                None => {
                    counts.insert(
                        form.to_string(),
                        FormCount {
                            entries: 1,
                            counted_by: entry,
                        },
                    );
                }
            }
            if keep_forms {
                forms.push(form.to_string());
            }
        };
        for form in known {
            count(form);
        }
        for text in texts {
            let mut stream = self.analyzer.token_stream(text);
            while stream.advance() {
                count(&stream.token().text);
            }
        }
        forms
    }

    /// Takes back an entry counted with `add`, by the forms `add` returned.
    pub fn remove(&mut self, forms: &[String]) {
        for form in forms {
            if let Some(count) = self.counts.get_mut(form) {
                count.entries -= 1;
                if count.entries == 0 {
                    self.counts.remove(form);
                }
            }
        }
    }

    /// In how many entries `form` occurs, if any.
    pub fn count(&self, form: &str) -> Option<u64> {
        self.counts.get(form).map(|c| c.entries)
    }

    /// Every counted form with its number of entries, in no particular order.
    pub fn counts(&self) -> impl Iterator<Item = (&str, u64)> {
        self.counts
            .iter()
            .map(|(form, count)| (form.as_str(), count.entries))
    }

    /// The vocabulary file: an FST of every counted form, and of the `extra` forms (compound parts the
    /// entries write only inside compounds) with their counts.
    pub fn fst(&self, extra: &[(String, u64)]) -> Result<Vec<u8>, SearchError> {
        let mut counts: Vec<(&str, u64)> = self
            .counts()
            .chain(extra.iter().map(|(form, count)| (form.as_str(), *count)))
            .collect();
        counts.sort_unstable();
        let map = Map::from_iter(counts)
            .map_err(|e| SearchError::Manifest(format!("vocabulary: {e}")))?;
        Ok(map.as_fst().to_vec())
    }
}

pub struct Vocabulary {
    map: Map<Vec<u8>>,
    /// Phonetic key → the most frequent form with it; made on the first word that needs it.
    phonetic: std::sync::OnceLock<rustc_hash::FxHashMap<String, (String, u64)>>,
}

impl Vocabulary {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Vocabulary, SearchError> {
        Map::from_bytes(bytes)
            .map(|map| Vocabulary {
                map,
                phonetic: std::sync::OnceLock::new(),
            })
            .map_err(|e| SearchError::Manifest(format!("{VOCABULARY_FILE}: {e}")))
    }

    /// In how many entries `form` occurs (as a word or as a part of a compound), if any.
    pub fn count(&self, form: &str) -> Option<u64> {
        self.map.get(form)
    }

    /// The `max` most frequent of `forms`, each of which the vocabulary must know.
    pub fn most_frequent_of(&self, forms: Vec<String>, max: usize) -> Vec<String> {
        let found = forms
            .into_iter()
            .map(|form| {
                let count = self.count(&form).unwrap_or(0);
                (form, count)
            })
            .collect();
        most_frequent(found, max)
    }

    /// The `max` most frequent word forms that start with `prefix`.
    pub fn with_prefix(&self, prefix: &str, max: usize) -> Vec<String> {
        let mut found = Vec::new();
        let mut stream = self.map.range().ge(prefix.as_bytes()).into_stream();
        while let Some((key, count)) = stream.next() {
            if !key.starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(word) = std::str::from_utf8(key) {
                found.push((word.to_string(), count));
            }
        }
        most_frequent(found, max)
    }

    /// The most frequent word form that sounds like `word` (`phonetic.rs`), other than `word` itself.
    pub fn sounding_like(&self, word: &str) -> Option<&str> {
        if word.chars().count() < MIN_PHONETIC_CHARS {
            return None;
        }
        let keys = self.phonetic.get_or_init(|| {
            let mut keys: rustc_hash::FxHashMap<String, (String, u64)> = Default::default();
            let mut stream = self.map.stream();
            while let Some((key, count)) = stream.next() {
                let Ok(form) = std::str::from_utf8(key) else {
                    continue;
                };
                if form.chars().count() < MIN_PHONETIC_CHARS {
                    continue;
                }
                let best = keys
                    .entry(phonetic_key(form))
                    .or_insert_with(|| (form.to_string(), count));
                if count > best.1 {
                    *best = (form.to_string(), count);
                }
            }
            keys
        });
        keys.get(&phonetic_key(word))
            .map(|(form, _)| form.as_str())
            .filter(|form| *form != word)
    }

    /// The `max` most frequent word forms within `distance` edits of `word` (a transposition is one edit).
    pub fn within_edits(&self, word: &str, distance: u8, max: usize) -> Vec<String> {
        let dfa = LevenshteinAutomatonBuilder::new(distance, true).build_dfa(word);
        let mut found = Vec::new();
        let mut stream = self.map.search(Levenshtein(dfa)).into_stream();
        while let Some((key, count)) = stream.next() {
            if let Ok(term) = std::str::from_utf8(key) {
                if term != word {
                    found.push((term.to_string(), count));
                }
            }
        }
        most_frequent(found, max)
    }
}

fn most_frequent(mut found: Vec<(String, u64)>, max: usize) -> Vec<String> {
    // Frequency first; ties in alphabetical order, so every build ranks the same way.
    found.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    found.into_iter().take(max).map(|(term, _)| term).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vocabulary() -> Vocabulary {
        let mut builder = VocabularyBuilder::default();
        builder.add(["Schulden en schuldhulp", "deurwaarder"], [], false);
        builder.add(
            ["schulden", "Dagbesteding", "Wmo", "wmo", "Schulden"],
            [],
            false,
        );
        let third = builder.add(["wmo-loket"], ["loket"], true);
        builder.remove(&third);
        Vocabulary::from_bytes(builder.fst(&[]).unwrap()).unwrap()
    }

    #[test]
    fn a_form_counts_the_entries_that_have_it() {
        let mut builder = VocabularyBuilder::default();
        builder.add(["Schuld, schuld en SCHULD"], ["schuld", "wmo"], false);
        builder.add(["schuld"], [], false);
        let kept = builder.add(["wmo loket"], ["wmo"], true);
        let counts = Map::from_bytes(builder.fst(&[]).unwrap()).unwrap();
        assert_eq!(counts.get("schuld"), Some(2));
        assert_eq!(counts.get("wmo"), Some(2));
        let mut kept = kept;
        kept.sort();
        assert_eq!(kept, ["loket", "wmo"]);
        builder.remove(&kept);
        let counts = Map::from_bytes(builder.fst(&[]).unwrap()).unwrap();
        assert_eq!((counts.get("wmo"), counts.get("loket")), (Some(1), None));
    }

    #[test]
    fn completes_and_corrects_from_the_word_forms() {
        let vocabulary = vocabulary();
        assert_eq!(
            vocabulary.with_prefix("schul", 5),
            ["schulden", "schuldhulp"]
        );
        assert_eq!(
            vocabulary.within_edits("dagbestedng", 1, 5),
            ["dagbesteding"]
        );
        assert_eq!(
            vocabulary.within_edits("deurwaadrer", 1, 5),
            ["deurwaarder"],
            "a transposition is one edit"
        );
        assert!(vocabulary.within_edits("dagbstedng", 1, 5).is_empty());
        assert_eq!(
            vocabulary.with_prefix("wmo", 5),
            ["wmo"],
            "a removed entry's forms are gone"
        );
        assert!(vocabulary.with_prefix("lok", 5).is_empty());
    }

    #[test]
    fn finds_the_form_that_sounds_alike() {
        let vocabulary = vocabulary();
        assert_eq!(vocabulary.sounding_like("sgulthulp"), Some("schuldhulp"));
        assert_eq!(vocabulary.sounding_like("deurwaarder"), None);
        assert_eq!(vocabulary.sounding_like("dakbestedink"), None);
    }
}
