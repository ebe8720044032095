//! The glossary in the model: each merged term with its links resolved ("wie helpt hierbij"), the entries
//! whose texts mark it ("genoemd in"), and what marking needs of the glossary.

use super::{url_for, EntryRef};
use crate::content::{EntryKind, GlossaryTerm};
use crate::markdown::{MarkedTerm, TermMarker};
use crate::yaml::Spanned;
use std::collections::HashMap;
use xxhash_rust::xxh3::Xxh3;

/// URL segment of the glossary page.
pub const GLOSSARY_SEGMENT: &str = "glossary";

#[derive(Debug, Clone)]
pub struct TermNode {
    pub term: GlossaryTerm,
    /// The entries the glossary links the term to, partners first, then regulations, modules and pages.
    pub handled_by: Vec<EntryRef>,
    /// The entries whose texts mark the term, in entry order.
    pub mentioned_in: Vec<EntryRef>,
    /// Indices of the terms of `see_also`.
    pub see_also: Vec<usize>,
}

/// The marker for the texts of a site with `glossary`, whose pages live under `base_path`.
pub fn marker(glossary: &[GlossaryTerm], base_path: &str) -> TermMarker {
    TermMarker::new(glossary.iter().map(|term| MarkedTerm {
        abbreviations: &term.abbreviations,
        href: format!(
            "{}#{}",
            url_for(base_path, &[GLOSSARY_SEGMENT]),
            term.anchor
        ),
        title: &term.term,
    }))
}

/// Feeds what marking makes of the glossary into `hasher`: texts render the same while it is the same.
pub fn hash_marking(glossary: &[GlossaryTerm], hasher: &mut Xxh3) {
    for term in glossary {
        hasher.update(&[2]);
        hasher.update(term.anchor.as_bytes());
        hasher.update(&[0]);
        hasher.update(term.term.as_bytes());
        for abbreviation in &term.abbreviations {
            hasher.update(&[0]);
            hasher.update(abbreviation.as_bytes());
        }
    }
}

/// The term nodes of `glossary`; `lookup` resolves an entry id, `mentions` are (term, entry) pairs found
/// while rendering.
pub fn term_nodes(
    glossary: Vec<GlossaryTerm>,
    lookup: impl Fn(EntryKind, &str) -> Option<usize>,
    mut mentions: Vec<(usize, EntryRef)>,
) -> Vec<TermNode> {
    let index: HashMap<&str, usize> = glossary
        .iter()
        .enumerate()
        .map(|(i, t)| (t.id.as_str(), i))
        .collect();
    let see_also: Vec<Vec<usize>> = glossary
        .iter()
        .map(|t| {
            t.see_also
                .iter()
                .filter_map(|id| index.get(id.as_str()).copied())
                .collect()
        })
        .collect();
    drop(index);
    mentions.sort_unstable();
    mentions.dedup();
    let mut mentioned_in: Vec<Vec<EntryRef>> = vec![Vec::new(); glossary.len()];
    for (term, entry) in mentions {
        mentioned_in[term].push(entry);
    }
    glossary
        .into_iter()
        .zip(see_also)
        .zip(mentioned_in)
        .map(|((term, see_also), mentioned_in)| {
            let links = &term.links;
            let mut handled_by = Vec::new();
            for (kind, ids) in [
                (EntryKind::Partner, &links.partners),
                (EntryKind::Regulation, &links.regulations),
                (EntryKind::Module, &links.modules),
                (EntryKind::Page, &links.pages),
            ] {
                handled_by.extend(resolved(kind, ids, &lookup));
            }
            handled_by.dedup();
            TermNode {
                term,
                handled_by,
                mentioned_in,
                see_also,
            }
        })
        .collect()
}

fn resolved<'a>(
    kind: EntryKind,
    ids: &'a [Spanned<String>],
    lookup: &'a impl Fn(EntryKind, &str) -> Option<usize>,
) -> impl Iterator<Item = EntryRef> + 'a {
    ids.iter()
        .filter_map(move |id| lookup(kind, &id.value).map(|index| EntryRef { kind, index }))
}
