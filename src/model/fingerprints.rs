//! Fingerprints of the model's nodes: a node's own text, its flags and every relation to other nodes, so
//! `serve` can tell which pages and search documents an edit touches. The other nodes' own data is not
//! included: a page that shows it adds their fingerprints (see `render::inputs`).

use super::{EntryNode, Site};
use xxhash_rust::xxh3::Xxh3;

pub(super) fn fingerprint_nodes(site: &mut Site) {
    for nodes in site.entries.values_mut() {
        for node in nodes {
            node.fingerprint = fingerprint(node);
        }
    }
}

fn fingerprint(node: &EntryNode) -> u64 {
    let mut hasher = Xxh3::new();
    let list = |hasher: &mut Xxh3, items: &[usize]| {
        hasher.update(&(items.len() as u64).to_le_bytes());
        for item in items {
            hasher.update(&(*item as u64).to_le_bytes());
        }
    };
    hasher.update(&node.meta().source.to_le_bytes());
    hasher.update(&[u8::from(node.stale)]);
    list(&mut hasher, &node.domains);
    // Gemeentebreed, no wijken at all, or these wijken.
    hasher.update(&[u8::from(node.areas.is_some())]);
    list(&mut hasher, node.areas.as_deref().unwrap_or(&[]));
    for (kind, related) in node.relations.all() {
        hasher.update(&[kind as u8]);
        list(&mut hasher, related);
    }
    for entry in &node.backlinks.mentioned_in {
        hasher.update(&[entry.kind as u8]);
        hasher.update(&(entry.index as u64).to_le_bytes());
    }
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{EntryKind, Relation};
    use crate::model::{EntryRef, Relations};

    fn node() -> EntryNode {
        let entry = crate::content::Entry::example(EntryKind::Module, "basis");
        EntryNode {
            entry: std::sync::Arc::new(entry),
            body: Default::default(),
            parts: Vec::new(),
            summary: String::new(),
            domains: vec![0],
            areas: None,
            stale: false,
            links: Vec::new(),
            relations: Relations::default(),
            backlinks: Default::default(),
            fingerprint: 0,
        }
    }

    #[test]
    fn every_part_of_a_node_changes_its_fingerprint() {
        let base = fingerprint(&node());
        assert_eq!(base, fingerprint(&node()), "the same node, the same print");
        let mut stale = node();
        stale.stale = true;
        let mut domains = node();
        domains.domains = vec![1];
        let mut areas = node();
        areas.areas = Some(vec![]);
        let mut stated = node();
        stated.relations.stated[Relation::Prerequisite.position()] = vec![3];
        let mut reverse = node();
        reverse.relations.reverse[Relation::Prerequisite.position()] = vec![3];
        let mut mentioned = node();
        mentioned.backlinks.mentioned_in = vec![EntryRef {
            kind: EntryKind::Page,
            index: 0,
        }];
        let prints = [stale, domains, areas, stated, reverse, mentioned].map(|n| fingerprint(&n));
        for (i, print) in prints.iter().enumerate() {
            assert_ne!(*print, base, "change {i} is seen");
        }
        assert_ne!(prints[3], prints[4], "a stated relation is not its reverse");
    }
}
