//! Lexicon content: a lexicon file's items as written (`NeedItem`, every field optional, so a site's item
//! can override a shipped need field by field) and the needs after merging (`Need`).

use crate::yaml::{At, Spanned};

/// One item of a lexicon file (the embedded default or `content/_data/lexicon.yaml`), fields as set. A
/// list field that is absent is `None`; written as `[]` it is `Some(empty)`, which clears it.
#[derive(Debug, Clone, PartialEq)]
pub struct NeedItem {
    pub id: Spanned<String>,
    /// Where the item's mapping stands, for a field it lacks.
    pub at: At,
    /// `remove: true`: drop the shipped need of this id.
    pub remove: bool,
    /// The life domain the need belongs to; written but empty it is `Some("")` (reported when read).
    pub domain: Option<Spanned<String>>,
    /// A glossary term whose linked entries handle the need; `Some("")` as for `domain`.
    pub term: Option<Spanned<String>>,
    /// Dutch (or the site language's) expressions.
    pub expressions: Option<Vec<Spanned<String>>>,
    /// English expressions, so a query in English finds the need too.
    pub english: Option<Vec<Spanned<String>>>,
}

/// A need of the merged lexicon: its domain is one of the site's, its term (if any) one of the merged
/// glossary's, and no expression names another need.
#[derive(Debug, Clone, PartialEq)]
pub struct Need {
    pub id: String,
    pub domain: String,
    /// A term id of the merged glossary.
    pub term: Option<String>,
    pub expressions: Vec<String>,
    pub english: Vec<String>,
}
