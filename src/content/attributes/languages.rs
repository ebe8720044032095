//! The ISO 639 languages with their Dutch and English names, from the table shipped in
//! `assets/languages/languages.tsv` (codes from ISO 639-3 as Debian's iso-codes gives them, names from
//! Unicode CLDR; see docs/languages.md). Editors write a language as its code or its Dutch or English
//! name (`Pools`, `Polish`, `pl`, `pol`); content keeps the code: ISO 639-1 where one exists, else 639-3.

use std::collections::HashMap;
use std::sync::OnceLock;

const TABLE: &str = include_str!("../../../assets/languages/languages.tsv");

/// One language of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Language {
    /// ISO 639-1 where one exists, else ISO 639-3.
    pub code: &'static str,
    /// ISO 639-3 (639-2/T for the languages that have a 639-1 code).
    pub alpha3: &'static str,
    pub dutch: &'static str,
    pub english: &'static str,
}

struct Table {
    languages: Vec<Language>,
    /// Lowercased code, alpha-3 code, Dutch name and English name → position in `languages`; the first
    /// language in code order keeps a name that two share.
    by_key: HashMap<String, usize>,
}

fn table() -> &'static Table {
    static TABLE_CELL: OnceLock<Table> = OnceLock::new();
    TABLE_CELL.get_or_init(|| {
        let languages: Vec<Language> = TABLE
            .lines()
            .filter(|line| !line.starts_with('#') && !line.trim().is_empty())
            .filter_map(|line| {
                let mut cells = line.split('\t');
                Some(Language {
                    code: cells.next()?,
                    alpha3: cells.next()?,
                    dutch: cells.next()?,
                    english: cells.next()?,
                })
            })
            .collect();
        let mut by_key = HashMap::with_capacity(languages.len() * 4);
        // Codes first, so that a code never loses to another language's name.
        for (i, l) in languages.iter().enumerate() {
            by_key.entry(l.code.to_lowercase()).or_insert(i);
            by_key.entry(l.alpha3.to_lowercase()).or_insert(i);
        }
        for (i, l) in languages.iter().enumerate() {
            by_key.entry(l.dutch.to_lowercase()).or_insert(i);
            by_key.entry(l.english.to_lowercase()).or_insert(i);
        }
        Table { languages, by_key }
    })
}

/// The language an editor wrote: a code (`pl`, `pol`) or a Dutch or English name (`Pools`, `Polish`),
/// case-insensitive.
pub fn lookup(written: &str) -> Option<&'static Language> {
    let table = table();
    let key = written.trim().to_lowercase();
    table.by_key.get(&key).map(|&i| &table.languages[i])
}

/// The language of a code as content keeps it.
pub fn by_code(code: &str) -> Option<&'static Language> {
    lookup(code).filter(|l| l.code == code)
}

/// The Dutch name of `code` (the code itself when the table does not have it).
pub fn dutch_name(code: &str) -> &str {
    by_code(code).map_or(code, |l| l.dutch)
}

pub fn english_name(code: &str) -> &str {
    by_code(code).map_or(code, |l| l.english)
}

/// The Dutch names of the table, for a "did you mean" on an unknown name.
pub fn dutch_names() -> impl Iterator<Item = &'static str> + Clone {
    table().languages.iter().map(|l| l.dutch)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dutch_names_of_a_municipality_map_to_iso_codes() {
        for (name, code) in [
            ("Pools", "pl"),
            ("Turks", "tr"),
            ("Somalisch", "so"),
            ("Nederlands", "nl"),
            ("Engels", "en"),
            ("Arabisch", "ar"),
            ("Tigrinya", "ti"),
            ("Oekraïens", "uk"),
            ("oekraïens", "uk"),
            ("Papiaments", "pap"),
            ("Nederlandse Gebarentaal", "dse"),
            ("Marokkaans Arabisch", "ary"),
        ] {
            assert_eq!(lookup(name).map(|l| l.code), Some(code), "{name}");
        }
    }

    #[test]
    fn codes_and_english_names_are_accepted_too() {
        assert_eq!(lookup("pl").map(|l| l.code), Some("pl"));
        assert_eq!(lookup("POL").map(|l| l.code), Some("pl"));
        assert_eq!(lookup("Polish").map(|l| l.code), Some("pl"));
        assert_eq!(lookup("Somali").map(|l| l.code), Some("so"));
        assert_eq!(dutch_name("tr"), "Turks");
        assert_eq!(english_name("ti"), "Tigrinya");
    }

    #[test]
    fn unknown_names_are_not_guessed() {
        for name in ["Pool", "Marokkaans", "Elfentaal", "", "nederlands engels"] {
            assert_eq!(lookup(name), None, "{name}");
        }
        assert_eq!(dutch_name("xx"), "xx");
    }
}
