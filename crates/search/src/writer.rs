//! Builds the index in memory from search documents and returns its files.

use crate::analyzer::{register_analyzer, SearchLanguage};
use crate::document::SearchDocument;
use crate::files::{Facets, IndexFiles, Manifest, ManifestFile};
use crate::schema::SearchSchema;
use crate::SearchError;
use std::path::Path;
use tantivy::directory::Directory;
use tantivy::schema::Facet;
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings, TantivyDocument};

const META_FILE: &str = "meta.json";
const MANAGED_FILE: &str = ".managed.json";

/// Indexes `documents` into a single segment and returns the files a reader needs.
pub fn build_index(
    documents: &[SearchDocument],
    language: SearchLanguage,
    facets: Facets,
) -> Result<IndexFiles, SearchError> {
    let schema = SearchSchema::new();
    let settings = IndexSettings {
        // The browser build can decompress lz4 only.
        docstore_compression: Compressor::Lz4,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema.schema.clone())
        .settings(settings)
        .create_in_ram()?;
    register_analyzer(&index, language);
    // One thread writes one segment: the reader then loads a handful of files instead of dozens.
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, 15_000_000)?;
    for document in documents {
        writer.add_document(to_tantivy(&schema, document))?;
    }
    writer.commit()?;
    writer.wait_merging_threads()?;
    export(&index, language, documents.len() as u64, facets)
}

fn to_tantivy(schema: &SearchSchema, d: &SearchDocument) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(schema.id, &d.id);
    doc.add_text(schema.kind, &d.kind);
    doc.add_text(schema.url, &d.url);
    doc.add_text(schema.title, &d.title);
    doc.add_text(schema.summary, &d.summary);
    for line in &d.lines {
        doc.add_text(schema.lines, line);
    }
    doc.add_text(schema.body, &d.body);
    doc.add_text(schema.synonyms, &d.synonyms);
    for text in [&d.title, &d.summary, &d.body, &d.synonyms]
        .into_iter()
        .chain(&d.lines)
    {
        doc.add_text(schema.words, text);
    }
    for domain in &d.domains {
        doc.add_facet(schema.domain, Facet::from_path(["domain", domain.as_str()]));
    }
    for area in &d.areas {
        doc.add_facet(schema.area, Facet::from_path(["area", area.as_str()]));
    }
    doc.add_text(
        schema.display,
        serde_json::to_string(&d.display).expect("display info always serialises"),
    );
    doc
}

/// Copies the files of the searchable segments (and `meta.json`) out of the in-memory directory.
fn export(
    index: &Index,
    language: SearchLanguage,
    documents: u64,
    facets: Facets,
) -> Result<IndexFiles, SearchError> {
    let directory = index.directory();
    let read = |name: &str| -> Result<Vec<u8>, SearchError> {
        directory
            .atomic_read(Path::new(name))
            .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))
    };
    let managed: Vec<String> = serde_json::from_slice(&read(MANAGED_FILE)?)
        .map_err(|e| SearchError::Manifest(format!("{MANAGED_FILE}: {e}")))?;
    let segments: Vec<String> = index
        .searchable_segment_metas()?
        .iter()
        .map(|meta| meta.id().uuid_string())
        .collect();
    let mut names: Vec<String> = managed
        .into_iter()
        .filter(|name| {
            segments
                .iter()
                .any(|segment| name.starts_with(segment.as_str()))
        })
        .collect();
    names.sort();
    names.insert(0, META_FILE.to_string());
    let mut files = Vec::with_capacity(names.len());
    for name in names {
        let data = read(&name)?;
        files.push((name, data));
    }
    let manifest = Manifest {
        schema_version: crate::SCHEMA_VERSION,
        fingerprint: crate::FINGERPRINT.to_string(),
        language,
        documents,
        facets,
        files: files
            .iter()
            .map(|(name, data)| ManifestFile {
                name: name.clone(),
                size: data.len() as u64,
            })
            .collect(),
    };
    Ok(IndexFiles { manifest, files })
}
