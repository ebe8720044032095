//! Validate stage: reads the typed fields of every loaded document and checks everything that spans files
//! (ids that must exist, prerequisite cycles, `@/` links, staleness). Reports all problems at once.

mod data;
mod entries;
mod references;

pub use entries::GEMEENTEBREED as MUNICIPALITY_WIDE;

use crate::config::SiteConfig;
use crate::content::{Content, EntryKind};
use crate::diagnostics::Diagnostics;
use crate::load::{LoadedSite, SourceDocument, SourceKind};
use crate::yaml::ReadContext;
use chrono::NaiveDate;
use rayon::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// Settings that validation depends on, separate from the config so tests can fix "today".
#[derive(Debug, Clone, Copy)]
pub struct ValidationSettings {
    pub stale_after_days: u32,
    pub today: NaiveDate,
}

impl ValidationSettings {
    pub fn from_config(config: Option<&SiteConfig>, today: NaiveDate) -> Self {
        ValidationSettings {
            stale_after_days: config.map_or(365, |c| c.stale_after_days),
            today,
        }
    }
}

/// What one document holds once its fields are read.
#[derive(Clone)]
enum ReadDocument {
    Domains(Vec<crate::content::Domain>),
    Areas(Vec<crate::content::Area>),
    Partner(Option<Arc<crate::content::Partner>>),
    Regulation(Option<Arc<crate::content::Regulation>>),
    Module(Option<Arc<crate::content::Module>>),
    Page(Option<Arc<crate::content::Page>>),
}

fn read_document(document: &SourceDocument, diagnostics: &mut Diagnostics) -> ReadDocument {
    let mut ctx = ReadContext {
        file: &document.file,
        source: document.hash,
        positions: &document.yaml.positions,
        diagnostics,
    };
    let value = &document.yaml.value;
    match document.kind {
        SourceKind::Domains => ReadDocument::Domains(data::read_domains(&mut ctx, value)),
        SourceKind::Areas => ReadDocument::Areas(data::read_areas(&mut ctx, value)),
        SourceKind::Entry(kind) => {
            let body = document.body.clone();
            let id = document.id.clone();
            match kind {
                EntryKind::Partner => {
                    ReadDocument::Partner(entries::read_partner(&mut ctx, value, id).map(Arc::new))
                }
                EntryKind::Regulation => ReadDocument::Regulation(
                    entries::read_regulation(&mut ctx, value, id, body).map(Arc::new),
                ),
                EntryKind::Module => ReadDocument::Module(
                    entries::read_module(&mut ctx, value, id, body).map(Arc::new),
                ),
                EntryKind::Page => {
                    ReadDocument::Page(entries::read_page(&mut ctx, value, id, body).map(Arc::new))
                }
            }
        }
    }
}

/// The fields read from each document of the previous validation, by document. Reading a document depends
/// on nothing else, and the load stage hands out the same shared document while its file is unchanged, so
/// `serve` re-reads only the saved file; the checks across files still run on everything.
#[derive(Default)]
pub struct ReadCache {
    /// Keyed by the address of the shared document.
    by_document: HashMap<usize, CachedRead>,
}

struct CachedRead {
    /// Keeps the document alive, so its address cannot be reused by another one.
    _document: Arc<SourceDocument>,
    read: Arc<(ReadDocument, Diagnostics)>,
}

fn address(document: &Arc<SourceDocument>) -> usize {
    Arc::as_ptr(document) as usize
}

pub fn validate(loaded: &LoadedSite, settings: ValidationSettings) -> (Content, Diagnostics) {
    validate_cached(loaded, settings, None)
}

/// `validate`; with a cache, documents read before are taken from it, and the cache then holds this
/// validation's documents.
pub fn validate_cached(
    loaded: &LoadedSite,
    settings: ValidationSettings,
    cache: Option<&mut ReadCache>,
) -> (Content, Diagnostics) {
    let previous = cache.as_deref();
    // Documents are read in parallel (each on its own), then gathered in load order.
    let read: Vec<Arc<(ReadDocument, Diagnostics)>> = loaded
        .documents
        .par_iter()
        .map(|document| {
            let known = previous.and_then(|c| c.by_document.get(&address(document)));
            match known {
                Some(cached) => Arc::clone(&cached.read),
                None => {
                    let mut diagnostics = Diagnostics::default();
                    let read = read_document(document, &mut diagnostics);
                    Arc::new((read, diagnostics))
                }
            }
        })
        .collect();
    if let Some(cache) = cache {
        cache.by_document = loaded
            .documents
            .iter()
            .zip(&read)
            .map(|(document, read)| {
                (
                    address(document),
                    CachedRead {
                        _document: Arc::clone(document),
                        read: Arc::clone(read),
                    },
                )
            })
            .collect();
    }
    let mut diagnostics = Diagnostics::default();
    let mut content = Content::default();
    let mut data_sources = xxhash_rust::xxh3::Xxh3::new();
    for (read, document) in read.into_iter().zip(&loaded.documents) {
        // Moved out when nothing else holds it (a one-off build), copied when the cache keeps it (entries
        // are shared, so that copies only the domain and wijk lists).
        let (read, found) = Arc::try_unwrap(read).unwrap_or_else(|shared| (*shared).clone());
        diagnostics.extend(found);
        match read {
            ReadDocument::Domains(domains) => {
                data_sources.update(&document.hash.to_le_bytes());
                content.domains = domains;
            }
            ReadDocument::Areas(areas) => {
                data_sources.update(&document.hash.to_le_bytes());
                content.areas = areas;
            }
            ReadDocument::Partner(p) => content.partners.extend(p),
            ReadDocument::Regulation(r) => content.regulations.extend(r),
            ReadDocument::Module(m) => content.modules.extend(m),
            ReadDocument::Page(p) => content.pages.extend(p),
        }
    }
    content.data_source = data_sources.digest();
    references::check(&content, settings, &mut diagnostics);
    (content, diagnostics)
}
