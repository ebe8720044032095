//! OpenTaal's Dutch word list, embedded as an FST set (`data/opentaal-words.fst`, made by
//! `cargo xtask wordlist` from Debian's `wdutch`; licence and source in `data/README.md`). It tells the
//! compound splitter which pieces are Dutch words when the index is built; the browser never loads it
//! (it splits against the site's own vocabulary, which holds the parts found here).

use crate::analyzer::analyze_words;
use crate::SearchError;
use tantivy_fst::Map;

/// The FST of a word list: every entry that is one lower-case word, as the vocabulary writes word forms
/// (accents folded), in order, each once.
pub fn word_list_fst<'a>(
    entries: impl IntoIterator<Item = &'a str>,
) -> Result<Vec<u8>, SearchError> {
    let mut words: Vec<String> = entries
        .into_iter()
        .map(str::trim)
        // Names (capitals), abbreviations with dots, phrases and hyphenated forms are no compound parts.
        .filter(|entry| {
            !entry.is_empty()
                && entry
                    .chars()
                    .all(|c| c.is_alphabetic() && !c.is_uppercase())
        })
        .filter_map(|entry| {
            let mut forms = analyze_words(entry);
            (forms.len() == 1).then(|| forms.remove(0))
        })
        .collect();
    words.sort_unstable();
    words.dedup();
    Map::from_iter(words.into_iter().map(|w| (w, 0)))
        .map(|map| map.as_fst().to_vec())
        .map_err(|e| SearchError::Manifest(format!("word list: {e}")))
}

/// The embedded Dutch word list.
#[cfg(feature = "dutch-words")]
pub(crate) struct DutchWords(Map<&'static [u8]>);

#[cfg(feature = "dutch-words")]
impl DutchWords {
    pub fn embedded() -> DutchWords {
        static FST: &[u8] = include_bytes!("../data/opentaal-words.fst");
        let fst = tantivy_fst::raw::Fst::new(FST).expect("the embedded word list is a valid FST");
        DutchWords(Map::from(fst))
    }

    pub fn contains(&self, form: &str) -> bool {
        self.0.contains_key(form)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_word_list_keeps_single_lower_case_words_folded() {
        let fst = word_list_fst([
            "Financiën",
            "financiën",
            "schuld",
            "ad fundum",
            "DNA-profiel",
            "geld",
            "geld",
            "e.d.",
        ])
        .unwrap();
        let map = Map::from_bytes(fst).unwrap();
        let mut words = Vec::new();
        let mut stream = tantivy_fst::IntoStreamer::into_stream(map.range());
        while let Some((word, _)) = tantivy_fst::Streamer::next(&mut stream) {
            words.push(String::from_utf8(word.to_vec()).unwrap());
        }
        assert_eq!(words, ["financien", "geld", "schuld"]);
    }

    #[cfg(feature = "dutch-words")]
    #[test]
    fn the_embedded_list_knows_dutch_words_and_their_forms() {
        let words = DutchWords::embedded();
        for word in [
            "geld",
            "problemen",
            "gokken",
            "verslaving",
            "ondersteuning",
            "financien",
        ] {
            assert!(words.contains(word), "{word}");
        }
        assert!(!words.contains("lindewaard"));
        assert!(!words.contains("xqzvw"));
    }
}
