//! Where each value of a YAML document stands, keyed by its path (`services/0/domains/1`).
//!
//! serde_yaml gives values without positions; yaml-rust2's event parser gives positions. Both follow YAML 1.2,
//! so a path found in one exists in the other. When the marker pass fails (it never should after serde_yaml
//! accepted the text) lookups fall back to the start of the document: a diagnostic never gets lost.
//!
//! The marker pass runs only when a position is asked for, which is when a diagnostic needs one: it costs
//! about as much as parsing the file, and most files of a build have nothing to report. For the same
//! reason a file's text is not kept for it: the pass reads the file again.

use crate::diagnostics::Position;
use std::collections::HashMap;
use std::fmt;
use std::ops::Range;
use std::path::PathBuf;
use std::sync::{Arc, OnceLock};
use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// Where the marker pass finds the YAML text.
#[derive(Debug)]
pub enum PositionText {
    /// Kept in memory.
    Kept(String),
    /// In a file, at `range` of its text (after a byte order mark), as long as the text still hashes to
    /// `hash` (xxh3). Keeping every file's text for the few that have something to report would cost
    /// more memory than the rest of what is read from them.
    File {
        path: PathBuf,
        hash: u64,
        range: Range<usize>,
    },
}

impl PositionText {
    /// The text, or None when the file changed or is gone since it was parsed (positions then fall back
    /// to the start of the document).
    fn read(&self) -> Option<std::borrow::Cow<'_, str>> {
        match self {
            PositionText::Kept(text) => Some(text.into()),
            PositionText::File { path, hash, range } => {
                let text = String::from_utf8(std::fs::read(path).ok()?).ok()?;
                let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
                if xxhash_rust::xxh3::xxh3_64(text.as_bytes()) != *hash {
                    return None;
                }
                Some(text.get(range.clone())?.to_string().into())
            }
        }
    }
}

/// The positions of one YAML text, recorded on first use.
#[derive(Debug)]
pub struct PositionIndex {
    text: PositionText,
    origin: Position,
    marks: OnceLock<Marks>,
}

#[derive(Debug, Default)]
struct Marks {
    values: HashMap<String, ValueMark>,
    keys: HashMap<String, Position>,
}

#[derive(Debug, Clone, Copy)]
struct ValueMark {
    at: Position,
    /// `|` or `>` scalars: the marker stands where their text starts, indented by this many columns.
    block_indent: Option<usize>,
}

impl PositionIndex {
    /// The positions of a text which starts at `origin` in its file; nothing is recorded yet.
    pub fn new(text: PositionText, origin: Position) -> Self {
        PositionIndex {
            text,
            origin,
            marks: OnceLock::new(),
        }
    }

    fn marks(&self) -> &Marks {
        self.marks.get_or_init(|| {
            let Some(text) = self.text.read() else {
                return Marks::default();
            };
            let mut recorder = Recorder {
                lines: text.lines().collect(),
                ..Recorder::default()
            };
            let mut parser = Parser::new_from_str(&text);
            // A failed marker pass keeps what it recorded so far; lookups fall back to enclosing values.
            let _ = parser.load(&mut recorder, false);
            Marks {
                values: recorder.values,
                keys: recorder.keys,
            }
        })
    }

    /// Position of the value at `path`, or of the nearest enclosing value that has one.
    pub fn value(&self, path: &str) -> Position {
        let values = &self.marks().values;
        let mut path = path;
        loop {
            if let Some(mark) = values.get(path) {
                return mark.at.offset_by(self.origin);
            }
            match path.rfind('/') {
                Some(i) => path = &path[..i],
                None => {
                    return values
                        .get("")
                        .map_or(self.origin, |m| m.at.offset_by(self.origin))
                }
            }
        }
    }

    /// Position of the key of the entry at `path` (for unknown or misplaced fields).
    pub fn key(&self, path: &str) -> Position {
        match self.marks().keys.get(path) {
            Some(at) => at.offset_by(self.origin),
            None => self.value(path),
        }
    }

    /// Where the text value at `path` starts, to place positions found inside it (a link in a description).
    pub fn text_origin(&self, path: &str) -> TextOrigin {
        match self.marks().values.get(path) {
            Some(ValueMark {
                at,
                block_indent: Some(indent),
            }) => TextOrigin {
                first_line: at.offset_by(self.origin).line,
                first_column: 1,
                indent: *indent,
            },
            Some(mark) => {
                let at = mark.at.offset_by(self.origin);
                TextOrigin {
                    first_line: at.line,
                    first_column: at.column,
                    indent: 0,
                }
            }
            None => TextOrigin::at(self.value(path)),
        }
    }
}

/// Where a value was written: a position known outright, or the path of a value in a YAML document, looked
/// up only when a diagnostic asks for it.
#[derive(Clone)]
pub enum At {
    Known(Position),
    Path(Arc<PositionIndex>, Box<str>),
}

impl At {
    pub fn position(&self) -> Position {
        match self {
            At::Known(position) => *position,
            At::Path(index, path) => index.value(path),
        }
    }

    /// Where the text value written here starts, to place positions found inside it.
    pub fn text_origin(&self) -> TextOrigin {
        match self {
            At::Known(position) => TextOrigin::at(*position),
            At::Path(index, path) => index.text_origin(path),
        }
    }
}

impl From<Position> for At {
    fn from(position: Position) -> Self {
        At::Known(position)
    }
}

/// Two places are equal when they stand at the same position.
impl PartialEq for At {
    fn eq(&self, other: &Self) -> bool {
        self.position() == other.position()
    }
}

impl Eq for At {}

impl fmt::Debug for At {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let position = self.position();
        write!(f, "{}:{}", position.line, position.column)
    }
}

/// Maps a position inside a text (a Markdown body or field) to its position in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TextOrigin {
    first_line: usize,
    first_column: usize,
    indent: usize,
}

impl TextOrigin {
    pub fn at(position: Position) -> Self {
        TextOrigin {
            first_line: position.line,
            first_column: position.column,
            indent: 0,
        }
    }

    pub fn locate(&self, within: Position) -> Position {
        if within.line == 1 {
            Position::new(
                self.first_line,
                self.first_column + self.indent + within.column - 1,
            )
        } else {
            Position::new(
                self.first_line + within.line - 1,
                within.column + self.indent,
            )
        }
    }
}

enum Frame {
    Mapping { path: String, key: Option<String> },
    Sequence { path: String, next: usize },
}

#[derive(Default)]
struct Recorder<'t> {
    /// The text's lines, for placing empty items (see `empty_item_position`).
    lines: Vec<&'t str>,
    stack: Vec<Frame>,
    values: HashMap<String, ValueMark>,
    keys: HashMap<String, Position>,
}

fn join(parent: &str, child: &str) -> String {
    if parent.is_empty() {
        child.to_string()
    } else {
        format!("{parent}/{child}")
    }
}

impl Recorder<'_> {
    /// yaml-rust2 marks an empty value where the next token starts, which for a bare `-` item is the
    /// next line; the editor needs the `-` itself. Returns its position when the text before `at` (past
    /// blanks) ends in a `-`.
    fn empty_item_position(&self, at: Position) -> Option<Position> {
        let mut line = at.line.checked_sub(1)?;
        let mut before: String = self.lines.get(line)?.chars().take(at.column - 1).collect();
        loop {
            let trimmed = before.trim_end();
            if let Some(rest) = trimmed.strip_suffix('-') {
                return Some(Position::new(line + 1, rest.chars().count() + 1));
            }
            if !trimmed.is_empty() || line == 0 {
                return None;
            }
            line -= 1;
            before = self.lines.get(line)?.to_string();
        }
    }

    /// Called for a node start; returns the node's path, or None when the node is a mapping key.
    fn place_node(&mut self, scalar_text: Option<&str>, at: Position) -> Option<String> {
        match self.stack.last_mut() {
            None => Some(String::new()),
            Some(Frame::Sequence { path, next }) => {
                let child = join(path, &next.to_string());
                *next += 1;
                Some(child)
            }
            Some(Frame::Mapping { path, key }) => match key.take() {
                Some(k) => Some(join(path, &k)),
                None => {
                    // A key: complex keys (mappings as keys) get a placeholder name.
                    let name = scalar_text.unwrap_or("?").to_string();
                    let key_path = join(path, &name);
                    self.keys.insert(key_path, at);
                    // yaml-rust2 marks a block mapping's start after its first key, so the first key's
                    // position stands for the mapping.
                    let map_path = path.clone();
                    self.values.entry(map_path).or_insert(ValueMark {
                        at,
                        block_indent: None,
                    });
                    if let Some(Frame::Mapping { key, .. }) = self.stack.last_mut() {
                        *key = Some(name);
                    }
                    None
                }
            },
        }
    }
}

impl MarkedEventReceiver for Recorder<'_> {
    fn on_event(&mut self, event: Event, mark: Marker) {
        let mut at = Position::new(mark.line(), mark.col() + 1);
        match event {
            Event::Scalar(text, style, ..) => {
                let in_sequence = matches!(self.stack.last(), Some(Frame::Sequence { .. }));
                if in_sequence && text.is_empty() && style == TScalarStyle::Plain {
                    at = self.empty_item_position(at).unwrap_or(at);
                }
                if let Some(path) = self.place_node(Some(&text), at) {
                    let block = matches!(style, TScalarStyle::Literal | TScalarStyle::Folded);
                    let block_indent = block.then_some(at.column - 1);
                    self.values.insert(path, ValueMark { at, block_indent });
                }
            }
            Event::Alias(_) => {
                if let Some(path) = self.place_node(None, at) {
                    self.values.insert(
                        path,
                        ValueMark {
                            at,
                            block_indent: None,
                        },
                    );
                }
            }
            Event::MappingStart(..) => {
                let path = self.place_node(None, at).unwrap_or_else(|| "?".into());
                self.stack.push(Frame::Mapping { path, key: None });
            }
            Event::SequenceStart(..) => {
                let path = self.place_node(None, at).unwrap_or_else(|| "?".into());
                self.values.insert(
                    path.clone(),
                    ValueMark {
                        at,
                        block_indent: None,
                    },
                );
                self.stack.push(Frame::Sequence { path, next: 0 });
            }
            Event::MappingEnd | Event::SequenceEnd => {
                self.stack.pop();
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const PARTNER: &str = "name: Schuldhulp\ndomains:\n  - financien\n  - wonen\nservices:\n  - name: Budgetcursus\n    domains: [werk]\n    description: |\n      Regel een\n      [link](@/x/y)\n";

    #[test]
    fn finds_values_and_keys_by_path() {
        let index = PositionIndex::new(PositionText::Kept(PARTNER.into()), Position::START);
        assert_eq!(index.value("name"), Position::new(1, 7));
        assert_eq!(index.value("domains/1"), Position::new(4, 5));
        assert_eq!(index.key("services/0/name"), Position::new(6, 5));
        assert_eq!(index.value("services/0/domains/0"), Position::new(7, 15));
    }

    #[test]
    fn missing_paths_fall_back_to_the_enclosing_value() {
        let index = PositionIndex::new(PositionText::Kept(PARTNER.into()), Position::START);
        assert_eq!(index.value("services/0/fees"), Position::new(6, 5));
    }

    #[test]
    fn lines_inside_block_text_are_counted_from_the_indicator() {
        let index = PositionIndex::new(PositionText::Kept(PARTNER.into()), Position::START);
        let origin = index.text_origin("services/0/description");
        assert_eq!(origin.locate(Position::new(2, 1)), Position::new(10, 7));
    }

    #[test]
    fn positions_are_found_in_the_file_again_unless_it_changed() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("regeling.md");
        let text = "---\ntitle: Schulden\nlaw: Wgs\n---\nTekst\n";
        std::fs::write(&path, format!("\u{feff}{text}")).unwrap();
        let in_file = || PositionText::File {
            path: path.clone(),
            hash: xxhash_rust::xxh3::xxh3_64(text.as_bytes()),
            range: 4..29,
        };
        let index = PositionIndex::new(in_file(), Position::new(2, 1));
        assert_eq!(index.value("law"), Position::new(3, 6));
        // Edited since it was parsed: the positions of the old text are unknown, so the document's start.
        std::fs::write(&path, "---\nlaw: Wgs\ntitle: Schulden\n---\n").unwrap();
        let index = PositionIndex::new(in_file(), Position::new(2, 1));
        assert_eq!(index.value("law"), Position::new(2, 1));
        std::fs::remove_file(&path).unwrap();
        let index = PositionIndex::new(in_file(), Position::new(2, 1));
        assert_eq!(index.key("title"), Position::new(2, 1));
    }

    #[test]
    fn origin_shifts_front_matter_positions() {
        let index =
            PositionIndex::new(PositionText::Kept("title: x\n".into()), Position::new(2, 1));
        assert_eq!(index.value("title"), Position::new(2, 8));
    }
}
