//! Sessions of a training module as data: when (local time in Europe/Amsterdam), where, in which format,
//! with which status, and their stable id and calendar sequence. Also the rules on them that need no file:
//! past/today/upcoming relative to the build date, the next session, legacy `time: "09:30-13:00"` texts,
//! the conversion of local times to instants, and which sessions overlap.

use super::Module;
use crate::yaml::At;
use chrono::{DateTime, NaiveDate, NaiveDateTime, NaiveTime, TimeZone};
use chrono_tz::Tz;

/// Every session time is local time in this zone: the site serves one Dutch municipality.
pub const TIME_ZONE: Tz = chrono_tz::Europe::Amsterdam;
/// The zone's IANA name, as calendars and `TZID` name it.
pub const TIME_ZONE_ID: &str = "Europe/Amsterdam";

/// How a session is given (`format:` of a session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SessionFormat {
    Klassikaal,
    Online,
    Hybride,
    /// Self-paced: may have no date at all, and then never appears in a calendar.
    ELearning,
}

impl SessionFormat {
    pub const NAMES: &'static [&'static str] = &["klassikaal", "online", "hybride", "e-learning"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "klassikaal" => Some(SessionFormat::Klassikaal),
            "online" => Some(SessionFormat::Online),
            "hybride" => Some(SessionFormat::Hybride),
            "e-learning" => Some(SessionFormat::ELearning),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SessionFormat::Klassikaal => "klassikaal",
            SessionFormat::Online => "online",
            SessionFormat::Hybride => "hybride",
            SessionFormat::ELearning => "e-learning",
        }
    }

    /// A session without `format:` takes its module's `format` when that names one of the four (`blended`
    /// and other free texts fall back to klassikaal).
    pub fn default_for(module_format: Option<&str>) -> Self {
        module_format
            .map(|f| f.trim().to_lowercase())
            .and_then(|f| SessionFormat::from_name(&f))
            .unwrap_or(SessionFormat::Klassikaal)
    }

    /// schema.org `courseMode`.
    pub fn course_mode(self) -> &'static str {
        match self {
            SessionFormat::Klassikaal => "onsite",
            SessionFormat::Online | SessionFormat::ELearning => "online",
            SessionFormat::Hybride => "blended",
        }
    }
}

/// Whether one can still sign up (`status:` of a session).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum SessionStatus {
    #[default]
    Open,
    /// Full: no signups.
    Vol,
    /// Full, but signups go on a waiting list.
    Wachtlijst,
    /// Cancelled: still listed (struck out) and still in calendars, as CANCELLED, so subscribers'
    /// calendars remove it.
    Geannuleerd,
}

impl SessionStatus {
    pub const NAMES: &'static [&'static str] = &["open", "vol", "wachtlijst", "geannuleerd"];

    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "open" => Some(SessionStatus::Open),
            "vol" => Some(SessionStatus::Vol),
            "wachtlijst" => Some(SessionStatus::Wachtlijst),
            "geannuleerd" => Some(SessionStatus::Geannuleerd),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            SessionStatus::Open => "open",
            SessionStatus::Vol => "vol",
            SessionStatus::Wachtlijst => "wachtlijst",
            SessionStatus::Geannuleerd => "geannuleerd",
        }
    }

    pub fn is_cancelled(self) -> bool {
        self == SessionStatus::Geannuleerd
    }
}

/// When a session takes place, in local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SessionTime {
    /// Start and end known (from `start`/`end`, or a legacy `date` with a readable `time`).
    Timed {
        start: NaiveDateTime,
        end: NaiveDateTime,
    },
    /// Only the day is known (a legacy `date` whose `time` is missing or free text).
    Day(NaiveDate),
    /// Self-paced e-learning: no date.
    Undated,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Session {
    /// Stable id within the module, part of the calendar UID. Defaults to the start date (`2026-12-08`),
    /// or `doorlopend` for an undated e-learning; see docs/content-model.md.
    pub id: String,
    pub when: SessionTime,
    /// The legacy `time` text as written, shown when it could not be read as `HH:MM-HH:MM`.
    pub time_text: Option<String>,
    pub format: SessionFormat,
    pub status: SessionStatus,
    pub location: Option<String>,
    /// Link to the online meeting or the e-learning.
    pub online: Option<String>,
    pub seats: Option<u32>,
    /// A URL or an e-mail address.
    pub signup: Option<String>,
    pub trainer: Option<String>,
    /// The editor's `sequence:` (0 when absent); see `calendar_sequence`.
    pub sequence: u32,
    /// Where the session's mapping starts, for diagnostics of cross-session checks.
    pub at: At,
}

/// Where a session stands relative to the build date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Timing {
    Past,
    Today,
    Upcoming,
}

impl Session {
    /// The first day of the session, if it has one.
    pub fn date(&self) -> Option<NaiveDate> {
        match self.when {
            SessionTime::Timed { start, .. } => Some(start.date()),
            SessionTime::Day(day) => Some(day),
            SessionTime::Undated => None,
        }
    }

    /// The last day of the session, if it has one.
    pub fn last_date(&self) -> Option<NaiveDate> {
        match self.when {
            SessionTime::Timed { end, .. } => Some(end.date()),
            SessionTime::Day(day) => Some(day),
            SessionTime::Undated => None,
        }
    }

    /// The time of day as shown: `09:30–13:00`, or the legacy `time` text when it was free text.
    pub fn time_label(&self) -> Option<String> {
        match self.when {
            SessionTime::Timed { start, end } if start.date() == end.date() => {
                Some(format!("{}–{}", start.format("%H:%M"), end.format("%H:%M")))
            }
            SessionTime::Timed { start, end } => Some(format!(
                "{} – {}",
                start.format("%H:%M"),
                end.format("%d-%m %H:%M")
            )),
            _ => self.time_text.clone(),
        }
    }

    /// Past, today or upcoming relative to `today` (the build date); an undated e-learning is always
    /// available, so upcoming.
    pub fn timing(&self, today: NaiveDate) -> Timing {
        match (self.date(), self.last_date()) {
            (Some(_), Some(last)) if last < today => Timing::Past,
            (Some(first), Some(_)) if first <= today => Timing::Today,
            _ => Timing::Upcoming,
        }
    }

    /// Not past, not cancelled: what counts as "upcoming" on the dashboard, the listing and the feeds.
    pub fn is_upcoming(&self, today: NaiveDate) -> bool {
        self.timing(today) != Timing::Past && !self.status.is_cancelled()
    }

    /// The calendar `SEQUENCE`: the editor's `sequence` (default 0), plus one while the session is
    /// cancelled. Cancelling therefore raises it by one without the editor touching `sequence`, so
    /// calendar clients accept the cancellation as newer than the event they hold. An editor who moves a
    /// session in time raises `sequence` by one; one who reopens a cancelled session raises it by two.
    pub fn calendar_sequence(&self) -> u32 {
        self.sequence
            .saturating_add(u32::from(self.status.is_cancelled()))
    }

    /// Start and end as instants, for calendars and JSON-LD; only for timed sessions.
    pub fn instants(&self) -> Option<(DateTime<Tz>, DateTime<Tz>)> {
        match self.when {
            SessionTime::Timed { start, end } => Some((local_instant(start)?, local_instant(end)?)),
            _ => None,
        }
    }
}

/// Sessions of a module in the order a reader wants them.
impl Module {
    /// The first session that is not past and not cancelled, by start (undated e-learning last), relative
    /// to the build date `today`. For listings' "next session" column.
    pub fn next_session(&self, today: NaiveDate) -> Option<&Session> {
        self.sessions
            .iter()
            .filter(|s| s.is_upcoming(today))
            .min_by_key(|s| sort_key(s))
    }

    /// Sessions not yet past (cancelled ones included, they are shown struck out), soonest first.
    pub fn upcoming_sessions(&self, today: NaiveDate) -> Vec<&Session> {
        let mut upcoming: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| s.timing(today) != Timing::Past)
            .collect();
        upcoming.sort_by_key(|s| sort_key(s));
        upcoming
    }

    /// Past sessions, most recent first.
    pub fn past_sessions(&self, today: NaiveDate) -> Vec<&Session> {
        let mut past: Vec<&Session> = self
            .sessions
            .iter()
            .filter(|s| s.timing(today) == Timing::Past)
            .collect();
        past.sort_by_key(|s| std::cmp::Reverse(sort_key(s)));
        past
    }
}

/// Start of a session for sorting; undated ones after every dated one.
fn sort_key(session: &Session) -> (bool, NaiveDateTime) {
    match session.when {
        SessionTime::Timed { start, .. } => (false, start),
        SessionTime::Day(day) => (false, day.and_time(NaiveTime::MIN)),
        SessionTime::Undated => (true, NaiveDateTime::MIN),
    }
}

/// A local Amsterdam time as an instant. A time in the spring-forward gap (02:00–03:00 on the last Sunday
/// of March) does not exist: None. A time in the autumn hour that occurs twice is taken the first time.
pub fn local_instant(local: NaiveDateTime) -> Option<DateTime<Tz>> {
    TIME_ZONE.from_local_datetime(&local).earliest()
}

/// Reads a local date and time as editors write it: `2026-12-08T09:30`, also with seconds or a space.
pub fn parse_local(text: &str) -> Result<NaiveDateTime, LocalTimeError> {
    let text = text.trim();
    for format in ["%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"] {
        if let Ok(time) = NaiveDateTime::parse_from_str(text, format) {
            return Ok(time);
        }
    }
    // Tell a day that does not exist (2027-02-30) from a badly written value.
    let (day, _) = text.split_once(['T', ' ']).unwrap_or((text, ""));
    let parts: Vec<Option<u32>> = day.split('-').map(|p| p.parse().ok()).collect();
    if let [Some(year), Some(month), Some(d)] = parts[..] {
        if (1..=12).contains(&month) && (1..=31).contains(&d) {
            if let Ok(year) = i32::try_from(year) {
                if NaiveDate::from_ymd_opt(year, month, d).is_none() {
                    return Err(LocalTimeError::NoSuchDay(day.to_string()));
                }
            }
        }
    }
    Err(LocalTimeError::Unreadable)
}

/// Reads the time of day `HH:MM` (or `HH.MM`).
pub fn parse_clock(text: &str) -> Option<NaiveTime> {
    let text = text.trim().replace('.', ":");
    NaiveTime::parse_from_str(&text, "%H:%M").ok()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LocalTimeError {
    NoSuchDay(String),
    Unreadable,
}

/// A legacy `time` as start and end times, in the forms Dutch course listings use: `09:30-13:00`,
/// `9.30 - 12.30 uur`, `9.30 tot 12.30`, `9:30–12:30`, `van 9.30 tot 12.30 uur`, `9 - 12 uur`; None for
/// anything else (which `check` reports).
pub fn parse_time_range(text: &str) -> Option<(NaiveTime, NaiveTime)> {
    let text = text.trim().to_lowercase();
    let text = text.strip_prefix("van ").unwrap_or(&text);
    let text = text.strip_suffix("uur").unwrap_or(text).trim_end();
    let (from, to) = text
        .split_once(" tot ")
        .or_else(|| text.split_once(['-', '–', '—']))?;
    Some((clock_or_hour(from)?, clock_or_hour(to)?))
}

/// `9.30`, `09:30` or a whole hour `9`.
fn clock_or_hour(text: &str) -> Option<NaiveTime> {
    let text = text.trim();
    parse_clock(text).or_else(|| {
        let hour: u32 = text.parse().ok().filter(|_| text.len() <= 2)?;
        NaiveTime::from_hms_opt(hour, 0, 0)
    })
}

/// Pairs `(earlier, later)` of indexes into `sessions` whose times overlap; cancelled sessions are left
/// out (a cancelled session may keep its slot while a replacement takes it).
pub fn overlapping(sessions: &[Session]) -> Vec<(usize, usize)> {
    let spans: Vec<(usize, NaiveDateTime, NaiveDateTime)> = sessions
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.status.is_cancelled())
        .filter_map(|(i, s)| match s.when {
            SessionTime::Timed { start, end } => Some((i, start, end)),
            SessionTime::Day(day) => Some((
                i,
                day.and_time(NaiveTime::MIN),
                day.and_time(NaiveTime::MIN) + chrono::Duration::days(1),
            )),
            SessionTime::Undated => None,
        })
        .collect();
    let mut pairs = Vec::new();
    for (a, &(i, start_i, end_i)) in spans.iter().enumerate() {
        for &(j, start_j, end_j) in &spans[a + 1..] {
            if start_i < end_j && start_j < end_i {
                pairs.push((i.min(j), i.max(j)));
            }
        }
    }
    pairs
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::Position;

    #[test]
    fn common_dutch_ways_of_writing_a_time_range_are_read() {
        let morning = Some((
            NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
            NaiveTime::from_hms_opt(12, 30, 0).unwrap(),
        ));
        for text in [
            "09:30-12:30",
            "9.30 - 12.30",
            "9.30 - 12.30 uur",
            "9.30 tot 12.30",
            "9:30–12:30",
            "van 9.30 tot 12.30 uur",
            "Van 9.30 tot 12.30 uur",
        ] {
            assert_eq!(parse_time_range(text), morning, "{text}");
        }
        assert_eq!(
            parse_time_range("9 - 12 uur").map(|(from, _)| from),
            NaiveTime::from_hms_opt(9, 0, 0)
        );
        for text in ["ochtend", "9.30", "hele dag", "930 - 1230"] {
            assert_eq!(parse_time_range(text), None, "{text}");
        }
    }

    fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    fn session(id: &str, start: NaiveDateTime, hours: i64) -> Session {
        Session {
            id: id.into(),
            when: SessionTime::Timed {
                start,
                end: start + chrono::Duration::hours(hours),
            },
            time_text: None,
            format: SessionFormat::Klassikaal,
            status: SessionStatus::Open,
            location: None,
            online: None,
            seats: None,
            signup: None,
            trainer: None,
            sequence: 0,
            at: At::Known(Position::START),
        }
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn timing_is_relative_to_the_build_date() {
        let s = session("a", at(2026, 12, 8, 9, 30), 3);
        assert_eq!(s.timing(day(2026, 12, 9)), Timing::Past);
        assert_eq!(s.timing(day(2026, 12, 8)), Timing::Today);
        assert_eq!(s.timing(day(2026, 12, 7)), Timing::Upcoming);
        let overnight = session("b", at(2027, 10, 31, 20, 0), 14);
        assert_eq!(overnight.timing(day(2027, 11, 1)), Timing::Today);
    }

    #[test]
    fn the_next_session_skips_past_and_cancelled_ones() {
        let mut cancelled = session("c", at(2026, 12, 10, 9, 0), 2);
        cancelled.status = SessionStatus::Geannuleerd;
        let module = Module {
            sessions: vec![
                session("late", at(2027, 1, 20, 9, 0), 2),
                session("past", at(2026, 11, 1, 9, 0), 2),
                cancelled,
                session("soon", at(2026, 12, 15, 9, 0), 2),
            ],
            ..Module::default()
        };
        let today = day(2026, 12, 1);
        assert_eq!(
            module.next_session(today).map(|s| s.id.as_str()),
            Some("soon")
        );
        let upcoming: Vec<_> = module
            .upcoming_sessions(today)
            .iter()
            .map(|s| s.id.as_str())
            .collect();
        assert_eq!(upcoming, ["c", "soon", "late"]);
        assert_eq!(module.next_session(day(2027, 2, 1)), None);
    }

    #[test]
    fn a_cancelled_session_has_a_higher_sequence() {
        let mut s = session("a", at(2026, 12, 8, 9, 30), 3);
        s.sequence = 2;
        let open = s.calendar_sequence();
        s.status = SessionStatus::Geannuleerd;
        assert_eq!(s.calendar_sequence(), open + 1);
    }

    #[test]
    fn local_times_convert_with_daylight_saving() {
        let summer = local_instant(at(2027, 10, 30, 9, 30)).unwrap();
        let winter = local_instant(at(2027, 11, 1, 9, 30)).unwrap();
        assert_eq!(summer.naive_utc(), at(2027, 10, 30, 7, 30));
        assert_eq!(winter.naive_utc(), at(2027, 11, 1, 8, 30));
        assert_eq!(local_instant(at(2027, 3, 28, 2, 30)), None, "in the gap");
    }

    #[test]
    fn local_times_and_legacy_ranges_are_read() {
        assert_eq!(parse_local("2026-12-08T09:30"), Ok(at(2026, 12, 8, 9, 30)));
        assert_eq!(
            parse_local("2027-02-30T09:30"),
            Err(LocalTimeError::NoSuchDay("2027-02-30".into()))
        );
        assert_eq!(
            parse_local("volgende week"),
            Err(LocalTimeError::Unreadable)
        );
        let (from, to) = parse_time_range("09.30 – 13.00").unwrap();
        assert_eq!(
            (from.to_string(), to.to_string()),
            ("09:30:00".into(), "13:00:00".into())
        );
        assert_eq!(parse_time_range("hele dag"), None);
    }

    #[test]
    fn overlaps_leave_cancelled_sessions_out() {
        let mut sessions = vec![
            session("a", at(2026, 12, 8, 9, 0), 3),
            session("b", at(2026, 12, 8, 11, 0), 3),
            session("c", at(2026, 12, 8, 12, 0), 1),
            session("d", at(2026, 12, 8, 14, 0), 1),
        ];
        assert_eq!(overlapping(&sessions), [(0, 1), (1, 2)]);
        sessions[1].status = SessionStatus::Geannuleerd;
        assert_eq!(overlapping(&sessions), []);
    }
}
