//! Stemming and stop words for the site languages, as tantivy token filters.
//!
//! Dutch uses the classic Snowball (Porter-style) algorithm: the newer Snowball Dutch stemmer strips "ge"
//! inside words ("geldzorgen" → "ldzorg", "gezin" → "zin", "budgetbeheer" → "budtbeheer") and splits
//! "schuld"/"schulden", which hurts exactly the words coaches search for.

use std::borrow::Cow;
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

#[derive(Clone, Copy)]
pub struct SnowballStemmer(pub frostem::Algorithm);

impl TokenFilter for SnowballStemmer {
    type Tokenizer<T: Tokenizer> = StemmingTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> StemmingTokenizer<T> {
        StemmingTokenizer {
            algorithm: self.0,
            inner: tokenizer,
        }
    }
}

#[derive(Clone)]
pub struct StemmingTokenizer<T> {
    algorithm: frostem::Algorithm,
    inner: T,
}

impl<T: Tokenizer> Tokenizer for StemmingTokenizer<T> {
    type TokenStream<'a> = StemmedTokens<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmedTokens {
            inner: self.inner.token_stream(text),
            stemmer: frostem::Stemmer::new(self.algorithm),
        }
    }
}

pub struct StemmedTokens<S> {
    inner: S,
    stemmer: frostem::Stemmer,
}

impl<S: TokenStream> TokenStream for StemmedTokens<S> {
    fn advance(&mut self) -> bool {
        if !self.inner.advance() {
            return false;
        }
        let token = self.inner.token_mut();
        // A borrowed stem is the word itself or a prefix of it: shorten in place, no allocation.
        let stemmed = match self.stemmer.stem(&token.text) {
            Cow::Owned(stem) => Ok(stem),
            Cow::Borrowed(stem) => Err(stem.len()),
        };
        match stemmed {
            Ok(stem) => token.text = stem,
            Err(length) => token.text.truncate(length),
        }
        true
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
