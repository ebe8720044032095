//! Builds the index in memory from search documents and returns its files.

use crate::analyzer::{register_analyzer, SearchLanguage};
use crate::document::SearchDocument;
use crate::files::{Facets, IndexFiles, Manifest, ManifestFile};
use crate::schema::SearchSchema;
use crate::vocabulary::{VocabularyBuilder, VOCABULARY_FILE};
use crate::SearchError;
use std::path::Path;
use tantivy::directory::Directory;
use tantivy::schema::Facet;
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings, TantivyDocument};

const INDEXING_MEMORY: usize = 200_000_000;
const META_FILE: &str = "meta.json";
const MANAGED_FILE: &str = ".managed.json";

/// Stored text is cut to what a result shows; the rest of a line goes to an unstored field of the same
/// weight, the rest of a long summary to the body.
const STORED_SUMMARY_CHARS: usize = 120;
const STORED_LINE_CHARS: usize = 90;
const STORED_REFERRAL_CHARS: usize = 130;

/// Splits `text` after `max` characters at a word boundary: (shown part with "…", the rest).
fn cut(text: &str, max: usize) -> (String, &str) {
    let Some((end, _)) = text.char_indices().nth(max) else {
        return (text.to_string(), "");
    };
    let end = text[..end]
        .rfind(' ')
        .filter(|i| *i > max / 2)
        .unwrap_or(end);
    (format!("{}…", text[..end].trim_end()), &text[end..])
}

/// What an index is built for: its language, the site's base path, and the domains and wijken.
pub struct IndexOptions {
    pub language: SearchLanguage,
    pub base: String,
    pub facets: Facets,
}

/// Indexes `documents` into a single segment and returns the files a reader needs, with the vocabulary.
pub fn build_index(
    documents: &[SearchDocument],
    options: IndexOptions,
) -> Result<IndexFiles, SearchError> {
    let IndexOptions {
        language,
        base,
        facets,
    } = options;
    let schema = SearchSchema::new();
    let settings = IndexSettings {
        // The browser build can decompress lz4 only.
        docstore_compression: Compressor::None,
        ..IndexSettings::default()
    };
    let index = Index::builder()
        .schema(schema.schema.clone())
        .settings(settings)
        .create_in_ram()?;
    register_analyzer(&index, language);
    // Big enough that 10,000 entries fit one segment: merging segments afterwards costs more than the memory.
    let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, INDEXING_MEMORY)?;
    // Domain names and synonyms belong to the vocabulary of every entry in the domain: "deurw" completes
    // to "deurwaarder" even where only the domain's synonyms say it.
    let domain_words: std::collections::HashMap<&str, Vec<&str>> = facets
        .domains
        .iter()
        .map(|d| {
            (
                d.id.as_str(),
                std::iter::once(d.label.as_str())
                    .chain(d.synonyms.iter().map(String::as_str))
                    .collect(),
            )
        })
        .collect();
    // The vocabulary is counted on a second thread while tantivy's thread indexes the same documents.
    let vocabulary = std::thread::scope(|scope| -> Result<Vec<u8>, SearchError> {
        let vocabulary = scope.spawn(|| {
            let mut vocabulary = VocabularyBuilder::default();
            for document in documents {
                let own = [&document.title, &document.summary, &document.body]
                    .into_iter()
                    .chain(&document.lines);
                let of_domains = document
                    .domains
                    .iter()
                    .flat_map(|d| domain_words.get(d.as_str()).into_iter().flatten().copied());
                vocabulary.add_entry(own.map(String::as_str).chain(of_domains));
            }
            vocabulary.finish()
        });
        for document in documents {
            writer.add_document(to_tantivy(&schema, document))?;
        }
        writer.commit()?;
        // One segment: the browser loads a handful of files, and terms are not repeated per segment.
        let segments = index.searchable_segment_ids()?;
        if segments.len() > 1 {
            writer.merge(&segments).wait()?;
        }
        writer.wait_merging_threads()?;
        vocabulary
            .join()
            .expect("the vocabulary thread does not panic")
    })?;
    let mut files = export(&index, language, documents.len() as u64, base, facets)?;
    files.manifest.files.push(ManifestFile {
        name: VOCABULARY_FILE.to_string(),
        size: vocabulary.len() as u64,
    });
    files.files.push((VOCABULARY_FILE.to_string(), vocabulary));
    Ok(files)
}

fn to_tantivy(schema: &SearchSchema, d: &SearchDocument) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(schema.id, &d.id);
    doc.add_text(schema.kind, &d.kind);
    doc.add_text(schema.title, &d.title);
    let mut body = d.body.clone();
    let (summary, rest) = cut(&d.summary, STORED_SUMMARY_CHARS);
    doc.add_text(schema.summary, &summary);
    body.push('\n');
    body.push_str(rest);
    for line in &d.lines {
        let (shown, rest) = cut(line, STORED_LINE_CHARS);
        doc.add_text(schema.lines_shown, &shown);
        doc.add_text(schema.lines, rest);
    }
    doc.add_text(schema.body, &body);
    for domain in &d.domains {
        doc.add_facet(schema.domain, Facet::from_path(["domain", domain.as_str()]));
    }
    for area in &d.areas {
        doc.add_facet(schema.area, Facet::from_path(["area", area.as_str()]));
    }
    if let Some(referral) = &d.display.referral {
        doc.add_text(schema.referral, cut(referral, STORED_REFERRAL_CHARS).0);
    }
    if let Some(phone) = &d.display.phone {
        doc.add_text(schema.phone, phone);
    }
    doc
}

/// Copies the files of the searchable segments (and `meta.json`) out of the in-memory directory.
fn export(
    index: &Index,
    language: SearchLanguage,
    documents: u64,
    base: String,
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
    let mut files = Vec::with_capacity(names.len() + 1);
    for name in names {
        let data = read(&name)?;
        files.push((name, data));
    }
    let mut meta = String::from_utf8(read(META_FILE)?)
        .map_err(|e| SearchError::Manifest(format!("{META_FILE}: {e}")))?;
    rename_segments_by_content(&segments, &mut files, &mut meta);
    files.insert(0, (META_FILE.to_string(), meta.into_bytes()));
    let manifest = Manifest {
        schema_version: crate::SCHEMA_VERSION,
        fingerprint: crate::FINGERPRINT.to_string(),
        language,
        documents,
        base,
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

/// Tantivy names segments with random ids; renaming each after a hash of its files makes the same content
/// give the same index files, so a rebuild without changes rewrites nothing and uploads stay small. No
/// segment file holds its own id; only the file names and `meta.json` do.
fn rename_segments_by_content(
    segments: &[String],
    files: &mut [(String, Vec<u8>)],
    meta: &mut String,
) {
    for segment in segments {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, data) in files
            .iter()
            .filter(|(name, _)| name.starts_with(segment.as_str()))
        {
            hasher.update(&name.as_bytes()[segment.len()..]);
            hasher.update(&(data.len() as u64).to_le_bytes());
            hasher.update(data);
        }
        let id = format!("{:032x}", hasher.digest128());
        for (name, _) in files
            .iter_mut()
            .filter(|(name, _)| name.starts_with(segment.as_str()))
        {
            *name = format!("{id}{}", &name[segment.len()..]);
        }
        *meta = meta.replace(&hyphenated(segment), &hyphenated(&id));
    }
}

/// `meta.json` writes segment ids as 8-4-4-4-12 groups, file names without the dashes.
fn hyphenated(id: &str) -> String {
    format!(
        "{}-{}-{}-{}-{}",
        &id[..8],
        &id[8..12],
        &id[12..16],
        &id[16..20],
        &id[20..]
    )
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn stored_text_is_cut_at_a_word() {
        assert_eq!(cut("kort", 10), ("kort".to_string(), ""));
        let (shown, rest) = cut("Aanmelden via het formulier voor professionals", 20);
        assert_eq!(shown, "Aanmelden via het…");
        assert_eq!(rest, " formulier voor professionals");
    }
}
