//! Index stage: turns the model into search documents and builds the tantivy index with the shared search
//! core. The domains' names and synonyms travel in the manifest, so "deurwaarder" finds debt counselling
//! even when its page never says the word; so do the glossary's terms, with the entries that handle them.

use crate::background::drop_in_background;
use crate::config::Language;
use crate::content::EntryKind;
use crate::model::{ModuleNode, PageNode, PartnerNode, RegulationNode, Site};
use kaartenbak_search::{
    AreaFacet, DomainFacet, Facets, IndexFiles, IndexOptions, LiveIndex, SearchDocument,
    SearchError, SearchLanguage,
};
use rayon::prelude::*;

/// The folder of the output that holds the index and the search module.
pub const SEARCH_DIR: &str = "_search";

/// The search core compiled to WebAssembly, gzip-compressed (`cargo xtask wasm` builds it); written next
/// to the index as it is.
pub const SEARCH_WASM_GZ: &[u8] = include_bytes!("../assets/kaartenbak-search.wasm.gz");
pub const SEARCH_WASM_FILE: &str = "kaartenbak-search.wasm";

pub fn search_language(language: Language) -> SearchLanguage {
    match language {
        Language::Nl => SearchLanguage::Nl,
        Language::En => SearchLanguage::En,
    }
}

/// A document with what every kind shares filled in: identity, domains, and the municipality-wide area
/// (partners narrow it to their wijken).
fn base_document(
    site: &Site,
    kind: EntryKind,
    id: &str,
    title: &str,
    domains: &[usize],
) -> SearchDocument {
    SearchDocument {
        id: format!("{}/{id}", kind.folder()),
        kind: kind.name().into(),
        title: title.to_string(),
        domains: domains
            .iter()
            .map(|&d| site.domains[d].domain.id.clone())
            .collect(),
        areas: vec![kaartenbak_search::MUNICIPALITY_WIDE.to_string()],
        ..SearchDocument::default()
    }
}

fn first_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

/// Summaries made from a body stay within what the index stores (120 characters), so no text is repeated.
const SUMMARY_CHARS: usize = 115;

fn partner_document(site: &Site, node: &PartnerNode) -> SearchDocument {
    let p = &node.partner;
    let title = match &p.alternate_name {
        Some(alternate) => format!("{} ({alternate})", p.name),
        None => p.name.clone(),
    };
    let mut doc = base_document(site, EntryKind::Partner, &p.meta.id, &title, &node.domains);
    doc.summary = first_chars(&node.description.text, SUMMARY_CHARS);
    // One line per service: the line a result shows when the service matches.
    doc.lines = p
        .services
        .iter()
        .zip(&node.service_descriptions)
        .map(|(s, description)| {
            let mut line = s.name.clone();
            for part in [
                Some(&description.text),
                s.target_group.as_ref(),
                s.eligibility.as_ref(),
            ]
            .into_iter()
            .flatten()
            .filter(|t| !t.is_empty())
            {
                line.push_str(" — ");
                line.push_str(part);
            }
            line
        })
        .collect();
    let mut body = node.description.text.clone();
    for s in &p.services {
        for extra in [&s.referral, &s.fees, &s.wait_time].into_iter().flatten() {
            body.push('\n');
            body.push_str(extra);
        }
        body.push('\n');
        body.push_str(&s.languages.join(" "));
    }
    for extra in [&p.kind, &p.alternate_name, &p.opening_hours]
        .into_iter()
        .flatten()
    {
        body.push('\n');
        body.push_str(extra);
    }
    doc.body = body;
    if let Some(areas) = &node.areas {
        doc.areas = areas
            .iter()
            .map(|&a| site.areas[a].area.id.clone())
            .collect();
    }
    doc.display.referral = p.services.iter().find_map(|s| s.referral.clone());
    doc.display.phone = p
        .phone
        .clone()
        .or_else(|| p.contact_points.iter().find_map(|c| c.phone.clone()));
    doc
}

fn regulation_document(site: &Site, node: &RegulationNode) -> SearchDocument {
    let r = &node.regulation;
    let mut doc = base_document(
        site,
        EntryKind::Regulation,
        &r.meta.id,
        &r.title,
        &node.domains,
    );
    doc.summary = r
        .summary
        .clone()
        .unwrap_or_else(|| first_chars(&node.body.text, SUMMARY_CHARS));
    doc.lines.extend(r.mandate.clone());
    if !r.articles.is_empty() {
        doc.lines
            .push(format!("{} {}", r.law, r.articles.join(", ")));
    }
    doc.body = format!("{}\n{}", r.law, node.body.text);
    doc
}

fn module_document(site: &Site, node: &ModuleNode) -> SearchDocument {
    let m = &node.module;
    let mut doc = base_document(site, EntryKind::Module, &m.meta.id, &m.title, &node.domains);
    doc.summary = m
        .summary
        .clone()
        .unwrap_or_else(|| first_chars(&node.body.text, SUMMARY_CHARS));
    doc.lines = m.learning_goals.clone();
    doc.lines.extend(m.sessions.iter().map(|s| {
        [Some(s.date.to_string()), s.time.clone(), s.location.clone()]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" — ")
    }));
    let extras = m.trainers.iter().chain(&m.level).chain(&m.format);
    doc.body = std::iter::once(&node.body.text)
        .chain(extras)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    doc
}

fn page_document(site: &Site, node: &PageNode) -> SearchDocument {
    let p = &node.page;
    let mut doc = base_document(site, EntryKind::Page, &p.meta.id, &p.title, &node.domains);
    doc.summary = p
        .summary
        .clone()
        .unwrap_or_else(|| first_chars(&node.body.text, SUMMARY_CHARS));
    doc.body = node.body.text.clone();
    doc
}

fn facets(site: &Site) -> Facets {
    Facets {
        domains: site
            .domains
            .iter()
            .map(|n| DomainFacet {
                id: n.domain.id.clone(),
                label: n.domain.label.clone(),
                synonyms: n.domain.synonyms.clone(),
            })
            .collect(),
        areas: site
            .areas
            .iter()
            .map(|n| AreaFacet {
                id: n.area.id.clone(),
                name: n.area.name.clone(),
                postcodes: n
                    .area
                    .postcodes
                    .iter()
                    .map(|p| (p.value.first, p.value.last))
                    .collect(),
            })
            .collect(),
    }
}

fn index_options(site: &Site) -> IndexOptions {
    IndexOptions {
        language: search_language(site.config.language),
        base: site.config.base_path(),
        facets: facets(site),
        glossary: glossary_terms(site),
    }
}

/// The merged glossary as the search core expands queries with it: every name of a term and the search
/// documents of the entries that handle it.
fn glossary_terms(site: &Site) -> Vec<kaartenbak_search::GlossaryTerm> {
    site.glossary
        .iter()
        .map(|node| kaartenbak_search::GlossaryTerm {
            id: node.term.anchor.clone(),
            term: node.term.term.clone(),
            abbreviations: node.term.abbreviations.clone(),
            variants: node.term.variants.clone(),
            entries: node
                .handled_by
                .iter()
                .map(|&entry| format!("{}/{}", entry.kind.folder(), site.entry_id(entry)))
                .collect(),
        })
        .collect()
}

pub fn build_search_index(site: &Site) -> Result<IndexFiles, SearchError> {
    // Made one by one as tantivy takes them (the thread that feeds tantivy has time to spare), so the
    // documents of a big site are never all in memory: tantivy's queue holds a copy of each already.
    let documents = (0..site.entry_count()).map(|position| document_at(site, position));
    let (index, files) = LiveIndex::build_once_streamed(documents, index_options(site))?;
    drop_in_background(index);
    Ok(files)
}

/// The search documents of a session's previous build, in entry order (`Site::entry_at`), each with the
/// fingerprint of its node and its `document_hash`. While the model's revision is the same, an entry whose
/// fingerprint did not change has the same document, which is then neither made nor hashed again.
#[derive(Default)]
pub struct SearchDocumentCache {
    revision: u64,
    documents: Vec<(u64, SearchDocument, u64)>,
}

/// The search document of the entry at `position` (see `Site::entry_at`).
fn document_at(site: &Site, position: usize) -> SearchDocument {
    let entry = site.entry_at(position);
    match entry.kind {
        EntryKind::Partner => partner_document(site, &site.partners[entry.index]),
        EntryKind::Regulation => regulation_document(site, &site.regulations[entry.index]),
        EntryKind::Module => module_document(site, &site.modules[entry.index]),
        EntryKind::Page => page_document(site, &site.pages[entry.index]),
    }
}

/// The index stage of a build session: the first build indexes everything and keeps the index; later
/// builds apply only the documents that changed.
pub fn update_search_index(
    site: &Site,
    live: &mut Option<LiveIndex>,
    cache: &mut SearchDocumentCache,
) -> Result<IndexFiles, SearchError> {
    let fingerprints: Vec<u64> = (0..site.entry_count())
        .map(|position| site.entry_fingerprint(site.entry_at(position)))
        .collect();
    let made = |position: usize, fingerprint: u64| {
        let document = document_at(site, position);
        let hash = kaartenbak_search::document_hash(&document);
        (fingerprint, document, hash)
    };
    let previous = std::mem::take(&mut cache.documents);
    let documents: Vec<(u64, SearchDocument, u64)> =
        if cache.revision == site.revision && previous.len() == fingerprints.len() {
            previous
                .into_par_iter()
                .zip(fingerprints)
                .enumerate()
                .map(|(position, (kept, fingerprint))| {
                    if kept.0 == fingerprint {
                        // The fingerprint must cover all a document is made of; debug builds check.
                        if cfg!(debug_assertions) {
                            assert!(
                                kept.1 == document_at(site, position),
                                "{}: the same fingerprint but another search document",
                                kept.1.id
                            );
                        }
                        kept
                    } else {
                        made(position, fingerprint)
                    }
                })
                .collect()
        } else {
            fingerprints
                .into_par_iter()
                .enumerate()
                .map(|(position, fingerprint)| made(position, fingerprint))
                .collect()
        };
    let hashed: Vec<(&SearchDocument, u64)> = documents.iter().map(|(_, d, h)| (d, *h)).collect();
    let files = match live {
        Some(index) => index.update_hashed(&hashed, index_options(site)),
        None => LiveIndex::build_hashed(&hashed, index_options(site)).map(|(index, files)| {
            *live = Some(index);
            files
        }),
    };
    drop(hashed);
    cache.revision = site.revision;
    cache.documents = documents;
    files
}
