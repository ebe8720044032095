//! Merging a site's lexicon into the shipped one, need by need: a site item overrides the fields it sets,
//! removes a shipped need or adds a new one. Each need is then checked against the site: its domain must
//! be one of the site's, its term one of the merged glossary's, and an expression may name one need only.
//! What the site's file states wrongly is reported. A shipped need whose domain the site does not have is
//! left out silently, and one whose term the site does not have loses only the term, so that a site with
//! a taxonomy or glossary of its own gets no cascade of errors about a file it did not write.

use crate::content::{Domain, GlossaryTerm, Need, NeedItem};
use crate::diagnostics::{close_matches, suggestion_hint, Diagnostic, Diagnostics, Position};
use crate::yaml::Spanned;
use std::collections::HashMap;

/// A value and whether the site's file set it.
type Set<T> = (T, bool);

/// A need while merging: where each field came from decides what is reported about it.
struct Merging {
    id: String,
    domain: Option<Set<Spanned<String>>>,
    term: Option<Set<Spanned<String>>>,
    expressions: Vec<Set<Spanned<String>>>,
    english: Vec<Set<Spanned<String>>>,
    /// The site's item that adds or changes this need, for a diagnostic about a field it did not set.
    site_item: Option<Spanned<String>>,
    removed: bool,
}

fn sourced(items: &[Spanned<String>], from_site: bool) -> Vec<Set<Spanned<String>>> {
    items.iter().map(|e| (e.clone(), from_site)).collect()
}

/// Sets the fields that `item` sets on `need`; `from_site` tells where the item is.
fn apply(need: &mut Merging, item: &NeedItem, from_site: bool) {
    if let Some(domain) = &item.domain {
        need.domain = Some((domain.clone(), from_site));
    }
    if let Some(term) = &item.term {
        need.term = Some((term.clone(), from_site));
    }
    if let Some(expressions) = &item.expressions {
        need.expressions = sourced(expressions, from_site);
    }
    if let Some(english) = &item.english {
        need.english = sourced(english, from_site);
    }
}

fn new_need(item: &NeedItem, from_site: bool) -> Merging {
    let mut need = Merging {
        id: item.id.value.clone(),
        domain: None,
        term: None,
        expressions: Vec::new(),
        english: Vec::new(),
        site_item: from_site.then(|| item.id.clone()),
        removed: false,
    };
    apply(&mut need, item, from_site);
    need
}

/// The shipped needs with the site's items applied and checked against the site's `domains` and merged
/// `glossary`. `site_file` is the site lexicon's path, for diagnostics.
pub fn merge(
    defaults: &[NeedItem],
    site: &[NeedItem],
    site_file: &str,
    domains: &[Domain],
    glossary: &[GlossaryTerm],
    diagnostics: &mut Diagnostics,
) -> Vec<Need> {
    let mut needs: Vec<Merging> = defaults.iter().map(|item| new_need(item, false)).collect();
    let mut index: HashMap<String, usize> = needs
        .iter()
        .enumerate()
        .map(|(i, n)| (n.id.clone(), i))
        .collect();
    let default_count = needs.len();
    let shipped_ids = || defaults.iter().map(|d| d.id.value.as_str());
    for item in site {
        match index.get(&item.id.value).copied() {
            Some(i) if i < default_count => {
                let need = &mut needs[i];
                if item.remove {
                    need.removed = true;
                    continue;
                }
                apply(need, item, true);
                need.site_item = Some(item.id.clone());
                let clears = item.expressions.is_some() || item.english.is_some();
                if clears && need.expressions.is_empty() && need.english.is_empty() {
                    diagnostics.push(
                        Diagnostic::error(
                            "missing-field",
                            site_file,
                            item.id.position(),
                            format!("the need `{}` is left without expressions", item.id.value),
                        )
                        .with_hint("give it `expressions: […]`, or drop it with `remove: true`"),
                    );
                }
            }
            // Duplicates within the file were reported when it was read.
            Some(_) => {}
            None if item.remove => {
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-need",
                        site_file,
                        item.id.position(),
                        format!(
                            "`remove` names `{}`, which is no shipped need",
                            item.id.value
                        ),
                    )
                    .with_hint(suggestion_hint(
                        &item.id.value,
                        shipped_ids(),
                        "shipped needs",
                    )),
                );
            }
            None => {
                report_missing_fields(item, defaults, site_file, diagnostics);
                index.insert(item.id.value.clone(), needs.len());
                needs.push(new_need(item, true));
            }
        }
    }
    let targets = Targets {
        domains: domains.iter().map(|d| d.id.as_str()).collect(),
        terms: glossary.iter().map(|t| t.id.as_str()).collect(),
        site_file,
    };
    let mut kept: Vec<(Merging, String, Option<String>)> = needs
        .into_iter()
        .filter(|need| !need.removed)
        .filter_map(|need| {
            let domain = targets.domain(&need, diagnostics)?;
            let term = targets.term(&need, diagnostics);
            Some((need, domain, term))
        })
        .collect();
    check_expressions(&mut kept, site_file, diagnostics);
    kept.into_iter()
        .filter(|(need, _, _)| !(need.expressions.is_empty() && need.english.is_empty()))
        .map(|(need, domain, term)| Need {
            id: need.id,
            domain,
            term,
            expressions: need.expressions.into_iter().map(|(e, _)| e.value).collect(),
            english: need.english.into_iter().map(|(e, _)| e.value).collect(),
        })
        .collect()
}

/// A site's new need (its id is no shipped need's) needs `domain` and expressions.
fn report_missing_fields(
    item: &NeedItem,
    defaults: &[NeedItem],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) {
    let no_expressions = item.expressions.as_ref().is_none_or(Vec::is_empty)
        && item.english.as_ref().is_none_or(Vec::is_empty);
    for (missing, absent) in [
        ("domain", item.domain.is_none()),
        ("expressions", no_expressions),
    ] {
        if !absent {
            continue;
        }
        // A close shipped id suggests a typo in an override; a list of all of them would only be noise.
        let close = close_matches(&item.id.value, defaults.iter().map(|d| d.id.value.as_str()));
        let hint = if close.is_empty() {
            let value = if missing == "domain" { "…" } else { "[…]" };
            format!("a new need needs `domain` and `expressions`; add `{missing}: {value}`")
        } else {
            let close: Vec<String> = close.iter().map(|id| format!("`{id}`")).collect();
            format!(
                "a new need needs `domain` and `expressions`; to change a shipped need, use its id (did you mean {}?)",
                close.join(" or ")
            )
        };
        diagnostics.push(
            Diagnostic::error(
                "missing-field",
                site_file,
                item.at.position(),
                format!("the need `{}` has no `{missing}`", item.id.value),
            )
            .with_hint(hint),
        );
    }
}

/// What a need may point to on this site.
struct Targets<'a> {
    domains: Vec<&'a str>,
    terms: Vec<&'a str>,
    site_file: &'a str,
}

impl Targets<'_> {
    /// The need's domain if the site has it; None drops the need (reported if the site's file is why).
    fn domain(&self, need: &Merging, diagnostics: &mut Diagnostics) -> Option<String> {
        // A new need without a domain, or with an empty one, was reported already.
        let (domain, from_site) = need.domain.as_ref()?;
        if domain.value.is_empty() {
            return None;
        }
        if self.domains.contains(&domain.value.as_str()) {
            return Some(domain.value.clone());
        }
        let close = suggestion_hint(&domain.value, self.domains.iter().copied(), "domains");
        if *from_site {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-domain",
                    self.site_file,
                    domain.position(),
                    format!("unknown domain `{}`", domain.value),
                )
                .with_hint(close),
            );
        } else if let Some(item) = &need.site_item {
            // The site changes a shipped need of a domain it does not have: its words would be lost.
            diagnostics.push(
                Diagnostic::error(
                    "unknown-domain",
                    self.site_file,
                    item.position(),
                    format!(
                        "the shipped need `{}` is in the domain `{}`, which this site does not have",
                        need.id, domain.value
                    ),
                )
                .with_hint(format!(
                    "set `domain:` to one of the site's domains ({close}), or drop the need with `remove: true`"
                )),
            );
        }
        None
    }

    /// The need's term if the merged glossary has it; a term the site's file names wrongly is reported.
    fn term(&self, need: &Merging, diagnostics: &mut Diagnostics) -> Option<String> {
        let (term, from_site) = need.term.as_ref()?;
        if term.value.is_empty() {
            return None;
        }
        if self.terms.contains(&term.value.as_str()) {
            return Some(term.value.clone());
        }
        if *from_site {
            diagnostics.push(
                Diagnostic::error(
                    "unknown-term",
                    self.site_file,
                    term.position(),
                    format!(
                        "`term` names `{}`, which is no term of the glossary",
                        term.value
                    ),
                )
                .with_hint(suggestion_hint(
                    &term.value,
                    self.terms.iter().copied(),
                    "terms",
                )),
            );
        }
        None
    }
}

/// How expressions are compared: case and runs of spaces do not make another expression.
fn expression_key(expression: &str) -> String {
    expression
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// An expression names one need. The shipped expressions claim theirs first (the embedded lexicon has no
/// expression twice, as a test checks); then each of the site's is checked against every earlier claim,
/// reported where the site's file repeats it, and dropped.
fn check_expressions(
    needs: &mut [(Merging, String, Option<String>)],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) {
    // Expression key → the need that claims it and, for a claim of the site's file, its line.
    let mut claimed: HashMap<String, (usize, Option<usize>)> = HashMap::new();
    for (n, (need, _, _)) in needs.iter().enumerate() {
        for (expression, _) in need
            .expressions
            .iter()
            .chain(&need.english)
            .filter(|(_, from_site)| !from_site)
        {
            claimed
                .entry(expression_key(&expression.value))
                .or_insert((n, None));
        }
    }
    let ids: Vec<String> = needs.iter().map(|(need, _, _)| need.id.clone()).collect();
    for (n, (need, _, _)) in needs.iter_mut().enumerate() {
        for list in [&mut need.expressions, &mut need.english] {
            list.retain(|(expression, from_site)| {
                if !from_site {
                    return true;
                }
                let at = expression.position();
                let key = expression_key(&expression.value);
                let Some(&(other, line)) = claimed.get(&key) else {
                    claimed.insert(key, (n, Some(at.line)));
                    return true;
                };
                if let Some(diagnostic) =
                    repeated_expression(expression, at, &ids[n], &ids[other], line, site_file)
                {
                    diagnostics.push(diagnostic);
                }
                false
            });
        }
    }
}

/// The diagnostic for a site's expression that an earlier claim (on `line` of the site's file, or shipped)
/// already makes for the need `other`; None where the site repeats a shipped expression of the same need,
/// which changes nothing.
fn repeated_expression(
    expression: &Spanned<String>,
    at: Position,
    need: &str,
    other: &str,
    line: Option<usize>,
    site_file: &str,
) -> Option<Diagnostic> {
    let (message, hint) = match line {
        None if other == need => return None,
        None => (
            format!(
                "the expression `{}` already names the shipped need `{other}`",
                expression.value
            ),
            format!(
                "an expression names one need: remove it here, or give `{other}` other expressions (`- id: {other}` with `expressions: […]`)"
            ),
        ),
        Some(line) if other == need => (
            format!(
                "the expression `{}` is given twice for the need `{need}` (also on line {line})",
                expression.value
            ),
            "remove one of the two".to_string(),
        ),
        Some(line) => (
            format!(
                "the expression `{}` also names the need `{other}` (line {line})",
                expression.value
            ),
            "an expression names one need: keep it on one of the two".to_string(),
        ),
    };
    Some(Diagnostic::error("duplicate-expression", site_file, at, message).with_hint(hint))
}
