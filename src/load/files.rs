//! Which files of `content/` are what: data files, entries of each kind, and files to ignore.

use crate::content::EntryKind;
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum SourceKind {
    Domains,
    Areas,
    /// The site's glossary, `_data/glossary.yaml`.
    Glossary,
    /// The site's lexicon of needs, `_data/lexicon.yaml`.
    Lexicon,
    /// The learning paths, `_data/paths.yaml`.
    Paths,
    Entry(EntryKind),
}

impl SourceKind {
    pub fn is_markdown(self) -> bool {
        matches!(self, SourceKind::Entry(kind) if !kind.is_yaml())
    }
}

/// Editor swap, backup and temporary files, which are never content (vim, emacs, JetBrains, Office …).
pub fn is_editor_temp_file(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.starts_with("~$")
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
        || name.ends_with(".orig")
        || name.ends_with("___jb_tmp___")
        || name.ends_with("___jb_old___")
        || name == "4913"
}

/// Classifies a path relative to `content/`: `Ok(Some((kind, id)))` for content, `Ok(None)` for files to
/// skip silently (editor temp files), `Err(hint)` for files that look misplaced.
pub fn classify(relative: &Path) -> Result<Option<(SourceKind, String)>, String> {
    let name = relative
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    if is_editor_temp_file(&name) || name == "README.md" {
        return Ok(None);
    }
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().to_string())
        .collect();
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, ext)) => (stem.to_string(), ext.to_ascii_lowercase()),
        None => (name.clone(), String::new()),
    };
    let is_yaml = extension == "yaml" || extension == "yml";
    match parts.as_slice() {
        [data, _] if data == "_data" => match (stem.as_str(), is_yaml) {
            ("domains", true) => Ok(Some((SourceKind::Domains, stem))),
            ("areas", true) => Ok(Some((SourceKind::Areas, stem))),
            ("glossary", true) => Ok(Some((SourceKind::Glossary, stem))),
            ("lexicon", true) => Ok(Some((SourceKind::Lexicon, stem))),
            ("paths", true) => Ok(Some((SourceKind::Paths, stem))),
            _ => Err("content/_data/ holds domains.yaml, areas.yaml, glossary.yaml, lexicon.yaml and paths.yaml".into()),
        },
        [folder, _] => match EntryKind::from_folder(folder) {
            Some(kind) if kind.is_yaml() && is_yaml => Ok(Some((SourceKind::Entry(kind), stem))),
            Some(kind) if kind.is_yaml() => Err(format!("{} are YAML files: content/{}/ID.yaml", kind.folder(), kind.folder())),
            Some(kind) if extension == "md" => Ok(Some((SourceKind::Entry(kind), stem))),
            Some(kind) => Err(format!("{} are Markdown files: content/{}/ID.md", kind.folder(), kind.folder())),
            None => Err("content/ has the folders _data, partners, regulations, modules and pages".into()),
        },
        _ => Err("content/ has the folders _data, partners, regulations, modules and pages, one level deep".into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_content_files() {
        let entry = |p: &str| classify(Path::new(p));
        assert_eq!(
            entry("partners/voedselbank.yaml").unwrap(),
            Some((SourceKind::Entry(EntryKind::Partner), "voedselbank".into()))
        );
        assert_eq!(
            entry("modules/meldcode.md").unwrap(),
            Some((SourceKind::Entry(EntryKind::Module), "meldcode".into()))
        );
        assert_eq!(
            entry("_data/areas.yml").unwrap(),
            Some((SourceKind::Areas, "areas".into()))
        );
        assert_eq!(
            entry("_data/glossary.yaml").unwrap(),
            Some((SourceKind::Glossary, "glossary".into()))
        );
        assert_eq!(
            entry("_data/lexicon.yaml").unwrap(),
            Some((SourceKind::Lexicon, "lexicon".into()))
        );
        assert_eq!(
            entry("_data/paths.yaml").unwrap(),
            Some((SourceKind::Paths, "paths".into()))
        );
        assert!(entry("_data/begrippen.yaml").is_err());
        assert!(entry("partners/voedselbank.md").is_err());
        assert!(entry("diversen/x.md").is_err());
    }

    #[test]
    fn editor_temp_files_are_skipped() {
        for name in [
            ".voedselbank.yaml.swp",
            "voedselbank.yaml~",
            "4913",
            ".#voedselbank.yaml",
            "x.yaml___jb_tmp___",
        ] {
            assert_eq!(
                classify(Path::new(&format!("partners/{name}"))).unwrap(),
                None,
                "{name}"
            );
        }
    }
}
