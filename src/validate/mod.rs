//! Validate stage: reads the typed fields of every loaded document (`read_file`, which the load stage runs
//! as it parses each file) and checks everything that spans files (ids that must exist, prerequisite
//! cycles, `@/` links, staleness, the steps of learning paths, partners entered twice), merges the default glossary with the
//! site's and then the default lexicon of needs with the site's (checked against the site's domains and
//! the merged glossary). Reports all problems at once.

mod attributes;
mod crisis;
mod data;
mod duplicates;
mod dutch_only;
mod embedded;
mod entries;
mod glossary;
mod lexicon;
mod paths;
mod references;
mod sessions;

use glossary::default_glossary;
use lexicon::default_lexicon;

use kaartenbak_shared::MUNICIPALITY_WIDE;

use crate::config::{Language, SiteConfig};
use crate::content::{Content, Entry, EntryKind, MarkdownSource};
use crate::diagnostics::Diagnostics;
use crate::load::{SourceDocument, SourceKind, Unloaded};
use crate::yaml::ReadContext;
use chrono::NaiveDate;
use references::{NotLoaded, Unchecked};
use std::sync::Arc;

/// Settings that validation depends on, separate from the config so tests can fix "today".
#[derive(Debug, Clone, Copy)]
pub struct ValidationSettings {
    pub stale_after_days: u32,
    pub today: NaiveDate,
    /// Picks the default glossary and lexicon (Dutch sites have them).
    pub language: Language,
}

impl ValidationSettings {
    pub fn from_config(config: Option<&SiteConfig>, today: NaiveDate) -> Self {
        ValidationSettings {
            stale_after_days: config.map_or(365, |c| c.stale_after_days),
            today,
            language: config.map_or(Language::Nl, |c| c.language),
        }
    }
}

/// What one document holds once its fields are read.
#[derive(Clone)]
enum ReadDocument {
    Domains(Vec<crate::content::Domain>),
    Areas(Vec<crate::content::Area>),
    /// The site's glossary file and its path.
    Glossary(Vec<crate::content::GlossaryItem>, String),
    /// The site's lexicon of needs and its path.
    Lexicon(Vec<crate::content::NeedItem>, String),
    /// The learning paths file and its path.
    Paths(Vec<crate::content::LearningPath>, String),
    /// An entry of the kind its folder names.
    Entry(EntryKind, Arc<Entry>),
    /// An entry whose required fields were unusable (reported): its kind, id and file.
    Unusable(EntryKind, String, String),
}

impl ReadDocument {
    /// The Markdown texts of the entry, if it is one.
    fn markdown_sources(&self) -> Vec<&MarkdownSource> {
        match self {
            ReadDocument::Entry(_, entry) => entry.markdown_sources().collect(),
            _ => Vec::new(),
        }
    }
}

/// A content file with its fields read: what validation keeps of a loaded document.
#[derive(Clone)]
pub struct ReadFile {
    /// The hash of the file's text (see `SourceDocument::hash`).
    hash: u64,
    read: ReadDocument,
    diagnostics: Diagnostics,
}

/// Reads the typed fields of one loaded document: the part of validation that depends on nothing but the
/// document. The load stage runs it as each file is parsed (see `load_site_cached`), and `serve` keeps the
/// result while the file is unchanged.
pub use crisis::check_crisis_link;

pub fn read_file(document: SourceDocument) -> ReadFile {
    let mut diagnostics = Diagnostics::default();
    let hash = document.hash;
    let read = read_document(document, &mut diagnostics);
    // Parsed here, while the text is fresh in this core's cache; the checks across files use the outlines.
    for markdown in read.markdown_sources() {
        markdown.outline();
    }
    ReadFile {
        hash,
        read,
        diagnostics,
    }
}

fn read_document(document: SourceDocument, diagnostics: &mut Diagnostics) -> ReadDocument {
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
        SourceKind::Glossary => ReadDocument::Glossary(
            glossary::read_glossary(&mut ctx, value, true),
            document.file.clone(),
        ),
        SourceKind::Lexicon => ReadDocument::Lexicon(
            lexicon::read_lexicon(&mut ctx, value, true),
            document.file.clone(),
        ),
        SourceKind::Paths => {
            ReadDocument::Paths(paths::read_paths(&mut ctx, value), document.file.clone())
        }
        SourceKind::Entry(kind) => {
            let body = document.body;
            let id = document.id.clone();
            let entry = match kind {
                EntryKind::Partner => entries::read_partner(&mut ctx, value, id),
                EntryKind::Regulation => entries::read_regulation(&mut ctx, value, id, body),
                EntryKind::Module => entries::read_module(&mut ctx, value, id, body),
                EntryKind::Page => entries::read_page(&mut ctx, value, id, body),
            };
            match entry {
                Some(entry) => ReadDocument::Entry(kind, Arc::new(entry)),
                None => ReadDocument::Unusable(kind, document.id, document.file.clone()),
            }
        }
    }
}

/// Checks the site made of `files` (as `read_file` read them): gathers the entries and runs the checks
/// across files. Files nothing else holds are taken apart; shared ones (kept by `serve`) are copied.
/// `unloaded` are the files that did not load (already reported): links to them are counted, not reported
/// as links to entries that do not exist.
pub fn validate(
    files: Vec<Arc<ReadFile>>,
    unloaded: &[Unloaded],
    settings: ValidationSettings,
) -> (Content, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut not_loaded = NotLoaded::default();
    for file in unloaded {
        if let SourceKind::Entry(kind) = file.kind {
            not_loaded.add_file(kind, &file.id, &file.file);
        }
    }
    let mut content = Content::default();
    let mut data_sources = xxhash_rust::xxh3::Xxh3::new();
    let mut site_glossary = None;
    let mut site_lexicon = None;
    for file in files {
        // Entries are shared, so a copy copies only the domain and wijk lists.
        let ReadFile {
            hash,
            read,
            diagnostics: found,
        } = Arc::try_unwrap(file).unwrap_or_else(|shared| (*shared).clone());
        diagnostics.extend(found);
        match read {
            ReadDocument::Domains(domains) => {
                data_sources.update(&hash.to_le_bytes());
                content.domains = domains;
            }
            ReadDocument::Areas(areas) => {
                data_sources.update(&hash.to_le_bytes());
                content.areas = areas;
            }
            ReadDocument::Glossary(items, file) => site_glossary = Some((items, file)),
            ReadDocument::Lexicon(items, file) => site_lexicon = Some((items, file)),
            ReadDocument::Paths(paths, file) => {
                data_sources.update(&hash.to_le_bytes());
                content.paths = paths;
                content.paths_file = file;
            }
            ReadDocument::Entry(kind, entry) => content.entries[kind].push(entry),
            ReadDocument::Unusable(kind, id, file) => not_loaded.add_entry(kind, &id, &file),
        }
    }
    content.data_source = data_sources.digest();
    let (mut glossary_items, glossary_file) = site_glossary.unwrap_or_default();
    let (mut lexicon_items, lexicon_file) = site_lexicon.unwrap_or_default();
    dutch_only::drop_dutch_extensions(
        settings.language,
        (&mut glossary_items, &glossary_file),
        (&mut lexicon_items, &lexicon_file),
        &mut diagnostics,
    );
    let defaults = default_glossary(settings.language).map_or(&[][..], |d| &d.items);
    let (site_items, site_file) = (glossary_items, glossary_file);
    content.glossary = glossary::merge(defaults, &site_items, &site_file, &mut diagnostics);
    // After the glossary: a need's term must be a term of the merged glossary.
    let defaults = default_lexicon(settings.language).map_or(&[][..], |d| &d.items);
    let (site_items, site_file) = (lexicon_items, lexicon_file);
    content.lexicon = lexicon::merge(
        defaults,
        &site_items,
        &site_file,
        &content.domains,
        &content.glossary,
        &mut diagnostics,
    );
    let mut unchecked = Unchecked::default();
    references::check(
        &content,
        &not_loaded,
        &mut unchecked,
        settings,
        &mut diagnostics,
    );
    paths::check(&content, &not_loaded, &mut unchecked, &mut diagnostics);
    duplicates::check(&content, &mut diagnostics);
    unchecked.report(&not_loaded, &mut diagnostics);
    (content, diagnostics)
}
