//! Partners entered twice: two files with the same name, general phone number or website are most often one
//! organisation copied under another file name, which a coach would then find twice with diverging details.

use crate::content::{Content, EntryKind};
use crate::diagnostics::{Diagnostic, Diagnostics, Position};
use std::collections::HashMap;

/// Warns, at the later file, for every partner that shares its name, phone or website with an earlier one.
pub fn check(content: &Content, diagnostics: &mut Diagnostics) {
    let mut partners: Vec<_> = content.entries[EntryKind::Partner].iter().collect();
    // Path order, so that the first file keeps the name and the copy gets the warning.
    partners.sort_by(|a, b| a.meta.file.cmp(&b.meta.file));
    let mut seen: HashMap<(&'static str, String), &str> = HashMap::new();
    for entry in partners {
        let Some(partner) = entry.as_partner() else {
            continue;
        };
        let keys = [
            ("name", Some(normal_name(&entry.title))),
            (
                "phone",
                partner
                    .phone
                    .as_deref()
                    .map(normal_phone)
                    .filter(|p| !is_municipal_number(p)),
            ),
            ("website", partner.website.as_deref().map(normal_website)),
        ];
        // The earlier files this one repeats, each with the fields they share: one warning per pair.
        let mut repeats: Vec<(&str, Vec<&str>)> = Vec::new();
        for (field, key) in keys {
            let Some(key) = key.filter(|k| !k.is_empty()) else {
                continue;
            };
            match seen.get(&(field, key.clone())) {
                Some(first) => match repeats.iter_mut().find(|(f, _)| f == first) {
                    Some((_, fields)) => fields.push(field),
                    None => repeats.push((first, vec![field])),
                },
                None => {
                    seen.insert((field, key), &entry.meta.file);
                }
            }
        }
        for (first, fields) in repeats {
            diagnostics.push(
                Diagnostic::warning(
                    "duplicate-partner",
                    &entry.meta.file,
                    Position::START,
                    format!("this partner has the same {} as {first}", and_list(&fields)),
                )
                .with_hint("if both files describe one organisation, keep one and remove the other; if they are two, make the difference visible (name, number, website)"),
            );
        }
    }
}

/// `name`, `name and phone`, `name, phone and website`.
fn and_list(fields: &[&str]) -> String {
    match fields {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

/// Names compared without case, punctuation or repeated spaces.
fn normal_name(name: &str) -> String {
    name.to_lowercase()
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Only the digits: `0493-312400` and `0493 31 24 00` are one number; +31 is the Dutch 0.
fn normal_phone(phone: &str) -> String {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix("31") {
        Some(rest) if phone.trim_start().starts_with('+') => format!("0{rest}"),
        _ => digits,
    }
}

/// `14` + the area code without its 0 (`14 0493`) is the one number of a whole municipality, which all its
/// teams list; sharing it says nothing about being one partner.
fn is_municipal_number(digits: &str) -> bool {
    digits.starts_with("14") && (5..=7).contains(&digits.len())
}

/// A website without scheme, `www.` or trailing slash, in lower case.
fn normal_website(url: &str) -> String {
    let url = url.trim().to_lowercase();
    let url = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .unwrap_or(&url);
    let url = url.strip_prefix("www.").unwrap_or(url);
    url.trim_end_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_addresses_written_differently_are_the_same() {
        assert_eq!(normal_phone("0493-312400"), normal_phone("0493 31 24 00"));
        assert_eq!(normal_phone("+31 493 312400"), normal_phone("0493-312400"));
        assert_eq!(
            normal_website("https://www.voedselbank.example/"),
            normal_website("http://voedselbank.example")
        );
        assert!(is_municipal_number(&normal_phone("14 0493")));
        assert!(!is_municipal_number(&normal_phone("0493-312400")));
        assert_eq!(
            normal_name("Voedselbank  Lindewaard"),
            normal_name("voedselbank lindewaard.")
        );
    }
}
