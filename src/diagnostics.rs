//! Diagnostics: what is wrong with the content, where (file:line:col) and how to fix it.
//!
//! Every stage collects diagnostics instead of stopping at the first problem, so an editor sees all errors of
//! a run at once: errors first (each followed by its notes), sorted by file, then the warnings.

use serde::Serialize;
use std::fmt;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    /// Says what an error kept from being checked (e.g. links to a file that did not load); never fails a
    /// run and is not counted as a warning.
    Note,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        }
    }

    /// The group a diagnostic is listed in: errors and the notes that explain them, then warnings, so the
    /// root cause of a failed run is never buried under warnings about other files.
    fn group(self) -> u8 {
        match self {
            Severity::Error | Severity::Note => 0,
            Severity::Warning => 1,
        }
    }
}

/// A 1-based position in a source file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Default)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    pub const START: Position = Position { line: 1, column: 1 };

    pub fn new(line: usize, column: usize) -> Self {
        Position { line, column }
    }

    /// The position `offset` bytes into `text`, counting columns in characters.
    pub fn at_offset(text: &str, offset: usize) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let column = before[line_start..].chars().count() + 1;
        Position { line, column }
    }

    /// Shift a position found in an embedded text (front matter, a Markdown field) to the enclosing file.
    pub fn offset_by(self, origin: Position) -> Self {
        if self.line == 1 {
            Position::new(origin.line, origin.column + self.column - 1)
        } else {
            Position::new(origin.line + self.line - 1, self.column)
        }
    }
}

fn floor_char_boundary(text: &str, mut index: usize) -> usize {
    while !text.is_char_boundary(index) {
        index -= 1;
    }
    index
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// A short, stable name of the class of problem, e.g. `unknown-domain`.
    pub code: &'static str,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
}

impl Diagnostic {
    pub fn error(code: &'static str, file: &str, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            code,
            file: file.to_string(),
            line: at.line,
            column: at.column,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(
        code: &'static str,
        file: &str,
        at: Position,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(code, file, at, message)
        }
    }

    pub fn note(code: &'static str, file: &str, at: Position, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(code, file, at, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    pub fn is_warning(&self) -> bool {
        self.severity == Severity::Warning
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = self.severity.label();
        write!(
            f,
            "{}:{}:{}: {}[{}]: {}",
            self.file, self.line, self.column, severity, self.code, self.message
        )?;
        if let Some(hint) = &self.hint {
            write!(f, "\n    hint: {hint}")?;
        }
        Ok(())
    }
}

/// Diagnostics collected over a run.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// All diagnostics: errors (with their notes) before warnings, each group sorted by file, then position.
    pub fn sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            // A file's notes follow its errors: the note explains what the errors kept from being checked.
            let key = |d: &'_ Diagnostic| {
                let is_note = d.severity == Severity::Note;
                (
                    d.severity.group(),
                    d.file.clone(),
                    is_note,
                    d.line,
                    d.column,
                    d.severity,
                )
            };
            key(a).cmp(&key(b)).then_with(|| a.message.cmp(&b.message))
        });
        self.items.dedup();
        self.items
    }
}

/// The path of `file` relative to `root`, with `/` separators, for diagnostics and stable output.
pub fn display_path(root: &Path, file: &Path) -> String {
    let relative: PathBuf = file.strip_prefix(root).unwrap_or(file).to_path_buf();
    relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// Up to three known names closest to `wanted`, for "did you mean" hints.
pub fn close_matches<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let wanted_lower = wanted.to_lowercase();
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .map(|name| {
            let lower = name.to_lowercase();
            let mut score = strsim::jaro_winkler(&wanted_lower, &lower);
            if lower.contains(&wanted_lower) || wanted_lower.contains(&lower) {
                score = score.max(0.85);
            }
            (score, name)
        })
        .filter(|(score, _)| *score >= 0.75)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(b.1)));
    scored.into_iter().take(3).map(|(_, name)| name).collect()
}

/// "did you mean `a`, `b`?" or, without close matches, a list of what is allowed.
pub fn suggestion_hint<'a>(
    wanted: &str,
    known: impl IntoIterator<Item = &'a str> + Clone,
    what: &str,
) -> String {
    let matches = close_matches(wanted, known.clone());
    if matches.is_empty() {
        let mut all: Vec<&str> = known.into_iter().collect();
        all.sort_unstable();
        if all.is_empty() {
            return format!("there are no {what} defined");
        }
        let shown: Vec<String> = all.iter().take(12).map(|k| format!("`{k}`")).collect();
        let more = if all.len() > 12 { ", …" } else { "" };
        format!("known {what}: {}{more}", shown.join(", "))
    } else {
        let shown: Vec<String> = matches.iter().map(|k| format!("`{k}`")).collect();
        format!("did you mean {}?", shown.join(" or "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn position_at_offset_counts_lines_and_characters() {
        let text = "a: 1\nnaam: Ünïcode\n";
        assert_eq!(Position::at_offset(text, 0), Position::new(1, 1));
        assert_eq!(Position::at_offset(text, 5), Position::new(2, 1));
        // 'Ü' and 'ï' are two bytes each but one column.
        let offset = text.find("code").unwrap();
        assert_eq!(Position::at_offset(text, offset), Position::new(2, 10));
    }

    #[test]
    fn offset_by_moves_embedded_positions_into_the_file() {
        let origin = Position::new(2, 1);
        assert_eq!(Position::new(1, 5).offset_by(origin), Position::new(2, 5));
        assert_eq!(Position::new(3, 2).offset_by(origin), Position::new(4, 2));
    }

    #[test]
    fn suggestions_prefer_close_names() {
        let known = ["financien", "huisvesting", "justitie"];
        assert_eq!(
            suggestion_hint("financein", known, "domains"),
            "did you mean `financien`?"
        );
        assert!(suggestion_hint("xyz", known, "domains").starts_with("known domains: `financien`"));
    }

    #[test]
    fn diagnostics_sort_errors_first_then_by_file_and_position() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::error(
            "b",
            "z.yaml",
            Position::new(1, 1),
            "late file",
        ));
        all.push(Diagnostic::error(
            "a",
            "a.yaml",
            Position::new(9, 1),
            "late line",
        ));
        all.push(Diagnostic::warning(
            "a",
            "a.yaml",
            Position::new(2, 3),
            "early line",
        ));
        let messages: Vec<_> = all.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(messages, ["late line", "late file", "early line"]);
    }

    #[test]
    fn errors_and_their_notes_come_before_warnings() {
        let mut all = Diagnostics::default();
        all.push(Diagnostic::warning(
            "w",
            "a.yaml",
            Position::START,
            "warning",
        ));
        all.push(Diagnostic::note("n", "b.yaml", Position::START, "note"));
        all.push(Diagnostic::error(
            "e",
            "b.yaml",
            Position::new(3, 1),
            "error",
        ));
        all.push(Diagnostic::error(
            "e",
            "c.yaml",
            Position::START,
            "later error",
        ));
        let messages: Vec<_> = all.sorted().into_iter().map(|d| d.message).collect();
        assert_eq!(messages, ["error", "note", "later error", "warning"]);
    }
}
