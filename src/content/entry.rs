//! The entry core: what every entry kind has (`Entry`: meta, title, summary, body, domains, areas, the
//! entries it names) once, and what differs per kind in one enum (`EntryDetails`). A new kind adds a
//! variant here, its reader in `validate`, its view and its template.

use super::{AreaScope, MarkdownSource, Module, Page, Partner, Regulation};
use crate::kinds::EntryKind;
use crate::yaml::Spanned;
use chrono::NaiveDate;

/// A relation an entry states by naming other entries' ids in one of its fields. The model resolves it
/// and adds the reverse side to the named entries ("uitgevoerd door" / "voert uit").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Relation {
    /// A regulation's `partners`: who carries it out.
    CarriedOutBy,
    /// A module's `partners`: the organisations it teaches about.
    TeachesPartner,
    /// A module's `regulations`: the rules it teaches.
    TeachesRegulation,
    /// A module's `prerequisites`.
    Prerequisite,
}

impl Relation {
    pub const COUNT: usize = 4;
    pub const ALL: [Relation; Relation::COUNT] = [
        Relation::CarriedOutBy,
        Relation::TeachesPartner,
        Relation::TeachesRegulation,
        Relation::Prerequisite,
    ];

    /// The kind of the entries the relation names.
    pub fn target(self) -> EntryKind {
        match self {
            Relation::CarriedOutBy | Relation::TeachesPartner => EntryKind::Partner,
            Relation::TeachesRegulation => EntryKind::Regulation,
            Relation::Prerequisite => EntryKind::Module,
        }
    }

    /// The kind of the entries that state the relation.
    pub fn source(self) -> EntryKind {
        match self {
            Relation::CarriedOutBy => EntryKind::Regulation,
            Relation::TeachesPartner | Relation::TeachesRegulation | Relation::Prerequisite => {
                EntryKind::Module
            }
        }
    }

    pub fn position(self) -> usize {
        self as usize
    }
}

/// What every entry file has besides its fields.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryMeta {
    pub id: String,
    /// Path relative to the site root, for diagnostics.
    pub file: String,
    /// Hash of the file's text.
    pub source: u64,
    pub last_verified: Option<Spanned<NaiveDate>>,
    pub verified_by: Option<String>,
}

/// One entry as its editor wrote it: the fields every kind shares, then the kind's own.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub meta: EntryMeta,
    /// A partner's `name`, every other kind's `title`.
    pub title: String,
    /// The explicit `summary`, if the kind has one and it is set; otherwise cards show the body's start.
    pub summary: Option<String>,
    /// The main Markdown text: a partner's `description`, the Markdown after the front matter elsewhere.
    /// Empty when not written.
    pub body: MarkdownSource,
    /// The entry's own `domains` (a partner's services add theirs, see `domain_ids`).
    pub domains: Vec<Spanned<String>>,
    /// Where the entry applies; None for kinds that are not bound to wijken.
    pub areas: Option<AreaScope>,
    pub details: EntryDetails,
}

/// What differs per kind.
#[derive(Debug, Clone, PartialEq)]
pub enum EntryDetails {
    Partner(Partner),
    Regulation(Regulation),
    Module(Module),
    Page(Page),
}

impl Entry {
    pub fn kind(&self) -> EntryKind {
        match self.details {
            EntryDetails::Partner(_) => EntryKind::Partner,
            EntryDetails::Regulation(_) => EntryKind::Regulation,
            EntryDetails::Module(_) => EntryKind::Module,
            EntryDetails::Page(_) => EntryKind::Page,
        }
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    /// Every domain id the entry names, its own first: a partner's services count too.
    pub fn domain_ids(&self) -> impl Iterator<Item = &Spanned<String>> {
        let services: &[super::Service] = match &self.details {
            EntryDetails::Partner(p) => &p.services,
            _ => &[],
        };
        self.domains
            .iter()
            .chain(services.iter().flat_map(|s| &s.domains))
    }

    /// The entry's further Markdown texts besides the body, one slot per part in the kind's order (a
    /// partner's services), None where a part has no text.
    pub fn parts(&self) -> Vec<Option<&MarkdownSource>> {
        match &self.details {
            EntryDetails::Partner(p) => p.services.iter().map(|s| s.description.as_ref()).collect(),
            EntryDetails::Regulation(_) | EntryDetails::Module(_) | EntryDetails::Page(_) => {
                Vec::new()
            }
        }
    }

    /// Every Markdown text of the entry: the body, then the parts that have one.
    pub fn markdown_sources(&self) -> impl Iterator<Item = &MarkdownSource> {
        std::iter::once(&self.body).chain(self.parts().into_iter().flatten())
    }

    /// The anchors its page has besides the body's headings: one per service of a partner.
    pub fn part_anchors(&self) -> Vec<String> {
        match &self.details {
            EntryDetails::Partner(p) => p
                .services
                .iter()
                .map(|s| crate::markdown::slugify(&s.name))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The ids the entry's page gives its parts (a service's section and its heading): its texts'
    /// headings get other anchors, so that a link to a service never lands on a heading of the same name.
    pub fn reserved_anchors(&self) -> std::collections::HashSet<String> {
        self.part_anchors()
            .into_iter()
            .flat_map(|anchor| [format!("{anchor}-titel"), anchor])
            .collect()
    }

    /// The entries this one names, by relation, in the order written.
    pub fn references(&self) -> Vec<(Relation, &[Spanned<String>])> {
        match &self.details {
            EntryDetails::Regulation(r) => vec![(Relation::CarriedOutBy, &r.partners[..])],
            EntryDetails::Module(m) => vec![
                (Relation::TeachesPartner, &m.partners[..]),
                (Relation::TeachesRegulation, &m.regulations[..]),
                (Relation::Prerequisite, &m.prerequisites[..]),
            ],
            EntryDetails::Partner(_) | EntryDetails::Page(_) => Vec::new(),
        }
    }

    pub fn as_partner(&self) -> Option<&Partner> {
        match &self.details {
            EntryDetails::Partner(p) => Some(p),
            _ => None,
        }
    }

    pub fn as_module(&self) -> Option<&Module> {
        match &self.details {
            EntryDetails::Module(m) => Some(m),
            _ => None,
        }
    }
}

#[cfg(test)]
impl Entry {
    /// An entry of `kind` with nothing but its id and title, for tests of later stages.
    pub fn example(kind: EntryKind, id: &str) -> Entry {
        Entry {
            meta: EntryMeta {
                id: id.to_string(),
                file: format!("content/{}/{id}.md", kind.folder()),
                source: 0,
                last_verified: None,
                verified_by: None,
            },
            title: id.to_string(),
            summary: None,
            body: MarkdownSource::new(
                String::new(),
                crate::yaml::At::Known(crate::diagnostics::Position::START),
            ),
            domains: Vec::new(),
            areas: (kind == EntryKind::Partner).then_some(AreaScope::Municipality),
            details: match kind {
                EntryKind::Partner => EntryDetails::Partner(Partner::default()),
                EntryKind::Regulation => EntryDetails::Regulation(Regulation::default()),
                EntryKind::Module => EntryDetails::Module(Module::default()),
                EntryKind::Page => EntryDetails::Page(Page::default()),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_relation_names_one_target_kind() {
        for relation in Relation::ALL {
            assert_eq!(Relation::ALL[relation.position()], relation);
        }
        assert_eq!(Relation::Prerequisite.target(), EntryKind::Module);
        assert_eq!(Relation::CarriedOutBy.target(), EntryKind::Partner);
    }
}
