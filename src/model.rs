//! Model stage: the validated content with every reference resolved to an index, Markdown rendered with
//! resolved `@/` links, and all backlinks computed in one linear pass.
//!
//! Rendering Markdown happens here, not in `render`, because link targets need every entry's URL and
//! backlinks ("genoemd in") need every entry's links: both are known only once all content is loaded.
//! The same holds for the glossary (`glossary`): texts mark the first mention of its terms, and each term
//! lists the entries that mention it.

mod glossary;

pub use glossary::{TermNode, GLOSSARY_SEGMENT};

use crate::config::SiteConfig;
use crate::content::{AreaScope, Content, EntryKind, EntryMeta, Module, Page, Partner, Regulation};
use crate::markdown::{self, InternalLink, RenderedMarkdown};
use crate::yaml::Spanned;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// A reference to an entry of any kind.
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

#[derive(Debug, Clone)]
pub struct PartnerNode {
    pub partner: Arc<Partner>,
    pub description: Arc<RenderedMarkdown>,
    /// The first sentences of the description, for cards and the meta description.
    pub summary: String,
    pub service_descriptions: Vec<Arc<RenderedMarkdown>>,
    /// The union of the partner's and its services' domains, in taxonomy order.
    pub domains: Vec<usize>,
    /// None when the partner works gemeentebreed.
    pub areas: Option<Vec<usize>>,
    pub stale: bool,
    /// Regulations this partner carries out ("uitgevoerd door" on their side).
    pub regulations: Vec<usize>,
    /// Modules that teach about this partner.
    pub modules: Vec<usize>,
    pub backlinks: Backlinks,
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct RegulationNode {
    pub regulation: Arc<Regulation>,
    pub body: Arc<RenderedMarkdown>,
    /// The explicit summary, or the first sentences of the body: what cards show.
    pub summary: String,
    pub domains: Vec<usize>,
    pub partners: Vec<usize>,
    pub modules: Vec<usize>,
    pub stale: bool,
    pub backlinks: Backlinks,
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct ModuleNode {
    pub module: Arc<Module>,
    pub body: Arc<RenderedMarkdown>,
    /// The explicit summary, or the first sentences of the body: what cards show.
    pub summary: String,
    pub domains: Vec<usize>,
    pub partners: Vec<usize>,
    pub regulations: Vec<usize>,
    pub prerequisites: Vec<usize>,
    /// Modules that list this one as a prerequisite.
    pub required_by: Vec<usize>,
    pub stale: bool,
    pub backlinks: Backlinks,
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct PageNode {
    pub page: Arc<Page>,
    pub body: Arc<RenderedMarkdown>,
    /// The explicit summary, or the first sentences of the body: what cards show.
    pub summary: String,
    pub domains: Vec<usize>,
    /// Related links with their URLs resolved.
    pub links: Vec<(String, String)>,
    pub stale: bool,
    pub backlinks: Backlinks,
    pub fingerprint: u64,
}

#[derive(Debug, Clone)]
pub struct DomainNode {
    pub domain: crate::content::Domain,
    pub partners: Vec<usize>,
    pub regulations: Vec<usize>,
    pub modules: Vec<usize>,
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct AreaNode {
    pub area: crate::content::Area,
    /// Partners that name this wijk (municipality-wide partners are listed separately on the page).
    pub partners: Vec<usize>,
}

/// The whole site, ready to render and index.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: SiteConfig,
    pub today: NaiveDate,
    pub domains: Vec<DomainNode>,
    pub areas: Vec<AreaNode>,
    pub partners: Vec<PartnerNode>,
    pub regulations: Vec<RegulationNode>,
    pub modules: Vec<ModuleNode>,
    pub pages: Vec<PageNode>,
    /// Partners that work gemeentebreed.
    pub municipality_wide: Vec<usize>,
    /// The merged glossary, in the order of its files (default terms first).
    pub glossary: Vec<TermNode>,
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

    pub fn entry_url(&self, entry: EntryRef) -> String {
        self.url(&[entry.kind.folder(), self.entry_id(entry)])
    }

    pub fn entry_id(&self, entry: EntryRef) -> &str {
        &self.entry_meta(entry).id
    }

    pub fn entry_meta(&self, entry: EntryRef) -> &EntryMeta {
        match entry.kind {
            EntryKind::Partner => &self.partners[entry.index].partner.meta,
            EntryKind::Regulation => &self.regulations[entry.index].regulation.meta,
            EntryKind::Module => &self.modules[entry.index].module.meta,
            EntryKind::Page => &self.pages[entry.index].page.meta,
        }
    }

    pub fn entry_title(&self, entry: EntryRef) -> &str {
        match entry.kind {
            EntryKind::Partner => &self.partners[entry.index].partner.name,
            EntryKind::Regulation => &self.regulations[entry.index].regulation.title,
            EntryKind::Module => &self.modules[entry.index].module.title,
            EntryKind::Page => &self.pages[entry.index].page.title,
        }
    }

    pub fn entry_fingerprint(&self, entry: EntryRef) -> u64 {
        match entry.kind {
            EntryKind::Partner => self.partners[entry.index].fingerprint,
            EntryKind::Regulation => self.regulations[entry.index].fingerprint,
            EntryKind::Module => self.modules[entry.index].fingerprint,
            EntryKind::Page => self.pages[entry.index].fingerprint,
        }
    }

    /// The entry at `position` when all entries are counted partners first, then regulations, modules and
    /// pages (the order of search documents).
    pub fn entry_at(&self, position: usize) -> EntryRef {
        let mut index = position;
        for kind in [EntryKind::Partner, EntryKind::Regulation, EntryKind::Module] {
            let count = self.count_of(kind);
            if index < count {
                return EntryRef { kind, index };
            }
            index -= count;
        }
        EntryRef {
            kind: EntryKind::Page,
            index,
        }
    }

    pub fn entry_count(&self) -> usize {
        EntryKind::ALL
            .into_iter()
            .map(|kind| self.count_of(kind))
            .sum()
    }

    /// How many entries of `kind` the site has.
    pub fn count_of(&self, kind: EntryKind) -> usize {
        match kind {
            EntryKind::Partner => self.partners.len(),
            EntryKind::Regulation => self.regulations.len(),
            EntryKind::Module => self.modules.len(),
            EntryKind::Page => self.pages.len(),
        }
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

fn is_stale(meta: &EntryMeta, required: bool, today: NaiveDate, stale_after_days: u32) -> bool {
    match &meta.last_verified {
        None => required,
        Some(date) => (today - date.value).num_days() > i64::from(stale_after_days),
    }
}

/// Resolves ids to indices; ids that do not resolve were reported by validation and are skipped here.
fn resolve(ids: &[Spanned<String>], index: &HashMap<String, usize>) -> Vec<usize> {
    let mut resolved: Vec<usize> = ids
        .iter()
        .filter_map(|id| index.get(id.value.as_str()).copied())
        .collect();
    resolved.dedup();
    resolved
}

fn index_of<T>(items: &[T], id: impl Fn(&T) -> &str) -> HashMap<String, usize> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| (id(item).to_string(), i))
        .collect()
}

pub fn build_site(config: SiteConfig, content: Content, today: NaiveDate) -> Site {
    build_site_cached(config, content, today, None)
}

/// Rendered Markdown of the previous model, by the hash of its text: `serve` renders only edited texts.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    universe: u64,
    rendered: HashMap<u64, Arc<RenderedText>>,
}

#[derive(Debug)]
struct RenderedText {
    /// Shared with every node that shows this text.
    markdown: Arc<RenderedMarkdown>,
    /// The entries its `@/` links point to.
    targets: Vec<EntryRef>,
    /// The glossary terms it marked.
    terms: Vec<usize>,
}

/// What `@/` links resolve against: the ids of every kind, and the base path; and what marks of glossary
/// terms are made of.
fn link_universe(base_path: &str, content: &Content) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(base_path.as_bytes());
    glossary::hash_marking(&content.glossary, &mut hasher);
    let ids = [
        content
            .partners
            .iter()
            .map(|p| p.meta.id.as_str())
            .collect::<Vec<_>>(),
        content
            .regulations
            .iter()
            .map(|r| r.meta.id.as_str())
            .collect(),
        content.modules.iter().map(|m| m.meta.id.as_str()).collect(),
        content.pages.iter().map(|p| p.meta.id.as_str()).collect(),
    ];
    for kind in ids {
        hasher.update(&[1]);
        for id in kind {
            hasher.update(id.as_bytes());
            hasher.update(&[0]);
        }
    }
    hasher.digest()
}

/// `build_site`; with a cache, texts rendered by the previous model are reused, and the cache then holds
/// this model's texts.
pub fn build_site_cached(
    config: SiteConfig,
    content: Content,
    today: NaiveDate,
    cache: Option<&mut MarkdownCache>,
) -> Site {
    let keep = cache.is_some();
    let base_path = config.base_path();
    let stale_after = config.stale_after_days;
    let domain_index = index_of(&content.domains, |d| d.id.as_str());
    let area_index = index_of(&content.areas, |a| a.id.as_str());
    let partner_index = index_of(&content.partners, |p| p.meta.id.as_str());
    let regulation_index = index_of(&content.regulations, |r| r.meta.id.as_str());
    let module_index = index_of(&content.modules, |m| m.meta.id.as_str());
    let page_index = index_of(&content.pages, |p| p.meta.id.as_str());
    let lookup = |kind: EntryKind, id: &str| -> Option<usize> {
        match kind {
            EntryKind::Partner => partner_index.get(id),
            EntryKind::Regulation => regulation_index.get(id),
            EntryKind::Module => module_index.get(id),
            EntryKind::Page => page_index.get(id),
        }
        .copied()
    };

    // Markdown links found while rendering: (source, target).
    let mentions: Mutex<Vec<(EntryRef, EntryRef)>> = Mutex::new(Vec::new());
    // Glossary terms marked while rendering: (term, source).
    let term_mentions: Mutex<Vec<(usize, EntryRef)>> = Mutex::new(Vec::new());
    let marker = glossary::marker(&content.glossary, &base_path);
    // A text renders the same as long as the same entries exist (links resolve against them) and the
    // base path is the same.
    let universe = link_universe(&base_path, &content);
    let previous = cache
        .as_deref()
        .filter(|c| c.universe == universe)
        .map(|c| &c.rendered);
    let rendered_now: Mutex<HashMap<u64, Arc<RenderedText>>> = Mutex::new(HashMap::new());
    // `marked`: the terms an earlier text of the same entry marked, which this one leaves unmarked; the
    // terms this text marks are added.
    let render = |source: EntryRef, text: &str, marked: &mut Vec<usize>| -> Arc<RenderedMarkdown> {
        let key = if marked.is_empty() {
            xxh3_64(text.as_bytes())
        } else {
            let mut hasher = Xxh3::new();
            hasher.update(text.as_bytes());
            for term in marked.iter() {
                hasher.update(&(*term as u64).to_le_bytes());
            }
            hasher.digest()
        };
        let known = previous.and_then(|p| p.get(&key)).cloned();
        let rendered = known.unwrap_or_else(|| {
            let targets = RefCell::new(Vec::new());
            let resolve = |link: &InternalLink| {
                let index = lookup(link.kind, &link.id)?;
                targets.borrow_mut().push(EntryRef {
                    kind: link.kind,
                    index,
                });
                let anchor = link
                    .anchor
                    .as_ref()
                    .map(|a| format!("#{a}"))
                    .unwrap_or_default();
                Some(format!(
                    "{}{anchor}",
                    url_for(&base_path, &[link.kind.folder(), &link.id])
                ))
            };
            let (markdown, terms) = markdown::render_marked(text, &resolve, &marker, marked);
            Arc::new(RenderedText {
                markdown: Arc::new(markdown),
                targets: targets.into_inner(),
                terms,
            })
        });
        marked.extend_from_slice(&rendered.terms);
        term_mentions
            .lock()
            .expect("no panics while holding the lock")
            .extend(rendered.terms.iter().map(|&term| (term, source)));
        mentions
            .lock()
            .expect("no panics while holding the lock")
            .extend(
                rendered
                    .targets
                    .iter()
                    .filter(|&&target| target != source)
                    .map(|&target| (source, target)),
            );
        let markdown = Arc::clone(&rendered.markdown);
        if keep {
            rendered_now
                .lock()
                .expect("no panics while holding the lock")
                .insert(key, rendered);
        }
        markdown
    };
    // A body and what cards show of it: the explicit summary, or the body's first sentences.
    let render_body = |kind: EntryKind, index: usize, text: &str, summary: Option<&String>| {
        let body = render(EntryRef { kind, index }, text, &mut Vec::new());
        let summary = match summary {
            Some(summary) => summary.clone(),
            None => markdown::first_sentences(&body.text, SUMMARY_CHARS),
        };
        (body, summary)
    };
    let sorted_domains = |ids: &[Spanned<String>]| {
        let mut resolved = resolve(ids, &domain_index);
        resolved.sort_unstable();
        resolved.dedup();
        resolved
    };

    let partners: Vec<PartnerNode> = content
        .partners
        .into_par_iter()
        .enumerate()
        .map(|(i, partner)| {
            let source = EntryRef {
                kind: EntryKind::Partner,
                index: i,
            };
            // A term is marked once per partner: in the description or else its first service.
            let mut marked = Vec::new();
            let description = partner
                .description
                .as_ref()
                .map(|d| render(source, &d.text, &mut marked))
                .unwrap_or_default();
            let service_descriptions = partner
                .services
                .iter()
                .map(|s| {
                    s.description
                        .as_ref()
                        .map(|d| render(source, &d.text, &mut marked))
                        .unwrap_or_default()
                })
                .collect();
            let all_domains: Vec<Spanned<String>> = partner
                .domains
                .iter()
                .chain(partner.services.iter().flat_map(|s| &s.domains))
                .cloned()
                .collect();
            let areas = match &partner.areas {
                AreaScope::Municipality => None,
                AreaScope::Areas(ids) => Some(resolve(ids, &area_index)),
            };
            PartnerNode {
                summary: markdown::first_sentences(&description.text, SUMMARY_CHARS),
                stale: is_stale(&partner.meta, true, today, stale_after),
                domains: sorted_domains(&all_domains),
                areas,
                description,
                service_descriptions,
                partner,
                regulations: Vec::new(),
                modules: Vec::new(),
                backlinks: Backlinks::default(),
                fingerprint: 0,
            }
        })
        .collect();
    let regulations: Vec<RegulationNode> = content
        .regulations
        .into_par_iter()
        .enumerate()
        .map(|(i, regulation)| {
            let (body, summary) = render_body(
                EntryKind::Regulation,
                i,
                &regulation.body.text,
                regulation.summary.as_ref(),
            );
            RegulationNode {
                summary,
                body,
                domains: sorted_domains(&regulation.domains),
                partners: resolve(&regulation.partners, &partner_index),
                modules: Vec::new(),
                stale: is_stale(&regulation.meta, true, today, stale_after),
                regulation,
                backlinks: Backlinks::default(),
                fingerprint: 0,
            }
        })
        .collect();
    let modules: Vec<ModuleNode> = content
        .modules
        .into_par_iter()
        .enumerate()
        .map(|(i, module)| {
            let (body, summary) = render_body(
                EntryKind::Module,
                i,
                &module.body.text,
                module.summary.as_ref(),
            );
            ModuleNode {
                summary,
                body,
                domains: sorted_domains(&module.domains),
                partners: resolve(&module.partners, &partner_index),
                regulations: resolve(&module.regulations, &regulation_index),
                prerequisites: resolve(&module.prerequisites, &module_index),
                required_by: Vec::new(),
                stale: is_stale(&module.meta, true, today, stale_after),
                module,
                backlinks: Backlinks::default(),
                fingerprint: 0,
            }
        })
        .collect();
    let pages: Vec<PageNode> = content
        .pages
        .into_par_iter()
        .enumerate()
        .map(|(i, page)| {
            let links = page
                .links
                .iter()
                .filter_map(|link| {
                    let url = match markdown::parse_internal_link(&link.url.value) {
                        Ok(Some(internal)) => {
                            lookup(internal.kind, &internal.id)?;
                            let anchor =
                                internal.anchor.map(|a| format!("#{a}")).unwrap_or_default();
                            format!(
                                "{}{anchor}",
                                url_for(&base_path, &[internal.kind.folder(), &internal.id])
                            )
                        }
                        Ok(None) => link.url.value.clone(),
                        Err(_) => return None,
                    };
                    Some((link.title.clone(), url))
                })
                .collect();
            let (body, summary) =
                render_body(EntryKind::Page, i, &page.body.text, page.summary.as_ref());
            PageNode {
                summary,
                body,
                domains: sorted_domains(&page.domains),
                links,
                stale: is_stale(&page.meta, false, today, stale_after),
                page,
                backlinks: Backlinks::default(),
                fingerprint: 0,
            }
        })
        .collect();

    let revision = {
        let mut hasher = Xxh3::new();
        hasher.update(&universe.to_le_bytes());
        hasher.update(&content.data_source.to_le_bytes());
        hasher.update(format!("{config:?} {today}").as_bytes());
        hasher.digest()
    };
    let mut site = Site {
        config,
        today,
        revision,
        domains: content
            .domains
            .into_iter()
            .map(|domain| DomainNode {
                domain,
                partners: Vec::new(),
                regulations: Vec::new(),
                modules: Vec::new(),
                pages: Vec::new(),
            })
            .collect(),
        areas: content
            .areas
            .into_iter()
            .map(|area| AreaNode {
                area,
                partners: Vec::new(),
            })
            .collect(),
        partners,
        regulations,
        modules,
        pages,
        municipality_wide: Vec::new(),
        glossary: glossary::term_nodes(
            content.glossary,
            lookup,
            term_mentions
                .into_inner()
                .expect("no panics while holding the lock"),
        ),
    };
    if let Some(cache) = cache {
        cache.universe = universe;
        cache.rendered = rendered_now
            .into_inner()
            .expect("no panics while holding the lock");
    }
    add_backlinks(
        &mut site,
        mentions
            .into_inner()
            .expect("no panics while holding the lock"),
    );
    fingerprint_nodes(&mut site);
    site
}

/// A node's own text, its flags and every relation to other nodes. The other nodes' own data is not
/// included: a page that shows it adds their fingerprints (see `render::inputs`).
fn fingerprint_nodes(site: &mut Site) {
    fn hash(source: u64, stale: bool, relations: &[&[usize]], mentioned_in: &[EntryRef]) -> u64 {
        let mut hasher = Xxh3::new();
        hasher.update(&source.to_le_bytes());
        hasher.update(&[u8::from(stale)]);
        for list in relations {
            hasher.update(&(list.len() as u64).to_le_bytes());
            for index in *list {
                hasher.update(&(*index as u64).to_le_bytes());
            }
        }
        for entry in mentioned_in {
            hasher.update(&[entry.kind as u8]);
            hasher.update(&(entry.index as u64).to_le_bytes());
        }
        hasher.digest()
    }
    for node in &mut site.partners {
        let areas = node.areas.as_deref().unwrap_or(&[]);
        let scope = [u8::from(node.areas.is_some()) as usize];
        node.fingerprint = hash(
            node.partner.meta.source,
            node.stale,
            &[
                &node.regulations,
                &node.modules,
                &node.domains,
                areas,
                &scope,
            ],
            &node.backlinks.mentioned_in,
        );
    }
    for node in &mut site.regulations {
        node.fingerprint = hash(
            node.regulation.meta.source,
            node.stale,
            &[&node.partners, &node.modules, &node.domains],
            &node.backlinks.mentioned_in,
        );
    }
    for node in &mut site.modules {
        node.fingerprint = hash(
            node.module.meta.source,
            node.stale,
            &[
                &node.partners,
                &node.regulations,
                &node.prerequisites,
                &node.required_by,
                &node.domains,
            ],
            &node.backlinks.mentioned_in,
        );
    }
    for node in &mut site.pages {
        node.fingerprint = hash(
            node.page.meta.source,
            node.stale,
            &[&node.domains],
            &node.backlinks.mentioned_in,
        );
    }
}

/// Fills every reverse relation in one pass over the forward ones.
const SUMMARY_CHARS: usize = 200;

fn add_backlinks(site: &mut Site, mut mentions: Vec<(EntryRef, EntryRef)>) {
    for (i, partner) in site.partners.iter().enumerate() {
        for &d in &partner.domains {
            site.domains[d].partners.push(i);
        }
        match &partner.areas {
            None => site.municipality_wide.push(i),
            Some(areas) => {
                for &a in areas {
                    site.areas[a].partners.push(i);
                }
            }
        }
    }
    for (i, regulation) in site.regulations.iter().enumerate() {
        for &d in &regulation.domains {
            site.domains[d].regulations.push(i);
        }
        for &p in &regulation.partners {
            site.partners[p].regulations.push(i);
        }
    }
    let mut required_by: Vec<(usize, usize)> = Vec::new();
    for (i, module) in site.modules.iter().enumerate() {
        for &d in &module.domains {
            site.domains[d].modules.push(i);
        }
        for &p in &module.partners {
            site.partners[p].modules.push(i);
        }
        for &r in &module.regulations {
            site.regulations[r].modules.push(i);
        }
        required_by.extend(module.prerequisites.iter().map(|&p| (p, i)));
    }
    for (prerequisite, module) in required_by {
        site.modules[prerequisite].required_by.push(module);
    }
    for (i, page) in site.pages.iter().enumerate() {
        for &d in &page.domains {
            site.domains[d].pages.push(i);
        }
    }
    mentions.sort_unstable();
    mentions.dedup();
    for (source, target) in mentions {
        let backlinks = match target.kind {
            EntryKind::Partner => &mut site.partners[target.index].backlinks,
            EntryKind::Regulation => &mut site.regulations[target.index].backlinks,
            EntryKind::Module => &mut site.modules[target.index].backlinks,
            EntryKind::Page => &mut site.pages[target.index].backlinks,
        };
        backlinks.mentioned_in.push(source);
    }
}
