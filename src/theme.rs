//! Themes: the default theme is embedded in the binary, so a site needs no copy of it. A site's
//! `themes/NAME/` folder (named in the config) overrides it file by file: templates, static files and
//! translations it does not have come from the default theme.

use crate::diagnostics::{display_path, Diagnostic, Position};
use include_dir::{include_dir, Dir};
use std::collections::BTreeMap;
use std::path::Path;
use walkdir::WalkDir;

static DEFAULT_THEME: Dir = include_dir!("$CARGO_MANIFEST_DIR/themes/default");

#[derive(Debug, Clone, Default)]
pub struct Theme {
    /// Template name (path under `templates/`) → source.
    pub templates: BTreeMap<String, String>,
    /// Path under `static/` → bytes, copied to `static/` in the output.
    pub static_files: BTreeMap<String, Vec<u8>>,
    /// Language code → translation file text.
    pub translations: BTreeMap<String, (String, String)>,
}

fn add_embedded(dir: &Dir, theme: &mut Theme) {
    for entry in dir.entries() {
        if let Some(sub) = entry.as_dir() {
            add_embedded(sub, theme);
        } else if let Some(file) = entry.as_file() {
            let path = file.path().to_string_lossy().replace('\\', "/");
            insert(
                theme,
                &path,
                file.contents().to_vec(),
                "(embedded default theme)".into(),
            );
        }
    }
}

fn insert(theme: &mut Theme, path: &str, bytes: Vec<u8>, origin: String) {
    if let Some(name) = path.strip_prefix("templates/") {
        theme.templates.insert(
            name.to_string(),
            String::from_utf8_lossy(&bytes).into_owned(),
        );
    } else if let Some(name) = path.strip_prefix("static/") {
        theme.static_files.insert(name.to_string(), bytes);
    } else if let Some(name) = path.strip_prefix("i18n/") {
        if let Some(language) = name.strip_suffix(".toml") {
            theme.translations.insert(
                language.to_string(),
                (origin, String::from_utf8_lossy(&bytes).into_owned()),
            );
        }
    }
}

/// The theme named `name` for the site in `root`.
pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Diagnostic> {
    let mut theme = Theme::default();
    add_embedded(&DEFAULT_THEME, &mut theme);
    if name == "default" && !root.join("themes/default").is_dir() {
        return Ok(theme);
    }
    let dir = root.join("themes").join(name);
    if !dir.is_dir() {
        return Err(Diagnostic::error(
            "missing-theme",
            crate::config::CONFIG_FILE,
            Position::START,
            format!("the theme `{name}` does not exist: there is no folder themes/{name}/"),
        )
        .with_hint("remove `theme` from kaartenbak.toml to use the embedded default theme, or create the folder"));
    }
    for entry in WalkDir::new(&dir).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Diagnostic::error(
                "unreadable",
                &format!("themes/{name}"),
                Position::START,
                e.to_string(),
            )
        })?;
        if !entry.file_type().is_file()
            || crate::load::is_editor_temp_file(&entry.file_name().to_string_lossy())
        {
            continue;
        }
        let relative = display_path(&dir, entry.path());
        let bytes = std::fs::read(entry.path()).map_err(|e| {
            Diagnostic::error(
                "unreadable",
                &display_path(root, entry.path()),
                Position::START,
                e.to_string(),
            )
        })?;
        insert(
            &mut theme,
            &relative,
            bytes,
            display_path(root, entry.path()),
        );
    }
    Ok(theme)
}
