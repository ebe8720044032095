//! Reads the structured service attributes (`cost`, `referral_required`, `home_visits`, `hours`,
//! `languages`) with a diagnostic at the exact value for every problem; the parsing itself lives in
//! `content::attributes`.

use crate::content::attributes::{
    languages, parse_days, parse_time_span, Cost, DaysError, HoursRow, TimeError,
};
use crate::diagnostics::suggestion_hint;
use crate::yaml::{FieldReader, ReadContext};

const COST_VALUES: &str = "gratis, eigen-bijdrage, betaald";

pub fn read_cost(ctx: &mut ReadContext, r: &mut FieldReader) -> Option<Cost> {
    let text = r.text(ctx, "cost")?;
    let cost = Cost::from_keyword(&text.value);
    if cost.is_none() {
        let hint = suggestion_hint(
            &text.value.trim().to_lowercase(),
            COST_VALUES.split(", "),
            "values",
        );
        ctx.error(
            "invalid-value",
            text.position(),
            format!("`{}` is not a valid cost", text.value.trim()),
            match hint.starts_with("did you mean") {
                true => format!(
                    "{hint} cost is one of: {COST_VALUES}; amounts and details go in `fees`"
                ),
                false => format!("cost is one of: {COST_VALUES}; amounts and details go in `fees`"),
            },
        );
    }
    cost
}

/// The `languages` list as ISO 639 codes, each written as a code or a Dutch or English name.
pub fn read_languages(ctx: &mut ReadContext, r: &mut FieldReader) -> Vec<String> {
    let mut codes: Vec<String> = Vec::new();
    for written in r.text_list(ctx, "languages") {
        match languages::lookup(&written.value) {
            Some(language) => {
                if !codes.iter().any(|c| c == language.code) {
                    codes.push(language.code.to_string());
                }
            }
            None => {
                let hint =
                    suggestion_hint(written.value.trim(), languages::dutch_names(), "languages");
                let hint = if hint.starts_with("did you mean") {
                    hint
                } else {
                    "write the Dutch name (`Pools`, `Turks`) or the ISO 639 code (`pl`, `tr`); see docs/languages.md".into()
                };
                ctx.error(
                    "unknown-language",
                    written.position(),
                    format!("unknown language `{}`", written.value.trim()),
                    hint,
                );
            }
        }
    }
    codes
}

/// The `hours` rows (`- days: ma-vr` / `time: "09:00-17:00"`); a row with a problem is reported and left out.
pub fn read_hours(ctx: &mut ReadContext, r: &mut FieldReader) -> Vec<HoursRow> {
    r.mapping_list(ctx, "hours", "opening hours row")
        .into_iter()
        .filter_map(|mut row| {
            let days_written = row.text_list(ctx, "days");
            if days_written.is_empty() && !row.has("days") {
                row.report_missing(ctx, "days", "add `days: ma-vr` (or `ma, wo`, `za`)".into());
            }
            let time = row.required_text(ctx, "time");
            row.finish(ctx);
            let days = if days_written.is_empty() {
                None
            } else {
                let joined = days_written
                    .iter()
                    .map(|d| d.value.as_str())
                    .collect::<Vec<_>>()
                    .join(", ");
                match parse_days(&joined) {
                    Ok(days) => Some(days),
                    Err(error) => {
                        let (message, hint) = match error {
                            DaysError::Unknown(word) => (
                                format!("`{word}` is not a day"),
                                "write days as ma, di, wo, do, vr, za, zo (or in full: maandag …), a range as `ma-vr`, a list as `ma, wo`".to_string(),
                            ),
                            DaysError::Backwards(range) => (
                                format!("the day range `{range}` runs backwards"),
                                "a range runs forward within one week, Monday to Sunday: write `vr-zo` or `vr, za, zo, ma`".to_string(),
                            ),
                            DaysError::Empty => (
                                "`days` names no day".to_string(),
                                "write days as `ma-vr`, `ma, wo` or `za`".to_string(),
                            ),
                        };
                        ctx.error("invalid-days", days_written[0].position(), message, hint);
                        None
                    }
                }
            };
            let span = time.and_then(|time| match parse_time_span(&time.value) {
                Ok(span) => Some(span),
                Err(TimeError::Unreadable) => {
                    ctx.error(
                        "invalid-time",
                        time.position(),
                        format!("`{}` is not a time range", time.value.trim()),
                        "write the opening and closing time as `\"09:00-17:00\"` (24-hour clock, quoted)".into(),
                    );
                    None
                }
                Err(TimeError::EndNotAfterStart) => {
                    ctx.error(
                        "hours-end-before-start",
                        time.position(),
                        format!("the time range `{}` does not end after it starts", time.value.trim()),
                        "write the opening time first: `\"09:00-17:00\"`; for hours past midnight write two rows, up to `24:00` and from `00:00` the next day".into(),
                    );
                    None
                }
            });
            let (open, close) = span?;
            Some(HoursRow { days: days?, open, close })
        })
        .collect()
}
