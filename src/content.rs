//! The typed content of a site as editors wrote it, after validation: domains, areas, the entries (their
//! shared core in `entry`, the kind-specific fields here), the glossary (`glossary`) and the lexicon of
//! needs (`lexicon`). References are still ids here; `model` resolves them.

use crate::diagnostics::Position;
use crate::markdown::{self, Outline};
use crate::yaml::{At, Spanned};
use chrono::NaiveDate;
use std::sync::{Arc, OnceLock};

pub mod attributes;
mod contact_purpose;
mod entry;
mod glossary;
mod lexicon;
mod sessions;

pub use crate::kinds::{ByKind, EntryKind};
pub use attributes::{Cost, EffectiveAttributes, HoursRow};
pub use contact_purpose::ContactPurpose;
pub use entry::{Entry, EntryDetails, EntryMeta, Relation};
pub use glossary::{glossary_anchor, GlossaryItem, GlossaryLinks, GlossaryTerm};
pub use lexicon::{Need, NeedItem};
pub use sessions::{
    local_instant, overlapping, parse_clock, parse_local, parse_time_range, LocalTimeError,
    Session, SessionFormat, SessionStatus, SessionTime, Timing, TIME_ZONE, TIME_ZONE_ID,
};

/// Markdown text and where it starts in its file, so link errors inside it get exact positions.
#[derive(Debug, Clone)]
pub struct MarkdownSource {
    pub text: String,
    /// Where the text starts; for a YAML field, looked up only when a link error inside it is reported.
    pub origin: At,
    /// The text's anchors and `@/` links, parsed once: `serve` keeps the entry, and with it the outline,
    /// while its file is unchanged, so a rebuild checks links without parsing every text again.
    outline: OnceLock<Outline>,
}

impl MarkdownSource {
    pub fn new(text: String, origin: At) -> Self {
        MarkdownSource {
            text,
            origin,
            outline: OnceLock::new(),
        }
    }

    pub fn locate(&self, within: Position) -> Position {
        self.origin.text_origin().locate(within)
    }

    pub fn outline(&self) -> &Outline {
        self.outline.get_or_init(|| markdown::outline(&self.text))
    }
}

/// The outline follows from the text.
impl PartialEq for MarkdownSource {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text && self.origin == other.origin
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Domain {
    pub id: String,
    pub at: Position,
    pub label: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    pub signals: Vec<String>,
}

/// An inclusive range of PC4 postcodes; a single code is a range of one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PostcodeRange {
    pub first: u16,
    pub last: u16,
}

impl PostcodeRange {
    pub fn contains(&self, code: u16) -> bool {
        (self.first..=self.last).contains(&code)
    }

    pub fn overlaps(&self, other: &PostcodeRange) -> bool {
        self.first <= other.last && other.first <= self.last
    }

    pub fn label(&self) -> String {
        if self.first == self.last {
            self.first.to_string()
        } else {
            format!("{}–{}", self.first, self.last)
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Area {
    pub id: String,
    pub at: Position,
    pub name: String,
    pub description: Option<String>,
    pub postcodes: Vec<Spanned<PostcodeRange>>,
}

/// Where a partner works.
#[derive(Debug, Clone, PartialEq)]
pub enum AreaScope {
    Municipality,
    Areas(Vec<Spanned<String>>),
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Address {
    pub street: Option<String>,
    pub postal_code: Option<String>,
    pub city: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ContactPoint {
    pub role: String,
    /// As written, or read from `role` when not written (`check` warns then).
    pub purpose: ContactPurpose,
    pub phone: Option<String>,
    pub email: Option<String>,
}

/// A temporary notice on a partner or service (`notice:`): a waiting list, a closed intake, a move.
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    pub text: String,
    /// The first day it applies; none means from now.
    pub from: Option<NaiveDate>,
    /// The last day it applies; none means until an editor removes it.
    pub until: Option<NaiveDate>,
    /// Whether coaches should refer meanwhile (a waiting list) or not (the intake is closed).
    pub refer_meanwhile: Option<bool>,
}

impl Notice {
    /// Whether the notice is over on `day` (a build leaves it out then).
    pub fn ended_by(&self, day: NaiveDate) -> bool {
        self.until.is_some_and(|until| until < day)
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Service {
    pub name: String,
    pub description: Option<MarkdownSource>,
    pub target_group: Option<String>,
    pub minimum_age: Option<u32>,
    pub maximum_age: Option<u32>,
    pub eligibility: Option<String>,
    pub referral: Option<String>,
    pub fees: Option<String>,
    pub wait_time: Option<String>,
    /// ISO 639 codes (editors may write Dutch names; see `attributes::languages`).
    pub languages: Vec<String>,
    pub domains: Vec<Spanned<String>>,
    /// The structured attributes as written; `Service::attributes` adds the prose fallbacks.
    pub cost: Option<Cost>,
    pub referral_required: Option<bool>,
    pub home_visits: Option<bool>,
    /// The service's own opening hours; empty means the partner's.
    pub hours: Vec<HoursRow>,
    pub notice: Option<Notice>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Partner {
    pub alternate_name: Option<String>,
    pub kind: Option<String>,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub address: Option<Address>,
    pub services: Vec<Service>,
    pub opening_hours: Option<String>,
    /// Structured opening hours, the default for services without their own.
    pub hours: Vec<HoursRow>,
    pub contact_points: Vec<ContactPoint>,
    /// A notice for the whole partner; each service may have its own too.
    pub notice: Option<Notice>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Regulation {
    pub law: String,
    pub articles: Vec<String>,
    pub level: &'static str,
    pub instrument: Option<&'static str>,
    pub mandate: Option<String>,
    pub effective_from: Option<NaiveDate>,
    pub source: Option<String>,
    pub partners: Vec<Spanned<String>>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Module {
    pub level: Option<String>,
    pub format: Option<String>,
    pub duration_hours: Option<f64>,
    pub trainers: Vec<String>,
    pub learning_goals: Vec<String>,
    pub prerequisites: Vec<Spanned<String>>,
    pub partners: Vec<Spanned<String>>,
    pub regulations: Vec<Spanned<String>>,
    pub sessions: Vec<Session>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct PageLink {
    pub title: String,
    /// An `@/` link or an absolute URL.
    pub url: Spanned<String>,
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Page {
    pub links: Vec<PageLink>,
}

/// One step of a learning path: a module and why it comes here.
#[derive(Debug, Clone, PartialEq)]
pub struct PathStep {
    pub module: Spanned<String>,
    pub why: String,
}

/// A learning path from `content/_data/paths.yaml`: an editorial route across modules, in order.
#[derive(Debug, Clone, PartialEq)]
pub struct LearningPath {
    pub id: String,
    pub at: Position,
    pub title: String,
    pub summary: Option<String>,
    /// Who the path is for ("nieuwe coaches in een wijkteam").
    pub audience: Option<String>,
    pub steps: Vec<PathStep>,
}

/// Everything a site holds, in file order (sorted by id within each kind).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Content {
    pub domains: Vec<Domain>,
    pub areas: Vec<Area>,
    /// Entries are shared: a session keeps what it read from unchanged files, and the model takes them
    /// without copying. Sorted by id within each kind.
    pub entries: ByKind<Vec<Arc<Entry>>>,
    /// The merged glossary: the default terms of the site's language with the site's own glossary applied.
    pub glossary: Vec<GlossaryTerm>,
    /// The merged lexicon of needs: the shipped needs of the site's language (those whose domain the site
    /// has) with the site's own lexicon applied.
    pub lexicon: Vec<Need>,
    /// The learning paths, in file order, and the file they come from (for diagnostics).
    pub paths: Vec<LearningPath>,
    pub paths_file: String,
    /// Hash of the texts of the domain, wijk and learning path files.
    pub data_source: u64,
}
