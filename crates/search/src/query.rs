//! Query building: a coach's words become one query whose ranking is shared by the CLI and the browser.
//!
//! Every word is optional, so a word that matches nothing (a number, a misspelt wijk) never empties the
//! list; BM25 adds up per word, so results matching more words rank higher. Quoted phrases must match.
//! Filters (kind, domain, wijk) restrict without changing scores.

use crate::analyzer::{analyze, SearchLanguage};
use crate::schema::{SearchSchema, BOOSTS};
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, IndexRecordOption};
use tantivy::Term;

/// The area value of entries that serve the whole municipality; they match every wijk filter.
pub const MUNICIPALITY_WIDE: &str = "gemeentebreed";

/// Weight of number-only query words relative to other words.
const NUMBER_WEIGHT: f32 = 0.25;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    pub words: Vec<String>,
    pub phrases: Vec<String>,
}

/// Splits a query into loose words and `"quoted phrases"` (an unclosed quote runs to the end).
pub fn parse_query(query: &str) -> ParsedQuery {
    let mut parsed = ParsedQuery::default();
    for (i, part) in query.split('"').enumerate() {
        if i % 2 == 1 {
            if !part.trim().is_empty() {
                parsed.phrases.push(part.trim().to_string());
            }
        } else {
            parsed
                .words
                .extend(part.split_whitespace().map(str::to_string));
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

fn term_in_all_fields(schema: &SearchSchema, term: &str) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = BOOSTS
        .iter()
        .map(|(name, boost)| {
            let query = TermQuery::new(
                Term::from_field_text(schema.field(name), term),
                IndexRecordOption::WithFreqs,
            );
            (
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), *boost)) as Box<dyn Query>,
            )
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

fn phrase_in_positional_fields(schema: &SearchSchema, terms: &[String]) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = [
        (schema.title, 4.0),
        (schema.summary, 2.0),
        (schema.lines, 2.0),
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

/// The query for `parsed` with `filters`, or None when no word survives analysis (only stop words).
pub(crate) fn build_query(
    schema: &SearchSchema,
    language: SearchLanguage,
    parsed: &ParsedQuery,
    filters: &Filters,
) -> Option<Box<dyn Query>> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let words: Vec<(Occur, Box<dyn Query>)> = parsed
        .words
        .iter()
        .flat_map(|word| analyze(language, word))
        .map(|term| {
            let query = term_in_all_fields(schema, &term);
            // A bare number ("18", "2025") is mostly an age or a year: a weak hint of what is wanted.
            let query: Box<dyn Query> = if term.chars().all(|c| c.is_ascii_digit()) {
                Box::new(BoostQuery::new(query, NUMBER_WEIGHT))
            } else {
                query
            };
            (Occur::Should, query)
        })
        .collect();
    if !words.is_empty() {
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(words))));
    }
    for phrase in &parsed.phrases {
        let terms = analyze(language, phrase);
        match terms.len() {
            0 => {}
            1 => clauses.push((Occur::Must, term_in_all_fields(schema, &terms[0]))),
            _ => clauses.push((Occur::Must, phrase_in_positional_fields(schema, &terms))),
        }
    }
    if clauses.is_empty() {
        return None;
    }
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
    Some(Box::new(BooleanQuery::new(clauses)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_words_and_phrases() {
        let parsed = parse_query("schulden \"beschermingsbewind aanvragen\" jongere \"open");
        assert_eq!(parsed.words, ["schulden", "jongere"]);
        assert_eq!(parsed.phrases, ["beschermingsbewind aanvragen", "open"]);
    }
}
