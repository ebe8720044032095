//! Stemming and stop words for the site languages, as tantivy token filters.
//!
//! Dutch uses the classic Snowball (Porter-style) algorithm: the newer Snowball Dutch stemmer strips "ge"
//! inside words ("geldzorgen" → "ldzorg", "gezin" → "zin", "budgetbeheer" → "budtbeheer") and splits
//! "schuld"/"schulden", which hurts exactly the words coaches search for.

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// Drops the stop words and stems the other words, with one lookup per word for both.
#[derive(Clone, Copy)]
pub struct SnowballStemmer {
    pub algorithm: frostem::Algorithm,
    pub stop_words: &'static [&'static str],
}

impl TokenFilter for SnowballStemmer {
    type Tokenizer<T: Tokenizer> = StemmingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmingTokenizer<T> {
        StemmingTokenizer {
            filter: self,
            inner: tokenizer,
            stems: StemMemo::default(),
        }
    }
}

/// What became of the words seen before: their stem, or None for a stop word. Texts repeat their words (an
/// index of 10,000 entries has about 40 times more words than distinct words), and a lookup is several
/// times cheaper than the Snowball algorithm.
/// What the memo knows of a word.
enum Remembered {
    StopWord,
    /// The word is its own stem.
    Unchanged,
    Stem(String),
}

#[derive(Default)]
struct StemMemo(FxHashMap<String, Remembered>);

/// Enough for the vocabulary of a big site; beyond it the memo starts afresh rather than grow without end.
const STEM_MEMO_LIMIT: usize = 200_000;

impl Clone for StemMemo {
    /// Each copy of the analyzer (tantivy keeps one per field and thread) starts with an empty memo.
    fn clone(&self) -> Self {
        StemMemo::default()
    }
}

#[derive(Clone)]
pub struct StemmingTokenizer<T> {
    filter: SnowballStemmer,
    inner: T,
    stems: StemMemo,
}

impl<T: Tokenizer> Tokenizer for StemmingTokenizer<T> {
    type TokenStream<'a> = StemmedTokens<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmedTokens {
            inner: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.filter.algorithm),
            stop_words: self.filter.stop_words,
            stems: &mut self.stems.0,
        }
    }
}

pub struct StemmedTokens<'a, S> {
    inner: S,
    stemmer: frostem::Stemmer,
    stop_words: &'static [&'static str],
    stems: &'a mut FxHashMap<String, Remembered>,
}

impl<S: TokenStream> TokenStream for StemmedTokens<'_, S> {
    fn advance(&mut self) -> bool {
        // A stop word is skipped; its position stays counted, as tantivy's StopWordFilter leaves it.
        while self.inner.advance() {
            let token = self.inner.token_mut();
            match self.stems.get(token.text.as_str()) {
                Some(Remembered::StopWord) => continue,
                Some(Remembered::Unchanged) => return true,
                Some(Remembered::Stem(stem)) => {
                    token.text.clear();
                    token.text.push_str(stem);
                    return true;
                }
                None => {}
            }
            if self.stems.len() >= STEM_MEMO_LIMIT {
                self.stems.clear();
            }
            if self.stop_words.contains(&token.text.as_str()) {
                self.stems.insert(token.text.clone(), Remembered::StopWord);
                continue;
            }
            let stem = self.stemmer.stem(&token.text).into_owned();
            if stem == token.text {
                self.stems.insert(stem, Remembered::Unchanged);
            } else {
                let word = std::mem::replace(&mut token.text, stem);
                self.stems
                    .insert(word, Remembered::Stem(token.text.clone()));
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.inner.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.inner.token_mut()
    }
}

/// Dutch function words that carry no meaning in a search (after the Snowball list, without "wie",
/// "hulp"-like content words).
pub const DUTCH_STOP_WORDS: &[&str] = &[
    "aan", "al", "alles", "als", "altijd", "andere", "ben", "bij", "daar", "dan", "dat", "de",
    "der", "deze", "die", "dit", "doch", "doen", "door", "dus", "een", "eens", "en", "er", "ge",
    "geen", "geweest", "haar", "had", "heb", "hebben", "heeft", "hem", "het", "hier", "hij", "hoe",
    "hun", "iemand", "iets", "ik", "in", "is", "ja", "je", "kan", "kon", "kunnen", "maar", "me",
    "meer", "men", "met", "mij", "mijn", "moet", "na", "naar", "niet", "niets", "nog", "nu", "of",
    "om", "omdat", "ons", "ook", "op", "over", "reeds", "te", "tegen", "toch", "toen", "tot", "u",
    "uit", "uw", "van", "veel", "voor", "want", "waren", "was", "wat", "werd", "wezen", "wil",
    "worden", "wordt", "zal", "ze", "zelf", "zich", "zij", "zijn", "zo", "zonder", "zou",
];

/// English function words (the classic Lucene list).
pub const ENGLISH_STOP_WORDS: &[&str] = &[
    "a", "an", "and", "are", "as", "at", "be", "but", "by", "for", "if", "in", "into", "is", "it",
    "no", "not", "of", "on", "or", "such", "that", "the", "their", "then", "there", "these",
    "they", "this", "to", "was", "will", "with",
];
