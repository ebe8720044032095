//! Opening hours as weekday and time ranges: the structured form editors write (`days: ma-vr`,
//! `time: "09:00-17:00"`), and the reading of `opening_hours` prose where every part of it is such a
//! range (`ma–vr 9.00–17.00; inloop do 13.00–15.00`). Prose with anything else in it (`op afspraak`,
//! `enkele avonden`, `di tot 20.00`) yields nothing: a partial schedule would claim closed days that are
//! not.

/// One row of opening hours: the same time range on each of `days` (1 = Monday … 7 = Sunday, ascending,
/// each once); `open` and `close` are minutes after midnight, `close` > `open` (24:00 is 1440).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct HoursRow {
    pub days: Vec<u8>,
    pub open: u16,
    pub close: u16,
}

/// The Dutch abbreviations of the weekdays, Monday first: what editors write and what the page's
/// translation keys (`day_ma` …) are named after.
pub const WEEKDAY_KEYS: [&str; 7] = ["ma", "di", "wo", "do", "vr", "za", "zo"];

const WEEKDAY_NAMES: [&str; 7] = [
    "maandag",
    "dinsdag",
    "woensdag",
    "donderdag",
    "vrijdag",
    "zaterdag",
    "zondag",
];

/// The abbreviation of day 1..=7.
pub fn day_name(day: u8) -> &'static str {
    WEEKDAY_KEYS[usize::from(day.clamp(1, 7) - 1)]
}

/// The RFC 5545 day codes (HSDS `byday`), Monday first.
const RFC5545_DAYS: [&str; 7] = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"];

impl HoursRow {
    /// The days as editors write them: runs of three or more days as a range (`ma-vr`), others listed
    /// (`di, do`).
    pub fn days_text(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut i = 0;
        while i < self.days.len() {
            let mut j = i;
            while j + 1 < self.days.len() && self.days[j + 1] == self.days[j] + 1 {
                j += 1;
            }
            if j >= i + 2 {
                parts.push(format!(
                    "{}-{}",
                    day_name(self.days[i]),
                    day_name(self.days[j])
                ));
            } else {
                parts.extend(self.days[i..=j].iter().map(|&d| day_name(d).to_string()));
            }
            i = j + 1;
        }
        parts.join(", ")
    }

    /// `09:00-17:00`.
    pub fn time_text(&self) -> String {
        format!("{}-{}", clock_text(self.open), clock_text(self.close))
    }

    /// HSDS `byday`: `MO,TU,WE`.
    pub fn byday(&self) -> String {
        self.days
            .iter()
            .map(|&d| RFC5545_DAYS[usize::from(d - 1)])
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The row of an HSDS schedule's `byday`, `opens_at` and `closes_at`; None when any is unreadable.
    pub fn from_hsds(byday: &str, opens_at: &str, closes_at: &str) -> Option<HoursRow> {
        let mut days = byday
            .split(',')
            .map(|code| {
                let code = code.trim().to_uppercase();
                // An RFC 5545 BYDAY may carry an ordinal (`1MO`); weekly hours have none.
                RFC5545_DAYS
                    .iter()
                    .position(|c| *c == code)
                    .map(|i| i as u8 + 1)
            })
            .collect::<Option<Vec<u8>>>()?;
        days.sort_unstable();
        days.dedup();
        let open = clock(opens_at.get(..5).unwrap_or(opens_at))?;
        let close = clock(closes_at.get(..5).unwrap_or(closes_at))?;
        (!days.is_empty() && close > open && open < 1440).then_some(HoursRow { days, open, close })
    }
}

/// `HH:MM` of minutes after midnight.
pub fn clock_text(minutes: u16) -> String {
    format!("{:02}:{:02}", minutes / 60, minutes % 60)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DaysError {
    /// A word that is no weekday.
    Unknown(String),
    /// A range whose last day comes before its first (`vr-ma`).
    Backwards(String),
    Empty,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimeError {
    Unreadable,
    /// The end is not after the start (`17:00-09:00`, `09:00-09:00`).
    EndNotAfterStart,
}

fn normalise(text: &str) -> String {
    text.trim()
        .to_lowercase()
        .replace(['–', '—', '‑'], "-")
        .replace(" t/m ", "-")
        .replace(" tot en met ", "-")
}

fn one_day(word: &str) -> Option<u8> {
    let word = word.trim().trim_end_matches('.');
    (1u8..=7).find(|&d| {
        let i = usize::from(d - 1);
        WEEKDAY_KEYS[i] == word || WEEKDAY_NAMES[i] == word
    })
}

/// Days as written: a day (`ma`, `maandag`), a range (`ma-vr`, `ma t/m vr`), a list of these (`ma, wo en
/// vr`), or `dagelijks` / `elke dag`, `werkdagen`, `weekend`. Ascending, each day once.
pub fn parse_days(text: &str) -> Result<Vec<u8>, DaysError> {
    let text = normalise(text);
    let mut days = Vec::new();
    for part in text.split(',').flat_map(|p| p.split(" en ")) {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        match part {
            "dagelijks" | "elke dag" | "alle dagen" => days.extend(1..=7),
            "werkdagen" | "doordeweeks" => days.extend(1..=5),
            "weekend" | "het weekend" => days.extend(6..=7),
            _ => match part.split_once('-') {
                Some((from, to)) => {
                    let first =
                        one_day(from).ok_or_else(|| DaysError::Unknown(from.trim().into()))?;
                    let last = one_day(to).ok_or_else(|| DaysError::Unknown(to.trim().into()))?;
                    if last < first {
                        return Err(DaysError::Backwards(part.into()));
                    }
                    days.extend(first..=last);
                }
                None => days.push(one_day(part).ok_or_else(|| DaysError::Unknown(part.into()))?),
            },
        }
    }
    if days.is_empty() {
        return Err(DaysError::Empty);
    }
    days.sort_unstable();
    days.dedup();
    Ok(days)
}

/// `9:00`, `09.30`, `24:00` as minutes after midnight.
fn clock(text: &str) -> Option<u16> {
    let (hours, minutes) = text.trim().split_once([':', '.'])?;
    let valid = |s: &str, max_len| {
        !s.is_empty() && s.len() <= max_len && s.bytes().all(|b| b.is_ascii_digit())
    };
    if !valid(hours, 2) || minutes.len() != 2 || !valid(minutes, 2) {
        return None;
    }
    let (h, m): (u16, u16) = (hours.parse().ok()?, minutes.parse().ok()?);
    match (h, m) {
        (24, 0) => Some(1440),
        (0..=23, 0..=59) => Some(h * 60 + m),
        _ => None,
    }
}

/// A time range as written: `09:00-17:00`, `9.00–17.00`, `9:00 - 17:00 uur`; minutes after midnight.
pub fn parse_time_span(text: &str) -> Result<(u16, u16), TimeError> {
    let text = normalise(text);
    let text = text.strip_suffix("uur").unwrap_or(&text).trim();
    let (from, to) = text.split_once('-').ok_or(TimeError::Unreadable)?;
    let open = clock(from).ok_or(TimeError::Unreadable)?;
    let close = clock(to).ok_or(TimeError::Unreadable)?;
    if open == 1440 {
        return Err(TimeError::Unreadable);
    }
    if close <= open {
        return Err(TimeError::EndNotAfterStart);
    }
    Ok((open, close))
}

/// Where a time range (`9.00–17.00`) stands in `text` at or after byte `from`: its byte span and value.
fn next_time_span(text: &str, from: usize) -> Option<(usize, usize, (u16, u16))> {
    let bytes = text.as_bytes();
    let mut start = from;
    while start < bytes.len() {
        let begins_number =
            bytes[start].is_ascii_digit() && (start == 0 || !bytes[start - 1].is_ascii_digit());
        if begins_number {
            // clock, optional spaces, dash, optional spaces, clock
            let clock_end = |at: usize| {
                let mut i = at;
                while i < bytes.len()
                    && (bytes[i].is_ascii_digit() || bytes[i] == b'.' || bytes[i] == b':')
                {
                    i += 1;
                }
                // A sentence's full stop after the clock is not part of it.
                while i > at && (bytes[i - 1] == b'.' || bytes[i - 1] == b':') {
                    i -= 1;
                }
                i
            };
            let first_end = clock_end(start);
            let mut i = first_end;
            while i < bytes.len() && bytes[i] == b' ' {
                i += 1;
            }
            if i < bytes.len() && bytes[i] == b'-' {
                i += 1;
                while i < bytes.len() && bytes[i] == b' ' {
                    i += 1;
                }
                let second_end = clock_end(i);
                if second_end > i {
                    if let Ok(span) = parse_time_span(&text[start..second_end]) {
                        return Some((start, second_end, span));
                    }
                }
            }
            start = first_end.max(start + 1);
        } else {
            start += 1;
        }
    }
    None
}

/// Words that make a label part of a schedule rather than a plain name ("niet op maandag", "alleen even
/// weken", "vanaf 19.00"): prose with them is not read.
const NOT_A_LABEL: &[&str] = &[
    "niet",
    "geen",
    "behalve",
    "gesloten",
    "alleen",
    "even",
    "oneven",
    "afspraak",
    "tot",
    "vanaf",
    "uur",
    "per",
    "week",
    "weken",
    "maand",
    "avonden",
    "soms",
    "beperkt",
    "vakantie",
    "schoolweken",
];

/// The days at the end of `prefix` ("intake en telefoon di en do" → di, do) when everything before
/// them is a plain label (`inloop`, `telefonisch spreekuur`).
fn days_after_label(prefix: &str) -> Option<Vec<u8>> {
    let words: Vec<&str> = prefix.split_whitespace().collect();
    for split in 0..words.len() {
        let label = &words[..split];
        let label_ok = label.iter().all(|w| {
            let w = w.trim_end_matches(':');
            w.chars()
                .all(|c| c.is_alphabetic() || c == '-' || c == '\'')
                && !NOT_A_LABEL.contains(&w)
        });
        if !label_ok {
            return None;
        }
        if let Ok(days) = parse_days(&words[split..].join(" ")) {
            return Some(days);
        }
    }
    None
}

/// The rows of `opening_hours` prose when every part of it is `[label] days time-range`, separated by
/// `;`, `,` or `en` (a range right after another, as in `ma–vr 9.00–12.00 en 13.00–17.00`, has the
/// previous days); empty when any part is something else.
pub fn parse_hours_prose(text: &str) -> Vec<HoursRow> {
    let text = normalise(text);
    let mut rows: Vec<HoursRow> = Vec::new();
    let mut at = 0;
    while let Some((start, end, (open, close))) = next_time_span(&text, at) {
        let prefix = text[at..start]
            .trim()
            .trim_start_matches([';', ',', ' '])
            .trim();
        let prefix = prefix.strip_prefix("en ").unwrap_or(prefix).trim();
        let days = if prefix.is_empty() || prefix == "en" {
            match rows.last() {
                Some(previous) => previous.days.clone(),
                None => return Vec::new(),
            }
        } else {
            match days_after_label(prefix) {
                Some(days) => days,
                None => return Vec::new(),
            }
        };
        rows.push(HoursRow { days, open, close });
        at = end;
    }
    let rest = text[at..].trim().trim_matches(['.', ';', ',']).trim();
    if !rest.is_empty() && rest != "uur" {
        return Vec::new();
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(days: &[u8], open: &str, close: &str) -> HoursRow {
        HoursRow {
            days: days.to_vec(),
            open: clock(open).unwrap(),
            close: clock(close).unwrap(),
        }
    }

    #[test]
    fn days_are_read_as_ranges_lists_and_names() {
        assert_eq!(parse_days("ma-vr"), Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(parse_days("ma–vr"), Ok(vec![1, 2, 3, 4, 5]));
        assert_eq!(parse_days("ma t/m do"), Ok(vec![1, 2, 3, 4]));
        assert_eq!(parse_days("ma, wo en vr"), Ok(vec![1, 3, 5]));
        assert_eq!(parse_days("Zaterdag"), Ok(vec![6]));
        assert_eq!(parse_days("za-zo, ma"), Ok(vec![1, 6, 7]));
        assert_eq!(parse_days("dagelijks"), Ok(vec![1, 2, 3, 4, 5, 6, 7]));
        assert_eq!(
            parse_days("vr-ma"),
            Err(DaysError::Backwards("vr-ma".into()))
        );
        assert_eq!(parse_days("ma-fr"), Err(DaysError::Unknown("fr".into())));
        assert_eq!(parse_days("mon"), Err(DaysError::Unknown("mon".into())));
        assert_eq!(parse_days(" , "), Err(DaysError::Empty));
    }

    #[test]
    fn rows_are_written_back_as_editors_write_them_and_as_hsds() {
        let row = HoursRow {
            days: vec![1, 2, 3, 4, 5],
            open: 540,
            close: 1020,
        };
        assert_eq!(
            (row.days_text(), row.time_text(), row.byday()),
            (
                "ma-vr".into(),
                "09:00-17:00".into(),
                "MO,TU,WE,TH,FR".into()
            )
        );
        let row = HoursRow {
            days: vec![2, 4, 6, 7],
            open: 810,
            close: 900,
        };
        assert_eq!(row.days_text(), "di, do, za, zo");
        assert_eq!(parse_days(&row.days_text()), Ok(row.days.clone()));
        assert_eq!(
            HoursRow::from_hsds("TU,TH,SA,SU", "13:30", "15:00"),
            Some(row)
        );
        assert_eq!(
            HoursRow::from_hsds("MO", "09:00:00", "17:00:00").map(|r| (r.open, r.close)),
            Some((540, 1020))
        );
        assert_eq!(HoursRow::from_hsds("1MO", "09:00", "17:00"), None);
        assert_eq!(HoursRow::from_hsds("MO", "17:00", "09:00"), None);
    }

    #[test]
    fn time_ranges_need_an_end_after_the_start() {
        assert_eq!(parse_time_span("09:00-17:00"), Ok((540, 1020)));
        assert_eq!(parse_time_span("9.00–17.00 uur"), Ok((540, 1020)));
        assert_eq!(parse_time_span("8:30 - 12:15"), Ok((510, 735)));
        assert_eq!(parse_time_span("00:00-24:00"), Ok((0, 1440)));
        assert_eq!(
            parse_time_span("17:00-09:00"),
            Err(TimeError::EndNotAfterStart)
        );
        assert_eq!(
            parse_time_span("09:00-09:00"),
            Err(TimeError::EndNotAfterStart)
        );
        assert_eq!(parse_time_span("9-17"), Err(TimeError::Unreadable));
        assert_eq!(parse_time_span("09:00-25:00"), Err(TimeError::Unreadable));
        assert_eq!(parse_time_span("09:60-10:00"), Err(TimeError::Unreadable));
        assert_eq!(parse_time_span("24:00-24:30"), Err(TimeError::Unreadable));
        assert_eq!(parse_time_span("'s ochtends"), Err(TimeError::Unreadable));
    }

    #[test]
    fn unambiguous_prose_of_the_example_content_is_read() {
        assert_eq!(
            parse_hours_prose("ma–vr 9.00–17.00; telefonisch spreekuur voor professionals ma, wo en vr 9.00–12.00; inloop do 13.00–15.00"),
            vec![
                row(&[1, 2, 3, 4, 5], "9:00", "17:00"),
                row(&[1, 3, 5], "9:00", "12:00"),
                row(&[4], "13:00", "15:00"),
            ]
        );
        assert_eq!(
            parse_hours_prose("uitgifte vr 13.00–16.00; intake en telefoon di en do 9.30–12.00"),
            vec![row(&[5], "13:00", "16:00"), row(&[2, 4], "9:30", "12:00")]
        );
        assert_eq!(
            parse_hours_prose("ma–do 9.00–16.30, vr 9.00–12.00"),
            vec![
                row(&[1, 2, 3, 4], "9:00", "16:30"),
                row(&[5], "9:00", "12:00")
            ]
        );
        assert_eq!(
            parse_hours_prose("ma–vr 9.00–12.00 en 13.00–17.00"),
            vec![
                row(&[1, 2, 3, 4, 5], "9:00", "12:00"),
                row(&[1, 2, 3, 4, 5], "13:00", "17:00")
            ]
        );
        assert_eq!(
            parse_hours_prose("inloop: do 13.00–15.00 uur"),
            vec![row(&[4], "13:00", "15:00")]
        );
    }

    #[test]
    fn prose_with_anything_but_ranges_yields_nothing() {
        for prose in [
            "ma–vr 8.30–17.00, di tot 20.00",
            "ma–vr 9.00–16.00, telefonisch bereikbaar 9.00–12.00",
            "di en za 10.00–13.00, op afspraak",
            "ma–do 9.00–16.30, vr 9.00–12.00; alleen op afspraak",
            "wijkcentra ma–vr 9.00–17.00 en enkele avonden; kantoor ma–vr 9.00–17.00",
            "24 uur per dag, 7 dagen per week bereikbaar via 0800-2000",
            "centrale toegang ma–vr 9.00–17.00; nachtopvang elke dag vanaf 19.00; telefonisch 24/7",
            "ma–vr 8.00–16.30 tijdens schoolweken",
            "praktijken ma–vr 8.00–17.00; huisartsenpost ma–vr 17.00–8.00 en het hele weekend",
            "inloop ma 9.30–11.30 (Wijkcentrum Oosterpark), wo 13.30–15.30 (De Weide)",
            "op afspraak",
            "",
        ] {
            assert_eq!(parse_hours_prose(prose), Vec::new(), "{prose}");
        }
    }
}
