//! The index's own vocabulary of word forms (the unstemmed `words` field): prefix completions, spelling
//! variants within one or two edits, and whether a word occurs at all. Query expansion and "did you mean"
//! suggestions draw from it, so they only ever propose words that will find something.

use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder, DFA};
use std::collections::BTreeMap;
use tantivy::schema::Field;
use tantivy::Searcher;
use tantivy_fst::Automaton;

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

pub(crate) struct Vocabulary<'a> {
    searcher: &'a Searcher,
    field: Field,
}

impl<'a> Vocabulary<'a> {
    pub fn new(searcher: &'a Searcher, field: Field) -> Self {
        Vocabulary { searcher, field }
    }

    /// Adds up document frequencies of the terms a stream yields, over all segments.
    fn collect(
        &self,
        mut visit: impl FnMut(&tantivy::InvertedIndexReader, &mut BTreeMap<String, u64>),
    ) -> BTreeMap<String, u64> {
        let mut found = BTreeMap::new();
        for segment in self.searcher.segment_readers() {
            if let Ok(inverted) = segment.inverted_index(self.field) {
                visit(&inverted, &mut found);
            }
        }
        found
    }

    /// The `max` most frequent word forms that start with `prefix`.
    pub fn with_prefix(&self, prefix: &str, max: usize) -> Vec<String> {
        let found = self.collect(|inverted, found| {
            let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
            else {
                return;
            };
            while stream.advance() {
                if !stream.key().starts_with(prefix.as_bytes()) {
                    break;
                }
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    *found.entry(term.to_string()).or_default() +=
                        u64::from(stream.value().doc_freq);
                }
            }
        });
        most_frequent(found, max)
    }

    /// The `max` most frequent word forms within `distance` edits of `word` (a transposition is one edit).
    pub fn within_edits(&self, word: &str, distance: u8, max: usize) -> Vec<String> {
        let builder = LevenshteinAutomatonBuilder::new(distance, true);
        let found = self.collect(|inverted, found| {
            let automaton = Levenshtein(builder.build_dfa(word));
            let Ok(mut stream) = inverted.terms().search(automaton).into_stream() else {
                return;
            };
            while stream.advance() {
                if let Ok(term) = std::str::from_utf8(stream.key()) {
                    if term != word {
                        *found.entry(term.to_string()).or_default() +=
                            u64::from(stream.value().doc_freq);
                    }
                }
            }
        });
        most_frequent(found, max)
    }
}

fn most_frequent(found: BTreeMap<String, u64>, max: usize) -> Vec<String> {
    let mut ranked: Vec<(String, u64)> = found.into_iter().collect();
    // Frequency first; ties in alphabetical order, so every build ranks the same way.
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(max).map(|(term, _)| term).collect()
}
