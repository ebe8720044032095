//! Small view structs for the templates, prepared from the model. Templates never see the site graph:
//! each page gets exactly what it shows. `entries` builds the pages of single entries, `lists` the pages
//! that list entries (cards, domains, wijken, listings, home, matrix), `editorial` the editors' dashboard,
//! `glossary` the glossary page, `plan` the household plan page, `catalogue` the module catalogue with its filters, `paths` the learning
//! paths and the prerequisite graph.

mod catalogue;
mod editorial;
mod entries;
mod glossary;
mod json_ld;
mod lists;
mod paths;
mod plan;

pub use catalogue::ModuleCatalogueView;
pub use editorial::EditorialView;
pub use entries::EntryView;
pub use glossary::GlossaryView;
pub use paths::{PathListingView, PathView};
pub use plan::PlanView;

pub use super::cards::{Card, CardHtml, CardLine, CardRenderer};
use super::routes::{self, PageJob};
use crate::content::EntryKind;
use crate::content::Relation;
use crate::i18n::Translations;
use crate::model::{EntryNode, EntryRef, Site};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct Link {
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct Verification {
    pub date: Option<String>,
    pub by: Option<String>,
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ServiceView {
    pub anchor: String,
    pub notice: Option<NoticeView>,
    pub name: String,
    pub description_html: String,
    pub target_group: Option<String>,
    pub ages: Option<String>,
    pub eligibility: Option<String>,
    pub referral: Option<String>,
    pub fees: Option<String>,
    pub wait_time: Option<String>,
    /// Language names in the site's language.
    pub languages: Vec<String>,
    pub domains: Vec<Link>,
    /// The structured attributes as short labels ("Gratis", "Zonder verwijzing", "Komt aan huis").
    pub attributes: Vec<String>,
    /// The service's own opening hours per day; empty when it has the partner's.
    pub hours: Vec<DayHours>,
}

/// The opening hours of one weekday: its name and its time ranges ("9.00–12.00, 13.00–17.00").
#[derive(Debug, Clone, Serialize)]
pub struct DayHours {
    pub day: String,
    pub times: String,
}

/// One way to refer: the services it applies to and the referral text.
#[derive(Debug, Clone, Serialize)]
pub struct ReferralLine {
    pub services: String,
    pub referral: String,
}

/// A temporary notice as a page, card or dashboard shows it.
#[derive(Debug, Clone, Serialize)]
pub struct NoticeView {
    /// The service it is about; none for the whole partner.
    pub subject: Option<String>,
    pub text: String,
    /// "van 1 december 2026 tot en met 31 januari 2027", in the site's language.
    pub when: Option<String>,
    /// What a coach does meanwhile, when the editor said.
    pub meanwhile: Option<String>,
    /// ISO dates for the page script, which hides a notice whose `until` passed since the build and
    /// shows one whose `from` has come.
    pub from_iso: Option<String>,
    pub until_iso: Option<String>,
    /// Starts after the build's date: rendered hidden.
    pub upcoming: bool,
}

/// One call button on a partner page's first screen.
#[derive(Debug, Clone, Serialize)]
pub struct CallView {
    /// The contact point's role, or None for the partner's general number.
    pub label: Option<String>,
    pub phone: String,
    pub phone_href: String,
    /// The referral and urgent lines; the general number is primary only when there is neither.
    pub primary: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct ContactPointView {
    pub role: String,
    /// Among the call buttons of the first screen already (a referral or urgent line with a number), so
    /// the printed card does not list it twice.
    pub called: bool,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub email: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PartnerView {
    pub name: String,
    /// What the partner does in a few sentences (the description's first ones): the printed card's text.
    pub summary: String,
    pub alternate_name: Option<String>,
    pub kind: Option<String>,
    pub description_html: String,
    pub website: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    pub address: Vec<String>,
    pub opening_hours: Option<String>,
    /// The partner's structured opening hours per day.
    pub hours: Vec<DayHours>,
    pub areas: Vec<Link>,
    pub municipality_wide: bool,
    pub domains: Vec<Link>,
    pub services: Vec<ServiceView>,
    /// How to refer, once per distinct referral text: the "contact & verwijzen" block and the printed card.
    pub referrals: Vec<ReferralLine>,
    /// The numbers to call from the first screen: referral line, urgent line, then the general number.
    pub calls: Vec<CallView>,
    /// The partner's notice and its services', at the top of the page; ended ones are left out.
    pub notices: Vec<NoticeView>,
    /// The page's absolute address (from `base_url`), printed beside its QR code.
    pub page_url: String,
    /// The QR code of `page_url` as ready inline SVG markup, shown on paper.
    pub qr_svg: Option<String>,
    pub contact_points: Vec<ContactPointView>,
    pub verification: Verification,
    pub regulations: Vec<Link>,
    pub modules: Vec<Link>,
    pub mentioned_in: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RegulationView {
    pub title: String,
    pub law: String,
    pub articles: Vec<String>,
    pub level: String,
    pub instrument: Option<String>,
    pub mandate: Option<String>,
    pub effective_from: Option<String>,
    pub source: Option<String>,
    pub summary: Option<String>,
    pub body_html: String,
    pub domains: Vec<Link>,
    pub partners: Vec<Link>,
    pub modules: Vec<Link>,
    pub mentioned_in: Vec<Link>,
    pub verification: Verification,
}

#[derive(Debug, Clone, Serialize)]
pub struct SessionView {
    /// An e-learning: its link opens the course, not a meeting.
    pub elearning: bool,
    /// "8 december 2026", or None for an undated e-learning.
    pub date: Option<String>,
    /// For `<time datetime>`: `2026-12-08T09:30` or `2026-12-08`.
    pub iso_date: Option<String>,
    /// past, today or upcoming, relative to the build date.
    pub timing: &'static str,
    pub past: bool,
    pub time: Option<String>,
    /// open, vol, wachtlijst or geannuleerd, for the status class.
    pub status: &'static str,
    pub status_label: String,
    pub cancelled: bool,
    pub format_label: String,
    pub location: Option<String>,
    pub online: Option<String>,
    pub seats: Option<u32>,
    /// Shown only where one can still sign up (not past, not full, not cancelled).
    pub signup: Option<String>,
    pub trainer: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleView {
    pub title: String,
    pub summary: Option<String>,
    pub level: Option<String>,
    pub format: Option<String>,
    pub duration_hours: Option<String>,
    pub trainers: Vec<String>,
    pub learning_goals: Vec<String>,
    pub body_html: String,
    pub domains: Vec<Link>,
    pub prerequisites: Vec<Link>,
    pub required_by: Vec<Link>,
    pub partners: Vec<Link>,
    pub regulations: Vec<Link>,
    pub upcoming_sessions: Vec<SessionView>,
    pub past_sessions: Vec<SessionView>,
    /// The module's `.ics`, when it has dated sessions.
    pub calendar_url: Option<String>,
    /// Glossary terms the module teaches (the glossary links them to it) or its texts explain.
    pub terms: Vec<Link>,
    /// schema.org `Course` as JSON, safe inside `<script type="application/ld+json">`.
    pub json_ld: String,
    pub mentioned_in: Vec<Link>,
    pub verification: Verification,
    /// The learning paths this module is a step of.
    pub paths: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ArticleView {
    pub title: String,
    pub summary: Option<String>,
    pub body_html: String,
    pub domains: Vec<Link>,
    pub links: Vec<Link>,
    pub mentioned_in: Vec<Link>,
    pub verification: Option<Verification>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainView {
    pub label: String,
    pub description: Option<String>,
    pub synonyms: Vec<String>,
    pub signals: Vec<String>,
    pub partners: Vec<CardHtml>,
    pub regulations: Vec<CardHtml>,
    pub modules: Vec<CardHtml>,
    pub pages: Vec<CardHtml>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AreaView {
    pub name: String,
    pub description: Option<String>,
    pub postcodes: Vec<String>,
    pub partners: Vec<CardHtml>,
    /// Partners that work in every wijk are listed once, on their own page.
    pub municipality_wide_count: usize,
    pub municipality_wide_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ListingView {
    pub title: String,
    pub cards: Vec<CardHtml>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DomainTile {
    pub label: String,
    pub url: String,
    pub description: Option<String>,
    pub partner_count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct HomeView {
    pub domains: Vec<DomainTile>,
    pub overviews: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixView {
    pub domains: Vec<Link>,
    pub rows: Vec<MatrixRow>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MatrixRow {
    pub partner: Link,
    pub cells: Vec<bool>,
}

/// Builds views from the model; one method per page type.
pub struct ViewBuilder<'a> {
    pub site: &'a Site,
    pub t: &'a Translations,
    pub cards: &'a CardRenderer<'a>,
}

/// Heading level of cards on a page of their own kind (listings) and below a section heading (domain and
/// wijk pages).
const LISTING_CARD: u8 = 2;
const SECTION_CARD: u8 = 3;

/// How much of a domain's description a home page tile shows: three lines on a phone.
pub(super) const TILE_DESCRIPTION_CHARS: usize = 110;

/// `text` up to `max` characters, cut after the last whole word that fits and ended with "…"; the whole
/// text when it fits. Never cuts a word ("t…"): a coach reads a cut word as a typo.
pub(super) fn cut_at_word(text: &str, max: usize) -> String {
    let text = text.trim();
    if text.chars().count() <= max {
        return text.to_string();
    }
    // The byte index of the `max`th character; the text is longer, so it exists.
    let end = text.char_indices().nth(max).map_or(text.len(), |(i, _)| i);
    let head = &text[..end];
    // A space right after the limit means the last word fits whole.
    let cut = if text[end..].starts_with(char::is_whitespace) {
        head
    } else {
        head.rfind(char::is_whitespace).map_or(head, |i| &head[..i])
    };
    let cut = cut.trim_end_matches(|c: char| c.is_whitespace() || ",;:–-".contains(c));
    format!("{cut}…")
}

/// `tel:` link target: digits and a leading `+` only.
pub fn phone_href(phone: &str) -> String {
    let trimmed = phone.trim();
    let mut href = String::from("tel:");
    if trimmed.starts_with('+') {
        href.push('+');
    }
    href.extend(trimmed.chars().filter(char::is_ascii_digit));
    href
}

impl ViewBuilder<'_> {
    /// A notice as shown, unless it ended before the build's date.
    pub(super) fn notice(
        &self,
        notice: &crate::content::Notice,
        subject: Option<&str>,
    ) -> Option<NoticeView> {
        let today = self.site.today;
        if notice.ended_by(today) {
            return None;
        }
        let t = self.t;
        let from = notice
            .from
            .map(|d| t.get("notice_from").replace("{date}", &t.date(d)));
        let until = notice
            .until
            .map(|d| t.get("notice_until").replace("{date}", &t.date(d)));
        let when = match (from, until) {
            (Some(from), Some(until)) => Some(format!("{from} {until}")),
            (from, until) => from.or(until),
        };
        Some(NoticeView {
            subject: subject.map(str::to_string),
            text: notice.text.clone(),
            when,
            meanwhile: notice.refer_meanwhile.map(|refer| {
                t.get(if refer {
                    "notice_refer_yes"
                } else {
                    "notice_refer_no"
                })
                .to_string()
            }),
            from_iso: notice.from.map(|d| d.to_string()),
            until_iso: notice.until.map(|d| d.to_string()),
            upcoming: notice.from.is_some_and(|from| from > today),
        })
    }

    pub(super) fn domain_links(&self, domains: &[usize]) -> Vec<Link> {
        domains
            .iter()
            .map(|&d| Link {
                title: self.site.domains[d].domain.label.clone(),
                url: routes::url(self.site, PageJob::Domain(d)),
            })
            .collect()
    }

    pub(super) fn entry_links(&self, kind: EntryKind, indices: &[usize]) -> Vec<Link> {
        indices
            .iter()
            .map(|&index| self.entry_link(EntryRef { kind, index }))
            .collect()
    }

    /// The entries `node` names in `relation`.
    pub(super) fn related(&self, node: &EntryNode, relation: Relation) -> Vec<Link> {
        self.entry_links(relation.target(), node.relations.stated(relation))
    }

    /// The entries that name `node` in `relation`.
    pub(super) fn related_from(&self, node: &EntryNode, relation: Relation) -> Vec<Link> {
        self.entry_links(relation.source(), node.relations.reverse(relation))
    }

    pub(super) fn entry_link(&self, entry: EntryRef) -> Link {
        Link {
            title: self.site.entry_title(entry).to_string(),
            url: self.site.entry_url(entry),
        }
    }

    pub(super) fn mentions(&self, refs: &[EntryRef]) -> Vec<Link> {
        refs.iter().map(|&r| self.entry_link(r)).collect()
    }

    pub(super) fn verification(&self, entry: EntryRef, stale: bool) -> Verification {
        let meta = self.site.entry_meta(entry);
        Verification {
            date: meta.last_verified.as_ref().map(|d| self.t.date(d.value)),
            by: meta.verified_by.clone(),
            stale,
        }
    }
}

#[cfg(test)]
mod cut_tests {
    use super::cut_at_word;

    #[test]
    fn a_description_is_cut_after_a_whole_word_or_not_at_all() {
        assert_eq!(cut_at_word("Werk en inkomen", 110), "Werk en inkomen");
        assert_eq!(
            cut_at_word("Inkomen, vaste lasten en toeslagen", 20),
            "Inkomen, vaste…"
        );
        assert_eq!(cut_at_word("Inkomen, vaste lasten", 14), "Inkomen, vaste…");
        assert_eq!(cut_at_word("Schulden, beslag", 11), "Schulden…");
        assert_eq!(cut_at_word("Één, twee drie", 9), "Één, twee…");
    }
}
