//! Load stage: finds the content files of a site, reads them and parses their YAML (front matter for
//! Markdown files). Produces documents with positions; knows nothing of fields, which `validate` reads.

mod files;
mod front_matter;

pub use files::{classify, is_editor_temp_file, SourceKind};
pub use front_matter::split_front_matter;

use crate::config::{self, SiteConfig};
use crate::content::MarkdownSource;
use crate::diagnostics::{display_path, Diagnostic, Diagnostics, Position};
use crate::yaml::{self, TextOrigin, YamlDocument};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
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
}

/// Everything the load stage found; `config` is None when `kaartenbak.toml` is broken (reported).
#[derive(Debug)]
pub struct LoadedSite {
    pub root: PathBuf,
    pub config: Option<SiteConfig>,
    pub documents: Vec<SourceDocument>,
}

/// Loads the site in `root`. Every problem becomes a diagnostic; loading goes on with the other files.
pub fn load_site(root: &Path) -> (LoadedSite, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let config = match config::load_config(root) {
        Ok(config) => Some(config),
        Err(diagnostic) => {
            diagnostics.push(diagnostic);
            None
        }
    };
    let content = root.join(CONTENT_DIR);
    let mut documents = Vec::new();
    if !content.is_dir() {
        diagnostics.push(
            Diagnostic::error("missing-content", CONTENT_DIR, Position::START, "there is no content/ folder")
                .with_hint("create content/ with _data/domains.yaml and a folder per kind, or run `kaartenbak new partner ID`"),
        );
    }
    let mut paths: Vec<PathBuf> = WalkDir::new(&content)
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
    for path in paths {
        let file = display_path(root, &path);
        let relative = path.strip_prefix(&content).unwrap_or(&path);
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
        match load_document(&path, &file, kind, id) {
            Ok(document) => documents.push(document),
            Err(diagnostic) => diagnostics.push(diagnostic),
        }
    }
    (
        LoadedSite {
            root: root.to_path_buf(),
            config,
            documents,
        },
        diagnostics,
    )
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
    if kind.is_markdown() {
        let split = split_front_matter(text).map_err(|message| {
            Diagnostic::error("front-matter", file, Position::START, message)
                .with_hint("start the file with a line `---`, the fields in YAML, then a closing line `---` and the Markdown text")
        })?;
        let yaml = yaml::parse(split.yaml, file, Position::new(2, 1))?;
        Ok(SourceDocument {
            kind,
            id,
            file: file.to_string(),
            yaml,
            body: Some(MarkdownSource {
                text: split.body.to_string(),
                origin: TextOrigin::at(Position::new(split.body_line, 1)),
            }),
        })
    } else {
        Ok(SourceDocument {
            kind,
            id,
            file: file.to_string(),
            yaml: yaml::parse(text, file, Position::START)?,
            body: None,
        })
    }
}
