//! Views of single entries: partner, regulation, module and knowledge pages.

use super::*;
use crate::config::Language;
use crate::content::attributes::{day_name, languages};
use crate::content::{ContactPoint, ContactPurpose, Cost, HoursRow, Service};
use crate::content::{
    EntryDetails, Module, Page, Partner, Regulation, Relation, Session, SessionStatus, SessionTime,
    Timing,
};
use crate::model::EntryNode;

/// The view of an entry's page: the one of its kind, serialised as that view itself.
#[derive(Debug, Clone, Serialize)]
#[serde(untagged)]
pub enum EntryView {
    Partner(PartnerView),
    Regulation(RegulationView),
    Module(ModuleView),
    Article(ArticleView),
}

impl ViewBuilder<'_> {
    pub fn entry(&self, entry: EntryRef) -> EntryView {
        let node = self.site.entry(entry);
        match &node.entry.details {
            EntryDetails::Partner(p) => EntryView::Partner(self.partner(entry, node, p)),
            EntryDetails::Regulation(r) => EntryView::Regulation(self.regulation(entry, node, r)),
            EntryDetails::Module(m) => EntryView::Module(self.module(entry, node, m)),
            EntryDetails::Page(p) => EntryView::Article(self.article(entry, node, p)),
        }
    }

    fn partner(&self, entry: EntryRef, node: &EntryNode, p: &Partner) -> PartnerView {
        let address = p
            .address
            .as_ref()
            .map(|a| {
                let city_line = [a.postal_code.as_deref(), a.city.as_deref()]
                    .into_iter()
                    .flatten()
                    .collect::<Vec<_>>()
                    .join(" ");
                [a.street.clone(), Some(city_line).filter(|l| !l.is_empty())]
                    .into_iter()
                    .flatten()
                    .collect()
            })
            .unwrap_or_default();
        let services = p
            .services
            .iter()
            .zip(&node.parts)
            .map(|(s, description)| ServiceView {
                anchor: crate::markdown::slugify(&s.name),
                notice: s
                    .notice
                    .as_ref()
                    .and_then(|n| self.notice(n, Some(&s.name))),
                name: s.name.clone(),
                description_html: description.html.clone(),
                target_group: s.target_group.clone(),
                ages: self.ages(s.minimum_age, s.maximum_age),
                eligibility: s.eligibility.clone(),
                referral: s.referral.clone(),
                fees: s.fees.clone(),
                wait_time: s.wait_time.clone(),
                languages: s.languages.iter().map(|c| self.language_name(c)).collect(),
                attributes: self.attribute_labels(s),
                hours: self.day_hours(&s.hours),
                domains: self.domain_links(
                    &s.domains
                        .iter()
                        .filter_map(|d| {
                            self.site
                                .domains
                                .iter()
                                .position(|n| n.domain.id == d.value)
                        })
                        .collect::<Vec<_>>(),
                ),
            })
            .collect();
        let page_url = self.absolute_url(&self.site.entry_url(entry));
        PartnerView {
            name: node.entry.title.clone(),
            summary: node.summary.clone(),
            referrals: referral_lines(p),
            calls: calls(p),
            notices: p
                .notice
                .iter()
                .map(|n| (n, None))
                .chain(
                    p.services
                        .iter()
                        .filter_map(|s| s.notice.as_ref().map(|n| (n, Some(s.name.as_str())))),
                )
                .filter_map(|(n, subject)| self.notice(n, subject))
                .collect(),
            qr_svg: super::super::qr::svg(&page_url, self.t.get("qr_label")),
            page_url,
            alternate_name: p.alternate_name.clone(),
            kind: p.kind.clone(),
            description_html: node.body.html.clone(),
            website: p.website.clone(),
            email: p.email.clone(),
            phone_href: p.phone.as_deref().map(phone_href),
            phone: p.phone.clone(),
            address,
            opening_hours: p.opening_hours.clone(),
            hours: self.day_hours(&p.hours),
            areas: node
                .areas
                .iter()
                .flatten()
                .map(|&a| Link {
                    title: self.site.areas[a].area.name.clone(),
                    url: routes::url(self.site, PageJob::Area(a)),
                })
                .collect(),
            municipality_wide: node.areas.is_none(),
            domains: self.domain_links(&node.domains),
            services,
            contact_points: p
                .contact_points
                .iter()
                .map(|c| ContactPointView {
                    role: c.role.clone(),
                    called: is_called(c),
                    phone_href: c.phone.as_deref().map(phone_href),
                    phone: c.phone.clone(),
                    email: c.email.clone(),
                })
                .collect(),
            verification: self.verification(entry, node.stale),
            regulations: self.related_from(node, Relation::CarriedOutBy),
            modules: self.related_from(node, Relation::TeachesPartner),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
        }
    }

    /// The absolute address of the site path `path` (which starts with the base path).
    fn absolute_url(&self, path: &str) -> String {
        self.site
            .config
            .base_url
            .join(path)
            .map_or_else(|_| path.to_string(), |u| u.to_string())
    }

    /// A number with the site language's decimal separator ("2,5" in Dutch).
    pub(super) fn decimal(&self, value: f64) -> String {
        let text = format!("{value}");
        match self.site.config.language {
            crate::config::Language::Nl => text.replace('.', ","),
            crate::config::Language::En => text,
        }
    }

    fn ages(&self, min: Option<u32>, max: Option<u32>) -> Option<String> {
        let years = self.t.get("age_years");
        match (min, max) {
            (Some(min), Some(max)) => Some(format!("{min}–{max} {years}")),
            (Some(min), None) => Some(format!("{} {min} {years}", self.t.get("age_from"))),
            (None, Some(max)) => Some(format!("{} {max} {years}", self.t.get("age_to"))),
            (None, None) => None,
        }
    }

    fn language_name(&self, code: &str) -> String {
        match self.site.config.language {
            Language::Nl => languages::dutch_name(code).to_string(),
            Language::En => languages::english_name(code).to_string(),
        }
    }

    /// The labels of what the editor filled in; prose fields are shown as written beside them.
    fn attribute_labels(&self, s: &Service) -> Vec<String> {
        let cost = s.cost.map(|c| match c {
            Cost::Free => "cost_free",
            Cost::Contribution => "cost_contribution",
            Cost::Paid => "cost_paid",
        });
        let referral = s.referral_required.map(|needed| match needed {
            true => "referral_needed",
            false => "referral_not_needed",
        });
        let home = s.home_visits.map(|visits| match visits {
            true => "home_visits_yes",
            false => "home_visits_no",
        });
        [cost, referral, home]
            .into_iter()
            .flatten()
            .map(|key| self.t.get(key).to_string())
            .collect()
    }

    /// `rows` per weekday, Monday first, each day's ranges in time order.
    fn day_hours(&self, rows: &[HoursRow]) -> Vec<DayHours> {
        let clock = |minutes: u16| match self.site.config.language {
            Language::Nl => format!("{}.{:02}", minutes / 60, minutes % 60),
            Language::En => format!("{}:{:02}", minutes / 60, minutes % 60),
        };
        (1u8..=7)
            .filter_map(|day| {
                let mut spans: Vec<(u16, u16)> = rows
                    .iter()
                    .filter(|r| r.days.contains(&day))
                    .map(|r| (r.open, r.close))
                    .collect();
                if spans.is_empty() {
                    return None;
                }
                spans.sort_unstable();
                spans.dedup();
                let times = spans
                    .iter()
                    .map(|&(open, close)| format!("{}–{}", clock(open), clock(close)))
                    .collect::<Vec<_>>()
                    .join(", ");
                Some(DayHours {
                    day: self.t.get(&format!("day_{}", day_name(day))).to_string(),
                    times,
                })
            })
            .collect()
    }

    fn regulation(&self, entry: EntryRef, node: &EntryNode, r: &Regulation) -> RegulationView {
        RegulationView {
            title: node.entry.title.clone(),
            law: r.law.clone(),
            articles: r.articles.clone(),
            level: self.t.get(&format!("level_{}", r.level)).to_string(),
            instrument: r.instrument.map(str::to_string),
            mandate: r.mandate.clone(),
            effective_from: r.effective_from.map(|d| self.t.date(d)),
            source: r.source.clone(),
            summary: node.entry.summary.clone(),
            body_html: node.body.html.clone(),
            domains: self.domain_links(&node.domains),
            partners: self.related(node, Relation::CarriedOutBy),
            modules: self.related_from(node, Relation::TeachesRegulation),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
            verification: self.verification(entry, node.stale),
        }
    }

    fn module(&self, entry: EntryRef, node: &EntryNode, m: &Module) -> ModuleView {
        let today = self.site.today;
        ModuleView {
            title: node.entry.title.clone(),
            summary: node.entry.summary.clone(),
            level: m.level.clone(),
            format: m.format.clone(),
            duration_hours: m.duration_hours.map(|h| self.decimal(h)),
            trainers: m.trainers.clone(),
            learning_goals: m.learning_goals.clone(),
            body_html: node.body.html.clone(),
            domains: self.domain_links(&node.domains),
            prerequisites: self.related(node, Relation::Prerequisite),
            required_by: self.related_from(node, Relation::Prerequisite),
            partners: self.related(node, Relation::TeachesPartner),
            regulations: self.related(node, Relation::TeachesRegulation),
            upcoming_sessions: m
                .upcoming_sessions(today)
                .into_iter()
                .map(|s| self.session(s))
                .collect(),
            past_sessions: m
                .past_sessions(today)
                .into_iter()
                .map(|s| self.session(s))
                .collect(),
            calendar_url: crate::render::calendar::has_calendar(node).then(|| {
                crate::render::calendar::url(
                    self.site,
                    crate::render::calendar::CalendarJob::Module(entry.index),
                )
            }),
            terms: self.module_terms(entry),
            json_ld: super::json_ld::course(self.site, entry, node, m),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
            verification: self.verification(entry, node.stale),
            paths: self.paths_with_module(entry.index),
        }
    }

    fn session(&self, s: &Session) -> SessionView {
        let timing = s.timing(self.site.today);
        let can_sign_up = timing != Timing::Past
            && matches!(s.status, SessionStatus::Open | SessionStatus::Wachtlijst);
        SessionView {
            elearning: s.format == crate::content::SessionFormat::ELearning,
            date: s.date().map(|d| self.t.session_date(d)),
            iso_date: match s.when {
                SessionTime::Timed { start, .. } => {
                    Some(start.format("%Y-%m-%dT%H:%M").to_string())
                }
                SessionTime::Day(day) => Some(day.to_string()),
                SessionTime::Undated => None,
            },
            timing: match timing {
                Timing::Past => "past",
                Timing::Today => "today",
                Timing::Upcoming => "upcoming",
            },
            past: timing == Timing::Past,
            time: s.time_label(),
            status: s.status.name(),
            status_label: self
                .t
                .get(&format!("status_{}", s.status.name()))
                .to_string(),
            cancelled: s.status.is_cancelled(),
            format_label: self
                .t
                .get(&format!("session_format_{}", s.format.name()))
                .to_string(),
            location: s.location.clone(),
            online: s.online.clone(),
            seats: s.seats,
            signup: s.signup.as_ref().filter(|_| can_sign_up).map(|url| {
                if url.contains('@') && !url.contains("://") && !url.starts_with("mailto:") {
                    format!("mailto:{url}")
                } else {
                    url.clone()
                }
            }),
            trainer: s.trainer.clone(),
        }
    }

    /// The glossary terms that name this module as where to learn more, or that its texts mark.
    fn module_terms(&self, entry: EntryRef) -> Vec<Link> {
        let glossary_url = routes::url(self.site, PageJob::Glossary);
        self.site
            .glossary
            .iter()
            .filter(|term| term.handled_by.contains(&entry) || term.mentioned_in.contains(&entry))
            .map(|term| Link {
                title: term.term.term.clone(),
                url: format!("{glossary_url}#{}", term.term.anchor),
            })
            .collect()
    }

    fn article(&self, entry: EntryRef, node: &EntryNode, _page: &Page) -> ArticleView {
        ArticleView {
            title: node.entry.title.clone(),
            summary: node.entry.summary.clone(),
            body_html: node.body.html.clone(),
            domains: self.domain_links(&node.domains),
            links: node
                .links
                .iter()
                .map(|(title, url)| Link {
                    title: title.clone(),
                    url: url.clone(),
                })
                .collect(),
            mentioned_in: self.mentions(&node.backlinks.mentioned_in),
            verification: node
                .meta()
                .last_verified
                .is_some()
                .then(|| self.verification(entry, node.stale)),
        }
    }
}

/// The referral texts of `p`'s services in order, each once, with the names of the services it applies to.
fn referral_lines(p: &Partner) -> Vec<ReferralLine> {
    let mut lines: Vec<ReferralLine> = Vec::new();
    for service in &p.services {
        let Some(referral) = service.referral.as_deref().map(str::trim) else {
            continue;
        };
        match lines.iter_mut().find(|l| l.referral == referral) {
            Some(line) => {
                line.services.push_str(", ");
                line.services.push_str(&service.name);
            }
            None => lines.push(ReferralLine {
                services: service.name.clone(),
                referral: referral.to_string(),
            }),
        }
    }
    lines
}

/// The call buttons of a partner page's first screen: the contact points a coach refers through and the
/// urgent line (a coach calls these, not the reception), then the general number.
fn calls(p: &Partner) -> Vec<CallView> {
    let mut lines: Vec<&ContactPoint> = p.contact_points.iter().filter(|c| is_called(c)).collect();
    // Stable: two referral lines keep the editor's order.
    lines.sort_by_key(|c| c.purpose.call_rank());
    let mut calls: Vec<CallView> = lines
        .into_iter()
        .filter_map(|c| {
            let phone = c.phone.clone()?;
            Some(CallView {
                label: Some(c.role.clone()),
                phone_href: phone_href(&phone),
                phone,
                primary: true,
            })
        })
        .collect();
    if let Some(phone) = &p.phone {
        if !calls.iter().any(|c| &c.phone == phone) {
            calls.push(CallView {
                label: None,
                phone_href: phone_href(phone),
                phone: phone.clone(),
                primary: calls.is_empty(),
            });
        }
    }
    calls
}

/// A referral or urgent line with a number: one of the first screen's call buttons.
fn is_called(c: &ContactPoint) -> bool {
    c.phone.is_some() && matches!(c.purpose, ContactPurpose::Referral | ContactPurpose::Urgent)
}
