//! `kaartenbak init`: writes a new site that `check` and `build` accept as it is — a commented
//! kaartenbak.toml, the default domain taxonomy that the built-in glossary and lexicon refer to, one wijk,
//! one example partner and a .gitignore for the build output and the preview.

use std::path::{Path, PathBuf};

/// The example site's domains are the default taxonomy (the Zelfredzaamheid-Matrix plus opvoeding &
/// jeugd): the built-in lexicon files its needs under these ids, so a new site starts with all of them.
const DOMAINS: &str = include_str!("../content/_data/domains.yaml");
const CONFIG: &str = include_str!("../assets/starter/kaartenbak.toml");
const AREAS: &str = include_str!("../assets/starter/areas.yaml");
const PARTNER: &str = include_str!("../assets/starter/partner.yaml");
const GITIGNORE: &str = "# What `kaartenbak build` writes, and the preview of `kaartenbak serve`\n/site/\n/.kaartenbak/\n";

#[derive(Debug, thiserror::Error)]
pub enum InitError {
    #[error("{0} already holds a Kaartenbak site ({1} exists); init never overwrites a site")]
    Exists(PathBuf, &'static str),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// Writes a new site into `dir` (created if needed); `today` becomes the example partner's
/// `last_verified`. Returns the files written, relative to `dir`.
pub fn init(dir: &Path, today: &str) -> Result<Vec<&'static str>, InitError> {
    for existing in ["kaartenbak.toml", "content"] {
        if dir.join(existing).exists() {
            return Err(InitError::Exists(dir.to_path_buf(), existing));
        }
    }
    let domains = DOMAINS.replacen(
        "# Levensdomeinen van de sociale kaart Lindewaard.",
        "# Levensdomeinen: the default taxonomy, which the built-in glossary and lexicon of needs refer to.\n# Field reference: `kaartenbak help content` (section Domains). Keep the ids; labels may change.",
        1,
    );
    let partner = format!("{PARTNER}last_verified: {today}       # update whenever you check the entry with the organisation\n");
    let files: [(&str, &str); 5] = [
        ("kaartenbak.toml", CONFIG),
        ("content/_data/domains.yaml", &domains),
        ("content/_data/areas.yaml", AREAS),
        ("content/partners/voorbeeld-voedselbank.yaml", &partner),
        (".gitignore", GITIGNORE),
    ];
    for (relative, text) in files {
        let path = dir.join(relative);
        // A .gitignore the folder already has is the user's: leave it.
        if relative == ".gitignore" && path.exists() {
            continue;
        }
        let write = || -> std::io::Result<()> {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, text)
        };
        write().map_err(|source| InitError::Write {
            path: path.clone(),
            source,
        })?;
    }
    Ok(files.iter().map(|(relative, _)| *relative).collect())
}
