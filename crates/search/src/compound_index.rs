//! Which word forms of the index are compounds of which parts (`compounds.fst` beside the index), so a
//! query word also finds the compounds it is a part of: "verslaving" finds "gokverslaving", "probleem"
//! finds "geldproblemen". The splits are made once, when the index is written, with the whole vocabulary's
//! counts and (in native builds) the Dutch word list; a query only looks them up.

use crate::analyzer::SearchLanguage;
use crate::compounds::{split, Lexicon, MIN_PART};
use crate::vocabulary::VocabularyBuilder;
use crate::SearchError;
use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy_fst::{IntoStreamer, Map, Streamer};

pub const COMPOUNDS_FILE: &str = "compounds.fst";

/// Separates a part's stem from the compound in a key of the FST: `stem \0 compound`.
const SEPARATOR: u8 = 0;

/// The site's words as a lexicon: a word form is a word when the site writes it or the Dutch word list
/// knows it; its frequency is how many entries use a word of the same stem.
pub(crate) struct SiteLexicon<'a> {
    forms: &'a VocabularyBuilder,
    stem_counts: FxHashMap<String, u64>,
    stems: std::cell::RefCell<(TextAnalyzer, FxHashMap<String, Option<String>>)>,
    #[cfg(feature = "dutch-words")]
    dutch: crate::dutch_words::DutchWords,
}

impl<'a> SiteLexicon<'a> {
    pub fn new(language: SearchLanguage, forms: &'a VocabularyBuilder) -> Self {
        let mut analyzer = language.analyzer();
        let mut stem_counts: FxHashMap<String, u64> = FxHashMap::default();
        let mut memo = FxHashMap::default();
        for (form, count) in forms.counts() {
            if let Some(stem) = stem_of(&mut analyzer, form) {
                *stem_counts.entry(stem.clone()).or_default() += count;
                memo.insert(form.to_string(), Some(stem));
            }
        }
        SiteLexicon {
            forms,
            stem_counts,
            stems: std::cell::RefCell::new((analyzer, memo)),
            #[cfg(feature = "dutch-words")]
            dutch: crate::dutch_words::DutchWords::embedded(),
        }
    }

    pub fn stem(&self, form: &str) -> Option<String> {
        let mut stems = self.stems.borrow_mut();
        let (analyzer, memo) = &mut *stems;
        if let Some(known) = memo.get(form) {
            return known.clone();
        }
        let stem = stem_of(analyzer, form);
        memo.insert(form.to_string(), stem.clone());
        stem
    }
}

fn stem_of(analyzer: &mut TextAnalyzer, form: &str) -> Option<String> {
    let mut stream = analyzer.token_stream(form);
    stream.advance().then(|| stream.token().text.clone())
}

impl Lexicon for SiteLexicon<'_> {
    fn is_word(&self, form: &str) -> bool {
        #[cfg(feature = "dutch-words")]
        if self.dutch.contains(form) {
            return true;
        }
        self.forms.count(form).is_some()
    }

    fn frequency(&self, form: &str) -> u64 {
        self.stem(form)
            .and_then(|stem| self.stem_counts.get(&stem).copied())
            .unwrap_or(0)
    }
}

/// The splits of a vocabulary: the compounds file, and the parts with how many entries use a compound
/// of them (parts the site never writes on their own join the vocabulary with that count, so completions,
/// suggestions and the browser's own splitting know them).
pub(crate) struct CompoundSplits {
    pub file: Vec<u8>,
    pub parts: Vec<(String, u64)>,
}

pub(crate) fn split_vocabulary(
    language: SearchLanguage,
    forms: &VocabularyBuilder,
) -> Result<CompoundSplits, SearchError> {
    let mut keys: Vec<Vec<u8>> = Vec::new();
    let mut parts: FxHashMap<String, u64> = FxHashMap::default();
    // Compounds are a Dutch matter here: English writes them apart.
    if language == SearchLanguage::Nl {
        let lexicon = SiteLexicon::new(language, forms);
        for (form, count) in forms.counts() {
            if form.len() < 2 * MIN_PART {
                continue;
            }
            let Some(split) = split(form, &lexicon) else {
                continue;
            };
            for part in split {
                if let Some(stem) = lexicon.stem(&part) {
                    let mut key = stem.into_bytes();
                    key.push(SEPARATOR);
                    key.extend_from_slice(form.as_bytes());
                    keys.push(key);
                }
                if forms.count(&part).is_none() {
                    *parts.entry(part).or_default() += count;
                }
            }
        }
    }
    keys.sort_unstable();
    keys.dedup();
    let map = Map::from_iter(keys.into_iter().map(|k| (k, 0)))
        .map_err(|e| SearchError::Manifest(format!("{COMPOUNDS_FILE}: {e}")))?;
    Ok(CompoundSplits {
        file: map.as_fst().to_vec(),
        parts: parts.into_iter().collect(),
    })
}

/// The compounds file, read back.
pub struct Compounds {
    map: Map<Vec<u8>>,
}

impl Compounds {
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Compounds, SearchError> {
        Map::from_bytes(bytes)
            .map(|map| Compounds { map })
            .map_err(|e| SearchError::Manifest(format!("{COMPOUNDS_FILE}: {e}")))
    }

    /// The word forms that have a part with this stem, in order.
    pub fn containing(&self, stem: &str) -> Vec<String> {
        let mut from = stem.as_bytes().to_vec();
        from.push(SEPARATOR);
        let mut to = stem.as_bytes().to_vec();
        to.push(SEPARATOR + 1);
        let mut stream = self.map.range().ge(&from).lt(&to).into_stream();
        let mut found = Vec::new();
        while let Some((key, _)) = stream.next() {
            if let Ok(form) = std::str::from_utf8(&key[from.len()..]) {
                found.push(form.to_string());
            }
        }
        found
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A vocabulary in which each word is used by as many entries as given.
    fn forms(words: &[(&str, u64)]) -> VocabularyBuilder {
        let mut vocabulary = VocabularyBuilder::default();
        for (word, count) in words {
            for _ in 0..*count {
                vocabulary.add([*word], [], false);
            }
        }
        vocabulary
    }

    #[test]
    fn a_part_finds_the_compounds_it_is_in() {
        let vocabulary = forms(&[
            ("alcoholverslaving", 1),
            ("alcohol", 3),
            ("verslaving", 4),
            ("geldproblemen", 1),
            ("geld", 6),
            ("problemen", 5),
            ("probleem", 2),
        ]);
        let splits = split_vocabulary(SearchLanguage::Nl, &vocabulary).unwrap();
        let compounds = Compounds::from_bytes(splits.file).unwrap();
        let stem = |w: &str| crate::analyzer::analyze(SearchLanguage::Nl, w).remove(0);
        assert_eq!(
            compounds.containing(&stem("verslaving")),
            ["alcoholverslaving"]
        );
        // The plural in the compound and the singular typed share a stem.
        assert_eq!(compounds.containing(&stem("probleem")), ["geldproblemen"]);
        assert!(compounds.containing(&stem("alcoholverslaving")).is_empty());
        assert!(splits.parts.is_empty(), "{:?}", splits.parts);
    }

    #[cfg(feature = "dutch-words")]
    #[test]
    fn the_dutch_word_list_knows_parts_the_site_never_writes() {
        // "gok" is written only inside a compound here (the site writes "gokken"): the word list knows it
        // is a word, and it joins the vocabulary, counted by the compound's entries.
        let vocabulary = forms(&[("gokverslaving", 1), ("verslaving", 4), ("gokken", 2)]);
        let splits = split_vocabulary(SearchLanguage::Nl, &vocabulary).unwrap();
        let compounds = Compounds::from_bytes(splits.file).unwrap();
        assert_eq!(compounds.containing("gok"), ["gokverslaving"]);
        assert_eq!(splits.parts, [("gok".to_string(), 1)]);
    }

    #[test]
    fn english_sites_split_nothing() {
        let vocabulary = forms(&[("geld", 6), ("problemen", 5), ("geldproblemen", 1)]);
        let splits = split_vocabulary(SearchLanguage::En, &vocabulary).unwrap();
        assert!(Compounds::from_bytes(splits.file)
            .unwrap()
            .containing("geld")
            .is_empty());
    }
}
