//! Model stage: the validated content with every reference resolved to an index, Markdown rendered with
//! resolved `@/` links, and every reverse relation computed in one linear pass.
//!
//! Rendering Markdown happens here, not in `render`, because link targets need every entry's URL and
//! backlinks ("genoemd in") need every entry's links: both are known only once all content is loaded.
//! The same holds for the glossary (`glossary`): texts mark the first mention of its terms, and each term
//! lists the entries that mention it. The jobs: `texts` renders Markdown, `relations` resolves ids and
//! fills the reverse sides, `fingerprints` says what changed for `serve`.

mod fingerprints;
mod glossary;
mod paths;
mod relations;
mod texts;

pub use glossary::{TermNode, GLOSSARY_SEGMENT};
pub use paths::{FacetValue, ModuleFacets, PathNode, StepNode};
pub use texts::MarkdownCache;

use crate::config::SiteConfig;
use crate::content::{
    Area, AreaScope, ByKind, Content, Domain, Entry, EntryDetails, EntryKind, EntryMeta, Need,
    Relation,
};
use crate::markdown::{self, PagePlace, RenderedMarkdown};
use chrono::NaiveDate;
use rayon::prelude::*;
use relations::IdIndex;
use std::sync::Arc;
use texts::TextRenderer;
use xxhash_rust::xxh3::Xxh3;

/// A reference to an entry of any kind: its kind and its position among the entries of that kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntryRef {
    pub kind: EntryKind,
    pub index: usize,
}

#[derive(Debug, Clone, Default)]
pub struct Backlinks {
    /// Entries whose Markdown links here ("genoemd in").
    pub mentioned_in: Vec<EntryRef>,
}

/// The entries on each side of every relation, resolved to indices of the relation's target kind (stated)
/// or source kind (reverse).
#[derive(Debug, Clone, Default)]
pub struct Relations {
    stated: [Vec<usize>; Relation::COUNT],
    reverse: [Vec<usize>; Relation::COUNT],
}

impl Relations {
    /// The entries this one names in `relation` (a module's prerequisites), in the order written.
    pub fn stated(&self, relation: Relation) -> &[usize] {
        &self.stated[relation.position()]
    }

    /// The entries that name this one in `relation` (the modules that require this one), in entry order.
    pub fn reverse(&self, relation: Relation) -> &[usize] {
        &self.reverse[relation.position()]
    }

    /// Every related entry, by relation and direction, for what depends on all of them.
    pub fn all(&self) -> impl Iterator<Item = (EntryKind, &[usize])> {
        let stated = Relation::ALL
            .into_iter()
            .map(|r| (r.target(), self.stated(r)));
        let reverse = Relation::ALL
            .into_iter()
            .map(|r| (r.source(), self.reverse(r)));
        stated.chain(reverse)
    }
}

/// An entry of any kind, with what the model adds to its content: rendered texts, resolved ids, flags
/// and reverse relations.
#[derive(Debug, Clone)]
pub struct EntryNode {
    pub entry: Arc<Entry>,
    pub body: Arc<RenderedMarkdown>,
    /// The entry's further texts rendered, one per slot of `Entry::parts` (empty where a part has none).
    pub parts: Vec<Arc<RenderedMarkdown>>,
    /// The explicit summary, or the first sentences of the body: what cards show.
    pub summary: String,
    /// Every domain the entry names (a partner's services' too), in taxonomy order.
    pub domains: Vec<usize>,
    /// The wijken it works in; None when it works gemeentebreed or its kind has no wijken.
    pub areas: Option<Vec<usize>>,
    pub stale: bool,
    /// A page's related links, titles with URLs resolved.
    pub links: Vec<(String, String)>,
    pub relations: Relations,
    pub backlinks: Backlinks,
    /// Changes exactly when something about this node changes (see `fingerprints`).
    pub fingerprint: u64,
}

impl EntryNode {
    pub fn kind(&self) -> EntryKind {
        self.entry.kind()
    }

    pub fn meta(&self) -> &EntryMeta {
        &self.entry.meta
    }

    pub fn works_municipality_wide(&self) -> bool {
        matches!(self.entry.areas, Some(AreaScope::Municipality))
    }
}

#[derive(Debug, Clone)]
pub struct DomainNode {
    pub domain: Domain,
    /// The entries of each kind in this domain, in entry order.
    pub entries: ByKind<Vec<usize>>,
}

#[derive(Debug, Clone)]
pub struct AreaNode {
    pub area: Area,
    /// The entries that name this wijk (municipality-wide ones are listed apart, see `Site`).
    pub entries: ByKind<Vec<usize>>,
}

/// The whole site, ready to render and index.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub today: NaiveDate,
    pub domains: Vec<DomainNode>,
    pub areas: Vec<AreaNode>,
    /// Every entry, by kind, sorted by id within each.
    pub entries: ByKind<Vec<EntryNode>>,
    /// Entries that work gemeentebreed.
    pub municipality_wide: ByKind<Vec<usize>>,
    /// The merged glossary, in the order of its files (default terms first).
    pub glossary: Vec<TermNode>,
    /// The merged lexicon of needs (shipped needs first), each in a domain of the site and with a term
    /// of the merged glossary or none; search recognises them in queries. No page shows them.
    pub lexicon: Vec<Need>,
    /// The learning paths, in file order, steps resolved to modules.
    pub paths: Vec<PathNode>,
    /// The levels and formats of the modules, which the module catalogue filters by.
    pub module_facets: ModuleFacets,
    /// What every node depends on: the config, the date, the domain and wijk files and the set of entries.
    /// While it stays the same, entry indices are stable and each node's `fingerprint` changes exactly
    /// when something about that node changes.
    pub revision: u64,
}

impl Site {
    /// The URL of an entry, page or listing: the base path plus `segments`, ending in `/`.
    pub fn url(&self, segments: &[&str]) -> String {
        url_for(&self.config.base_path(), segments)
    }

    pub fn entry(&self, entry: EntryRef) -> &EntryNode {
        &self.entries[entry.kind][entry.index]
    }

    pub fn entry_url(&self, entry: EntryRef) -> String {
        self.url(&[entry.kind.folder(), self.entry_id(entry)])
    }

    pub fn entry_id(&self, entry: EntryRef) -> &str {
        &self.entry_meta(entry).id
    }

    pub fn entry_meta(&self, entry: EntryRef) -> &EntryMeta {
        self.entry(entry).meta()
    }

    pub fn entry_title(&self, entry: EntryRef) -> &str {
        &self.entry(entry).entry.title
    }

    pub fn entry_fingerprint(&self, entry: EntryRef) -> u64 {
        self.entry(entry).fingerprint
    }

    /// Every entry, kind after kind in `EntryKind::ALL` order (the order of search documents).
    pub fn entry_refs(&self) -> impl Iterator<Item = EntryRef> + '_ {
        self.entries
            .iter()
            .flat_map(|(kind, nodes)| (0..nodes.len()).map(move |index| EntryRef { kind, index }))
    }

    /// The entry at `position` when all entries are counted as `entry_refs` counts them.
    pub fn entry_at(&self, position: usize) -> EntryRef {
        let mut index = position;
        for (kind, nodes) in self.entries.iter() {
            if index < nodes.len() {
                return EntryRef { kind, index };
            }
            index -= nodes.len();
        }
        panic!(
            "entry {position} is beyond the {} entries",
            self.entry_count()
        );
    }

    pub fn entry_count(&self) -> usize {
        self.entries.values().map(Vec::len).sum()
    }

    /// How many entries of `kind` the site has.
    pub fn count_of(&self, kind: EntryKind) -> usize {
        self.entries[kind].len()
    }
}

pub fn url_for(base_path: &str, segments: &[&str]) -> String {
    let mut url = base_path.to_string();
    for segment in segments {
        url.push_str(segment);
        url.push('/');
    }
    url
}

/// Cards and meta descriptions show at most about this much of a body.
const SUMMARY_CHARS: usize = 200;

fn is_stale(meta: &EntryMeta, required: bool, today: NaiveDate, stale_after_days: u32) -> bool {
    match &meta.last_verified {
        None => required,
        Some(date) => (today - date.value).num_days() > i64::from(stale_after_days),
    }
}

pub fn build_site(config: SiteConfig, content: Content, today: NaiveDate) -> Site {
    build_site_cached(config, content, today, None)
}

/// `build_site`; with a cache, texts rendered by the previous model are reused, and the cache then holds
/// this model's texts.
pub fn build_site_cached(
    config: SiteConfig,
    content: Content,
    today: NaiveDate,
    cache: Option<&mut MarkdownCache>,
) -> Site {
    let base_path = config.base_path();
    let ids = IdIndex::new(&content);
    let mut cache = cache;
    let previous = cache.as_deref_mut().map(std::mem::take);
    let texts = TextRenderer::new(&base_path, &content, &ids, previous);
    let entries = content.entries.map(|kind, entries| {
        entries
            .into_par_iter()
            .enumerate()
            .map(|(index, entry)| {
                let node = EntryRef { kind, index };
                entry_node(entry, node, &texts, &ids, &base_path, &config, today)
            })
            .collect::<Vec<EntryNode>>()
    });
    let revision = {
        let mut hasher = Xxh3::new();
        hasher.update(&texts.universe().to_le_bytes());
        hasher.update(&content.data_source.to_le_bytes());
        hasher.update(format!("{config:?} {today}").as_bytes());
        hasher.digest()
    };
    let rendered = texts.finish(cache);
    let glossary = glossary::term_nodes(
        content.glossary,
        |kind, id| ids.entry(kind, id),
        rendered.term_mentions,
    );
    let mut site = Site {
        config,
        today,
        revision,
        domains: content
            .domains
            .into_iter()
            .map(|domain| DomainNode {
                domain,
                entries: ByKind::default(),
            })
            .collect(),
        areas: content
            .areas
            .into_iter()
            .map(|area| AreaNode {
                area,
                entries: ByKind::default(),
            })
            .collect(),
        entries,
        municipality_wide: ByKind::default(),
        glossary,
        lexicon: content.lexicon,
        paths: Vec::new(),
        module_facets: ModuleFacets::default(),
    };
    site.paths = paths::path_nodes(content.paths, &site.entries[EntryKind::Module]);
    site.module_facets = ModuleFacets::collect(&site.entries[EntryKind::Module]);
    relations::add_reverse_relations(&mut site, rendered.mentions);
    fingerprints::fingerprint_nodes(&mut site);
    site
}

/// One entry's node with its stated relations; the reverse ones follow once every node exists.
fn entry_node(
    entry: Arc<Entry>,
    node: EntryRef,
    texts: &TextRenderer,
    ids: &IdIndex,
    base_path: &str,
    config: &SiteConfig,
    today: NaiveDate,
) -> EntryNode {
    // A term is marked once per entry: in its body, or else its first part that mentions it.
    let mut marked = Vec::new();
    // Every id on the page once: the parts' own, then the body's headings, then each part's.
    let mut place = PagePlace::below_title(entry.reserved_anchors());
    let body = texts.render(node, &entry.body.text, &mut marked, &mut place);
    // A part's text is shown under the part's own `<h3>` (a service's name).
    place.top_level = 4;
    let parts = entry
        .parts()
        .into_iter()
        .map(|part| {
            part.map(|text| texts.render(node, &text.text, &mut marked, &mut place))
                .unwrap_or_default()
        })
        .collect();
    let summary = match &entry.summary {
        Some(summary) => summary.clone(),
        None => markdown::first_sentences(&body.text, SUMMARY_CHARS),
    };
    let mut domains = ids.domains(entry.domain_ids());
    domains.sort_unstable();
    domains.dedup();
    let areas = match &entry.areas {
        Some(AreaScope::Areas(areas)) => Some(ids.areas(areas)),
        Some(AreaScope::Municipality) | None => None,
    };
    let mut relations = Relations::default();
    for (relation, named) in entry.references() {
        relations.stated[relation.position()] = ids.entries(relation.target(), named);
    }
    let links = match &entry.details {
        EntryDetails::Page(page) => page
            .links
            .iter()
            .filter_map(|link| {
                Some((
                    link.title.clone(),
                    ids.link_url(&link.url.value, base_path)?,
                ))
            })
            .collect(),
        _ => Vec::new(),
    };
    EntryNode {
        stale: is_stale(
            &entry.meta,
            node.kind.requires_verification(),
            today,
            config.stale_after_days,
        ),
        entry,
        body,
        parts,
        summary,
        domains,
        areas,
        links,
        relations,
        backlinks: Backlinks::default(),
        fingerprint: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Entry, MarkdownSource};
    use crate::diagnostics::Position;
    use crate::yaml::{At, Spanned};

    fn config() -> SiteConfig {
        crate::config::parse_config(
            "title = \"Gemeente Test\"\nbase_url = \"https://sociale-kaart.example.nl/wijkteam/\"\nstale_after_days = 30",
        )
        .unwrap()
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn verified(mut entry: Entry, date: NaiveDate) -> Entry {
        entry.meta.last_verified = Some(Spanned::new(date, Position::START));
        entry
    }

    #[test]
    fn entries_are_counted_kind_after_kind() {
        let mut content = Content::default();
        content.entries[EntryKind::Page] = vec![Arc::new(Entry::example(EntryKind::Page, "a"))];
        content.entries[EntryKind::Partner] = vec![
            Arc::new(Entry::example(EntryKind::Partner, "b")),
            Arc::new(Entry::example(EntryKind::Partner, "c")),
        ];
        let site = build_site(config(), content, today());
        let refs: Vec<EntryRef> = site.entry_refs().collect();
        assert_eq!(refs.len(), site.entry_count());
        for (position, entry) in refs.iter().enumerate() {
            assert_eq!(site.entry_at(position), *entry);
        }
        assert_eq!(site.entry_id(site.entry_at(2)), "a");
        assert_eq!(
            site.entry_url(site.entry_at(1)),
            "/wijkteam/partners/c/",
            "URLs carry the base path"
        );
        assert_eq!(site.municipality_wide[EntryKind::Partner], [0, 1]);
    }

    #[test]
    fn staleness_follows_the_date_and_the_kind() {
        let old = today() - chrono::Duration::days(31);
        let recent = today() - chrono::Duration::days(30);
        let mut content = Content::default();
        content.entries[EntryKind::Partner] = vec![
            Arc::new(verified(Entry::example(EntryKind::Partner, "oud"), old)),
            Arc::new(verified(
                Entry::example(EntryKind::Partner, "recent"),
                recent,
            )),
            Arc::new(Entry::example(EntryKind::Partner, "nooit")),
        ];
        // A knowledge page need not be verified; once it is, the same age limit holds.
        content.entries[EntryKind::Page] = vec![
            Arc::new(Entry::example(EntryKind::Page, "nooit")),
            Arc::new(verified(Entry::example(EntryKind::Page, "oud"), old)),
        ];
        let site = build_site(config(), content, today());
        let stale = |kind| -> Vec<bool> { site.entries[kind].iter().map(|n| n.stale).collect() };
        assert_eq!(stale(EntryKind::Partner), [true, false, true]);
        assert_eq!(stale(EntryKind::Page), [false, true]);
    }

    #[test]
    fn a_summary_is_the_explicit_one_or_the_bodys_first_sentences() {
        let mut with_summary = Entry::example(EntryKind::Regulation, "wmo");
        with_summary.summary = Some("Wie beslist over een maatwerkvoorziening.".into());
        let mut without = Entry::example(EntryKind::Regulation, "jeugdwet");
        without.body = MarkdownSource::new(
            "De gemeente is verantwoordelijk voor jeugdhulp. Verwijzen kan ook via de huisarts."
                .into(),
            At::Known(Position::START),
        );
        let mut content = Content::default();
        content.entries[EntryKind::Regulation] = vec![Arc::new(with_summary), Arc::new(without)];
        let site = build_site(config(), content, today());
        let nodes = &site.entries[EntryKind::Regulation];
        assert_eq!(
            nodes[0].summary,
            "Wie beslist over een maatwerkvoorziening."
        );
        assert!(nodes[1]
            .summary
            .starts_with("De gemeente is verantwoordelijk voor jeugdhulp."));
    }
}
