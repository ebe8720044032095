//! Query expansion through the site's glossary: a query that names a term in one way ("bbz", "amhk",
//! "Veilig Thuis", "geen geld voor eten") also searches its other names (the full name, abbreviations,
//! everyday variants) and the entries the glossary links to it, ranked below literal matches.

use crate::analyzer::analyze_words;
use crate::files::GlossaryTerm;
use crate::order::sort_by_number;
use serde::{Deserialize, Serialize};

/// A glossary term a query named, as the response reports it (so the page can link to its explanation).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MatchedTerm {
    pub id: String,
    pub term: String,
    /// The words of the query that named it, as typed.
    pub words: Vec<String>,
}

/// Every name of every term, as word forms, for matching runs of query words.
#[derive(Debug, Default)]
pub(crate) struct GlossaryIndex {
    terms: Vec<GlossaryTerm>,
    /// (word forms of a name, term index), longest names first.
    names: Vec<(Vec<String>, usize)>,
}

/// Where a query named a term.
pub(crate) struct TermMatch<'a> {
    pub term: &'a GlossaryTerm,
    /// Index of the first query word and number of words.
    pub start: usize,
    pub len: usize,
    /// The term's other names, each as the text to search.
    pub other_names: Vec<&'a str>,
}

impl GlossaryIndex {
    pub fn new(terms: &[GlossaryTerm]) -> Self {
        let mut names = Vec::new();
        for (i, term) in terms.iter().enumerate() {
            for name in names_of(term) {
                let forms = analyze_words(name);
                if !forms.is_empty() {
                    names.push((forms, i));
                }
            }
        }
        names.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        GlossaryIndex {
            terms: terms.to_vec(),
            names,
        }
    }

    /// The terms named by runs of `words` (each word as typed), longest name first, without overlaps.
    pub fn matches(&self, words: &[String]) -> Vec<TermMatch<'_>> {
        let folded: Vec<Vec<String>> = words.iter().map(|w| analyze_words(w)).collect();
        // A typed word may hold several forms ("wmo-loket"); names match over the forms in order.
        let forms: Vec<(usize, &str)> = folded
            .iter()
            .enumerate()
            .flat_map(|(i, f)| f.iter().map(move |form| (i, form.as_str())))
            .collect();
        let mut taken = vec![false; words.len()];
        let mut found = Vec::new();
        for (name, term_index) in &self.names {
            for start in 0..forms.len() {
                let Some(run) = forms.get(start..start + name.len()) else {
                    break;
                };
                if !run.iter().zip(name).all(|((_, form), part)| form == part) {
                    continue;
                }
                let (first, last) = (run[0].0, run[run.len() - 1].0);
                let term = &self.terms[*term_index];
                // A term named twice ("Bbz, bijstand voor zelfstandigen") is expanded once.
                if taken[first..=last].iter().any(|t| *t)
                    || found.iter().any(|m: &TermMatch| std::ptr::eq(m.term, term))
                {
                    continue;
                }
                taken[first..=last].iter_mut().for_each(|t| *t = true);
                let matched = name.join(" ");
                let other_names = names_of(term)
                    .filter(|n| analyze_words(n).join(" ") != matched)
                    .collect();
                found.push(TermMatch {
                    term,
                    start: first,
                    len: last - first + 1,
                    other_names,
                });
            }
        }
        sort_by_number(&mut found, |m| m.start as u64);
        found
    }
}

fn names_of(term: &GlossaryTerm) -> impl Iterator<Item = &str> {
    std::iter::once(term.term.as_str())
        .chain(term.abbreviations.iter().map(String::as_str))
        .chain(term.variants.iter().map(String::as_str))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glossary() -> GlossaryIndex {
        GlossaryIndex::new(&[
            GlossaryTerm {
                id: "bbz".into(),
                term: "Besluit bijstandverlening zelfstandigen".into(),
                abbreviations: vec!["Bbz".into()],
                variants: vec!["bijstand voor zelfstandigen".into()],
                entries: vec!["regulations/participatiewet-bijstand".into()],
            },
            GlossaryTerm {
                id: "veilig-thuis".into(),
                term: "Veilig Thuis".into(),
                abbreviations: vec!["AMHK".into(), "SHG".into()],
                variants: vec!["Steunpunt Huiselijk Geweld".into()],
                entries: vec![],
            },
        ])
    }

    fn words(query: &str) -> Vec<String> {
        query.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn an_abbreviation_names_its_term_and_brings_its_other_names() {
        let glossary = glossary();
        let found = glossary.matches(&words("amhk melding"));
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].term.id.as_str(), found[0].start, found[0].len),
            ("veilig-thuis", 0, 1)
        );
        assert_eq!(
            found[0].other_names,
            ["Veilig Thuis", "SHG", "Steunpunt Huiselijk Geweld"]
        );
    }

    #[test]
    fn a_full_name_over_several_words_names_its_term() {
        let glossary = glossary();
        let found = glossary.matches(&words("melden bij veilig thuis"));
        assert_eq!(
            (found[0].term.id.as_str(), found[0].start, found[0].len),
            ("veilig-thuis", 2, 2)
        );
        assert!(found[0].other_names.contains(&"AMHK"));
        assert!(glossary.matches(&words("veilig wonen thuis")).is_empty());
        let found = glossary.matches(&words("Bbz, bijstand voor zelfstandigen"));
        assert_eq!(found.len(), 1, "one term, named once by its longest name");
        assert_eq!((found[0].start, found[0].len), (1, 3));
    }
}
