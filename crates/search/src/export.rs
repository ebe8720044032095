//! Exports the index tantivy built in memory as the files a site serves: the searchable segments (their
//! body positions split off into a part that loads later) and `meta.json`, renamed after their content,
//! with the manifest that lists them.

use crate::files::{IndexFiles, IndexOptions, Manifest, ManifestFile};
use crate::positions_part;
use crate::schema::SearchSchema;
use crate::SearchError;
use std::path::Path;
use tantivy::directory::Directory;
use tantivy::Index;

const META_FILE: &str = "meta.json";
const MANAGED_FILE: &str = ".managed.json";

/// Copies the files of the searchable segments (and `meta.json`) out of the in-memory directory.
pub(crate) fn export(
    index: &Index,
    schema: &SearchSchema,
    documents: u64,
    options: IndexOptions,
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
        // The body's positions load later: the page first gets the file without them.
        if positions_part::is_positions_file(&name) {
            let without_body = positions_part::without_body(index, schema, &name)?;
            files.push((format!("{name}{}", positions_part::FULL_SUFFIX), data));
            files.push((name, without_body));
        } else {
            files.push((name, data));
        }
    }
    let mut meta = String::from_utf8(read(META_FILE)?)
        .map_err(|e| SearchError::Manifest(format!("{META_FILE}: {e}")))?;
    rename_segments_by_content(&segments, &mut files, &mut meta);
    files.insert(0, (META_FILE.to_string(), meta.into_bytes()));
    let manifest = Manifest {
        schema_version: crate::SCHEMA_VERSION,
        fingerprint: crate::FINGERPRINT.to_string(),
        language: options.language,
        documents,
        base: options.base,
        facets: options.facets,
        glossary: options.glossary,
        needs: options.needs,
        files: listed(&files, false),
        positions: listed(&files, true),
        texts: Vec::new(),
    };
    Ok(IndexFiles { manifest, files })
}

/// The manifest's list of `files`: the whole positions files, or all others.
fn listed(files: &[(String, Vec<u8>)], positions: bool) -> Vec<ManifestFile> {
    files
        .iter()
        .filter(|(name, _)| positions_part::positions_name(name).is_some() == positions)
        .map(|(name, data)| ManifestFile {
            name: name.clone(),
            size: data.len() as u64,
        })
        .collect()
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
