//! The query for one typed word. First what the word literally is: its stems everywhere, its completions
//! and one-typo corrections among the index's word forms, and the compounds it is a part of. A word that
//! finds nothing that way is never a dead end: it is split into the compound parts the index knows
//! ("geldproblemen" → geld + problemen), or else, for long words, corrected within two typos; the
//! response says which.

use crate::analyzer::{analyze, analyze_words};
use crate::compounds::{split, Lexicon};
use crate::field_queries::term_everywhere;
use crate::query_context::QueryContext;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;
use tantivy::query::{BooleanQuery, BoostQuery, DisjunctionMaxQuery, Occur, Query};

/// Weight of number-only query words relative to other words.
const NUMBER_WEIGHT: f32 = 0.25;
/// Weight of the best completion of a word, relative to the word itself.
const PREFIX_WEIGHT: f32 = 0.8;
/// Weight of the best spelling correction of a word (one edit away).
const TYPO_WEIGHT: f32 = 0.5;
/// Weight of the best compound that has the word as a part ("verslaving" in "gokverslaving"): below the
/// word itself, whole-word matches first.
const PART_WEIGHT: f32 = 0.6;
/// Words shorter than this get no typo tolerance: one edit changes a short word too much.
const MIN_TYPO_CHARS: usize = 5;
/// Words from this length on that find nothing are corrected within two edits.
const MIN_TWO_TYPO_CHARS: usize = 8;
/// How many of the most frequent completions, corrections or compounds of a word are searched.
const MAX_EXPANSIONS: usize = 24;

/// A word that found nothing as typed, and what was searched instead.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Rewrite {
    /// The word as typed.
    pub word: String,
    /// What was searched instead: the compound's parts, or the corrected word.
    pub searched: Vec<String>,
    pub reason: RewriteReason,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RewriteReason {
    /// Split into the compound parts the index knows.
    Parts,
    /// Corrected within two typos.
    Spelling,
}

/// One clause of a boolean query.
type Clause = (Occur, Box<dyn Query>);

/// What the word queries of one search collect on the way.
#[derive(Debug, Default)]
pub(crate) struct WordQueries {
    pub highlight: BTreeSet<String>,
    pub rewrites: Vec<Rewrite>,
}

fn is_number(word: &str) -> bool {
    word.chars().all(|c| c.is_ascii_digit())
}

/// The query for `word`, and whether the index has the word as typed (or a completion, correction or
/// compound of it); `is_last` when it is still being typed (then it may be a prefix). A word that finds
/// nothing is split or corrected when `allow_fallback` (not when the glossary knows it).
pub(crate) fn word_query(
    ctx: &QueryContext,
    word: &str,
    is_last: bool,
    allow_fallback: bool,
    collected: &mut WordQueries,
) -> Option<(Box<dyn Query>, bool)> {
    let stems = analyze(ctx.language, word);
    if stems.is_empty() {
        // A stop word ("de", "het"): completing it would match half the vocabulary.
        return None;
    }
    let (mut clauses, found) =
        literal_clauses(ctx, word, &stems, is_last, &mut collected.highlight);
    if !found && allow_fallback {
        clauses.extend(fallback(ctx, word, collected));
    }
    let query: Box<dyn Query> = Box::new(BooleanQuery::new(clauses));
    // A bare number ("18", "2025") is mostly an age or a year: a weak hint of what is wanted.
    let query: Box<dyn Query> = if is_number(word) {
        Box::new(BoostQuery::new(query, NUMBER_WEIGHT))
    } else {
        query
    };
    Some((query, found))
}

/// The clauses of what `word` literally is, and whether the index has any of it.
fn literal_clauses(
    ctx: &QueryContext,
    word: &str,
    stems: &[String],
    is_last: bool,
    highlight: &mut BTreeSet<String>,
) -> (Vec<Clause>, bool) {
    let mut clauses: Vec<Clause> = Vec::new();
    for stem in stems {
        highlight.insert(stem.clone());
        clauses.push((
            Occur::Should,
            term_everywhere(ctx.schema, ctx.synonyms, stem),
        ));
    }
    let forms = analyze_words(word);
    let mut found = forms
        .iter()
        .any(|form| ctx.vocabulary.count(form).is_some())
        || stems
            .iter()
            .any(|stem| !ctx.synonyms.domains(stem).is_empty());
    // The word being typed may be a prefix from its second letter on; earlier words from their third.
    let min_prefix = if is_last { 2 } else { 3 };
    for form in &forms {
        if is_number(form) {
            continue;
        }
        let length = form.chars().count();
        if length >= min_prefix {
            let completions = ctx.vocabulary.with_prefix(form, MAX_EXPANSIONS);
            found |= !completions.is_empty();
            clauses.extend(best_of(ctx, &completions, stems, PREFIX_WEIGHT, highlight));
        }
        if length >= MIN_TYPO_CHARS {
            let corrections = ctx.vocabulary.within_edits(form, 1, MAX_EXPANSIONS);
            found |= !corrections.is_empty();
            clauses.extend(best_of(ctx, &corrections, stems, TYPO_WEIGHT, highlight));
        }
    }
    for stem in stems {
        let compounds = ctx
            .vocabulary
            .most_frequent_of(ctx.compounds.containing(stem), MAX_EXPANSIONS);
        found |= !compounds.is_empty();
        clauses.extend(best_of(ctx, &compounds, stems, PART_WEIGHT, highlight));
    }
    (clauses, found)
}

/// The site's own words as the splitter's lexicon: the word forms of the vocabulary (compound parts
/// included) and the stems of the index ("gok" is a word where the site writes "gokken"), with how many
/// entries have each. A word that needs the fallback is in no entry, so any parts will do.
struct SiteWords<'a, 'c>(&'a QueryContext<'c>);

impl SiteWords<'_, '_> {
    fn entries_with(&self, form: &str) -> u64 {
        if let Some(count) = self.0.vocabulary.count(form) {
            return count;
        }
        let ctx = self.0;
        analyze(ctx.language, form).first().map_or(0, |stem| {
            [ctx.schema.title, ctx.schema.body]
                .into_iter()
                .map(|field| {
                    let term = tantivy::Term::from_field_text(field, stem);
                    ctx.searcher.doc_freq(&term).unwrap_or(0)
                })
                .max()
                .unwrap_or(0)
        })
    }
}

impl Lexicon for SiteWords<'_, '_> {
    fn is_word(&self, form: &str) -> bool {
        self.entries_with(form) > 0
    }
    fn frequency(&self, form: &str) -> u64 {
        self.entries_with(form)
    }
}

/// For a word that finds nothing: its compound parts, or else its forms within two typos.
fn fallback(
    ctx: &QueryContext,
    word: &str,
    collected: &mut WordQueries,
) -> Option<(Occur, Box<dyn Query>)> {
    let forms = analyze_words(word);
    let [form] = forms.as_slice() else {
        return None;
    };
    if let Some(parts) = split(form, &SiteWords(ctx)) {
        // Each part as a word of its own: entries with all parts rank first, and a combination that no
        // entry has ("armoede" + "regeling") still finds each.
        let mut each: Vec<Clause> = Vec::new();
        for part in &parts {
            let stems = analyze(ctx.language, part);
            if stems.is_empty() {
                continue;
            }
            let (clauses, _) = literal_clauses(ctx, part, &stems, false, &mut collected.highlight);
            each.push((Occur::Should, Box::new(BooleanQuery::new(clauses))));
        }
        if !each.is_empty() {
            collected.rewrites.push(Rewrite {
                word: word.to_string(),
                searched: parts,
                reason: RewriteReason::Parts,
            });
            return Some((Occur::Should, Box::new(BooleanQuery::new(each))));
        }
    }
    if form.chars().count() >= MIN_TWO_TYPO_CHARS {
        let corrections = ctx.vocabulary.within_edits(form, 2, MAX_EXPANSIONS);
        if let Some(best) = corrections.first() {
            collected.rewrites.push(Rewrite {
                word: word.to_string(),
                searched: vec![best.clone()],
                reason: RewriteReason::Spelling,
            });
            return best_of(
                ctx,
                &corrections,
                &[],
                TYPO_WEIGHT,
                &mut collected.highlight,
            );
        }
    }
    // Last, how it sounds: "sgulthulp" is how a client writes schuldhulp.
    if let Some(sounding) = ctx.vocabulary.sounding_like(form) {
        let sounding = vec![sounding.to_string()];
        collected.rewrites.push(Rewrite {
            word: word.to_string(),
            searched: sounding.clone(),
            reason: RewriteReason::Spelling,
        });
        return best_of(ctx, &sounding, &[], TYPO_WEIGHT, &mut collected.highlight);
    }
    None
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
        .map(|stem| term_everywhere(ctx.schema, ctx.synonyms, stem))
        .collect();
    let best = DisjunctionMaxQuery::new(disjuncts);
    Some((
        Occur::Should,
        Box::new(BoostQuery::new(Box::new(best), weight)),
    ))
}
