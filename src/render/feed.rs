//! The Atom feed "Wat is er nieuw" (RFC 4287, written by `atom_syndication`): partners, regulations and
//! modules dated by their `last_verified`, and the upcoming sessions of modules (dated by their module's
//! `last_verified`: that is when a trainer last edited the sessions), newest first, at most
//! `MAX_ENTRIES`. Entry ids are `tag:` URIs from the kind and id (and session id), so they stay the same
//! across rebuilds and moves of the site; links are absolute, from `base_url`.

use super::calendar::uid_domain;
use crate::content::{local_instant, EntryKind, Timing};
use crate::i18n::Translations;
use crate::model::{EntryRef, Site};
use atom_syndication::{Entry, Feed, FixedDateTime, Link, Person, Text};
use chrono::{NaiveDate, NaiveTime};

/// The feed's file and URL path below the base path.
pub const FEED_FILE: &str = "nieuw.atom";

/// Enough for a few months of edits on a municipal site; a reader that polls weekly misses nothing.
pub const MAX_ENTRIES: usize = 50;

/// The fixed date of the `tag:` URIs (RFC 4151 wants the date the authority name was in use; any fixed
/// date keeps ids stable).
const TAG_DATE: &str = "2026";

/// Midnight in Amsterdam on `day`, the time a date-only field stands for.
fn instant(day: NaiveDate) -> Option<FixedDateTime> {
    local_instant(day.and_time(NaiveTime::MIN)).map(|t| t.fixed_offset())
}

fn link(href: String) -> Link {
    Link {
        href,
        rel: "alternate".into(),
        mime_type: Some("text/html".into()),
        ..Link::default()
    }
}

/// One item before it becomes an Atom entry: sortable by date and id.
struct Item {
    updated: FixedDateTime,
    id: String,
    title: String,
    summary: Option<String>,
    url: Option<String>,
}

/// The feed as XML.
pub fn feed(site: &Site, t: &Translations) -> String {
    let absolute = |path: &str| site.config.base_url.join(path).ok().map(|u| u.to_string());
    let tag = |path: &str| format!("tag:{},{TAG_DATE}:{path}", uid_domain(site));
    let mut items = Vec::new();
    for kind in [EntryKind::Partner, EntryKind::Regulation, EntryKind::Module] {
        for (index, node) in site.entries[kind].iter().enumerate() {
            let entry = EntryRef { kind, index };
            let Some(updated) = node
                .meta()
                .last_verified
                .as_ref()
                .and_then(|d| instant(d.value))
            else {
                continue;
            };
            let id = site.entry_id(entry);
            let url = absolute(&site.entry_url(entry));
            items.push(Item {
                updated,
                id: tag(&format!("{}/{id}", kind.folder())),
                title: format!(
                    "{}: {}",
                    t.get(&format!("kind_{}", kind.name())),
                    node.entry.title
                ),
                summary: Some(node.summary.clone()).filter(|s| !s.is_empty()),
                url: url.clone(),
            });
            let Some(module) = node.entry.as_module() else {
                continue;
            };
            for session in module
                .sessions
                .iter()
                .filter(|s| s.date().is_some() && s.timing(site.today) != Timing::Past)
            {
                let day = session.date().map(|d| t.date(d)).unwrap_or_default();
                let label = if session.status.is_cancelled() {
                    t.get("status_geannuleerd")
                } else {
                    t.get("feed_new_session")
                };
                let when = match session.time_label() {
                    Some(time) => format!("{day}, {time}"),
                    None => day,
                };
                items.push(Item {
                    updated,
                    id: tag(&format!("{}/{id}/sessies/{}", kind.folder(), session.id)),
                    title: format!("{label}: {} ({when})", node.entry.title),
                    summary: session.location.clone().or(session.online.clone()),
                    url: url.clone(),
                });
            }
        }
    }
    // Newest first; the same day in id order, so the feed is the same on every build.
    items.sort_by(|a, b| b.updated.cmp(&a.updated).then_with(|| a.id.cmp(&b.id)));
    items.truncate(MAX_ENTRIES);

    let home = absolute(&site.url(&[]));
    let mut feed = Feed {
        title: Text::plain(format!("{} · {}", t.get("feed_title"), site.config.title)),
        id: tag("nieuw"),
        updated: items
            .first()
            .map(|i| i.updated)
            .or_else(|| instant(site.today))
            .unwrap_or_default(),
        authors: vec![Person {
            name: site.config.title.clone(),
            ..Person::default()
        }],
        lang: Some(site.config.language.code().into()),
        ..Feed::default()
    };
    let mut links = Vec::new();
    if let Some(home) = home {
        links.push(link(home));
    }
    if let Some(own) = absolute(&format!("{}{FEED_FILE}", site.url(&[]))) {
        links.push(Link {
            href: own,
            rel: "self".into(),
            mime_type: Some("application/atom+xml".into()),
            ..Link::default()
        });
    }
    feed.links = links;
    feed.entries = items
        .into_iter()
        .map(|item| Entry {
            id: item.id,
            title: Text::plain(item.title),
            updated: item.updated,
            summary: item.summary.map(Text::plain),
            links: item.url.map(link).into_iter().collect(),
            ..Entry::default()
        })
        .collect();
    feed.to_string()
}
