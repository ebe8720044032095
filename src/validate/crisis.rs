//! The site's "Spoed / crisis" setting checked against the content: it must name a page or partner that
//! exists, reported at its place in kaartenbak.toml with the ids that do.

use crate::config::{CrisisLink, CONFIG_FILE};
use crate::content::{Content, EntryKind};
use crate::diagnostics::{suggestion_hint, Diagnostic};

/// An error when `crisis` names an entry the site does not have.
pub fn check_crisis_link(crisis: &CrisisLink, content: &Content) -> Option<Diagnostic> {
    let kind = EntryKind::from_folder(&crisis.folder)?;
    let entries = &content.entries[kind];
    if entries.iter().any(|e| e.meta.id == crisis.id) {
        return None;
    }
    let what = if kind == EntryKind::Partner {
        "partner"
    } else {
        "page"
    };
    Some(
        Diagnostic::error(
            "unknown-entry",
            CONFIG_FILE,
            crisis.at,
            format!(
                "`crisis` links to `@/{}/{}`, which is no {what} of this site",
                crisis.folder, crisis.id
            ),
        )
        .with_hint(suggestion_hint(
            &crisis.id,
            entries.iter().map(|e| e.meta.id.as_str()),
            &format!("{}s", what),
        )),
    )
}
