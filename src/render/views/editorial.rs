//! The editors' dashboard (`/redactie/`): what to check or complete next — stale entries per checker,
//! missing contact or referral information, modules whose sessions are all past, gaps in the network.

use super::super::routes::{self, PageJob};
use super::{Link, NoticeView, ViewBuilder};
use crate::content::{EntryDetails, EntryKind};
use crate::model::EntryRef;
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Serialize)]
pub struct StaleEntry {
    pub link: Link,
    pub kind: String,
    /// "14 maart 2025", or None when never verified.
    pub verified: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleGroup {
    pub verified_by: String,
    pub entries: Vec<StaleEntry>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Problem {
    pub link: Link,
    pub problem: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EditorialView {
    pub stale_count: usize,
    pub stale: Vec<StaleGroup>,
    pub incomplete: Vec<Problem>,
    pub past_modules: Vec<Link>,
    pub domains_without_partners: Vec<Link>,
    pub areas_without_partners: Vec<Link>,
    /// Notices whose last day is within the next 7 days (today included): the editor checks whether the
    /// waiting list or closure really ends, or extends it.
    pub notices_ending: Vec<EndingNotice>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EndingNotice {
    pub link: Link,
    pub notice: NoticeView,
    pub until: String,
}

impl ViewBuilder<'_> {
    pub fn editorial(&self) -> EditorialView {
        let (stale_count, stale) = self.stale_groups();
        let (domains_without_partners, areas_without_partners) = self.gaps();
        EditorialView {
            stale_count,
            stale,
            incomplete: self.incomplete_partners(),
            past_modules: self.past_modules(),
            domains_without_partners,
            areas_without_partners,
            notices_ending: self.notices_ending(),
        }
    }

    fn notices_ending(&self) -> Vec<EndingNotice> {
        let today = self.site.today;
        let last = today + chrono::Duration::days(6);
        let mut ending = Vec::new();
        for (index, node) in self.site.entries[EntryKind::Partner].iter().enumerate() {
            let EntryDetails::Partner(p) = &node.entry.details else {
                continue;
            };
            let link = self.entry_link(EntryRef {
                kind: EntryKind::Partner,
                index,
            });
            let notices = p.notice.iter().map(|n| (n, None)).chain(
                p.services
                    .iter()
                    .filter_map(|s| s.notice.as_ref().map(|n| (n, Some(s.name.as_str())))),
            );
            for (notice, subject) in notices {
                let Some(until) = notice.until.filter(|u| (today..=last).contains(u)) else {
                    continue;
                };
                if let Some(view) = self.notice(notice, subject) {
                    ending.push((
                        until,
                        EndingNotice {
                            link: link.clone(),
                            notice: view,
                            until: self.t.date(until),
                        },
                    ));
                }
            }
        }
        ending.sort_by_key(|(until, _)| *until);
        ending.into_iter().map(|(_, e)| e).collect()
    }

    /// Stale entries grouped by who checks them: never verified first, then oldest first.
    fn stale_groups(&self) -> (usize, Vec<StaleGroup>) {
        let site = self.site;
        let mut groups: BTreeMap<String, Vec<(Option<chrono::NaiveDate>, StaleEntry)>> =
            BTreeMap::new();
        for entry in site.entry_refs() {
            if !site.entry(entry).stale {
                continue;
            }
            let meta = site.entry_meta(entry);
            let date = meta.last_verified.as_ref().map(|d| d.value);
            let by = meta
                .verified_by
                .clone()
                .unwrap_or_else(|| self.t.get("editorial_unknown_checker").to_string());
            groups.entry(by).or_default().push((
                date,
                StaleEntry {
                    link: self.entry_link(entry),
                    kind: self
                        .t
                        .get(&format!("kind_{}", entry.kind.name()))
                        .to_string(),
                    verified: date.map(|d| self.t.date(d)),
                },
            ));
        }
        let stale_count = groups.values().map(Vec::len).sum();
        let stale = groups
            .into_iter()
            .map(|(verified_by, mut entries)| {
                // Never verified first (None sorts before any date), then oldest first.
                entries.sort_by_key(|(date, _)| *date);
                StaleGroup {
                    verified_by,
                    entries: entries.into_iter().map(|(_, entry)| entry).collect(),
                }
            })
            .collect();

        (stale_count, stale)
    }

    /// Partners a coach cannot reach, and services without a way to refer.
    fn incomplete_partners(&self) -> Vec<Problem> {
        let site = self.site;
        let mut incomplete = Vec::new();
        for (index, node) in site.entries[EntryKind::Partner].iter().enumerate() {
            let Some(p) = node.entry.as_partner() else {
                continue;
            };
            let link = self.entry_link(EntryRef {
                kind: EntryKind::Partner,
                index,
            });
            let reachable = p.phone.is_some()
                || p.email.is_some()
                || p.contact_points
                    .iter()
                    .any(|c| c.phone.is_some() || c.email.is_some());
            if !reachable {
                incomplete.push(Problem {
                    link: link.clone(),
                    problem: self.t.get("editorial_no_contact").to_string(),
                });
            }
            for service in p.services.iter().filter(|s| s.referral.is_none()) {
                incomplete.push(Problem {
                    link: link.clone(),
                    problem: format!("{}: {}", service.name, self.t.get("editorial_no_referral")),
                });
            }
        }

        incomplete
    }

    /// Modules without an upcoming session: every session past or cancelled, or none at all (an undated
    /// e-learning counts as upcoming: it is always available).
    fn past_modules(&self) -> Vec<Link> {
        let site = self.site;
        site.entries[EntryKind::Module]
            .iter()
            .enumerate()
            .filter(|(_, node)| {
                node.entry
                    .as_module()
                    .is_some_and(|m| m.next_session(site.today).is_none())
            })
            .map(|(index, _)| {
                self.entry_link(EntryRef {
                    kind: EntryKind::Module,
                    index,
                })
            })
            .collect()
    }

    /// Domains and wijken without a partner: gaps in the network.
    fn gaps(&self) -> (Vec<Link>, Vec<Link>) {
        let site = self.site;
        let domains_without_partners = site
            .domains
            .iter()
            .enumerate()
            .filter(|(_, node)| node.entries[EntryKind::Partner].is_empty())
            .map(|(d, node)| Link {
                title: node.domain.label.clone(),
                url: routes::url(site, PageJob::Domain(d)),
            })
            .collect();
        let areas_without_partners = site
            .areas
            .iter()
            .enumerate()
            .filter(|(_, node)| node.entries[EntryKind::Partner].is_empty())
            .map(|(a, node)| Link {
                title: node.area.name.clone(),
                url: routes::url(site, PageJob::Area(a)),
            })
            .collect();
        (domains_without_partners, areas_without_partners)
    }
}
