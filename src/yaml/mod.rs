//! YAML with positions: serde_yaml parses the values, a marker pass records where each value stands, and
//! `fields` reads typed fields from the values while reporting every problem with its file:line:col.

mod fields;
mod positions;

pub use fields::{FieldReader, ReadContext, Spanned};
pub use positions::{At, PositionIndex, PositionText};

use crate::diagnostics::{Diagnostic, Position};
use std::sync::Arc;

/// One parsed YAML document (a data file, a partner file or a front matter block).
#[derive(Debug)]
pub struct YamlDocument {
    pub value: serde_yaml::Value,
    /// Shared with the values read from the document, which look their positions up when reported.
    pub positions: Arc<PositionIndex>,
}

/// Parses `text`; `origin` is where `text` starts in its file (front matter starts on line 2), and
/// `positions` where the text is found again when a diagnostic asks where a value stands.
pub fn parse(
    text: &str,
    file: &str,
    origin: Position,
    positions: PositionText,
) -> Result<YamlDocument, Diagnostic> {
    match serde_yaml::from_str::<serde_yaml::Value>(text) {
        Ok(value) => Ok(YamlDocument {
            value,
            positions: Arc::new(PositionIndex::new(positions, origin)),
        }),
        Err(error) => {
            let at = error
                .location()
                .map(|l| Position::new(l.line(), l.column()))
                .unwrap_or(Position::START)
                .offset_by(origin);
            Err(Diagnostic::error(
                "yaml-syntax",
                file,
                at,
                format!("invalid YAML: {}", strip_location(&error.to_string())),
            )
            .with_hint(yaml_syntax_hint(&error.to_string())))
        }
    }
}

/// serde_yaml appends " at line L column C" to its messages; the diagnostic carries the position already.
fn strip_location(message: &str) -> String {
    match message.find(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn yaml_syntax_hint(message: &str) -> String {
    if message.contains("mapping values are not allowed") {
        "a value containing `: ` must be quoted, e.g. `summary: \"Let op: ...\"`".into()
    } else if message.contains("did not find expected") || message.contains("block") {
        "check the indentation: items of a list start with `- ` at the same column, keys of one mapping align"
            .into()
    } else if message.contains("tab") {
        "YAML does not allow tabs for indentation; use spaces".into()
    } else if message.contains("duplicate") || message.contains("duplicated") {
        "each key may appear once per mapping; remove or merge the duplicate".into()
    } else {
        "check the YAML syntax near this position (quotes, colons, indentation)".into()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn syntax_errors_point_into_the_file() {
        let text = "name: a\nsummary: Let op: fout\n";
        let error = parse(
            text,
            "x.yaml",
            Position::START,
            PositionText::Kept(text.into()),
        )
        .unwrap_err();
        assert_eq!(error.code, "yaml-syntax");
        assert_eq!((error.line, error.column), (2, 16));
        assert!(error.hint.unwrap().contains("quoted"));
    }

    #[test]
    fn front_matter_errors_are_shifted_by_the_delimiter_line() {
        let text = "title: a\nlaw: [b\n";
        let error = parse(
            text,
            "x.md",
            Position::new(2, 1),
            PositionText::Kept(text.into()),
        )
        .unwrap_err();
        assert!(error.line >= 3, "{error}");
    }
}
