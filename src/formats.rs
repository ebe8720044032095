//! Formats of field values that editors type by hand: dates, e-mail addresses, phone numbers, URLs, ids.
//! Each check returns a message and a hint so the diagnostic tells how to fix the value.

use chrono::NaiveDate;

#[derive(Debug)]
pub struct FormatError {
    pub message: String,
    pub hint: String,
}

fn fail(message: String, hint: &str) -> FormatError {
    FormatError {
        message,
        hint: hint.to_string(),
    }
}

pub fn parse_date(text: &str) -> Result<NaiveDate, FormatError> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|_| {
        if is_day_past_month_end(text.trim()) {
            // Written as it should be: the hint about the form would only confuse.
            return fail(
                format!("`{text}` is not a day in the calendar"),
                "check the day of the month (February has 28 days, 29 in a leap year; April, June, September and November have 30)",
            );
        }
        fail(
            format!("`{text}` is not a valid date"),
            "write dates as YYYY-MM-DD, e.g. `2026-03-14`",
        )
    })
}

/// `2026-02-30`, `2026-04-31`: the form YYYY-MM-DD with a real month, but a day that month does not have.
fn is_day_past_month_end(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<i32>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return false;
    };
    (1..=12).contains(&month)
        && (29..=31).contains(&day)
        && NaiveDate::from_ymd_opt(year, month, 1).is_some()
        && NaiveDate::from_ymd_opt(year, month, day).is_none()
}

pub fn check_email(text: &str) -> Result<(), FormatError> {
    let hint = "write a single address like `info@voorbeeld.nl`";
    let bad = || fail(format!("`{text}` is not a valid e-mail address"), hint);
    let (local, domain) = text.split_once('@').ok_or_else(bad)?;
    let local_ok = !local.is_empty()
        && local
            .chars()
            .all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains("..")
        && domain
            .chars()
            .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
    if local_ok && domain_ok {
        Ok(())
    } else {
        Err(bad())
    }
}

pub fn check_url(text: &str) -> Result<(), FormatError> {
    let hint =
        "write an absolute address starting with `https://`, e.g. `https://www.voorbeeld.nl/`";
    match url::Url::parse(text) {
        Ok(url) if (url.scheme() == "https" || url.scheme() == "http") && url.host().is_some() => {
            Ok(())
        }
        Ok(_) => Err(fail(format!("`{text}` is not a web address"), hint)),
        Err(_) => Err(fail(format!("`{text}` is not a valid URL"), hint)),
    }
}

pub fn check_phone(text: &str) -> Result<(), FormatError> {
    let hint =
        "write the number as people dial it: digits, spaces, `-`, `(`, `)` and a leading `+`, \
                e.g. `040-123 45 67`, `0800-8115` or `+31 40 123 4567`";
    let body = text.trim().strip_prefix('+').unwrap_or(text.trim());
    let allowed = body
        .chars()
        .all(|c| c.is_ascii_digit() || c == ' ' || c == '-' || c == '(' || c == ')');
    let digits = body.chars().filter(char::is_ascii_digit).count();
    if !allowed {
        Err(fail(format!("`{text}` is not a phone number"), hint))
    } else if !(3..=15).contains(&digits) {
        Err(fail(
            format!("`{text}` has {digits} digits; a phone number has 3 to 15"),
            hint,
        ))
    } else {
        Ok(())
    }
}

/// A signup address for a training session: a URL or an e-mail address.
pub fn check_signup(text: &str) -> Result<(), FormatError> {
    if text.contains('@') && !text.contains("://") {
        check_email(text.strip_prefix("mailto:").unwrap_or(text))
    } else {
        check_url(text).map_err(|_| {
            fail(
                format!("`{text}` is neither a URL nor an e-mail address"),
                "write a signup link like `https://opleidingen.voorbeeld.nl/aanmelden` or an address like `opleidingen@voorbeeld.nl`",
            )
        })
    }
}

/// Ids are file names and URL segments: lowercase letters, digits and single hyphens.
pub fn check_id(text: &str) -> Result<(), FormatError> {
    let ok = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
        && !text.starts_with('-')
        && !text.ends_with('-');
    if ok {
        Ok(())
    } else {
        Err(fail(
            format!("`{text}` is not a valid id"),
            "ids use lowercase letters, digits and hyphens, e.g. `schuldhulp-lindewaard`",
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_day_the_month_does_not_have_is_named_as_such() {
        for text in ["2026-02-30", "2026-04-31", "2027-02-29"] {
            let error = parse_date(text).unwrap_err();
            assert_eq!(
                error.message,
                format!("`{text}` is not a day in the calendar")
            );
            assert!(
                error.hint.starts_with("check the day of the month"),
                "{}",
                error.hint
            );
        }
        assert_eq!(parse_date("2028-02-29").unwrap().to_string(), "2028-02-29");
        for text in ["2026-13-01", "14-03-2026", "2026-02-32"] {
            let error = parse_date(text).unwrap_err();
            assert!(
                error.hint.starts_with("write dates as YYYY-MM-DD"),
                "{text}: {}",
                error.hint
            );
        }
    }

    #[test]
    fn dutch_phone_numbers_as_written_are_accepted() {
        for ok in [
            "040-2345678",
            "0800-8115",
            "14 0493",
            "(040) 123 45 67",
            "+31 40 123 4567",
            "112",
        ] {
            assert!(check_phone(ok).is_ok(), "{ok}");
        }
        for bad in ["bel ons", "12", "040-ABC", "++31 6 1234"] {
            assert!(check_phone(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn emails_and_urls() {
        assert!(check_email("info@schuldhulp-lindewaard.example").is_ok());
        assert!(check_email("info@@x.nl").is_err());
        assert!(check_email("info.x.nl").is_err());
        assert!(check_url("https://wetten.overheid.nl/BWBR0035362/").is_ok());
        assert!(check_url("www.voorbeeld.nl").is_err());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_signup("opleidingen@lindewaard.example").is_ok());
        assert!(check_signup("https://x.example/aanmelden").is_ok());
        assert!(check_signup("bel de receptie").is_err());
    }

    #[test]
    fn dates_and_ids() {
        assert!(parse_date("2026-02-29").is_err());
        assert_eq!(parse_date("2026-03-14").unwrap().to_string(), "2026-03-14");
        assert!(check_id("jeugd-en-gezin").is_ok());
        assert!(check_id("Jeugd_en_gezin").is_err());
    }
}
