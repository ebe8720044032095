//! Merging a site's glossary into the default one, term by term: a site item overrides the fields it sets,
//! removes a default term or adds a new one; duplicate anchors and abbreviations, new terms without a name
//! or explanation, and `see_also` ids that name no term are reported.

use super::DEFAULT_GLOSSARY_FILE;
use crate::content::{glossary_anchor, GlossaryItem, GlossaryLinks, GlossaryTerm};
use crate::diagnostics::{suggestion_hint, Diagnostic, Diagnostics, Position};
use crate::yaml::Spanned;
use std::collections::HashMap;

/// A term while merging: where its abbreviations and `see_also` came from matters for the checks.
struct Merging {
    term: GlossaryTerm,
    abbreviations: Vec<(Spanned<String>, bool)>,
    see_also: Vec<(Spanned<String>, bool)>,
    removed: bool,
}

/// Sets the fields that `item` sets on `term`; `from_site` tells where the item is.
fn apply(term: &mut Merging, item: &GlossaryItem, from_site: bool) {
    let t = &mut term.term;
    if let Some(name) = &item.term {
        t.term = name.clone();
    }
    if let Some(abbreviations) = &item.abbreviations {
        term.abbreviations = abbreviations
            .iter()
            .map(|a| (a.clone(), from_site))
            .collect();
    }
    if let Some(variants) = &item.variants {
        t.variants = variants.clone();
    }
    if let Some(explanation) = &item.explanation {
        t.explanation = explanation.clone();
    }
    if item.source.is_some() {
        t.source = item.source.clone();
    }
    if let Some(see_also) = &item.see_also {
        term.see_also = see_also.iter().map(|s| (s.clone(), from_site)).collect();
    }
    let links = &item.links;
    for (set, target) in [
        (&links.partners, &mut t.links.partners),
        (&links.regulations, &mut t.links.regulations),
        (&links.modules, &mut t.links.modules),
        (&links.pages, &mut t.links.pages),
    ] {
        if let Some(ids) = set {
            *target = ids.clone();
        }
    }
}

/// A term as `item` states it.
fn new_term(item: &GlossaryItem, file: &str, from_site: bool) -> Merging {
    let mut term = Merging {
        term: GlossaryTerm {
            id: item.id.value.clone(),
            anchor: glossary_anchor(&item.id.value),
            term: String::new(),
            abbreviations: Vec::new(),
            variants: Vec::new(),
            explanation: String::new(),
            source: None,
            see_also: Vec::new(),
            links: GlossaryLinks::default(),
            file: file.to_string(),
        },
        abbreviations: Vec::new(),
        see_also: Vec::new(),
        removed: false,
    };
    apply(&mut term, item, from_site);
    term
}

/// The default terms with the site's items applied: an item whose id is a default term's overrides the
/// fields it sets (or drops the term with `remove: true`), any other item adds a term. `site_file` is the
/// site glossary's path, for diagnostics.
pub fn merge(
    defaults: &[GlossaryItem],
    site: &[GlossaryItem],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<GlossaryTerm> {
    let mut terms: Vec<Merging> = defaults
        .iter()
        .map(|item| new_term(item, DEFAULT_GLOSSARY_FILE, false))
        .collect();
    let mut index: HashMap<String, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.term.id.clone(), i))
        .collect();
    let default_count = terms.len();
    for item in site {
        match index.get(&item.id.value).copied() {
            Some(i) if i < default_count => {
                let term = &mut terms[i];
                term.term.file = site_file.to_string();
                if item.remove {
                    term.removed = true;
                } else {
                    apply(term, item, true);
                }
            }
            // Duplicates within the file were reported when it was read.
            Some(_) => {}
            None if item.remove => {
                let hint = suggestion_hint(
                    &item.id.value,
                    defaults.iter().map(|d| d.id.value.as_str()),
                    "default terms",
                );
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-term",
                        site_file,
                        item.id.position(),
                        format!(
                            "`remove` names `{}`, which is no default term",
                            item.id.value
                        ),
                    )
                    .with_hint(hint),
                );
            }
            None => {
                report_missing_fields(item, defaults, site_file, diagnostics);
                index.insert(item.id.value.clone(), terms.len());
                terms.push(new_term(item, site_file, true));
            }
        }
    }
    terms.retain(|t| !t.removed);
    check_anchors(&terms, diagnostics);
    check_abbreviations(&terms, diagnostics);
    let checked_see_also = checked_see_also(&terms, site_file, diagnostics);
    terms
        .into_iter()
        .zip(checked_see_also)
        .map(|(merging, see_also)| {
            let mut term = merging.term;
            term.abbreviations = merging
                .abbreviations
                .into_iter()
                .map(|(a, _)| a.value)
                .collect();
            term.see_also = see_also;
            term
        })
        .collect()
}

/// A site's new term (its id is no default term's) needs `term` and `explanation`.
fn report_missing_fields(
    item: &GlossaryItem,
    defaults: &[GlossaryItem],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) {
    for (missing, value) in [("term", &item.term), ("explanation", &item.explanation)] {
        if value.is_some() {
            continue;
        }
        let hint = if defaults.is_empty() {
            format!("a new term needs `term` and `explanation`; add `{missing}: …`")
        } else {
            let close = suggestion_hint(
                &item.id.value,
                defaults.iter().map(|d| d.id.value.as_str()),
                "default terms",
            );
            format!(
                "a new term needs `term` and `explanation`; to change a default term, use its id ({close})"
            )
        };
        diagnostics.push(
            Diagnostic::error(
                "missing-field",
                site_file,
                item.at.position(),
                format!("the term `{}` has no `{missing}`", item.id.value),
            )
            .with_hint(hint),
        );
    }
}

/// Each term's `see_also` reduced to terms that exist (not itself, each once); what the site's file names
/// wrongly is reported.
fn checked_see_also(
    terms: &[Merging],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<String>> {
    let ids: Vec<&str> = terms.iter().map(|t| t.term.id.as_str()).collect();
    let mut checked_see_also = Vec::with_capacity(terms.len());
    for term in terms {
        let mut see_also = Vec::new();
        for (id, from_site) in &term.see_also {
            let known = ids.contains(&id.value.as_str()) && id.value != term.term.id;
            if known {
                if !see_also.contains(&id.value) {
                    see_also.push(id.value.clone());
                }
            } else if *from_site {
                let (message, hint) = if id.value == term.term.id {
                    (
                        format!("the term `{}` names itself in `see_also`", id.value),
                        "`see_also` lists other terms; remove this one".to_string(),
                    )
                } else {
                    (
                        format!(
                            "`see_also` names `{}`, which is no term of the glossary",
                            id.value
                        ),
                        suggestion_hint(&id.value, ids.iter().copied(), "terms"),
                    )
                };
                diagnostics.push(
                    Diagnostic::error("unknown-term", site_file, id.position(), message)
                        .with_hint(hint),
                );
            }
            // A default term's `see_also` of a term the site removed is dropped quietly.
        }
        checked_see_also.push(see_also);
    }
    checked_see_also
}

/// Two terms whose anchors are the same (`inhoud` is written `begrip-inhoud`, which a term may also be).
fn check_anchors(terms: &[Merging], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for term in terms {
        if let Some(other) = seen.insert(&term.term.anchor, &term.term.id) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    &term.term.file,
                    Position::START,
                    format!(
                        "the terms `{other}` and `{}` have the same anchor `#{}` on the glossary page",
                        term.term.id, term.term.anchor
                    ),
                )
                .with_hint("the layout's own ids get the prefix `begrip-`; give one of the terms another id"),
            );
        }
    }
}

/// An abbreviation marks and finds one term: two terms claiming it (compared case-insensitively) are an
/// error, reported at the claim that the site's glossary makes (the later one when both do).
fn check_abbreviations(terms: &[Merging], diagnostics: &mut Diagnostics) {
    // Lower-cased abbreviation → the term and the claim that made it first.
    let mut claimed: HashMap<String, (usize, &Spanned<String>, bool)> = HashMap::new();
    for (t, term) in terms.iter().enumerate() {
        for (abbreviation, from_site) in &term.abbreviations {
            let key = abbreviation.value.to_lowercase();
            let Some(&(first, earlier, earlier_from_site)) = claimed.get(&key) else {
                claimed.insert(key, (t, abbreviation, *from_site));
                continue;
            };
            if first == t {
                // One term may list spellings of its own abbreviation (`Wmo`, `WMO`).
                continue;
            }
            // Where the site made the claim: here, or at the earlier claim if only that one is the site's.
            let (reported, reported_term, other, other_at, other_from_site) =
                if *from_site || !earlier_from_site {
                    (
                        abbreviation,
                        term,
                        &terms[first],
                        earlier,
                        earlier_from_site,
                    )
                } else {
                    (earlier, &terms[first], term, abbreviation, *from_site)
                };
            let other_place = if other_from_site {
                format!("line {}", other_at.position().line)
            } else {
                "the default glossary".to_string()
            };
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-abbreviation",
                    &reported_term.term.file,
                    reported.position(),
                    format!(
                        "the abbreviation `{}` is also claimed by the term `{}` ({other_place})",
                        reported.value, other.term.id
                    ),
                )
                .with_hint(if other_from_site {
                    "an abbreviation marks and finds one term: keep it on one of the two terms".to_string()
                } else {
                    format!(
                        "an abbreviation marks and finds one term: remove it here, or give `{0}` other abbreviations (`- id: {0}` with `abbreviations: […]`)",
                        other.term.id
                    )
                }),
            );
        }
    }
}
