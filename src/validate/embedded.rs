//! Data the binary ships per language (the default glossary `assets/glossary/LANG.yaml`, the default
//! lexicon `assets/lexicon/LANG.yaml`): each file is read with positions like a site's own file, under a
//! name of its own for diagnostics, and what reading it reported is kept for a test that keeps it empty.

use crate::diagnostics::{Diagnostics, Position};
use crate::yaml::{self, PositionText, ReadContext};
use include_dir::Dir;
use serde_yaml::Value;
use std::collections::HashMap;

/// The items of one embedded file and what reading them reported (nothing, as the tests check).
pub struct Embedded<T> {
    pub items: Vec<T>,
    /// Read only by those tests: a build has nothing to report about a file the binary ships.
    #[cfg_attr(not(test), allow(dead_code))]
    pub diagnostics: Diagnostics,
}

/// Reads every `LANG.yaml` of `dir` with `read`, keyed by its language code; `file` names the files in
/// diagnostics.
pub fn read_embedded<T>(
    dir: &Dir<'static>,
    file: &'static str,
    read: impl Fn(&mut ReadContext, &Value) -> Vec<T>,
) -> HashMap<&'static str, Embedded<T>> {
    dir.files()
        .filter_map(|entry| {
            let code = entry.path().to_str()?.strip_suffix(".yaml")?;
            let text = entry.contents_utf8()?;
            let mut diagnostics = Diagnostics::default();
            // The text is kept, so positions are found only when a diagnostic asks for one.
            let items = match yaml::parse(
                text,
                file,
                Position::START,
                PositionText::Kept(text.to_string()),
            ) {
                Ok(document) => {
                    let mut ctx = ReadContext {
                        file,
                        source: 0,
                        positions: &document.positions,
                        diagnostics: &mut diagnostics,
                    };
                    read(&mut ctx, &document.value)
                }
                Err(diagnostic) => {
                    diagnostics.push(diagnostic);
                    Vec::new()
                }
            };
            Some((code, Embedded { items, diagnostics }))
        })
        .collect()
}
