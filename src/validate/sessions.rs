//! Reads a module's `sessions:` list: the `start`/`end` form and the legacy `date`/`time` form, and the
//! checks between sessions of one module (end before start, overlaps, duplicate ids). Every problem is
//! reported at the value it is about; the session model and its rules live in `content::sessions`.

use crate::content::{
    local_instant, overlapping, parse_local, parse_time_range, LocalTimeError, Session,
    SessionFormat, SessionStatus, SessionTime,
};
use crate::formats;
use crate::yaml::{FieldReader, ReadContext, Spanned};
use chrono::{Datelike, NaiveDate, NaiveDateTime};

/// How diagnostics write a local time: as editors write it.
const LOCAL_FORMAT: &str = "%Y-%m-%dT%H:%M";

/// The id of an undated e-learning session when it has no `id:`.
pub const UNDATED_SESSION_ID: &str = "doorlopend";

/// The sessions of a module, each read from its mapping in `r`'s `sessions:` list.
pub fn read_sessions(
    ctx: &mut ReadContext,
    r: &mut FieldReader,
    module_format: Option<&str>,
) -> Vec<Session> {
    let default_format = SessionFormat::default_for(module_format);
    let read: Vec<(Session, Option<Spanned<String>>)> = r
        .mapping_list(ctx, "sessions", "session")
        .into_iter()
        .filter_map(|s| read_session(ctx, s, default_format))
        .collect();
    check_ids(ctx, &read);
    let sessions: Vec<Session> = read.into_iter().map(|(s, _)| s).collect();
    for (earlier, later) in overlapping(&sessions) {
        let (first, second) = (&sessions[earlier], &sessions[later]);
        ctx.error(
            "session-overlap",
            second.at.position(),
            format!(
                "session `{}` overlaps session `{}` of the same module",
                second.id, first.id
            ),
            format!(
                "sessions of one module cannot run at the same time; move one, or mark one `status: geannuleerd` (line {})",
                first.at.position().line
            ),
        );
    }
    sessions
}

/// Two sessions of a module with one id would share a calendar UID.
fn check_ids(ctx: &mut ReadContext, read: &[(Session, Option<Spanned<String>>)]) {
    for (i, (session, written)) in read.iter().enumerate() {
        if let Some((first, _)) = read[..i].iter().find(|(s, _)| s.id == session.id) {
            let at = written
                .as_ref()
                .map_or(session.at.position(), |w| w.position());
            let hint = if written.is_some() {
                "give every session of a module its own `id:`".to_string()
            } else {
                "two sessions start on the same day: give one of them an `id:` (e.g. `id: 2026-12-08-middag`); never change an id once published".to_string()
            };
            ctx.error(
                "duplicate-session-id",
                at,
                format!(
                    "session id `{}` is used twice in this module (first at line {})",
                    session.id,
                    first.at.position().line
                ),
                hint,
            );
        }
    }
}

fn read_session(
    ctx: &mut ReadContext,
    mut s: FieldReader,
    default_format: SessionFormat,
) -> Option<(Session, Option<Spanned<String>>)> {
    let at = s.at(ctx);
    let written_id = s.checked_text(ctx, "id", formats::check_id);
    let format = s
        .choice(ctx, "format", SessionFormat::NAMES)
        .and_then(|f| SessionFormat::from_name(f.value))
        .unwrap_or(default_format);
    let status = s
        .choice(ctx, "status", SessionStatus::NAMES)
        .and_then(|f| SessionStatus::from_name(f.value))
        .unwrap_or_default();
    let time_text = s.text(ctx, "time");
    let when = read_when(ctx, &mut s, format, time_text.as_ref())?;
    let id = match (&written_id, when) {
        (Some(id), _) => id.value.clone(),
        (None, SessionTime::Timed { start, .. }) => start.date().to_string(),
        (None, SessionTime::Day(day)) => day.to_string(),
        (None, SessionTime::Undated) => UNDATED_SESSION_ID.to_string(),
    };
    let session = Session {
        id,
        when,
        time_text: time_text.map(|t| t.value),
        format,
        status,
        location: s.text(ctx, "location").map(|t| t.value),
        online: s.url(ctx, "online").map(|t| t.value),
        seats: s.whole_number(ctx, "seats").map(|n| n.value),
        signup: s
            .checked_text(ctx, "signup", formats::check_signup)
            .map(|t| t.value),
        trainer: s.text(ctx, "trainer").map(|t| t.value),
        sequence: s.whole_number(ctx, "sequence").map_or(0, |n| n.value),
        at,
    };
    s.finish(ctx);
    Some((session, written_id))
}

/// `start`/`end`, or the legacy `date` (+ `time`), or nothing for an undated e-learning. None when the
/// time is unusable (reported).
fn read_when(
    ctx: &mut ReadContext,
    s: &mut FieldReader,
    format: SessionFormat,
    time_text: Option<&Spanned<String>>,
) -> Option<SessionTime> {
    let start = s.text(ctx, "start");
    let end = s.text(ctx, "end");
    let date = s.date(ctx, "date");
    if let Some(start_text) = start {
        if date.is_some() {
            ctx.error(
                "conflicting-fields",
                start_text.position(),
                "a session has both `start` and the older `date`".into(),
                "keep `start:`/`end:` and remove `date:` and `time:`".into(),
            );
        }
        let start = local_value(ctx, &start_text, "start")?;
        let Some(end_text) = end else {
            s.report_missing(
                ctx,
                "end",
                "add `end:` beside `start:`, e.g. `end: 2026-12-08T13:00` or just `end: \"13:00\"`"
                    .into(),
            );
            return None;
        };
        let end = match crate::content::parse_clock(&end_text.value) {
            Some(clock) => start.date().and_time(clock),
            None => local_value(ctx, &end_text, "end")?,
        };
        if end <= start {
            ctx.error(
                "session-end-before-start",
                end_text.position(),
                format!(
                    "the session ends ({}) before it starts ({})",
                    end.format(LOCAL_FORMAT),
                    start.format(LOCAL_FORMAT)
                ),
                "`end` is local time after `start`; for a session past midnight write the full `end: YYYY-MM-DDTHH:MM`".into(),
            );
            return None;
        }
        return Some(SessionTime::Timed { start, end });
    }
    if let Some(end_text) = end {
        ctx.error(
            "missing-field",
            end_text.position(),
            "a session has `end` but no `start`".into(),
            "add `start: YYYY-MM-DDTHH:MM` (local time in Lindewaard)".into(),
        );
        return None;
    }
    if let Some(day) = date {
        if !plausible_year(ctx, day.value, day.position()) {
            return None;
        }
        return Some(legacy_when(ctx, day.value, time_text));
    }
    if format == SessionFormat::ELearning {
        return Some(SessionTime::Undated);
    }
    s.report_missing(
        ctx,
        "start",
        "add `start: YYYY-MM-DDTHH:MM` and `end:` (local time); only `format: e-learning` may go without a date".into(),
    );
    None
}

/// Sessions lie within `SESSION_YEARS`: a typo such as `20277-01-12` is caught, and calendars need a
/// time zone for every year a module's sessions span.
const SESSION_YEARS: std::ops::RangeInclusive<i32> = 2000..=2100;

fn plausible_year(ctx: &mut ReadContext, day: NaiveDate, at: crate::diagnostics::Position) -> bool {
    if SESSION_YEARS.contains(&day.year()) {
        return true;
    }
    ctx.error(
        "invalid-date",
        at,
        format!("`{day}` is not a plausible session date"),
        format!(
            "sessions lie between {} and {}; check the year",
            SESSION_YEARS.start(),
            SESSION_YEARS.end()
        ),
    );
    false
}

/// A legacy `date` with a `time` such as `"09:30-13:00"` or `9.30 tot 12.30 uur`; without a `time` the
/// session takes the day. A `time` that cannot be read is reported: it would otherwise become an
/// all-day calendar event without a word.
fn legacy_when(
    ctx: &mut ReadContext,
    day: NaiveDate,
    time_text: Option<&Spanned<String>>,
) -> SessionTime {
    let Some(time_text) = time_text else {
        return SessionTime::Day(day);
    };
    match parse_time_range(&time_text.value) {
        Some((from, to)) if to > from => SessionTime::Timed {
            start: day.and_time(from),
            end: day.and_time(to),
        },
        Some(_) => {
            ctx.error(
                "session-end-before-start",
                time_text.position(),
                format!("the session time `{}` ends before it starts", time_text.value),
                "write the start first, e.g. `time: 9.30 - 12.30`; for a session past midnight use `start:` and `end: YYYY-MM-DDTHH:MM`".into(),
            );
            SessionTime::Day(day)
        }
        None => {
            ctx.error(
                "invalid-format",
                time_text.position(),
                format!("`{}` is not a session time", time_text.value),
                "write a start and end time, e.g. `time: 9.30 - 12.30` (also `9:30–12:30` or `van 9.30 tot 12.30 uur`); or use `start: YYYY-MM-DDTHH:MM` and `end: HH:MM`".into(),
            );
            SessionTime::Day(day)
        }
    }
}

/// A `start`/`end` value: a local date and time that exists in Amsterdam.
fn local_value(ctx: &mut ReadContext, text: &Spanned<String>, key: &str) -> Option<NaiveDateTime> {
    match parse_local(&text.value) {
        Ok(time) if !plausible_year(ctx, time.date(), text.position()) => None,
        Ok(time) if local_instant(time).is_some() => Some(time),
        Ok(time) => {
            ctx.error(
                "invalid-date",
                text.position(),
                format!(
                    "`{}` does not exist in Amsterdam: the clocks skip that hour (summer time starts)",
                    time.format(LOCAL_FORMAT)
                ),
                "choose a time before 02:00 or from 03:00 on that day".into(),
            );
            None
        }
        Err(LocalTimeError::NoSuchDay(day)) => {
            ctx.error(
                "invalid-date",
                text.position(),
                format!("`{day}` is not a day in the calendar"),
                "check the day of the month (February has 28 days, 29 in a leap year; April, June, September and November have 30)".into(),
            );
            None
        }
        Err(LocalTimeError::Unreadable) => {
            ctx.error(
                "invalid-format",
                text.position(),
                format!("`{}` is not a date and time", text.value),
                format!(
                    "write `{key}: YYYY-MM-DDTHH:MM` in local time, e.g. `{key}: 2026-12-08T09:30`"
                ),
            );
            None
        }
    }
}
