//! What to suggest when nothing was found: the query with misspelt words corrected from the index's own
//! vocabulary, and the domains whose name or synonyms resemble what was typed.

use crate::analyzer::analyze_words;
use crate::files::{DomainFacet, Facets};
use crate::query::ParsedQuery;
use crate::vocabulary::Vocabulary;
use levenshtein_automata::{Distance, LevenshteinAutomatonBuilder};
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Suggestions {
    /// Whole corrected queries, to search with one click.
    pub spellings: Vec<String>,
    pub domains: Vec<DomainFacet>,
}

/// The most frequent word form close to `form`, when `form` itself starts no word of the index.
fn correction(form: &str, vocabulary: &Vocabulary) -> Option<String> {
    if form.chars().count() < 3 || !vocabulary.with_prefix(form, 1).is_empty() {
        return None;
    }
    (1..=2).find_map(|distance| {
        vocabulary
            .within_edits(form, distance, 1)
            .into_iter()
            .next()
    })
}

/// `text` with every word that starts no word of the index replaced by its closest correction.
fn corrected(text: &str, vocabulary: &Vocabulary, changed: &mut bool) -> String {
    text.split_whitespace()
        .map(|word| {
            let forms = analyze_words(word);
            let fixed: Vec<String> = forms
                .iter()
                .map(|form| correction(form, vocabulary).unwrap_or_else(|| form.clone()))
                .collect();
            if fixed == forms {
                word.to_string()
            } else {
                *changed = true;
                fixed.join(" ")
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(crate) fn suggest(
    parsed: &ParsedQuery,
    vocabulary: &Vocabulary,
    facets: &Facets,
) -> Suggestions {
    let mut changed = false;
    let words = corrected(&parsed.words.join(" "), vocabulary, &mut changed);
    let phrases = parsed
        .phrases
        .iter()
        .map(|phrase| format!("\"{}\"", corrected(phrase, vocabulary, &mut changed)))
        .collect::<Vec<_>>();
    let spellings = if changed {
        let query: Vec<String> = std::iter::once(words)
            .filter(|w| !w.is_empty())
            .chain(phrases)
            .collect();
        vec![query.join(" ")]
    } else {
        Vec::new()
    };
    Suggestions {
        spellings,
        domains: matching_domains(parsed, facets),
    }
}

/// Domains with a label or synonym word that a typed word starts, or is one typo away from.
fn matching_domains(parsed: &ParsedQuery, facets: &Facets) -> Vec<DomainFacet> {
    let typed: Vec<String> = parsed
        .words
        .iter()
        .chain(&parsed.phrases)
        .flat_map(|w| analyze_words(w))
        .filter(|form| form.chars().count() >= 3)
        .collect();
    let one_edit = LevenshteinAutomatonBuilder::new(1, true);
    let automata: Vec<_> = typed
        .iter()
        .map(|form| (form, one_edit.build_dfa(form)))
        .collect();
    facets
        .domains
        .iter()
        .filter(|domain| {
            let words: Vec<String> = std::iter::once(&domain.label)
                .chain(&domain.synonyms)
                .flat_map(|text| analyze_words(text))
                .collect();
            automata.iter().any(|(form, dfa)| {
                words.iter().any(|word| {
                    word.starts_with(form.as_str())
                        || (form.chars().count() >= 5
                            && matches!(dfa.eval(word), Distance::Exact(_)))
                })
            })
        })
        .cloned()
        .collect()
}
