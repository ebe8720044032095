//! Exports the index tantivy built in memory as the files a site serves: the searchable segments (the
//! big files of each as lists and parts, `parts.rs`) and `meta.json`, renamed after their content, with
//! the manifest that lists them.

use crate::files::{IndexFiles, IndexOptions, Manifest, ManifestFile};
use crate::parts::{self, PartedFile};
use crate::parts_directory::PartsDirectory;
use crate::SearchError;
use std::collections::{BTreeSet, HashSet};
use std::path::Path;
use tantivy::directory::{Directory, OwnedBytes, RamDirectory};
use tantivy::{Index, IndexReader, ReloadPolicy};

const META_FILE: &str = "meta.json";

/// Files of the index by name.
type NamedFiles = Vec<(String, Vec<u8>)>;
const MANAGED_FILE: &str = ".managed.json";

/// Takes the files of the searchable segments (and `meta.json`) out of `ram`, the in-memory directory
/// `index` lives in (read there: `index.directory()` would strip each file's footer on `open_read`).
pub(crate) fn export(
    index: &Index,
    ram: &RamDirectory,
    documents: u64,
    options: IndexOptions,
) -> Result<IndexFiles, SearchError> {
    let missing =
        |name: &str, e: &dyn std::fmt::Display| SearchError::MissingFile(format!("{name}: {e}"));
    let read = |name: &str| -> Result<Vec<u8>, SearchError> {
        ram.atomic_read(Path::new(name))
            .map_err(|e| missing(name, &e))
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
    // The bytes the in-memory directory holds, not copies of them: at 50,000 entries the segment is 70 MB,
    // which a build need not hold twice before its parts are cut.
    let mut segment_files = Vec::with_capacity(names.len());
    for name in names {
        let data = ram
            .open_read(Path::new(&name))
            .map_err(|e| missing(&name, &e))?
            .read_bytes()
            .map_err(|e| missing(&name, &e))?;
        // Positions too are read in parts (`parts.rs`), the body's with the rest: a quoted phrase fetches
        // the parts that hold its words' positions, not the whole file.
        segment_files.push((name, data));
    }
    let mut meta = String::from_utf8(read(META_FILE)?)
        .map_err(|e| SearchError::Manifest(format!("{META_FILE}: {e}")))?;
    rename_segments_by_content(&segments, &mut segment_files, &mut meta);
    let (mut files, parted, pieces) = split_big_files(segment_files);
    files.insert(0, (META_FILE.to_string(), meta.into_bytes()));
    let eager = parts_read_on_open(&files, &parted, &pieces)?;
    let manifest = Manifest {
        schema_version: crate::SCHEMA_VERSION,
        fingerprint: crate::FINGERPRINT.to_string(),
        language: options.language,
        documents,
        base: options.base,
        facets: options.facets,
        glossary: options.glossary,
        needs: options.needs,
        files: files
            .iter()
            .filter(|(name, _)| !pieces.contains(name) || eager.contains(name))
            .map(|(name, data)| ManifestFile {
                name: name.clone(),
                size: data.len() as u64,
            })
            .collect(),
        texts: Vec::new(),
        parted,
    };
    Ok(IndexFiles { manifest, files })
}

/// The segment files that load in parts (`parts.rs`) replaced by their lists and parts, each once; the
/// names of those.
fn split_big_files(
    files: Vec<(String, OwnedBytes)>,
) -> (NamedFiles, Vec<PartedFile>, HashSet<String>) {
    let mut kept = Vec::with_capacity(files.len() + 1);
    let mut parted = Vec::new();
    let mut given = HashSet::new();
    for (name, data) in files {
        if parts::is_parted(&name) {
            let (file, pieces) = parts::split(&name, &data);
            parted.push(file);
            kept.extend(
                pieces
                    .into_iter()
                    .filter(|(piece, _)| given.insert(piece.clone())),
            );
        } else {
            kept.push((name, data.to_vec()));
        }
    }
    (kept, parted, given)
}

/// The parts tantivy reads when it opens the index (composite footers, the stored fields' skip index),
/// with their lists: found by opening it with nothing of them loaded and adding what it asked for until
/// it opens. They load with the index.
fn parts_read_on_open(
    files: &[(String, Vec<u8>)],
    parted: &[PartedFile],
    pieces: &HashSet<String>,
) -> Result<BTreeSet<String>, SearchError> {
    let directory = PartsDirectory::default();
    for (name, data) in files.iter().filter(|(name, _)| !pieces.contains(name)) {
        directory
            .whole()
            .atomic_write(Path::new(name), data)
            .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))?;
    }
    for file in parted {
        directory
            .add_parted(file, |_| None)
            .map_err(SearchError::MissingFile)?;
    }
    let mut eager = BTreeSet::new();
    loop {
        let opened = Index::open(directory.clone()).and_then(|index| {
            index
                .reader_builder()
                .reload_policy(ReloadPolicy::Manual)
                .try_into()
                .map(|_: IndexReader| ())
        });
        let missing = directory.missing().take();
        match opened {
            Ok(()) if missing.is_empty() => return Ok(eager),
            Err(e) if missing.is_empty() => return Err(e.into()),
            _ => {}
        }
        for name in missing {
            let (_, data) = files
                .iter()
                .find(|(n, _)| *n == name)
                .expect("a part tantivy asks for was written");
            directory
                .load_part(&name, data)
                .map_err(SearchError::MissingFile)?;
            eager.insert(name);
        }
    }
}

/// Tantivy names segments with random ids; renaming each after a hash of its files makes the same content
/// give the same index files, so a rebuild without changes rewrites nothing and uploads stay small. No
/// segment file holds its own id; only the file names and `meta.json` do.
fn rename_segments_by_content(
    segments: &[String],
    files: &mut [(String, impl AsRef<[u8]>)],
    meta: &mut String,
) {
    for segment in segments {
        let mut hasher = xxhash_rust::xxh3::Xxh3::new();
        for (name, data) in files
            .iter()
            .filter(|(name, _)| name.starts_with(segment.as_str()))
        {
            hasher.update(&name.as_bytes()[segment.len()..]);
            let data = data.as_ref();
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
