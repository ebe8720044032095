//! Snippets: the line of a result that shows why it matched, with the matched words marked.

use crate::analyzer::SearchLanguage;
use crate::schema::SearchSchema;
use kaartenbak_shared::escape_html;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap};
use tantivy::snippet::SnippetGenerator;

/// A text with the byte ranges of the matched words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The text with every highlight wrapped in `open` … `close`; `escape` is applied to all text.
    pub fn render(&self, open: &str, close: &str, escape: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut last = 0;
        for &(start, end) in &self.highlights {
            if start < last
                || end > self.text.len()
                || !self.text.is_char_boundary(start)
                || !self.text.is_char_boundary(end)
            {
                continue;
            }
            out.push_str(&escape(&self.text[last..start]));
            out.push_str(open);
            out.push_str(&escape(&self.text[start..end]));
            out.push_str(close);
            last = end;
        }
        out.push_str(&escape(&self.text[last..]));
        out
    }

    /// HTML with `<mark>` around matched words; the text itself is escaped.
    pub fn html(&self) -> String {
        self.render("<mark>", "</mark>", escape_html)
    }
}

const SNIPPET_CHARS: usize = 220;

/// Picks the line of a result to show: the service line or summary with the most matched words.
pub(crate) struct SnippetSources {
    lines: SnippetGenerator,
    summary: SnippetGenerator,
    /// The terms to mark.
    terms: BTreeSet<String>,
}

impl SnippetSources {
    pub fn new(
        highlight: &BTreeSet<String>,
        language: SearchLanguage,
        schema: &SearchSchema,
    ) -> Self {
        let terms: BTreeMap<String, f32> = highlight.iter().map(|t| (t.clone(), 1.0)).collect();
        let generator =
            |field| SnippetGenerator::new(terms.clone(), language.analyzer(), field, SNIPPET_CHARS);
        SnippetSources {
            lines: generator(schema.lines_shown),
            summary: generator(schema.summary),
            terms: highlight.clone(),
        }
    }

    /// The snippet from the body, when a quoted phrase is found there and not in the stored lines or
    /// summary; None otherwise (also when the body is not known).
    pub fn body_phrase(
        &self,
        stored: &Snippet,
        body: Option<&str>,
        phrases: &[Vec<(usize, String)>],
        language: SearchLanguage,
    ) -> Option<Snippet> {
        if phrases.is_empty()
            || phrases
                .iter()
                .all(|p| contains_phrase(language, &stored.text, p))
        {
            return None;
        }
        let body = body?;
        phrases
            .iter()
            .find_map(|p| phrase_window(language, body, p, &self.terms))
    }

    /// The stored line or summary that shows why the entry matched: one holding a quoted phrase, else
    /// the line with the most matched words, else the summary.
    pub fn best(
        &self,
        lines: &[String],
        summary: &str,
        phrases: &[Vec<(usize, String)>],
        language: SearchLanguage,
    ) -> Snippet {
        let line_snippets: Vec<_> = lines
            .iter()
            .map(|line| self.lines.snippet(line))
            .filter(|s| !s.highlighted().is_empty())
            .collect();
        if !phrases.is_empty() {
            let summary_snippet = self.summary.snippet(summary);
            let with_phrase = line_snippets
                .iter()
                .chain(std::iter::once(&summary_snippet))
                .find(|s| {
                    phrases
                        .iter()
                        .any(|p| contains_phrase(language, s.fragment(), p))
                });
            if let Some(found) = with_phrase {
                return convert(found);
            }
        }
        let best_line = line_snippets
            .into_iter()
            .max_by_key(|s| s.highlighted().len());
        if let Some(line) = best_line {
            return convert(&line);
        }
        let summary_snippet = self.summary.snippet(summary);
        if !summary_snippet.highlighted().is_empty() {
            return convert(&summary_snippet);
        }
        let fallback = if summary.is_empty() {
            lines.first().map(String::as_str).unwrap_or_default()
        } else {
            summary
        };
        Snippet {
            text: truncate(fallback, 220),
            highlights: Vec::new(),
        }
    }
}

fn convert(snippet: &tantivy::snippet::Snippet) -> Snippet {
    Snippet {
        text: snippet.fragment().to_string(),
        highlights: snippet
            .highlighted()
            .iter()
            .map(|r| (r.start, r.end))
            .collect(),
    }
}

/// The part of `text` around the first occurrence of `phrase`, with the phrase and the other `terms` in
/// it marked; None when the text lacks the phrase.
fn phrase_window(
    language: SearchLanguage,
    text: &str,
    phrase: &[(usize, String)],
    terms: &BTreeSet<String>,
) -> Option<Snippet> {
    if phrase.len() < 2 {
        return None;
    }
    let mut analyzer = language.analyzer();
    let mut stream = analyzer.token_stream(text);
    let mut tokens: Vec<(usize, String, usize, usize)> = Vec::new();
    while stream.advance() {
        let t = stream.token();
        tokens.push((t.position, t.text.clone(), t.offset_from, t.offset_to));
    }
    let at: HashMap<usize, usize> = tokens.iter().enumerate().map(|(i, t)| (t.0, i)).collect();
    let (first, last) = tokens.iter().find_map(|(start, ..)| {
        let indexes: Option<Vec<usize>> = phrase
            .iter()
            .map(|(offset, term)| {
                at.get(&(start + offset))
                    .copied()
                    .filter(|&i| tokens[i].1 == *term)
            })
            .collect();
        indexes.map(|ix| (ix[0], ix[ix.len() - 1]))
    })?;
    let (from, to) = (tokens[first].2, tokens[last].3);
    // About a third of the snippet before the phrase, the rest after it, cut at spaces.
    let before = SNIPPET_CHARS.saturating_sub(to - from) / 3;
    let start = floor_char_boundary(text, from.saturating_sub(before));
    let start = if start == 0 {
        0
    } else {
        text[start..from].find(' ').map_or(start, |i| start + i + 1)
    };
    let end = floor_char_boundary(text, (start + SNIPPET_CHARS).max(to).min(text.len()));
    let end = if end == text.len() {
        end
    } else {
        text[to..end].rfind(' ').map_or(end, |i| to + i)
    };
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    let highlights = tokens
        .iter()
        .filter(|(_, term, f, t)| *f >= start && *t <= end && terms.contains(term))
        .map(|(_, _, f, t)| (f - start + lead.len(), t - start + lead.len()))
        .collect();
    Some(Snippet {
        text: format!("{lead}{}{tail}", &text[start..end]),
        highlights,
    })
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// Whether `text` holds the phrase whose terms and positions `phrase` gives (as `analyze_positions`).
pub(crate) fn contains_phrase(
    language: SearchLanguage,
    text: &str,
    phrase: &[(usize, String)],
) -> bool {
    if phrase.len() < 2 {
        return false;
    }
    let terms = crate::analyzer::analyze_positions(language, text);
    let at: HashMap<usize, &str> = terms.iter().map(|(p, t)| (*p, t.as_str())).collect();
    terms.iter().any(|(start, _)| {
        phrase
            .iter()
            .all(|(offset, term)| at.get(&(start + offset)) == Some(&term.as_str()))
    })
}

impl Snippet {
    /// Marks that follow each other with only stop words between them become one mark, so a phrase
    /// ("brief van de deurwaarder") reads as one marked run.
    pub(crate) fn join_marks(mut self, language: SearchLanguage) -> Snippet {
        let mut joined: Vec<(usize, usize)> = Vec::with_capacity(self.highlights.len());
        for &(start, end) in &self.highlights {
            if let Some(last) = joined.last_mut() {
                let gap = self.text.get(last.1..start).unwrap_or("x");
                let only_stop_words = gap.chars().all(|c| c.is_alphabetic() || c.is_whitespace())
                    && crate::analyzer::analyze(language, gap).is_empty();
                if start >= last.1 && only_stop_words {
                    last.1 = end;
                    continue;
                }
            }
            joined.push((start, end));
        }
        self.highlights = joined;
        self
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}
