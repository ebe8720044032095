//! The structured service facts of an import: weekly schedules as opening hours, languages by ISO 639 code,
//! and the `hours:` rows written back into a partner file.

use super::super::mapping;
use super::super::yaml_out::quoted;
use super::mapper::Mapper;
use super::record::Record;
use crate::content::attributes;
use crate::content::HoursRow;

impl Mapper<'_> {
    /// A record's schedules: descriptions as opening-hours prose into `into`, weekly `byday` /
    /// `opens_at` / `closes_at` rules as structured rows into `rows`.
    pub(super) fn schedules(
        &mut self,
        r: &mut Record,
        into: &mut Vec<String>,
        rows: &mut Vec<HoursRow>,
    ) {
        for mut schedule in r.list("schedules", "schedule") {
            let description = schedule.text("description");
            let byday = schedule.text("byday");
            let opens_at = schedule.text("opens_at");
            let closes_at = schedule.text("closes_at");
            let freq = schedule.text("freq");
            schedule.text("wkst");
            let label = schedule.label();
            for key in ["id", "service_id", "location_id"] {
                schedule.text(key);
            }
            schedule.finish(self.report);
            if let Some(d) = description {
                let text = mapping::opening_hours_from(&d);
                if !into.contains(&text) {
                    into.push(text);
                }
            }
            let parts = [&byday, &opens_at, &closes_at];
            if parts.iter().all(|p| p.is_none()) {
                continue;
            }
            let weekly = freq
                .as_deref()
                .is_none_or(|f| f.eq_ignore_ascii_case("WEEKLY"));
            let row = match (weekly, &byday, &opens_at, &closes_at) {
                (true, Some(b), Some(o), Some(c)) => HoursRow::from_hsds(b, o, c),
                _ => None,
            };
            match row {
                Some(row) if !rows.contains(&row) => rows.push(row),
                Some(_) => {}
                None => {
                    // Not a weekly range Kaartenbak can keep as structured hours: kept as words.
                    let text: Vec<String> = [freq, byday, opens_at, closes_at]
                        .into_iter()
                        .flatten()
                        .collect();
                    let text = text.join(" ");
                    self.warn(label, format!("schedule {} is no weekly day and time range; kept as opening_hours text", quoted(&text)));
                    if !into.contains(&text) {
                        into.push(text);
                    }
                }
            }
        }
    }

    /// A service's `languages` as the Dutch names editors write, each from its ISO 639 `code` or else its
    /// name; a language the table does not know is a warning.
    pub(super) fn service_languages(&mut self, s: &mut Record) -> Vec<String> {
        let mut languages: Vec<String> = Vec::new();
        for mut l in s.list("languages", "language") {
            let name = l.text("name");
            let code = l.text("code");
            for key in ["id", "service_id"] {
                l.text(key);
            }
            let record = l.label();
            l.finish(self.report);
            // The code decides; a record without one is known by its name.
            let language = code
                .as_deref()
                .and_then(attributes::languages::lookup)
                .or_else(|| name.as_deref().and_then(attributes::languages::lookup));
            match language {
                Some(language) => {
                    if !languages.iter().any(|l| l == language.dutch) {
                        languages.push(language.dutch.to_string());
                    }
                }
                None => self.warn(
                    record,
                    format!(
                        "language {} is not an ISO 639 language Kaartenbak knows; not carried",
                        quoted(name.as_deref().or(code.as_deref()).unwrap_or(""))
                    ),
                ),
            }
        }
        languages
    }
}

/// `hours:` rows as editors write them, indented by `indent`.
pub(super) fn write_hours(out: &mut String, rows: &[HoursRow], indent: usize) {
    if rows.is_empty() {
        return;
    }
    let pad = " ".repeat(indent);
    out.push_str(&format!("{pad}hours:\n"));
    for row in rows {
        out.push_str(&format!(
            "{pad}  - days: {}\n{pad}    time: \"{}\"\n",
            quoted(&row.days_text()),
            row.time_text()
        ));
    }
}
