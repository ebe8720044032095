//! Query building: a coach's words become one query whose ranking is shared by the CLI and the browser.
//!
//! Every word is optional, so a word that matches nothing (a number, a misspelt wijk) never empties the
//! list; BM25 adds up per word, so results matching more words rank higher. Quoted phrases must match.
//! Filters (kind, domain, wijk) restrict without changing scores.

use crate::analyzer::{analyze, analyze_words, SearchLanguage};
use crate::files::Facets;
use crate::schema::{SearchSchema, BOOSTS};
use crate::vocabulary::Vocabulary;
use std::collections::{BTreeMap, BTreeSet};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, DisjunctionMaxQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

/// The area value of entries that serve the whole municipality; they match every wijk filter.
pub const MUNICIPALITY_WIDE: &str = "gemeentebreed";

/// Weight of number-only query words relative to other words.
const NUMBER_WEIGHT: f32 = 0.25;
/// Score of an entry for being in a domain whose name or synonyms the word is (a BM25 match in the body of
/// a typical entry scores about 3 to 8).
const SYNONYM_SCORE: f32 = 2.0;
/// Weight of the best completion of a word, relative to the word itself.
const PREFIX_WEIGHT: f32 = 0.8;
/// Weight of the best spelling correction of a word (one edit away).
const TYPO_WEIGHT: f32 = 0.5;
/// Words shorter than this get no typo tolerance: one edit changes a short word too much.
const MIN_TYPO_CHARS: usize = 5;
/// How many of the most frequent completions or corrections of a word are searched.
const MAX_EXPANSIONS: usize = 24;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
    /// Whether the query ends with a loose word (which is then still being typed).
    pub ends_with_word: bool,
}

/// Splits a query into loose words and `"quoted phrases"` (an unclosed quote runs to the end).
pub fn parse_query(query: &str) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                parsed.phrases.push(part.trim().to_string());
                parsed.ends_with_word = false;
            }
        } else {
            let before = parsed.words.len();
            parsed
                .words
                .extend(part.split_whitespace().map(str::to_string));
            if parsed.words.len() > before {
                parsed.ends_with_word = !part.ends_with(char::is_whitespace);
            }
        }
    }
    parsed
}

#[derive(Debug, Clone, Default)]
pub(crate) struct Filters<'a> {
    pub kind: Option<&'a str>,
    pub domain: Option<&'a str>,
    pub area: Option<&'a str>,
}

/// A stem in every text field, plus every entry of the domains it names: "deurwaarder" also finds
/// debt counselling whose page never says the word, ranked below entries that do.
fn term_everywhere(ctx: &QueryContext, stem: &str) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = BOOSTS
        .iter()
        .map(|(name, boost)| {
            let query = TermQuery::new(
                Term::from_field_text(ctx.schema.field(name), stem),
                IndexRecordOption::WithFreqs,
            );
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), *boost)) as Box<dyn Query>,
            )
        })
        .collect();
    for domain in ctx.synonyms.domains(stem) {
        let in_domain = ConstScoreQuery::new(
            facet_term(ctx.schema.domain, "domain", domain),
            SYNONYM_SCORE,
        );
        clauses.push((Occur::Should, Box::new(in_domain)));
    }
    Box::new(BooleanQuery::new(clauses))
}

fn phrase_in_positional_fields(schema: &SearchSchema, terms: &[String]) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = [
        (schema.title, 4.0),
        (schema.summary, 2.0),
        (schema.lines_shown, 2.0),
    ]
    .into_iter()
    .map(|(field, boost)| {
        let terms = terms
            .iter()
            .map(|t| Term::from_field_text(field, t))
            .collect();
        let query: Box<dyn Query> =
            Box::new(BoostQuery::new(Box::new(PhraseQuery::new(terms)), boost));
        (Occur::Should, query)
    })
    .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
}

fn facet_term(field: tantivy::schema::Field, root: &str, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from_path([root, value])),
        IndexRecordOption::Basic,
    ))
}

/// Which domains a stemmed word is a name or synonym of ("deurwaard" → financiën), built from the manifest.
#[derive(Debug, Default)]
pub(crate) struct SynonymIndex {
    domains_by_stem: BTreeMap<String, Vec<String>>,
}

impl SynonymIndex {
    pub fn new(language: SearchLanguage, facets: &Facets) -> Self {
        let mut domains_by_stem: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for domain in &facets.domains {
            for text in std::iter::once(&domain.label).chain(&domain.synonyms) {
                for stem in analyze(language, text) {
                    let domains = domains_by_stem.entry(stem).or_default();
                    if !domains.contains(&domain.id) {
                        domains.push(domain.id.clone());
                    }
                }
            }
        }
        SynonymIndex { domains_by_stem }
    }

    fn domains(&self, stem: &str) -> &[String] {
        self.domains_by_stem.get(stem).map_or(&[], Vec::as_slice)
    }
}

/// What building a query needs from the engine.
pub(crate) struct QueryContext<'a> {
    pub schema: &'a SearchSchema,
    pub language: SearchLanguage,
    pub vocabulary: &'a Vocabulary,
    pub synonyms: &'a SynonymIndex,
}

/// The text part of a query, built once per search (with its completions and corrections), and the
/// stemmed terms to highlight in snippets. Filters are added per use: the results and each facet count
/// need other filters over the same text query.
pub(crate) struct BuiltQuery {
    text: Box<dyn Query>,
    pub highlight: BTreeSet<String>,
}

impl BuiltQuery {
    /// The text query restricted by `filters`, which change no scores.
    pub fn filtered(&self, schema: &SearchSchema, filters: &Filters) -> Box<dyn Query> {
        let mut clauses = vec![(Occur::Must, self.text.box_clone())];
        clauses.extend(filter_clauses(schema, filters));
        Box::new(BooleanQuery::new(clauses))
    }
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

/// Searches the stems of `forms` everywhere; the best of them counts (they are alternatives).
fn best_of(
    ctx: &QueryContext,
    forms: &[String],
    typed_stems: &[String],
    weight: f32,
    highlight: &mut BTreeSet<String>,
) -> Option<(Occur, Box<dyn Query>)> {
    let stems: BTreeSet<String> = forms
        .iter()
        .flat_map(|form| analyze(ctx.language, form))
        .filter(|stem| !typed_stems.contains(stem))
        .collect();
    if stems.is_empty() {
        return None;
    }
    highlight.extend(stems.iter().cloned());
    let disjuncts: Vec<Box<dyn Query>> = stems
        .iter()
        .map(|stem| term_everywhere(ctx, stem))
        .collect();
    let best = DisjunctionMaxQuery::new(disjuncts);
    Some((
        Occur::Should,
        Box::new(BoostQuery::new(Box::new(best), weight)),
    ))
}

/// The query for one typed word: its stems everywhere; its completions among the index's word forms
/// ("schuld" also finds "schulden" and "schuldhulpverlening"); and, for words of five letters or more, the
/// word forms one typo away. Completions and corrections work on the unstemmed forms: stem first and
/// "dagbestedng" is three edits from "dagbesteed".
fn word_query(
    ctx: &QueryContext,
    word: &str,
    is_last: bool,
    highlight: &mut BTreeSet<String>,
) -> Option<Box<dyn Query>> {
    let stems = analyze(ctx.language, word);
    if stems.is_empty() {
        // A stop word ("de", "het"): completing it would match half the vocabulary.
        return None;
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for stem in &stems {
        highlight.insert(stem.clone());
        clauses.push((Occur::Should, term_everywhere(ctx, stem)));
    }
    // The word being typed may be a prefix from its second letter on; earlier words from their third.
    let min_prefix = if is_last { 2 } else { 3 };
    for form in analyze_words(word) {
        if is_number(&form) {
            continue;
        }
        let length = form.chars().count();
        if length >= min_prefix {
            let completions = ctx.vocabulary.with_prefix(&form, MAX_EXPANSIONS);
            clauses.extend(best_of(ctx, &completions, &stems, PREFIX_WEIGHT, highlight));
        }
        if length >= MIN_TYPO_CHARS {
            let corrections = ctx.vocabulary.within_edits(&form, 1, MAX_EXPANSIONS);
            clauses.extend(best_of(ctx, &corrections, &stems, TYPO_WEIGHT, highlight));
        }
    }
    let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    // A bare number ("18", "2025") is mostly an age or a year: a weak hint of what is wanted.
    Some(if is_number(word) {
        Box::new(BoostQuery::new(query, NUMBER_WEIGHT))
    } else {
        query
    })
}

/// The text query for `parsed`, or None when no word survives analysis (only stop words).
pub(crate) fn build_query(ctx: &QueryContext, parsed: &ParsedQuery) -> Option<BuiltQuery> {
    let mut highlight = BTreeSet::new();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let last = parsed.words.len().saturating_sub(1);
    // The last word is still being typed only when nothing (a closing quote) follows it.
    let typing_last = parsed.ends_with_word;
    let words: Vec<(Occur, Box<dyn Query>)> = parsed
        .words
        .iter()
        .enumerate()
        .filter_map(|(i, word)| word_query(ctx, word, i == last && typing_last, &mut highlight))
        .map(|query| (Occur::Should, query))
        .collect();
    if !words.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(words))));
    }
    for phrase in &parsed.phrases {
        let terms = analyze(ctx.language, phrase);
        highlight.extend(terms.iter().cloned());
        match terms.len() {
            0 => {}
            1 => clauses.push((Occur::Must, term_everywhere(ctx, &terms[0]))),
            _ => clauses.push((Occur::Must, phrase_in_positional_fields(ctx.schema, &terms))),
        }
    }
    if clauses.is_empty() {
        return None;
    }
    Some(BuiltQuery {
        text: Box::new(BooleanQuery::new(clauses)),
        highlight,
    })
}

fn filter_clauses(schema: &SearchSchema, filters: &Filters) -> Vec<(Occur, Box<dyn Query>)> {
    let mut clauses = Vec::new();
    if let Some(kind) = filters.kind {
        clauses.push(filter(Box::new(TermQuery::new(
            Term::from_field_text(schema.kind, kind),
            IndexRecordOption::Basic,
        ))));
    }
    if let Some(domain) = filters.domain {
        clauses.push(filter(facet_term(schema.domain, "domain", domain)));
    }
    if let Some(area) = filters.area {
        let either = BooleanQuery::new(vec![
            (Occur::Should, facet_term(schema.area, "area", area)),
            (
                Occur::Should,
                facet_term(schema.area, "area", MUNICIPALITY_WIDE),
            ),
        ]);
        clauses.push(filter(Box::new(either)));
    }
    clauses
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_phrases() {
        let parsed = parse_query("schulden \"beschermingsbewind aanvragen\" jongere \"open");
        assert_eq!(parsed.words, ["schulden", "jongere"]);
        assert_eq!(parsed.phrases, ["beschermingsbewind aanvragen", "open"]);
        assert!(!parsed.ends_with_word);
        assert!(parse_query("\"schuld\" deurw").ends_with_word);
        assert!(!parse_query("deurwaarder ").ends_with_word);
    }
}
