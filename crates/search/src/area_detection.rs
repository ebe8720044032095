//! The wijk in a query: a wijk's name ("Oosterpark", "De Weiden") or a PC4 postcode ("5643", "5643 AB")
//! among the words is not a word to match but where the coach's client lives. It is taken out of the
//! words and ranks the entries that serve that wijk (or the whole municipality) first.

use crate::analyzer::analyze_words;
use crate::files::Facets;
use crate::order::{descending, sort_by_number};
use serde::{Deserialize, Serialize};

/// The wijk a query named, as the response reports it (so the page can show it and let the coach
/// remove it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectedArea {
    pub id: String,
    pub name: String,
    /// The words of the query that named it, as typed.
    pub words: Vec<String>,
}

/// Finds the first wijk named in `words` and returns it with the remaining words, and whether it was
/// named by the last word.
pub(crate) fn detect_area(
    words: &[String],
    facets: &Facets,
) -> Option<(DetectedArea, Vec<String>, bool)> {
    let folded: Vec<String> = words.iter().map(|w| analyze_words(w).join(" ")).collect();
    // Names first, the longest first ("De Weiden" before a wijk called "Weiden").
    let mut names: Vec<(Vec<String>, &crate::files::AreaFacet)> = facets
        .areas
        .iter()
        .map(|area| (analyze_words(&area.name), area))
        .filter(|(name, _)| !name.is_empty())
        .collect();
    sort_by_number(&mut names, |(name, _)| descending(name.len()));
    for (name, area) in &names {
        if let Some(start) = find_run(&folded, name) {
            // A leading article of a name is optional: "De Weiden" and "weiden" both name it.
            return Some(found(words, start, name.len(), area));
        }
        if name.len() > 1 && is_article(&name[0]) {
            if let Some(start) = find_run(&folded, &name[1..]) {
                return Some(found(words, start, name.len() - 1, area));
            }
        }
    }
    for (i, word) in folded.iter().enumerate() {
        let Some(postcode) = pc4(word) else {
            continue;
        };
        if let Some(area) = facets.area_of_postcode(postcode) {
            // "5643 AB": the two letters belong to the postcode.
            let with_letters = folded.get(i + 1).is_some_and(|next| {
                next.len() == 2 && next.chars().all(|c| c.is_ascii_alphabetic())
            });
            return Some(found(words, i, if with_letters { 2 } else { 1 }, area));
        }
    }
    None
}

fn is_article(word: &str) -> bool {
    matches!(word, "de" | "het" | "t")
}

/// A four-digit postcode, alone or with its letters written on ("5643ab").
fn pc4(word: &str) -> Option<u16> {
    let digits = word.get(..4)?;
    let rest = &word[4..];
    let letters_ok =
        rest.is_empty() || (rest.len() == 2 && rest.chars().all(|c| c.is_ascii_alphabetic()));
    (digits.chars().all(|c| c.is_ascii_digit()) && !digits.starts_with('0') && letters_ok)
        .then(|| digits.parse().ok())
        .flatten()
}

fn find_run(words: &[String], name: &[String]) -> Option<usize> {
    if name.is_empty() || name.len() > words.len() {
        return None;
    }
    (0..=words.len() - name.len()).find(|&start| {
        name.iter()
            .enumerate()
            .all(|(k, part)| words[start + k] == *part)
    })
}

fn found(
    words: &[String],
    start: usize,
    len: usize,
    area: &crate::files::AreaFacet,
) -> (DetectedArea, Vec<String>, bool) {
    let rest = words[..start]
        .iter()
        .chain(&words[start + len..])
        .cloned()
        .collect();
    (
        DetectedArea {
            id: area.id.clone(),
            name: area.name.clone(),
            words: words[start..start + len].to_vec(),
        },
        rest,
        start + len == words.len(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::AreaFacet;

    fn facets() -> Facets {
        let area = |id: &str, name: &str, postcodes: Vec<(u16, u16)>| AreaFacet {
            id: id.into(),
            name: name.into(),
            postcodes,
        };
        Facets {
            domains: Vec::new(),
            areas: vec![
                area("oosterpark", "Oosterpark", vec![(5643, 5644)]),
                area("de-weiden", "De Weiden", vec![(5645, 5646)]),
                area("kerkdorp-aalst", "Kerkdorp Aalst", vec![(5650, 5650)]),
            ],
        }
    }

    fn words(query: &str) -> Vec<String> {
        query.split_whitespace().map(str::to_string).collect()
    }

    fn detect(query: &str) -> Option<(String, Vec<String>, Vec<String>)> {
        detect_area(&words(query), &facets()).map(|(a, rest, _)| (a.id, a.words, rest))
    }

    #[test]
    fn a_wijk_name_is_taken_out_of_the_words() {
        let (id, named, rest) = detect("huurachterstand Oosterpark").unwrap();
        assert_eq!(
            (id.as_str(), named, rest),
            ("oosterpark", words("Oosterpark"), words("huurachterstand"))
        );
        let (id, named, rest) = detect("schulden in de weiden").unwrap();
        assert_eq!(
            (id.as_str(), named, rest),
            ("de-weiden", words("de weiden"), words("schulden in"))
        );
        let (id, _, rest) = detect("weiden jeugd").unwrap();
        assert_eq!((id.as_str(), rest), ("de-weiden", words("jeugd")));
        let (id, _, _) = detect("dagbesteding kerkdorp aalst").unwrap();
        assert_eq!(id, "kerkdorp-aalst");
    }

    #[test]
    fn a_postcode_names_its_wijk() {
        let (id, named, rest) = detect("voedselbank 5644 AB").unwrap();
        assert_eq!(
            (id.as_str(), named, rest),
            ("oosterpark", words("5644 AB"), words("voedselbank"))
        );
        assert_eq!(detect("5645cd").unwrap().0, "de-weiden");
        // Not a postcode of the municipality, and not a postcode at all.
        assert_eq!(detect("schulden 1234"), None);
        assert_eq!(detect("18 jaar"), None);
        assert_eq!(detect("art 0564"), None);
    }

    #[test]
    fn words_that_only_start_like_a_wijk_name_stay_words() {
        assert_eq!(detect("oosterparkschool"), None);
        assert_eq!(detect("de kerkdorp"), None);
    }
}
