//! Query building: a coach's words become one query whose ranking is shared by the CLI and the browser.
//!
//! Every word is optional, so a word that matches nothing (a number, a misspelt wijk) never empties the
//! list; BM25 adds up per word, so results matching more words rank higher. Quoted phrases must match.
//! Filters (kind, domain, wijk) restrict without changing scores.

use crate::analyzer::{analyze, analyze_positions, analyze_words};
use crate::area_detection::{detect_area, DetectedArea};
use crate::attributes::{detect_attributes, Attribute, DetectedAttribute, ATTRIBUTE_TERM};
use crate::field_queries::{facet_term, phrase_everywhere, term_everywhere};
use crate::glossary_expansion::{MatchedTerm, TermMatch};
use crate::need_handlers::{LINKED_SUFFIX, SERVICE_SUFFIX, TITLE_SUFFIX};
use crate::needs::{is_filler, standard_spelling, RecognisedNeed};
pub(crate) use crate::query_context::QueryContext;
use crate::schema::{SearchSchema, KINDS};
use crate::word_query::{word_query, Rewrite, WordQueries};
use std::collections::BTreeSet;
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::IndexRecordOption;
use tantivy::Term;

pub(crate) use kaartenbak_shared::MUNICIPALITY_WIDE;

/// Score that lifts the entries serving a wijk the query named above all others (text scores stay far
/// below it).
const AREA_TIER: f32 = 1000.0;
/// Score of an entry that handles a need the query named (`need_handlers.rs`): above any text score of a
/// sentence's words, below `AREA_TIER`, so within the entries serving a wijk the handlers come first.
const NEED_TIER: f32 = 100.0;
/// Scores added for what says more of how an entry handles a need: the need's glossary term links to it,
/// its title names the need, a service's name names it. Together below the tier of a second need.
const LINKED_NEED_SCORE: f32 = 15.0;
const TITLE_NEED_SCORE: f32 = 25.0;
const SERVICE_NEED_SCORE: f32 = 20.0;
/// Score added for a handler that serves the wijk the query named (not only municipality-wide): "rent
/// arrears in Oosterpark" is the corporation that rents there before the municipal early-warning team.
const WIJK_HANDLER_SCORE: f32 = 50.0;
/// Score of a training module when the coach wants to learn about a need ("leren signaleren van
/// geldzorgen") or about nothing in particular ("trainingen"): above every need's handlers.
const TRAINING_SCORE: f32 = 200.0;
/// Score of a training module that matches the other words when the query names no need ("welke trainingen
/// volg ik als nieuwe coach"): a text score's worth, so an entry that matches those words much better (the
/// page for new coaches that lists the trainings) still comes first.
const TRAINING_WORDS_SCORE: f32 = 10.0;
/// Score of an entry in a named need's domain that does not handle the need: a need that no entry of this
/// site handles by name ("tienermoeder") still finds its domain's entries, ranked by the words.
const NEED_DOMAIN_SCORE: f32 = 5.0;
/// Score of an entry with a service that meets an attribute the query named, in the text query: enough to
/// be found, little beside the words; ranking adds the attribute's real weight.
const ATTRIBUTE_MATCH_SCORE: f32 = 0.5;
/// Weight of a glossary term's other names, relative to the words as typed.
const GLOSSARY_WEIGHT: f32 = 0.6;
/// Score of an entry the glossary links to a term the query named (before `GLOSSARY_WEIGHT`).
const GLOSSARY_ENTRY_SCORE: f32 = 4.0;
/// Score of matching a term's other names or links, when the query's words match literally too: below
/// a literal match in a body (about 3 to 8).
const GLOSSARY_BESIDE_LITERAL_SCORE: f32 = 1.0;

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

/// The text part of a query, built once per search, and what the response reports of it. Filters are
/// added per use: the results and each facet count need other filters over the same text query.
pub(crate) struct BuiltQuery {
    text: Box<dyn Query>,
    /// Stemmed terms to highlight in snippets.
    pub highlight: BTreeSet<String>,
    /// Words that found nothing as typed and what was searched instead.
    pub rewrites: Vec<Rewrite>,
    /// Glossary terms the query named.
    pub terms: Vec<MatchedTerm>,
    /// The wijk the query named.
    pub area: Option<DetectedArea>,
    /// The needs the query named (less those the request removed), in the query's order.
    pub needs: Vec<RecognisedNeed>,
    /// The query of each need's handlers, in the order of `needs`.
    pub handlers: Vec<Box<dyn Query>>,
    /// The attributes the query named.
    pub attributes: Vec<(Attribute, DetectedAttribute)>,
    /// The quoted phrases as terms with their positions (for snippets that show them).
    pub phrases: Vec<Vec<(usize, String)>>,
}

impl BuiltQuery {
    /// The text query restricted by `filters`, which change no scores.
    pub fn filtered(&self, schema: &SearchSchema, filters: &Filters) -> Box<dyn Query> {
        let mut clauses = vec![(Occur::Must, self.text.box_clone())];
        clauses.extend(filter_clauses(schema, filters));
        Box::new(BooleanQuery::new(clauses))
    }
}

/// What to read from a query besides its words.
#[derive(Debug, Clone, Copy)]
pub(crate) struct QueryOptions<'a> {
    /// Whether a wijk named among the words ranks by that wijk (off when the coach removed it, or when a
    /// wijk filter is set already).
    pub detect_area: bool,
    /// Needs and attributes the coach removed: their words are searched as plain words.
    pub ignore: &'a [String],
}

/// The `need` term query of a need id (or of its `#named` mark).
pub(crate) fn need_term(schema: &SearchSchema, term: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(schema.need, term),
        IndexRecordOption::Basic,
    ))
}

/// The entries that handle a need. For a need of the lexicon, the handlers decided when the index was
/// built (`need_handlers.rs`). A domain named by its own words ("deurwaarder" for Financiën) is a field, not
/// one need: its handlers are the entries of the domain whose title, summary or service lines say the
/// words the query used.
pub(crate) fn handler_query(ctx: &QueryContext, need: &RecognisedNeed) -> Box<dyn Query> {
    if !need.from_domain {
        return need_term(ctx.schema, &need.id);
    }
    let mut said: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for stem in need.words.iter().flat_map(|w| analyze(ctx.language, w)) {
        for field in [ctx.schema.title, ctx.schema.summary, ctx.schema.lines] {
            said.push((
                Occur::Should,
                Box::new(TermQuery::new(
                    Term::from_field_text(field, &stem),
                    IndexRecordOption::Basic,
                )),
            ));
        }
    }
    Box::new(BooleanQuery::new(vec![
        (
            Occur::Must,
            facet_term(ctx.schema.domain, "domain", &need.domain),
        ),
        (Occur::Must, Box::new(BooleanQuery::new(said))),
    ]))
}

/// The clauses that rank the handlers of a need first, and among them those that say more of it.
fn need_clauses(ctx: &QueryContext, need: &RecognisedNeed) -> Vec<(Occur, Box<dyn Query>)> {
    let scored = |query: Box<dyn Query>, score: f32| -> (Occur, Box<dyn Query>) {
        (Occur::Should, Box::new(ConstScoreQuery::new(query, score)))
    };
    let mut clauses = vec![scored(handler_query(ctx, need), NEED_TIER)];
    if !need.from_domain {
        let id = &need.id;
        for (suffix, score) in [
            (LINKED_SUFFIX, LINKED_NEED_SCORE),
            (TITLE_SUFFIX, TITLE_NEED_SCORE),
            (SERVICE_SUFFIX, SERVICE_NEED_SCORE),
        ] {
            clauses.push(scored(
                need_term(ctx.schema, &format!("{id}{suffix}")),
                score,
            ));
        }
    }
    clauses
}

/// The training modules lifted when the coach wants to learn: those that match what else the query says (a
/// module about something else is no answer to "leren signaleren van geldzorgen"), or every module when the
/// query says nothing else ("trainingen"). Above a need's handlers when the query names a need or nothing
/// else; otherwise by a text score's worth (`TRAINING_WORDS_SCORE`).
fn training_query(
    ctx: &QueryContext,
    about: &[&(Occur, Box<dyn Query>)],
    names_a_need: bool,
) -> Box<dyn Query> {
    let modules: Box<dyn Query> = Box::new(TermQuery::new(
        Term::from_field_text(ctx.schema.kind, "module"),
        IndexRecordOption::Basic,
    ));
    let wanted = if about.is_empty() {
        modules
    } else {
        let about = about
            .iter()
            .map(|(occur, query)| (*occur, query.box_clone()))
            .collect();
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, modules),
            (Occur::Must, Box::new(BooleanQuery::new(about))),
        ]))
    };
    let score = if names_a_need || about.is_empty() {
        TRAINING_SCORE
    } else {
        TRAINING_WORDS_SCORE
    };
    Box::new(ConstScoreQuery::new(wanted, score))
}

/// The text query for `parsed`, or None when no word survives analysis (only stop words).
pub(crate) fn build_query(
    ctx: &QueryContext,
    parsed: &ParsedQuery,
    options: QueryOptions,
) -> Option<BuiltQuery> {
    let mut words = standard_spelling(&parsed.words);
    // The last word is still being typed only when nothing (a closing quote) follows it.
    let mut typing_last = parsed.ends_with_word;
    let area = if options.detect_area {
        detect_area(&words, ctx.facets).map(|(area, rest, took_last)| {
            // "schulden oosterpark": the last word typed named the wijk, so no word is being typed.
            typing_last &= !took_last;
            words = rest;
            area
        })
    } else {
        None
    };
    words = join_split_words(ctx, &words);
    let situation = read_situation(ctx, &words, options.ignore);
    words = situation.words;
    typing_last &= situation.kept_last;
    let mut built = WordQueries::default();
    let term_matches = ctx.glossary.matches(&words);
    let named_by_term = |i: usize| {
        term_matches
            .iter()
            .any(|m| (m.start..m.start + m.len).contains(&i))
    };
    let last = words.len().saturating_sub(1);
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // The words that say the coach wants to learn ("cursus") stay words, but they are not what a training
    // must be about: their clauses are left out of the training query.
    let training_words: Vec<&String> = situation
        .attributes
        .iter()
        .filter(|(attribute, _)| *attribute == Attribute::Training)
        .flat_map(|(_, detected)| &detected.words)
        .collect();
    let mut said_to_learn = Vec::new();
    let mut literal = vec![false; words.len()];
    for (i, word) in words.iter().enumerate() {
        // A word that names a term is understood: no compound split or typo correction.
        let allow_fallback = !named_by_term(i);
        if let Some((query, found)) = word_query(
            ctx,
            word,
            i == last && typing_last,
            allow_fallback,
            &mut built,
        ) {
            literal[i] = found;
            if training_words.contains(&word) {
                said_to_learn.push(clauses.len());
            }
            clauses.push((Occur::Should, query));
        }
    }
    for need in &situation.needs {
        clauses.extend(need_clauses(ctx, need));
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                facet_term(ctx.schema.domain, "domain", &need.domain),
                NEED_DOMAIN_SCORE,
            )),
        ));
        if let Some(area) = &area {
            let here = BooleanQuery::new(vec![
                (Occur::Must, handler_query(ctx, need)),
                (Occur::Must, facet_term(ctx.schema.area, "area", &area.id)),
            ]);
            clauses.push((
                Occur::Should,
                Box::new(ConstScoreQuery::new(Box::new(here), WIJK_HANDLER_SCORE)),
            ));
        }
    }
    // The services that meet an attribute are found even when no word matches ("hulp in het Pools");
    // how much an attribute counts is decided when ranking (`situation_rank.rs`).
    for (attribute, _) in &situation.attributes {
        if *attribute == Attribute::Training {
            continue;
        }
        let term = format!("{ATTRIBUTE_TERM}{}", attribute.id());
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                need_term(ctx.schema, &term),
                ATTRIBUTE_MATCH_SCORE,
            )),
        ));
    }
    let mut terms = Vec::new();
    for found in &term_matches {
        terms.push(MatchedTerm {
            id: found.term.id.clone(),
            term: found.term.term.clone(),
            words: words[found.start..found.start + found.len].to_vec(),
        });
        let named_literally = literal[found.start..found.start + found.len]
            .iter()
            .any(|l| *l);
        clauses.push((
            Occur::Should,
            glossary_query(ctx, found, named_literally, &mut built.highlight),
        ));
    }
    if !training_words.is_empty() {
        let about: Vec<&(Occur, Box<dyn Query>)> = clauses
            .iter()
            .enumerate()
            .filter(|(i, _)| !said_to_learn.contains(i))
            .map(|(_, clause)| clause)
            .collect();
        let training = training_query(ctx, &about, !situation.needs.is_empty());
        clauses.push((Occur::Should, training));
    }
    let mut text: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !clauses.is_empty() {
        text.push((Occur::Must, Box::new(BooleanQuery::new(clauses))));
    }
    let mut phrases = Vec::new();
    for phrase in &parsed.phrases {
        // In bodies too: a phrase reads the positions of its words, in parts like the postings.
        text.extend(
            text_everywhere(ctx, phrase, true, &mut built.highlight).map(|q| (Occur::Must, q)),
        );
        phrases.push(analyze_positions(ctx.language, phrase));
    }
    if text.is_empty() {
        return None;
    }
    let mut query: Box<dyn Query> = Box::new(BooleanQuery::new(text));
    if let Some(area) = &area {
        query = rank_by_area(ctx.schema, query, &area.id);
    }
    Some(BuiltQuery {
        text: query,
        highlight: built.highlight,
        rewrites: built.rewrites,
        terms,
        area,
        handlers: situation
            .needs
            .iter()
            .map(|n| handler_query(ctx, n))
            .collect(),
        needs: situation.needs,
        attributes: situation.attributes,
        phrases,
    })
}

/// Two typed words that the content writes as one ("schuld hulp", "voedsel bank", "wijk team") become
/// that word.
fn join_split_words(ctx: &QueryContext, words: &[String]) -> Vec<String> {
    let single = |w: &String| match analyze_words(w).as_slice() {
        [form] => Some(form.clone()),
        _ => None,
    };
    let mut joined = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let both = words
            .get(i + 1)
            .and_then(|next| Some(single(&words[i])? + &single(next)?))
            .filter(|w| w.chars().count() >= 6 && ctx.vocabulary.count(w).is_some());
        match both {
            Some(word) => {
                joined.push(word);
                i += 2;
            }
            None => {
                joined.push(words[i].clone());
                i += 1;
            }
        }
    }
    joined
}

/// What a query says about the household besides its words to search.
struct Situation {
    needs: Vec<RecognisedNeed>,
    attributes: Vec<(Attribute, DetectedAttribute)>,
    /// The words to search: without attributes and, when the query names something else, filler.
    words: Vec<String>,
    /// Whether the last typed word is among `words`.
    kept_last: bool,
}

/// Reads the needs and attributes from the typed words; removed ones (by id) stay plain words.
fn read_situation(ctx: &QueryContext, words: &[String], ignore: &[String]) -> Situation {
    let mut taken = vec![false; words.len()];
    let attributes: Vec<(Attribute, DetectedAttribute)> = detect_attributes(words, &mut taken)
        .into_iter()
        .filter_map(|(attribute, named)| {
            if ignore.contains(&attribute.id()) || attribute.searched_as_words() {
                named.iter().for_each(|&i| taken[i] = false);
            }
            if ignore.contains(&attribute.id()) {
                return None;
            }
            let detected = DetectedAttribute {
                id: attribute.id(),
                words: named.iter().map(|&i| words[i].clone()).collect(),
            };
            Some((attribute, detected))
        })
        .collect();
    let needs: Vec<RecognisedNeed> = ctx
        .needs
        .recognise(words)
        .into_iter()
        .filter(|m| !m.words.iter().any(|&i| taken[i]))
        .map(|m| {
            let mut need = ctx.needs.need(m.need).clone();
            need.words = m.words.iter().map(|&i| words[i].clone()).collect();
            (need, m.words)
        })
        .filter(|(need, _)| !ignore.contains(&need.id))
        .map(|(need, _)| need)
        .collect();
    let substantive = words
        .iter()
        .enumerate()
        .any(|(i, w)| !taken[i] && !is_filler(w));
    let keep: Vec<bool> = words
        .iter()
        .enumerate()
        .map(|(i, w)| !(taken[i] || substantive && is_filler(w)))
        .collect();
    Situation {
        needs,
        attributes,
        kept_last: keep.last().copied().unwrap_or(false),
        words: words
            .iter()
            .zip(&keep)
            .filter(|(_, k)| **k)
            .map(|(w, _)| w.clone())
            .collect(),
    }
}

/// A phrase (or a single word) everywhere, in the body too when `in_body`; None when only stop words
/// remain.
fn text_everywhere(
    ctx: &QueryContext,
    text: &str,
    in_body: bool,
    highlight: &mut BTreeSet<String>,
) -> Option<Box<dyn Query>> {
    let terms = analyze_positions(ctx.language, text);
    highlight.extend(terms.iter().map(|(_, t)| t.clone()));
    match terms.as_slice() {
        [] => None,
        [(_, stem)] => Some(term_everywhere(ctx.schema, ctx.synonyms, stem)),
        _ => Some(phrase_everywhere(ctx.schema, &terms, in_body)),
    }
}

/// Entries that serve `area`, serve the whole municipality, or are no partner (rules and training hold
/// everywhere) rank above partners that work elsewhere; within each group the text decides.
fn rank_by_area(schema: &SearchSchema, text: Box<dyn Query>, area: &str) -> Box<dyn Query> {
    let mut serves: Vec<(Occur, Box<dyn Query>)> = vec![
        (Occur::Should, facet_term(schema.area, "area", area)),
        (
            Occur::Should,
            facet_term(schema.area, "area", MUNICIPALITY_WIDE),
        ),
    ];
    for kind in KINDS.iter().filter(|k| **k != "partner") {
        serves.push((
            Occur::Should,
            Box::new(TermQuery::new(
                Term::from_field_text(schema.kind, kind),
                IndexRecordOption::Basic,
            )),
        ));
    }
    let tier = ConstScoreQuery::new(Box::new(BooleanQuery::new(serves)), AREA_TIER);
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, text),
        (Occur::Should, Box::new(tier)),
    ]))
}

/// The other names of a term the query named, searched everywhere, and the entries the glossary links
/// to it; below literal matches. When the words themselves are in the index ("huurachterstand"), the
/// expansion adds a small constant that never outranks them; when they are not ("bbz"), the expansion's
/// own matches rank the results.
fn glossary_query(
    ctx: &QueryContext,
    found: &TermMatch,
    named_literally: bool,
    highlight: &mut BTreeSet<String>,
) -> Box<dyn Query> {
    let mut alternatives: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Names of several words are looked for where they name something (title, summary, lines), not in
    // bodies: that would read the positions of every name in every body, for a word the coach did not
    // quote.
    for name in &found.other_names {
        alternatives
            .extend(text_everywhere(ctx, name, false, highlight).map(|q| (Occur::Should, q)));
    }
    for entry in &found.term.entries {
        let linked = TermQuery::new(
            Term::from_field_text(ctx.schema.id, entry),
            IndexRecordOption::Basic,
        );
        alternatives.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(linked), GLOSSARY_ENTRY_SCORE)),
        ));
    }
    let expansion = Box::new(BooleanQuery::new(alternatives));
    if named_literally {
        Box::new(ConstScoreQuery::new(
            expansion,
            GLOSSARY_BESIDE_LITERAL_SCORE,
        ))
    } else {
        Box::new(BoostQuery::new(expansion, GLOSSARY_WEIGHT))
    }
}

fn filter(query: Box<dyn Query>) -> (Occur, Box<dyn Query>) {
    (Occur::Must, Box::new(ConstScoreQuery::new(query, 0.0)))
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
