//! The kinds of entries (`EntryKind`) and a value per kind (`ByKind`): the vocabulary every stage shares,
//! from the loader that maps folders to kinds to the search documents.

use std::ops::{Index, IndexMut};

/// The kinds of entries that get a page, a listing and search documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntryKind {
    Partner,
    Regulation,
    Module,
    Page,
}

impl EntryKind {
    pub const COUNT: usize = 4;
    /// In the order entries are counted everywhere: listings, search documents, the sitemap.
    pub const ALL: [EntryKind; EntryKind::COUNT] = [
        EntryKind::Partner,
        EntryKind::Regulation,
        EntryKind::Module,
        EntryKind::Page,
    ];

    /// The content folder and URL segment of the kind, as used in `@/KIND/ID` links.
    pub fn folder(self) -> &'static str {
        match self {
            EntryKind::Partner => "partners",
            EntryKind::Regulation => "regulations",
            EntryKind::Module => "modules",
            EntryKind::Page => "pages",
        }
    }

    pub fn from_folder(folder: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.folder() == folder)
    }

    /// The kind as a single word, used in the search index and in translations (`kind_partner`).
    pub fn name(self) -> &'static str {
        match self {
            EntryKind::Partner => "partner",
            EntryKind::Regulation => "regulation",
            EntryKind::Module => "module",
            EntryKind::Page => "page",
        }
    }

    /// The kind from its single-word name (`kaartenbak new partner`).
    pub fn from_name(name: &str) -> Option<EntryKind> {
        EntryKind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// Whether its files are YAML (`ID.yaml`) rather than Markdown with YAML front matter (`ID.md`):
    /// a partner is all fields, the other kinds are mostly text.
    pub fn is_yaml(self) -> bool {
        self == EntryKind::Partner
    }

    /// The diagnostic code of a reference to an id of this kind that does not exist.
    pub fn unknown_code(self) -> &'static str {
        match self {
            EntryKind::Partner => "unknown-partner",
            EntryKind::Regulation => "unknown-regulation",
            EntryKind::Module => "unknown-module",
            EntryKind::Page => "unknown-page",
        }
    }

    /// Whether an entry of this kind must carry `last_verified`: knowledge pages age slowly, the rest
    /// describes organisations and rules that change.
    pub fn requires_verification(self) -> bool {
        self != EntryKind::Page
    }

    fn position(self) -> usize {
        self as usize
    }
}

/// One value per entry kind, indexed by the kind.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ByKind<T>([T; EntryKind::COUNT]);

impl<T> ByKind<T> {
    pub fn from_fn(mut make: impl FnMut(EntryKind) -> T) -> Self {
        ByKind(EntryKind::ALL.map(&mut make))
    }

    /// Each kind with its value, in `EntryKind::ALL` order.
    pub fn iter(&self) -> impl Iterator<Item = (EntryKind, &T)> {
        EntryKind::ALL.into_iter().zip(self.0.iter())
    }

    pub fn values(&self) -> impl Iterator<Item = &T> {
        self.0.iter()
    }

    pub fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.0.iter_mut()
    }

    pub fn map<U>(self, mut convert: impl FnMut(EntryKind, T) -> U) -> ByKind<U> {
        let mut kinds = EntryKind::ALL.into_iter();
        ByKind(
            self.0
                .map(|value| convert(kinds.next().expect("one value per kind"), value)),
        )
    }
}

impl<T> Index<EntryKind> for ByKind<T> {
    type Output = T;
    fn index(&self, kind: EntryKind) -> &T {
        &self.0[kind.position()]
    }
}

impl<T> IndexMut<EntryKind> for ByKind<T> {
    fn index_mut(&mut self, kind: EntryKind) -> &mut T {
        &mut self.0[kind.position()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_kind_indexes_each_kind_apart() {
        let mut counts = ByKind::from_fn(|kind| kind.folder().len());
        counts[EntryKind::Module] += 10;
        assert_eq!(counts[EntryKind::Partner], "partners".len());
        assert_eq!(counts[EntryKind::Module], "modules".len() + 10);
        let kinds: Vec<EntryKind> = counts.iter().map(|(kind, _)| kind).collect();
        assert_eq!(kinds, EntryKind::ALL);
    }

    #[test]
    fn kinds_round_trip_through_their_folder() {
        for kind in EntryKind::ALL {
            assert_eq!(EntryKind::from_folder(kind.folder()), Some(kind));
        }
        assert_eq!(EntryKind::from_folder("glossary"), None);
    }
}
