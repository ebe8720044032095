//! The text analyzer shared by indexing and querying: words, lower-cased, accents folded, stop words
//! removed, stemmed for the site's language ("jongeren" and "jongere" meet, "Financiën" finds "financien").

use crate::stemming::{SnowballStemmer, DUTCH_STOP_WORDS, ENGLISH_STOP_WORDS};
use crate::words::WordTokenizer;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};
use tantivy::Index;

/// The name under which the stemming analyzer is registered; the schema refers to it.
pub const ANALYZER: &str = "kaartenbak";

/// Word forms as written (lower-cased, accents folded), not stemmed: the vocabulary for completions
/// ("schuld" → "schulden", "schuldhulpverlening") and typo tolerance.
pub(crate) fn words_analyzer() -> TextAnalyzer {
    TextAnalyzer::from(WordTokenizer::default())
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SearchLanguage {
    Nl,
    En,
}

impl SearchLanguage {
    fn stemmer(self) -> SnowballStemmer {
        SnowballStemmer {
            algorithm: match self {
                SearchLanguage::Nl => frostem::Algorithm::DutchPorter,
                SearchLanguage::En => frostem::Algorithm::English,
            },
            stop_words: self.stop_words(),
        }
    }

    fn stop_words(self) -> &'static [&'static str] {
        match self {
            SearchLanguage::Nl => DUTCH_STOP_WORDS,
            SearchLanguage::En => ENGLISH_STOP_WORDS,
        }
    }

    pub fn analyzer(self) -> TextAnalyzer {
        TextAnalyzer::builder(WordTokenizer::default())
            .filter(self.stemmer())
            .build()
    }
}

pub fn register_analyzer(index: &Index, language: SearchLanguage) {
    index.tokenizers().register(ANALYZER, language.analyzer());
}

/// The terms `text` becomes in the stemmed fields.
pub fn analyze(language: SearchLanguage, text: &str) -> Vec<String> {
    tokens(&mut language.analyzer(), text)
}

/// The terms of `text` with their positions: a phrase's stop words leave gaps ("brief van de deurwaarder"
/// is brief@0 deurwaard@3), and a phrase query must keep them.
pub(crate) fn analyze_positions(language: SearchLanguage, text: &str) -> Vec<(usize, String)> {
    let mut analyzer = language.analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        let token = stream.token();
        terms.push((token.position, token.text.clone()));
    }
    // Offsets count from the first term: a phrase may start with a stop word.
    if let Some(first) = terms.first().map(|(p, _)| *p) {
        for (position, _) in &mut terms {
            *position -= first;
        }
    }
    terms
}

/// The word forms of `text`, as the vocabulary keeps them.
pub fn analyze_words(text: &str) -> Vec<String> {
    tokens(&mut words_analyzer(), text)
}

fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut terms = Vec::new();
    while stream.advance() {
        terms.push(stream.token().text.clone());
    }
    terms
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_words_meet_their_variants() {
        assert_eq!(
            analyze(SearchLanguage::Nl, "schulden"),
            analyze(SearchLanguage::Nl, "schuld")
        );
        assert_eq!(
            analyze(SearchLanguage::Nl, "geldzorgen"),
            analyze(SearchLanguage::Nl, "geldzorg")
        );
        assert_eq!(
            analyze(SearchLanguage::Nl, "schuldeisers"),
            analyze(SearchLanguage::Nl, "schuldeiser")
        );
        assert_eq!(
            analyze(SearchLanguage::Nl, "huurachterstanden"),
            analyze(SearchLanguage::Nl, "huurachterstand")
        );
        assert_eq!(
            analyze(SearchLanguage::Nl, "jongeren"),
            analyze(SearchLanguage::Nl, "jongere")
        );
        assert_eq!(
            analyze(SearchLanguage::Nl, "Financiën"),
            analyze(SearchLanguage::Nl, "financien")
        );
        assert!(analyze(SearchLanguage::Nl, "de het een").is_empty());
    }

    /// The terms as tantivy's own filters make them: stop words dropped by its StopWordFilter (positions
    /// kept), the rest stemmed without any memo.
    fn reference_terms(language: SearchLanguage, text: &str) -> Vec<(String, usize, usize, usize)> {
        let mut chain = TextAnalyzer::builder(WordTokenizer::default())
            .filter(tantivy::tokenizer::StopWordFilter::remove(
                language.stop_words().iter().map(|w| w.to_string()),
            ))
            .build();
        let stemmer = frostem::Stemmer::new(language.stemmer().algorithm);
        let mut stream = chain.token_stream(text);
        let mut terms = Vec::new();
        while stream.advance() {
            let t = stream.token();
            let stem = stemmer.stem(&t.text).into_owned();
            terms.push((stem, t.position, t.offset_from, t.offset_to));
        }
        terms
    }

    fn terms(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        crate::words::token_details(analyzer, text)
    }

    #[test]
    fn stop_words_go_and_positions_stay_with_a_warm_memo() {
        // One analyzer for every text, so later texts meet words the memo knows (stems and stop words).
        for language in [SearchLanguage::Nl, SearchLanguage::En] {
            let mut analyzer = language.analyzer();
            for text in [
                "De schuldhulp van de gemeente en het wijkteam",
                "de gemeente, de schuldhulp; the debt and the team",
                "Schulden bij de Belastingdienst en de woningcorporatie",
                "is het in de wijk? ja, het is in de wijk",
            ] {
                assert_eq!(
                    terms(&mut analyzer, text),
                    reference_terms(language, text),
                    "{text:?}"
                );
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn the_analyzer_gives_what_tantivys_filters_give(
            texts in proptest::collection::vec("(de |het |een |schuld(en)? |the |and |[a-zA-Zë]{1,9} ){0,12}", 1..4)
        ) {
            let mut analyzer = SearchLanguage::Nl.analyzer();
            for text in &texts {
                proptest::prop_assert_eq!(terms(&mut analyzer, text), reference_terms(SearchLanguage::Nl, text));
            }
        }
    }
}
