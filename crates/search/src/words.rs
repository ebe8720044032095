//! The words of a text in one pass: what tantivy's SimpleTokenizer, RemoveLongFilter, LowerCaser and
//! AsciiFoldingFilter make of it together, with the common word (plain ASCII) cut, lower-cased and copied
//! once instead of passing four filters. Every word with an accent or another non-ASCII letter still goes
//! through those four, so the result is theirs by construction; the tests compare both on any text.

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer, Token,
    TokenStream, Tokenizer,
};

/// Words of this many bytes or more are left out (as written, before lower-casing): they are codes or
/// pasted links, not words anyone searches for.
const WORD_BYTE_LIMIT: usize = 40;

/// The tantivy chain this tokenizer stands for.
fn reference_chain() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(WORD_BYTE_LIMIT))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

#[derive(Clone)]
pub struct WordTokenizer {
    token: Token,
    /// For the words that are not plain ASCII.
    reference: TextAnalyzer,
}

impl Default for WordTokenizer {
    fn default() -> Self {
        WordTokenizer {
            token: Token::default(),
            reference: reference_chain(),
        }
    }
}

impl Tokenizer for WordTokenizer {
    type TokenStream<'a> = Words<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Words<'a> {
        self.token.reset();
        Words {
            text,
            offset: 0,
            token: &mut self.token,
            reference: &mut self.reference,
        }
    }
}

pub struct Words<'a> {
    text: &'a str,
    /// Where the search for the next word starts.
    offset: usize,
    token: &'a mut Token,
    reference: &'a mut TextAnalyzer,
}

/// What a byte of UTF-8 text is to the word scanner: flags of an ASCII letter or digit, and of an
/// upper-case ASCII letter; or a byte of a character beyond ASCII, which decides with Unicode's tables.
const OTHER_ASCII: u8 = 0;
const ASCII_WORD_BYTE: u8 = 1;
const ASCII_UPPER: u8 = 2;
const BEYOND_ASCII: u8 = 4;

/// The class of every byte, so the scan of a word is one table look-up per byte.
static BYTE_CLASS: [u8; 256] = {
    let mut classes = [OTHER_ASCII; 256];
    let mut byte = 0;
    while byte < 256 {
        classes[byte] = if byte >= 128 {
            BEYOND_ASCII
        } else if (byte as u8).is_ascii_uppercase() {
            ASCII_WORD_BYTE | ASCII_UPPER
        } else if (byte as u8).is_ascii_alphanumeric() {
            ASCII_WORD_BYTE
        } else {
            OTHER_ASCII
        };
        byte += 1;
    }
    classes
};

/// Where a word stands in the text and what it holds.
struct Found {
    start: usize,
    end: usize,
    /// Only ASCII letters and digits.
    ascii: bool,
    /// An upper-case ASCII letter among them.
    upper: bool,
}

impl Words<'_> {
    /// Whether the character beyond ASCII at byte `at` is a letter or digit, and its length in bytes.
    fn beyond_ascii_at(&self, at: usize) -> (bool, usize) {
        let c = self.text[at..]
            .chars()
            .next()
            .expect("`at` is a character boundary inside the text");
        (c.is_alphanumeric(), c.len_utf8())
    }

    fn next_word(&mut self) -> Option<Found> {
        let bytes = self.text.as_bytes();
        let len = bytes.len();
        let class_at = |at: usize| BYTE_CLASS[usize::from(bytes[at])];
        let mut at = self.offset;
        let start = loop {
            while at < len && class_at(at) == OTHER_ASCII {
                at += 1;
            }
            if at >= len {
                self.offset = len;
                return None;
            }
            if class_at(at) != BEYOND_ASCII {
                break at;
            }
            let (alphanumeric, width) = self.beyond_ascii_at(at);
            if alphanumeric {
                break at;
            }
            at += width;
        };
        let mut ascii = true;
        let mut seen = 0;
        loop {
            while at < len {
                let class = class_at(at);
                if class & ASCII_WORD_BYTE == 0 {
                    break;
                }
                seen |= class;
                at += 1;
            }
            if at >= len || class_at(at) == OTHER_ASCII {
                break;
            }
            let (alphanumeric, width) = self.beyond_ascii_at(at);
            if !alphanumeric {
                break;
            }
            ascii = false;
            at += width;
        }
        self.offset = at;
        Some(Found {
            start,
            end: at,
            ascii,
            upper: seen & ASCII_UPPER != 0,
        })
    }
}

impl TokenStream for Words<'_> {
    fn advance(&mut self) -> bool {
        while let Some(Found {
            start,
            end,
            ascii,
            upper,
        }) = self.next_word()
        {
            // Positions count every word, also the ones left out, as SimpleTokenizer's do.
            self.token.position = self.token.position.wrapping_add(1);
            let word = &self.text[start..end];
            if word.len() >= WORD_BYTE_LIMIT {
                continue;
            }
            self.token.offset_from = start;
            self.token.offset_to = end;
            self.token.text.clear();
            if ascii {
                self.token.text.push_str(word);
                // Most words are written in lower case already.
                if upper {
                    self.token.text.make_ascii_lowercase();
                }
            } else {
                // A run of letters and digits is one word to the chain as well.
                let mut folded = self.reference.token_stream(word);
                if !folded.advance() {
                    continue;
                }
                self.token.text.push_str(&folded.token().text);
            }
            return true;
        }
        false
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// Every token `analyzer` makes of `text`, with its position and offsets: what tests of analyzers compare.
#[cfg(test)]
pub(crate) fn token_details(
    analyzer: &mut TextAnalyzer,
    text: &str,
) -> Vec<(String, usize, usize, usize)> {
    let mut stream = analyzer.token_stream(text);
    let mut found = Vec::new();
    while stream.advance() {
        let t = stream.token();
        found.push((t.text.clone(), t.position, t.offset_from, t.offset_to));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(String, usize, usize, usize)> {
        token_details(analyzer, text)
    }

    fn same_as_the_chain(text: &str) {
        let mut ours = TextAnalyzer::from(WordTokenizer::default());
        assert_eq!(
            tokens(&mut ours, text),
            tokens(&mut reference_chain(), text),
            "{text:?}"
        );
    }

    #[test]
    fn words_are_cut_lower_cased_and_folded() {
        let mut ours = TextAnalyzer::from(WordTokenizer::default());
        let words: Vec<String> = tokens(&mut ours, "Financiën & WMO-loket, één café; 3e")
            .into_iter()
            .map(|t| t.0)
            .collect();
        assert_eq!(words, ["financien", "wmo", "loket", "een", "cafe", "3e"]);
    }

    #[test]
    fn long_words_are_left_out_but_counted_in_positions() {
        let long = "x".repeat(WORD_BYTE_LIMIT);
        let mut ours = TextAnalyzer::from(WordTokenizer::default());
        let found = tokens(&mut ours, &format!("schuld {long} hulp"));
        assert_eq!(found.len(), 2);
        assert_eq!((found[1].0.as_str(), found[1].1), ("hulp", 2));
        same_as_the_chain(&format!("a {long} é{long} {} b", "é".repeat(20)));
    }

    #[test]
    fn edge_cases_match_the_chain() {
        for text in [
            "",
            " ",
            "ß straße İstanbul ΣΑΣ",
            "ﬁnance Ⅻ ½ ١٢٣ 漢字",
            "a\u{301}b e\u{0308}",
            "Ǆemal ǅ",
            "🙂schuld🙂 x",
        ] {
            same_as_the_chain(text);
        }
    }

    proptest! {
        #[test]
        fn any_text_gives_what_the_chain_gives(text in "\\PC{0,80}") {
            same_as_the_chain(&text);
        }

        #[test]
        fn dutch_like_text_gives_what_the_chain_gives(
            text in "[a-zA-Z0-9 éëïöüÉĳ.,;:'()\\-]{0,120}"
        ) {
            same_as_the_chain(&text);
        }
    }
}
