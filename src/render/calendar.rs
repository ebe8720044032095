//! Calendars (RFC 5545) of module sessions: one per module, one of every upcoming session and one per
//! domain, built with the `icalendar` crate.
//!
//! The crate writes properties (escaping, CRLF, folding at 75 octets) and events; this file adds what it
//! lacks: a `VTIMEZONE` for Europe/Amsterdam. The crate's generic component adds a random `UID` and a
//! wall-clock `DTSTAMP` to any component without one, which a `VTIMEZONE` must not have and which would
//! make rebuilds differ, so the calendar is assembled here from the crate's own serialised properties
//! and events. The time-zone observances come from the tz database (`chrono-tz`), one per offset change
//! in every year the sessions span, so they stay right if the rules change.
//!
//! Stability: `UID`s are `MODULE-ID.SESSION-ID@SITE.kaartenbak` (SITE from the site title, never a host
//! name), `DTSTAMP` is the module's `last_verified` (or the build date), so an unchanged site rebuilds to
//! the same bytes. `SEQUENCE` is `Session::calendar_sequence`: cancelling raises it.

use super::routes::{self, PageJob};
use crate::content::{Session, SessionStatus, SessionTime, TIME_ZONE, TIME_ZONE_ID};
use crate::i18n::Translations;
use crate::model::{EntryNode, EntryRef, Site};
use chrono::{
    DateTime, Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, Offset, TimeZone, Utc,
};
use chrono_tz::{OffsetComponents, OffsetName};
use icalendar::{
    CalendarDateTime, Component, DatePerhapsTime, Event, EventLike, EventStatus, Property,
};

/// One session of one module, as a calendar shows it.
struct Listed<'a> {
    module: EntryRef,
    node: &'a EntryNode,
    session: &'a Session,
}

/// Which sessions a calendar holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CalendarJob {
    /// Every dated session of the module, past ones included.
    Module(usize),
    /// Every session not yet past, cancelled ones included (so subscribers' calendars remove them).
    Upcoming,
    /// The upcoming sessions of the modules of one domain.
    Domain(usize),
}

impl CalendarJob {
    /// Every calendar of `site`: one per module with a dated session, the upcoming one, one per domain
    /// with modules.
    pub fn all(site: &Site) -> Vec<CalendarJob> {
        let mut jobs = vec![CalendarJob::Upcoming];
        jobs.extend(
            site.entries[crate::content::EntryKind::Module]
                .iter()
                .enumerate()
                .filter(|(_, node)| has_calendar(node))
                .map(|(index, _)| CalendarJob::Module(index)),
        );
        jobs.extend(
            site.domains
                .iter()
                .enumerate()
                .filter(|(_, d)| !d.entries[crate::content::EntryKind::Module].is_empty())
                .map(|(d, _)| CalendarJob::Domain(d)),
        );
        jobs
    }
}

/// Whether a module has a calendar: at least one dated session.
pub fn has_calendar(node: &EntryNode) -> bool {
    node.entry
        .as_module()
        .is_some_and(|m| m.sessions.iter().any(|s| s.date().is_some()))
}

/// The sessions of `job`, by start.
fn listed(site: &Site, job: CalendarJob) -> Vec<Listed<'_>> {
    let module_sessions = |index: usize, upcoming_only: bool| {
        let module = EntryRef {
            kind: crate::content::EntryKind::Module,
            index,
        };
        let node = site.entry(module);
        node.entry
            .as_module()
            .into_iter()
            .flat_map(|m| m.sessions.iter())
            .filter(move |s| s.date().is_some())
            .filter(move |s| !upcoming_only || s.timing(site.today) != crate::content::Timing::Past)
            .map(move |session| Listed {
                module,
                node,
                session,
            })
    };
    let modules = site.entries[crate::content::EntryKind::Module].len();
    let mut sessions: Vec<Listed> = match job {
        CalendarJob::Module(index) => module_sessions(index, false).collect(),
        CalendarJob::Upcoming => (0..modules)
            .flat_map(|i| module_sessions(i, true))
            .collect(),
        CalendarJob::Domain(d) => site.domains[d].entries[crate::content::EntryKind::Module]
            .iter()
            .flat_map(|&i| module_sessions(i, true))
            .collect(),
    };
    sessions.sort_by_key(|l| (local_start(l.session), l.module.index));
    sessions
}

fn local_start(session: &Session) -> NaiveDateTime {
    match session.when {
        SessionTime::Timed { start, .. } => start,
        SessionTime::Day(day) => day.and_time(NaiveTime::MIN),
        SessionTime::Undated => NaiveDateTime::MIN,
    }
}

/// The calendar's file, relative to the output folder.
pub fn output_path(site: &Site, job: CalendarJob) -> String {
    let mut path: String = segments(site, job)
        .iter()
        .map(|s| format!("{s}/"))
        .collect();
    path.push_str(CALENDAR_FILE);
    path
}

/// The calendar's root-relative URL, for links on pages.
pub fn url(site: &Site, job: CalendarJob) -> String {
    let mut url = site.url(&segments(site, job));
    url.push_str(CALENDAR_FILE);
    url
}

/// Every calendar is `sessies.ics` in the folder of the page it belongs to.
pub const CALENDAR_FILE: &str = "sessies.ics";

/// The folder of the page a calendar belongs to: the module, the modules listing, the domain.
fn segments(site: &Site, job: CalendarJob) -> Vec<&str> {
    let page = match job {
        CalendarJob::Module(index) => PageJob::Entry(EntryRef {
            kind: crate::content::EntryKind::Module,
            index,
        }),
        CalendarJob::Upcoming => PageJob::Listing(crate::content::EntryKind::Module),
        CalendarJob::Domain(d) => PageJob::Domain(d),
    };
    routes::segments(site, page)
}

/// The domain part of every UID: from the site title, so it is stable and never names a host.
pub fn uid_domain(site: &Site) -> String {
    let mut slug = String::new();
    for c in site.config.title.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    format!("{}.kaartenbak", if slug.is_empty() { "site" } else { slug })
}

/// The calendar of `job` as RFC 5545 text.
pub fn calendar(site: &Site, t: &Translations, job: CalendarJob) -> String {
    let sessions = listed(site, job);
    let name = match job {
        CalendarJob::Module(index) => site
            .entry(EntryRef {
                kind: crate::content::EntryKind::Module,
                index,
            })
            .entry
            .title
            .clone(),
        CalendarJob::Upcoming => format!("{} · {}", t.get("calendar_all"), site.config.title),
        CalendarJob::Domain(d) => format!(
            "{} · {}",
            t.get("calendar_all"),
            site.domains[d].domain.label
        ),
    };
    let mut out = String::from("BEGIN:VCALENDAR\r\n");
    for property in [
        Property::new("VERSION", "2.0"),
        Property::new("PRODID", "-//Kaartenbak//Sessies//NL"),
        Property::new("CALSCALE", "GREGORIAN"),
        Property::new("METHOD", "PUBLISH"),
        Property::new("X-WR-CALNAME", name),
        Property::new("X-WR-TIMEZONE", TIME_ZONE_ID),
    ] {
        push_property(&mut out, property);
    }
    let years = sessions
        .iter()
        .filter_map(|l| Some((l.session.date()?.year(), l.session.last_date()?.year())))
        .fold(None, |span: Option<(i32, i32)>, (first, last)| {
            Some(span.map_or((first, last), |(a, b)| (a.min(first), b.max(last))))
        });
    if let Some((first, last)) = years {
        out.push_str(&vtimezone(first, last));
    }
    let uid_domain = uid_domain(site);
    for listed in &sessions {
        let event = event(site, t, listed, &uid_domain);
        // An event always has its UID and DTSTAMP, so the crate adds nothing of its own.
        if let Ok(text) = event.try_into_string() {
            out.push_str(&text);
        }
    }
    out.push_str("END:VCALENDAR\r\n");
    out
}

fn push_property(out: &mut String, property: Property) {
    let line: Result<String, _> = property.try_into();
    if let Ok(line) = line {
        out.push_str(&line);
    }
}

fn event(site: &Site, t: &Translations, listed: &Listed, uid_domain: &str) -> Event {
    let Listed {
        module,
        node,
        session,
    } = listed;
    let module_id = site.entry_id(*module);
    let mut event = Event::new();
    event.uid(&format!("{module_id}.{}@{uid_domain}", session.id));
    let stamp_day = node
        .meta()
        .last_verified
        .as_ref()
        .map_or(site.today, |d| d.value);
    event.timestamp(Utc.from_utc_datetime(&stamp_day.and_time(NaiveTime::MIN)));
    match session.when {
        SessionTime::Timed { start, end } => {
            event.starts(local(start));
            event.ends(local(end));
        }
        SessionTime::Day(day) => {
            event.starts(DatePerhapsTime::Date(day));
            event.ends(DatePerhapsTime::Date(day + Duration::days(1)));
        }
        SessionTime::Undated => {}
    }
    let cancelled = session.status.is_cancelled();
    let summary = if cancelled {
        format!("{}: {}", t.get("status_geannuleerd"), node.entry.title)
    } else {
        node.entry.title.clone()
    };
    event.summary(&summary);
    event.sequence(session.calendar_sequence());
    event.status(if cancelled {
        EventStatus::Cancelled
    } else {
        EventStatus::Confirmed
    });
    if let Some(location) = session.location.as_ref().or(session.online.as_ref()) {
        event.location(location);
    }
    let page = site.entry_url(*module);
    let page_url = site.config.base_url.join(&page).ok().map(|u| u.to_string());
    if let Some(url) = &page_url {
        event.url(url);
    }
    event.description(&description(t, node, session, page_url.as_deref()));
    event.done()
}

fn local(time: NaiveDateTime) -> CalendarDateTime {
    CalendarDateTime::WithTimezone {
        date_time: time,
        tzid: TIME_ZONE_ID.to_string(),
    }
}

/// What a calendar entry says besides its title: the status, the summary, where to sign up.
fn description(
    t: &Translations,
    node: &EntryNode,
    session: &Session,
    page_url: Option<&str>,
) -> String {
    let mut lines = Vec::new();
    if session.status != SessionStatus::Open {
        lines.push(format!(
            "{}: {}",
            t.get("session_status"),
            t.get(&format!("status_{}", session.status.name()))
        ));
    }
    lines.push(format!(
        "{}: {}",
        t.get("format"),
        t.get(&format!("session_format_{}", session.format.name()))
    ));
    if let Some(summary) = &node.entry.summary {
        lines.push(summary.trim().to_string());
    }
    if let Some(trainer) = &session.trainer {
        lines.push(format!("{}: {trainer}", t.get("session_trainer")));
    }
    if let Some(online) = &session.online {
        lines.push(format!("{}: {online}", t.get("session_online")));
    }
    if let Some(signup) = &session.signup {
        lines.push(format!("{}: {signup}", t.get("signup")));
    }
    if let Some(url) = page_url {
        lines.push(url.to_string());
    }
    lines.join("\n")
}

/// The offset changes of Amsterdam in the years `first - 1` to `last` (the year before, so the observance
/// in force on the first session is defined), as (instant, offset before, offset after).
fn transitions(first: i32, last: i32) -> Vec<(DateTime<Utc>, Observed, Observed)> {
    let mut found = Vec::new();
    let Some(mut day) = NaiveDate::from_ymd_opt(first - 1, 1, 1) else {
        return found;
    };
    let Some(end) = NaiveDate::from_ymd_opt(last + 1, 1, 1) else {
        return found;
    };
    let at = |time: NaiveDateTime| observed(Utc.from_utc_datetime(&time));
    let mut before = at(day.and_time(NaiveTime::MIN));
    while day < end {
        let next_day = day + Duration::days(1);
        let after = at(next_day.and_time(NaiveTime::MIN));
        if after != before {
            // The change happens within this day: find its hour (Amsterdam changes on the hour).
            let mut hour = day.and_time(NaiveTime::MIN);
            let mut previous = before.clone();
            for _ in 0..24 {
                hour += Duration::hours(1);
                let now = at(hour);
                if now != previous {
                    found.push((Utc.from_utc_datetime(&hour), previous, now.clone()));
                    previous = now;
                }
            }
        }
        before = after;
        day = next_day;
    }
    found
}

/// An offset in force: seconds east of UTC, its name (CET, CEST) and whether it is summer time.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Observed {
    offset: i32,
    name: String,
    daylight: bool,
}

fn observed(instant: DateTime<Utc>) -> Observed {
    let offset = TIME_ZONE.offset_from_utc_datetime(&instant.naive_utc());
    Observed {
        offset: offset.fix().local_minus_utc(),
        name: offset.abbreviation().unwrap_or("").to_string(),
        daylight: !offset.dst_offset().is_zero(),
    }
}

/// `+0100`, as `TZOFFSETFROM`/`TZOFFSETTO` write an offset.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.abs() / 60;
    format!("{sign}{:02}{:02}", minutes / 60, minutes % 60)
}

/// The `VTIMEZONE` of Europe/Amsterdam for sessions in the years `first` to `last`: one `STANDARD` or
/// `DAYLIGHT` observance per offset change, each starting at its local time in the offset before it.
fn vtimezone(first: i32, last: i32) -> String {
    let mut out = String::from("BEGIN:VTIMEZONE\r\n");
    push_property(&mut out, Property::new("TZID", TIME_ZONE_ID));
    let changes = transitions(first, last);
    if changes.is_empty() {
        // No change in these years (a zone without summer time): one observance from the epoch on.
        if let Some(start) = NaiveDate::from_ymd_opt(1970, 1, 1) {
            let now = observed(Utc.from_utc_datetime(&start.and_time(NaiveTime::MIN)));
            observance(&mut out, start.and_time(NaiveTime::MIN), &now, &now);
        }
    }
    for (instant, before, after) in &changes {
        let local_start = instant.naive_utc() + Duration::seconds(i64::from(before.offset));
        observance(&mut out, local_start, before, after);
    }
    out.push_str("END:VTIMEZONE\r\n");
    out
}

fn observance(out: &mut String, start: NaiveDateTime, before: &Observed, after: &Observed) {
    let kind = if after.daylight {
        "DAYLIGHT"
    } else {
        "STANDARD"
    };
    out.push_str(&format!("BEGIN:{kind}\r\n"));
    push_property(
        out,
        Property::new("DTSTART", start.format("%Y%m%dT%H%M%S").to_string()),
    );
    push_property(
        out,
        Property::new("TZOFFSETFROM", offset_text(before.offset)),
    );
    push_property(out, Property::new("TZOFFSETTO", offset_text(after.offset)));
    if !after.name.is_empty() {
        push_property(out, Property::new("TZNAME", after.name.clone()));
    }
    out.push_str(&format!("END:{kind}\r\n"));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amsterdam_changes_twice_a_year_at_one_utc() {
        let changes = transitions(2027, 2027);
        let summary: Vec<String> = changes
            .iter()
            .map(|(at, before, after)| {
                format!(
                    "{} {}->{}",
                    at.format("%Y-%m-%d %H:%M"),
                    before.name,
                    after.name
                )
            })
            .collect();
        assert_eq!(
            summary,
            [
                "2026-03-29 01:00 CET->CEST",
                "2026-10-25 01:00 CEST->CET",
                "2027-03-28 01:00 CET->CEST",
                "2027-10-31 01:00 CEST->CET",
            ]
        );
    }

    #[test]
    fn observances_start_at_local_time_before_the_change() {
        let zone = vtimezone(2027, 2027);
        assert!(zone.contains(
            "BEGIN:STANDARD\r\nDTSTART:20271031T030000\r\nTZOFFSETFROM:+0200\r\nTZOFFSETTO:+0100\r\nTZNAME:CET\r\nEND:STANDARD\r\n"
        ));
        assert!(zone.contains(
            "BEGIN:DAYLIGHT\r\nDTSTART:20270328T020000\r\nTZOFFSETFROM:+0100\r\nTZOFFSETTO:+0200\r\nTZNAME:CEST\r\nEND:DAYLIGHT\r\n"
        ));
        assert!(!zone.contains("UID") && !zone.contains("DTSTAMP"));
    }

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let mut out = String::new();
        let text = "Wijkcentrum De Kûbus, Ëikenlaan 12 — zaal “Samen” ".repeat(6);
        push_property(&mut out, Property::new("LOCATION", text.clone()));
        assert!(out.ends_with("\r\n"));
        for line in out.split("\r\n") {
            assert!(line.len() <= 75, "{} octets: {line}", line.len());
        }
        // Unfolding gives the value back.
        let unfolded = out.replace("\r\n ", "");
        let escaped = text.replace(',', "\\,");
        assert_eq!(unfolded, format!("LOCATION:{escaped}\r\n"));
    }
}
