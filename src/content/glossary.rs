//! Glossary content: a glossary file's items as written (`GlossaryItem`, every field optional, so a site's
//! item can override a default term field by field) and the terms after merging (`GlossaryTerm`).

use crate::yaml::{At, Spanned};

/// One item of a glossary file (the embedded default or `content/_data/glossary.yaml`), fields as set.
/// A list field that is absent is `None`; written as `[]` it is `Some(empty)`, which clears it.
#[derive(Debug, Clone, PartialEq)]
pub struct GlossaryItem {
    /// The explicit `id`, or the slug of `term`.
    pub id: Spanned<String>,
    /// Where the item's mapping stands, for a field it lacks.
    pub at: At,
    /// `remove: true`: drop the default term of this id.
    pub remove: bool,
    pub term: Option<String>,
    pub abbreviations: Option<Vec<Spanned<String>>>,
    pub variants: Option<Vec<String>>,
    pub explanation: Option<String>,
    pub source: Option<String>,
    pub see_also: Option<Vec<Spanned<String>>>,
    /// The entries that handle the term (only a site's glossary can set these).
    pub links: GlossaryLinks<Option<Vec<Spanned<String>>>>,
}

/// The entries of each kind that handle a term, by id.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GlossaryLinks<T> {
    pub partners: T,
    pub regulations: T,
    pub modules: T,
    pub pages: T,
}

/// A term of the merged glossary (default terms with the site's overrides, and the site's own terms).
#[derive(Debug, Clone, PartialEq)]
pub struct GlossaryTerm {
    pub id: String,
    /// The term's `id` attribute on the glossary page: the id, or `begrip-ID` where the id is one of the
    /// layout's own (see `glossary_anchor` and `crate::layout_ids`).
    pub anchor: String,
    pub term: String,
    /// As written: marking in texts is case-sensitive.
    pub abbreviations: Vec<String>,
    pub variants: Vec<String>,
    pub explanation: String,
    pub source: Option<String>,
    /// Ids of other terms of the merged glossary (checked).
    pub see_also: Vec<String>,
    pub links: GlossaryLinks<Vec<Spanned<String>>>,
    /// The file that set the links (the site's glossary), for diagnostics about them.
    pub file: String,
}

/// The anchor of the term `id` on the glossary page.
pub fn glossary_anchor(id: &str) -> String {
    if crate::layout_ids::is_layout_id(id) {
        format!("begrip-{id}")
    } else {
        id.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_avoid_the_layouts_ids() {
        assert_eq!(glossary_anchor("bbz"), "bbz");
        assert_eq!(glossary_anchor("inhoud"), "begrip-inhoud");
        assert_eq!(glossary_anchor("letter-b"), "begrip-letter-b");
    }
}
