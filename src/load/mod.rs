//! Load stage: finds the content files of a site, reads them and parses their YAML (front matter for
//! Markdown files). Produces documents with positions; knows nothing of fields, which `validate` reads.

mod files;
mod front_matter;

pub use files::{classify, is_editor_temp_file, SourceKind};
pub use front_matter::split_front_matter;

use crate::config::{self, SiteConfig};
use crate::content::MarkdownSource;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Position};
use crate::yaml::{self, At, PositionText, YamlDocument};
use rayon::prelude::*;
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;
use walkdir::WalkDir;

pub const CONTENT_DIR: &str = "content";

/// One parsed content file.
#[derive(Debug)]
pub struct SourceDocument {
    pub kind: SourceKind,
    pub id: String,
    pub file: String,
    pub yaml: YamlDocument,
    /// The Markdown after the front matter (Markdown files only).
    pub body: Option<MarkdownSource>,
    /// Hash of the file's text: what an entry is made of, for telling which pages an edit can change.
    pub hash: u64,
}

/// Everything the load stage found; `config` is None when `kaartenbak.toml` is broken (reported).
/// `documents` holds what the caller's `read` made of each file, in path order (see `load_site_cached`).
#[derive(Debug)]
pub struct LoadedSite<R> {
    pub config: Option<SiteConfig>,
    /// Shared so that `serve` can keep unchanged files between rebuilds.
    pub documents: Vec<Arc<R>>,
    /// The files that were found but could not be read or parsed (each reported): validation must not
    /// report the links to them as links to something that does not exist.
    pub unloaded: Vec<Unloaded>,
}

/// A content file that was found but did not load.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unloaded {
    pub kind: SourceKind,
    pub id: String,
    pub file: String,
}

/// What was made of each file at the previous load, keyed by path, reused while a file's size and
/// modification time are unchanged. `serve` keeps one across rebuilds so a save re-reads only the saved
/// file.
#[derive(Debug)]
pub struct DocumentCache<R> {
    entries: HashMap<PathBuf, CachedDocument<R>>,
    /// False for a one-off load, which has no next load to remember files for (and so need not ask the
    /// file system for their size and time).
    remembers: bool,
}

impl<R> Default for DocumentCache<R> {
    fn default() -> Self {
        DocumentCache {
            entries: HashMap::new(),
            remembers: true,
        }
    }
}

impl<R> DocumentCache<R> {
    /// A cache for a single load: it keeps nothing.
    pub fn one_off() -> Self {
        DocumentCache {
            entries: HashMap::new(),
            remembers: false,
        }
    }
}

#[derive(Debug)]
struct CachedDocument<R> {
    stamp: FileStamp,
    document: Arc<R>,
}

/// What tells us a file changed without reading it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct FileStamp {
    len: u64,
    modified: Option<SystemTime>,
}

impl FileStamp {
    fn of(path: &Path) -> Option<FileStamp> {
        let metadata = std::fs::metadata(path).ok()?;
        Some(FileStamp {
            len: metadata.len(),
            modified: metadata.modified().ok(),
        })
    }
}

/// A found file after reading: its stamp for the cache, and what was made of it or why it could not be
/// read.
type LoadedFile<R> = (FoundFile, Option<FileStamp>, Result<Arc<R>, Diagnostic>);

/// A file found by the walk, with what its path says it is.
struct FoundFile {
    path: PathBuf,
    file: String,
    kind: SourceKind,
    id: String,
}

/// Loads the site in `root`; every problem becomes a diagnostic, and loading goes on with the other files.
/// Each parsed file goes to `read`, and what it returns is kept; files that did not change
/// since they were put in `cache` are taken from it, and the cache is updated. Files are read, parsed and
/// passed to `read` in parallel, each on one thread in one go: the parsed YAML (several times the size of
/// its file) is freed as soon as `read` is done with it, while still in that core's cache, instead of
/// waiting for the whole site. The result is in path order whatever the thread count.
pub fn load_site_cached<R: Send + Sync>(
    root: &Path,
    cache: &mut DocumentCache<R>,
    read: impl Fn(SourceDocument) -> R + Sync,
) -> (LoadedSite<R>, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let config = match config::load_config(root) {
        Ok(config) => Some(config),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    };
    let content = root.join(CONTENT_DIR);
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("missing-content", CONTENT_DIR, Position::START, "there is no content/ folder")
                .with_hint("create content/ with _data/domains.yaml and a folder per kind, or run `kaartenbak new partner ID`"),
        );
    }
    let found = content_files(root, &content, &mut diagnostics);
    let loaded: Vec<LoadedFile<R>> = found
        .into_par_iter()
        .map(|f| {
            let stamp = cache.remembers.then(|| FileStamp::of(&f.path)).flatten();
            let cached = cache
                .entries
                .get(&f.path)
                .filter(|c| stamp.is_some() && Some(c.stamp) == stamp)
                .map(|c| Ok(Arc::clone(&c.document)));
            let result = cached.unwrap_or_else(|| {
                load_document(&f.path, &f.file, f.kind, f.id.clone())
                    .map(|document| Arc::new(read(document)))
            });
            (f, stamp, result)
        })
        .collect();
    let mut documents = Vec::with_capacity(loaded.len());
    let mut unloaded = Vec::new();
    let mut fresh = HashMap::with_capacity(loaded.len());
    for (found, stamp, result) in loaded {
        match result {
            Ok(document) => {
                if let Some(stamp) = stamp {
                    fresh.insert(
                        found.path,
                        CachedDocument {
                            stamp,
                            document: Arc::clone(&document),
                        },
                    );
                }
                documents.push(document);
            }
            Err(diagnostic) => {
                diagnostics.push(diagnostic);
                unloaded.push(Unloaded {
                    kind: found.kind,
                    id: found.id,
                    file: found.file,
                });
            }
        }
    }
    cache.entries = fresh;
    (
        LoadedSite {
            config,
            documents,
            unloaded,
        },
        diagnostics,
    )
}

/// The content files below `content`, classified, in path order; misplaced files and ids used twice are
/// reported (and left out).
fn content_files(root: &Path, content: &Path, diagnostics: &mut Diagnostics) -> Vec<FoundFile> {
    let mut paths: Vec<PathBuf> = WalkDir::new(content)
        .follow_links(true)
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        .filter_map(|entry| match entry {
            Ok(entry) => entry.file_type().is_file().then(|| entry.into_path()),
            Err(error) => {
                let file = error
                    .path()
                    .map_or_else(|| CONTENT_DIR.to_string(), |p| display_path(root, p));
                diagnostics.push(Diagnostic::error(
                    "unreadable",
                    &file,
                    Position::START,
                    format!("cannot read: {error}"),
                ));
                None
            }
        })
        .collect();
    paths.sort();
    let mut seen: HashMap<(SourceKind, String), String> = HashMap::new();
    let mut found = Vec::with_capacity(paths.len());
    for path in paths {
        let file = display_path(root, &path);
        let relative = path.strip_prefix(content).unwrap_or(&path);
        let (kind, id) = match classify(relative) {
            Ok(Some(found)) => found,
            Ok(None) => continue,
            Err(hint) => {
                diagnostics.push(
                    Diagnostic::warning(
                        "ignored-file",
                        &file,
                        Position::START,
                        "this file is not part of the site",
                    )
                    .with_hint(hint),
                );
                continue;
            }
        };
        if let Some(first) = seen.insert((kind, id.clone()), file.clone()) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    &file,
                    Position::START,
                    format!("the id `{id}` is also used by {first}"),
                )
                .with_hint("ids come from file names; rename or remove one of the files"),
            );
            continue;
        }
        found.push(FoundFile {
            path,
            file,
            kind,
            id,
        });
    }
    found
}

/// Reads and parses one content file.
pub fn load_document(
    path: &Path,
    file: &str,
    kind: SourceKind,
    id: String,
) -> Result<SourceDocument, Diagnostic> {
    let bytes = std::fs::read(path).map_err(|error| {
        Diagnostic::error(
            "unreadable",
            file,
            Position::START,
            format!("cannot read the file: {error}"),
        )
    })?;
    let text = String::from_utf8(bytes).map_err(|error| {
        let at = Position::at_offset(
            &String::from_utf8_lossy(&error.as_bytes()[..error.utf8_error().valid_up_to()]),
            error.utf8_error().valid_up_to(),
        );
        Diagnostic::error("encoding", file, at, "the file is not valid UTF-8 text")
            .with_hint("save the file as UTF-8 (most editors: \"Save with encoding\" → UTF-8)")
    })?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let hash = xxhash_rust::xxh3::xxh3_64(text.as_bytes());
    if kind.is_markdown() {
        let split = split_front_matter(text).map_err(|message| {
            Diagnostic::error("front-matter", file, Position::START, message)
                .with_hint("start the file with a line `---`, the fields in YAML, then a closing line `---` and the Markdown text")
        })?;
        // The front matter's place in the text, for finding it again (see `PositionText`).
        let positions = PositionText::File {
            path: path.to_path_buf(),
            hash,
            range: split.yaml_start..split.yaml_start + split.yaml.len(),
        };
        let yaml = yaml::parse(split.yaml, file, Position::new(2, 1), positions)?;
        Ok(SourceDocument {
            kind,
            id,
            file: file.to_string(),
            yaml,
            body: Some(MarkdownSource::new(
                split.body.to_string(),
                At::Known(Position::new(split.body_line, 1)),
            )),
            hash,
        })
    } else {
        Ok(SourceDocument {
            kind,
            id,
            file: file.to_string(),
            yaml: yaml::parse(
                text,
                file,
                Position::START,
                PositionText::File {
                    path: path.to_path_buf(),
                    hash,
                    range: 0..text.len(),
                },
            )?,
            body: None,
            hash,
        })
    }
}
