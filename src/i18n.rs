//! Interface texts from the theme's translation files (`i18n/nl.toml`, `i18n/en.toml`) and date formatting
//! in the site's language. A key missing from a language falls back to Dutch, then to the key itself.

use crate::config::Language;
use crate::diagnostics::{Diagnostic, Position};
use crate::theme::Theme;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, serde::Serialize)]
#[serde(transparent)]
pub struct Translations {
    texts: BTreeMap<String, String>,
}

impl Translations {
    pub fn load(theme: &Theme, language: Language) -> Result<Translations, Diagnostic> {
        let mut texts = BTreeMap::new();
        for code in ["nl", language.code()] {
            let Some((origin, text)) = theme.translations.get(code) else {
                continue;
            };
            let table: BTreeMap<String, String> = toml::from_str(text).map_err(|error| {
                let at = error
                    .span()
                    .map_or(Position::START, |s| Position::at_offset(text, s.start));
                Diagnostic::error(
                    "translations",
                    origin,
                    at,
                    format!("invalid translation file: {}", error.message()),
                )
                .with_hint("write one `key = \"text\"` per line")
            })?;
            texts.extend(table);
        }
        Ok(Translations { texts })
    }

    /// The texts whose keys start with one of `prefixes`, for scripts of the page.
    pub fn with_prefixes(&self, prefixes: &[&str]) -> BTreeMap<&str, &str> {
        self.texts
            .iter()
            .filter(|(key, _)| prefixes.iter().any(|p| key.starts_with(p)))
            .map(|(key, text)| (key.as_str(), text.as_str()))
            .collect()
    }

    pub fn get<'a>(&'a self, key: &'a str) -> &'a str {
        self.texts.get(key).map_or(key, String::as_str)
    }

    /// The text of `key`, when the translation files have it.
    pub fn lookup(&self, key: &str) -> Option<&str> {
        self.texts.get(key).map(String::as_str)
    }

    #[cfg(test)]
    pub(crate) fn from_texts<'a>(texts: impl IntoIterator<Item = (&'a str, &'a str)>) -> Self {
        Translations {
            texts: texts
                .into_iter()
                .map(|(key, text)| (key.to_string(), text.to_string()))
                .collect(),
        }
    }

    /// "14 maart 2026" / "14 March 2026".
    pub fn date(&self, date: NaiveDate) -> String {
        let month = self.get(&format!("month_{}", date.month())).to_string();
        format!("{} {month} {}", date.day(), date.year())
    }

    /// A session's date with its weekday, short: "di 12 jan 2027".
    pub fn session_date(&self, date: NaiveDate) -> String {
        let weekday_key = format!("weekday_short_{}", date.weekday().number_from_monday());
        let month_key = format!("month_short_{}", date.month());
        let (weekday, month) = (self.get(&weekday_key), self.get(&month_key));
        format!("{weekday} {} {month} {}", date.day(), date.year())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_and_fallbacks() {
        let theme =
            crate::theme::load_theme(std::path::Path::new("/nonexistent"), "default").unwrap();
        let nl = Translations::load(&theme, Language::Nl).unwrap();
        let en = Translations::load(&theme, Language::En).unwrap();
        let date = NaiveDate::from_ymd_opt(2026, 3, 14).unwrap();
        assert_eq!(nl.date(date), "14 maart 2026");
        assert_eq!(en.date(date), "14 March 2026");
        let tuesday = NaiveDate::from_ymd_opt(2027, 1, 12).unwrap();
        assert_eq!(nl.session_date(tuesday), "di 12 jan 2027");
        assert_eq!(en.session_date(tuesday), "Tue 12 Jan 2027");
        assert_eq!(nl.get("stale_badge"), "Niet recent gecontroleerd");
        assert_eq!(nl.get("no_such_key"), "no_such_key");
    }
}
