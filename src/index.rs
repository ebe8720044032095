//! Index stage: turns the model into search documents and builds the tantivy index with the shared search
//! core. The domains' names and synonyms travel in the manifest, so "deurwaarder" finds debt counselling
//! even when its page never says the word; so do the glossary's terms, with the entries that handle them,
//! and the needs of the lexicon, with the expressions that name them.

use crate::background::drop_in_background;
use crate::config::Language;
use crate::content::{
    Cost as ContentCost, EntryDetails, HoursRow, Module, Partner, Regulation, Service,
};
use crate::model::{EntryNode, EntryRef, Site};
use kaartenbak_search::{
    AreaFacet, Cost, DomainFacet, Facets, IndexFiles, IndexOptions, LiveIndex, OpeningSpan,
    SearchDocument, SearchError, SearchLanguage, ServiceFacts,
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

/// The search document of `entry`: what every kind shares from the entry core (identity, title, domains,
/// wijken, summary, body), then what its kind adds.
fn entry_document(site: &Site, entry: EntryRef) -> SearchDocument {
    let node = site.entry(entry);
    let mut doc = SearchDocument {
        id: format!("{}/{}", entry.kind.folder(), node.meta().id),
        kind: entry.kind.name().into(),
        title: node.entry.title.clone(),
        domains: node
            .domains
            .iter()
            .map(|&d| site.domains[d].domain.id.clone())
            .collect(),
        areas: match &node.areas {
            Some(areas) => areas
                .iter()
                .map(|&a| site.areas[a].area.id.clone())
                .collect(),
            None => vec![kaartenbak_shared::MUNICIPALITY_WIDE.to_string()],
        },
        summary: node
            .entry
            .summary
            .clone()
            .unwrap_or_else(|| first_chars(&node.body.text, SUMMARY_CHARS)),
        body: node.body.text.clone(),
        ..SearchDocument::default()
    };
    match &node.entry.details {
        EntryDetails::Partner(p) => add_partner_fields(&mut doc, node, p, site.today),
        EntryDetails::Regulation(r) => add_regulation_fields(&mut doc, r),
        EntryDetails::Module(m) => add_module_fields(&mut doc, m),
        EntryDetails::Page(_) => {}
    }
    doc
}

fn first_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

/// Summaries made from a body stay within what the index stores (120 characters), so no text is repeated.
const SUMMARY_CHARS: usize = 115;

fn append_lines<'a>(text: &mut String, lines: impl IntoIterator<Item = &'a String>) {
    for line in lines {
        text.push('\n');
        text.push_str(line);
    }
}

fn add_partner_fields(
    doc: &mut SearchDocument,
    node: &EntryNode,
    p: &Partner,
    today: chrono::NaiveDate,
) {
    if let Some(alternate) = &p.alternate_name {
        doc.title = format!("{} ({alternate})", doc.title);
    }
    // One line per service: the line a result shows when the service matches.
    doc.lines = p
        .services
        .iter()
        .zip(&node.parts)
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
    for s in &p.services {
        append_lines(
            &mut doc.body,
            [&s.referral, &s.fees, &s.wait_time].into_iter().flatten(),
        );
        let names: Vec<&str> = s
            .languages
            .iter()
            .map(|code| crate::content::attributes::languages::dutch_name(code))
            .collect();
        append_lines(&mut doc.body, [&names.join(" ")]);
    }
    append_lines(
        &mut doc.body,
        [&p.kind, &p.alternate_name, &p.opening_hours]
            .into_iter()
            .flatten(),
    );
    doc.services = p
        .services
        .iter()
        .zip(&node.parts)
        .map(|(s, description)| service_facts(s, &description.text, p))
        .collect();
    doc.display.referral = p.services.iter().find_map(|s| s.referral.clone());
    doc.display.phone = p
        .phone
        .clone()
        .or_else(|| p.contact_points.iter().find_map(|c| c.phone.clone()));
    doc.display.notices = result_notices(p, today);
}

/// The notices a result may show: the partner's own, then its services', without those ended by the
/// build's date (as on the pages); the page picks those in force on the visitor's day.
fn result_notices(p: &Partner, today: chrono::NaiveDate) -> Vec<kaartenbak_search::ResultNotice> {
    let own = p.notice.iter().map(|n| (n, None));
    let services = p
        .services
        .iter()
        .filter_map(|s| s.notice.as_ref().map(|n| (n, Some(s.name.clone()))));
    own.chain(services)
        .filter(|(n, _)| !n.ended_by(today))
        .map(|(n, service)| kaartenbak_search::ResultNotice {
            text: n.text.clone(),
            service,
            from: n.from.map(|d| d.to_string()),
            until: n.until.map(|d| d.to_string()),
            refer_meanwhile: n.refer_meanwhile,
        })
        .collect()
}

/// What search ranks a service by: its name, text and domains, and its attributes, structured first and
/// read from the prose fields where those are not filled in (`Service::attributes`).
fn service_facts(s: &Service, description: &str, p: &Partner) -> ServiceFacts {
    let attributes = s.attributes(p);
    ServiceFacts {
        name: s.name.clone(),
        description: description.to_string(),
        domains: s.domains.iter().map(|d| d.value.clone()).collect(),
        minimum_age: s.minimum_age,
        maximum_age: s.maximum_age,
        cost: attributes.cost.map(|cost| match cost {
            ContentCost::Free => Cost::Free,
            ContentCost::Contribution => Cost::Contribution,
            ContentCost::Paid => Cost::Paid,
        }),
        referral_required: attributes.referral_required,
        home_visits: attributes.home_visits,
        hours: opening_spans(&attributes.hours),
        languages: attributes.languages,
    }
}

/// One span per day of each row, by day then opening time.
fn opening_spans(rows: &[HoursRow]) -> Vec<OpeningSpan> {
    let mut spans: Vec<OpeningSpan> = rows
        .iter()
        .flat_map(|row| {
            row.days.iter().map(|&day| OpeningSpan {
                day,
                open: row.open,
                close: row.close,
            })
        })
        .collect();
    spans.sort_by_key(|s| (s.day, s.open, s.close));
    spans.dedup();
    spans
}

fn add_regulation_fields(doc: &mut SearchDocument, r: &Regulation) {
    doc.lines.extend(r.mandate.clone());
    if !r.articles.is_empty() {
        doc.lines
            .push(format!("{} {}", r.law, r.articles.join(", ")));
    }
    doc.body = format!("{}\n{}", r.law, doc.body);
}

fn add_module_fields(doc: &mut SearchDocument, m: &Module) {
    doc.lines = m.learning_goals.clone();
    doc.lines.extend(m.sessions.iter().map(|s| {
        [
            s.date().map(|d| d.to_string()),
            s.time_label(),
            s.location.clone(),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join(" — ")
    }));
    append_lines(
        &mut doc.body,
        m.trainers.iter().chain(&m.level).chain(&m.format),
    );
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
        needs: needs(site),
    }
}

/// The merged lexicon as the search core recognises it: each need's Dutch and English expressions in one
/// list, its term named as the glossary terms of the manifest are (by anchor, see `glossary_terms`).
fn needs(site: &Site) -> Vec<kaartenbak_search::Need> {
    site.lexicon
        .iter()
        .map(|need| kaartenbak_search::Need {
            id: need.id.clone(),
            domain: need.domain.clone(),
            term: need.term.as_ref().and_then(|id| {
                site.glossary
                    .iter()
                    .find(|node| &node.term.id == id)
                    .map(|node| node.term.anchor.clone())
            }),
            expressions: need
                .expressions
                .iter()
                .chain(&need.english)
                .cloned()
                .collect(),
        })
        .collect()
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

/// Every entry's search document, in entry order: what the index is built from, for tests and tools that
/// look at what search knows of an entry.
pub fn search_documents(site: &Site) -> Vec<SearchDocument> {
    (0..site.entry_count())
        .map(|position| document_at(site, position))
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
    entry_document(site, site.entry_at(position))
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
