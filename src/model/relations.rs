//! Resolves ids to indices (`IdIndex`) and fills every reverse relation in one pass over the stated ones:
//! who carries out a regulation, which modules teach a partner, which modules require a module, which
//! entries are in a domain or a wijk, and which entries' texts mention an entry.

use super::{url_for, EntryRef, Site};
use crate::content::{ByKind, Content, EntryKind, Relation};
use crate::markdown;
use crate::yaml::Spanned;
use std::collections::HashMap;

/// The index of every id: domains, wijken and the entries of each kind.
pub(super) struct IdIndex {
    domains: HashMap<String, usize>,
    areas: HashMap<String, usize>,
    entries: ByKind<HashMap<String, usize>>,
}

fn index_of<'a>(ids: impl Iterator<Item = &'a str>) -> HashMap<String, usize> {
    ids.enumerate().map(|(i, id)| (id.to_string(), i)).collect()
}

impl IdIndex {
    pub fn new(content: &Content) -> Self {
        IdIndex {
            domains: index_of(content.domains.iter().map(|d| d.id.as_str())),
            areas: index_of(content.areas.iter().map(|a| a.id.as_str())),
            entries: ByKind::from_fn(|kind| index_of(content.entries[kind].iter().map(|e| e.id()))),
        }
    }

    pub fn entry(&self, kind: EntryKind, id: &str) -> Option<usize> {
        self.entries[kind].get(id).copied()
    }

    /// Ids that do not resolve were reported by validation and are skipped here; a repeated id counts once.
    pub fn entries(&self, kind: EntryKind, ids: &[Spanned<String>]) -> Vec<usize> {
        resolve(ids.iter(), &self.entries[kind])
    }

    pub fn domains<'a>(&self, ids: impl Iterator<Item = &'a Spanned<String>>) -> Vec<usize> {
        resolve(ids, &self.domains)
    }

    pub fn areas(&self, ids: &[Spanned<String>]) -> Vec<usize> {
        resolve(ids.iter(), &self.areas)
    }

    /// The URL of a related link: an `@/` link resolved, an absolute URL as written; None for a link that
    /// validation reported.
    pub fn link_url(&self, url: &str, base_path: &str) -> Option<String> {
        match markdown::parse_internal_link(url) {
            Ok(Some(internal)) => {
                self.entry(internal.kind, &internal.id)?;
                let anchor = internal.anchor.map(|a| format!("#{a}")).unwrap_or_default();
                Some(format!(
                    "{}{anchor}",
                    url_for(base_path, &[internal.kind.folder(), &internal.id])
                ))
            }
            Ok(None) => Some(url.to_string()),
            Err(_) => None,
        }
    }
}

fn resolve<'a>(
    ids: impl Iterator<Item = &'a Spanned<String>>,
    index: &HashMap<String, usize>,
) -> Vec<usize> {
    let mut resolved: Vec<usize> = ids
        .filter_map(|id| index.get(id.value.as_str()).copied())
        .collect();
    resolved.dedup();
    resolved
}

/// Fills every reverse relation, the domains' and wijken's entries and the backlinks; each list ends up
/// in entry order because the pass visits entries in order.
pub(super) fn add_reverse_relations(site: &mut Site, mut mentions: Vec<(EntryRef, EntryRef)>) {
    let mut reverse: Vec<(Relation, usize, usize)> = Vec::new();
    for (kind, nodes) in site.entries.iter() {
        for (index, node) in nodes.iter().enumerate() {
            for &d in &node.domains {
                site.domains[d].entries[kind].push(index);
            }
            match &node.areas {
                Some(areas) => {
                    for &a in areas {
                        site.areas[a].entries[kind].push(index);
                    }
                }
                None if node.works_municipality_wide() => site.municipality_wide[kind].push(index),
                None => {}
            }
            for relation in crate::content::Relation::ALL {
                reverse.extend(
                    node.relations
                        .stated(relation)
                        .iter()
                        .map(|&target| (relation, target, index)),
                );
            }
        }
    }
    for (relation, target, source) in reverse {
        site.entries[relation.target()][target].relations.reverse[relation.position()].push(source);
    }
    mentions.sort_unstable();
    mentions.dedup();
    for (source, target) in mentions {
        site.entries[target.kind][target.index]
            .backlinks
            .mentioned_in
            .push(source);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Entry, EntryDetails, Module};
    use std::sync::Arc;

    fn spanned(ids: &[&str]) -> Vec<Spanned<String>> {
        ids.iter()
            .map(|id| Spanned::new(id.to_string(), crate::diagnostics::Position::START))
            .collect()
    }

    fn module(id: &str, prerequisites: &[&str], partners: &[&str]) -> Arc<Entry> {
        let mut entry = Entry::example(EntryKind::Module, id);
        entry.details = EntryDetails::Module(Module {
            prerequisites: spanned(prerequisites),
            partners: spanned(partners),
            ..Module::default()
        });
        Arc::new(entry)
    }

    fn site_of(content: Content) -> Site {
        let config = crate::config::parse_config(
            "title = \"Gemeente Test\"\nbase_url = \"https://sociale-kaart.example.nl/\"",
        )
        .unwrap();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap();
        super::super::build_site(config, content, today)
    }

    #[test]
    fn stated_relations_resolve_and_their_reverse_sides_fill_in_entry_order() {
        let mut content = Content::default();
        content.entries[EntryKind::Partner] = vec![
            Arc::new(Entry::example(EntryKind::Partner, "schuldhulp")),
            Arc::new(Entry::example(EntryKind::Partner, "voedselbank")),
        ];
        content.entries[EntryKind::Module] = vec![
            // An unknown id (reported by validation) and a repeated one are skipped.
            module("basis", &[], &["voedselbank", "onbekend", "voedselbank"]),
            module("gevorderd", &["basis"], &["schuldhulp"]),
            module("verdieping", &["gevorderd", "basis"], &[]),
        ];
        let site = site_of(content);
        let modules = &site.entries[EntryKind::Module];
        assert_eq!(modules[0].relations.stated(Relation::TeachesPartner), [1]);
        assert_eq!(modules[2].relations.stated(Relation::Prerequisite), [1, 0]);
        assert_eq!(modules[0].relations.reverse(Relation::Prerequisite), [1, 2]);
        let partners = &site.entries[EntryKind::Partner];
        assert_eq!(partners[0].relations.reverse(Relation::TeachesPartner), [1]);
        assert_eq!(partners[1].relations.reverse(Relation::TeachesPartner), [0]);
        assert!(partners[0]
            .relations
            .reverse(Relation::CarriedOutBy)
            .is_empty());
    }

    #[test]
    fn links_between_entries_become_backlinks_once() {
        let mut content = Content::default();
        let mut page = Entry::example(EntryKind::Page, "armoede");
        page.body = crate::content::MarkdownSource::new(
            "[a](@/partners/schuldhulp) en [b](@/partners/schuldhulp) en [c](@/pages/armoede)"
                .into(),
            crate::yaml::At::Known(crate::diagnostics::Position::START),
        );
        content.entries[EntryKind::Page] = vec![Arc::new(page)];
        content.entries[EntryKind::Partner] =
            vec![Arc::new(Entry::example(EntryKind::Partner, "schuldhulp"))];
        let site = site_of(content);
        let page = EntryRef {
            kind: EntryKind::Page,
            index: 0,
        };
        assert_eq!(
            site.entries[EntryKind::Partner][0].backlinks.mentioned_in,
            [page]
        );
        assert!(site.entries[EntryKind::Page][0]
            .backlinks
            .mentioned_in
            .is_empty());
    }
}
