//! Need recognition: a coach's sentence ("moeder heeft een huurachterstand en haar zoon blowt") becomes the
//! needs it names — each a need of the lexicon or a domain of the site, with the words that triggered it —
//! plus the words that remain. Expressions of several words match as phrases inside longer queries; a
//! word matches an expression's word as written, by stem, or by its Dutch phonetic key (how clients
//! write).

use crate::analyzer::{analyze, analyze_words, SearchLanguage};
use crate::files::{Facets, Need};
use crate::order::sort_by_number;
use crate::phonetic::{phonetic_key, MIN_PHONETIC_CHARS};
use serde::{Deserialize, Serialize};

/// A need the query named, as the response reports it (so the page can show it and let the coach remove
/// it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecognisedNeed {
    /// The need's id: a lexicon need (`schulden`) or, for a domain's own words, the domain id.
    pub id: String,
    /// The domain it belongs to, and that domain's label (`Financiën`).
    pub domain: String,
    pub label: String,
    /// The glossary term behind it, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// The words of the query that named it, as typed.
    pub words: Vec<String>,
    /// Whether it is a domain named by its own label or synonyms rather than a need of the lexicon.
    #[serde(skip)]
    pub from_domain: bool,
}

/// One word of an expression in the three ways a typed word may meet it.
#[derive(Debug, Clone)]
struct ExpressionWord {
    form: String,
    stem: Option<String>,
    key: Option<String>,
    pronoun: bool,
}

impl ExpressionWord {
    fn new(language: SearchLanguage, form: &str) -> ExpressionWord {
        ExpressionWord {
            form: form.to_string(),
            stem: analyze(language, form).into_iter().next(),
            key: (form.chars().count() >= MIN_PHONETIC_CHARS).then(|| phonetic_key(form)),
            pronoun: PRONOUNS.contains(&form),
        }
    }

    fn meets(&self, typed: &ExpressionWord) -> bool {
        self.form == typed.form
            || (self.pronoun && typed.pronoun)
            || (self.stem.is_some() && self.stem == typed.stem)
            || (self.key.is_some() && self.key == typed.key)
    }
}

/// Personal and possessive pronouns. The lexicon writes expressions as a client says them ("mijn man slaat
/// me"); a coach tells the same about someone else ("haar man slaat"). So in an expression any pronoun
/// meets any pronoun, and one at the start or end may be left out when two words remain.
const PRONOUNS: &[&str] = &[
    "ik", "me", "mij", "mijn", "je", "jij", "jou", "jouw", "u", "uw", "hij", "hem", "zijn", "zij",
    "ze", "haar", "wij", "we", "ons", "onze", "jullie", "hun", "hen", "my", "his", "her", "their",
    "our", "your", "i", "he", "she", "they", "him", "them",
];

/// An expression and the shorter forms it takes about someone else: without a pronoun at its start, its
/// end or both, as long as two words remain ("mijn man slaat me" → "man slaat me", "mijn man slaat",
/// "man slaat").
fn person_neutral_forms(words: Vec<ExpressionWord>) -> Vec<Vec<ExpressionWord>> {
    let leading = usize::from(words.first().is_some_and(|w| w.pronoun));
    let trailing = usize::from(words.len() > 1 && words.last().is_some_and(|w| w.pronoun));
    let mut forms = Vec::new();
    for skip_start in 0..=leading {
        for skip_end in 0..=trailing {
            let kept = words.len() - skip_start - skip_end;
            if skip_start + skip_end == 0 || kept >= 2 {
                forms.push(words[skip_start..words.len() - skip_end].to_vec());
            }
        }
    }
    forms
}

/// Every expression of every need, for matching runs of query words.
#[derive(Debug, Default)]
pub(crate) struct NeedIndex {
    language: Option<SearchLanguage>,
    needs: Vec<RecognisedNeed>,
    /// (words of an expression, need index), longest first; lexicon needs before domains' own words.
    expressions: Vec<(Vec<ExpressionWord>, usize)>,
}

/// Where a query named a need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NeedMatch {
    pub need: usize,
    /// Indices of the typed words that named it.
    pub words: Vec<usize>,
}

impl NeedIndex {
    /// The lexicon's needs whose domain the site has, then every domain named by its label and synonyms.
    pub fn new(language: SearchLanguage, needs: &[Need], facets: &Facets) -> NeedIndex {
        let mut index = NeedIndex {
            language: Some(language),
            ..NeedIndex::default()
        };
        let label_of = |domain: &str| {
            facets
                .domains
                .iter()
                .find(|d| d.id == domain)
                .map(|d| d.label.clone())
        };
        for need in needs {
            let Some(label) = label_of(&need.domain) else {
                continue;
            };
            let recognised = RecognisedNeed {
                id: need.id.clone(),
                domain: need.domain.clone(),
                label,
                term: need.term.clone(),
                words: Vec::new(),
                from_domain: false,
            };
            index.add(recognised, need.expressions.iter().map(String::as_str), 0);
        }
        for domain in &facets.domains {
            if index.needs.iter().any(|n| n.id == domain.id) {
                continue;
            }
            let recognised = RecognisedNeed {
                id: domain.id.clone(),
                domain: domain.id.clone(),
                label: domain.label.clone(),
                term: None,
                words: Vec::new(),
                from_domain: true,
            };
            let names = std::iter::once(domain.label.as_str())
                .chain(domain.synonyms.iter().map(String::as_str));
            index.add(recognised, names, 1);
        }
        // The encoded rank (need * 2 + rank) keeps lexicon needs first among expressions of one length.
        sort_by_number(&mut index.expressions, |(words, need)| {
            let longest_first = u64::from(u16::MAX) - words.len() as u64;
            (longest_first << 33) | (((need % 2) as u64) << 32) | *need as u64
        });
        for (_, need) in &mut index.expressions {
            *need /= 2;
        }
        index
    }

    /// Adds a need with its expressions; `rank` 0 for the lexicon, 1 for a domain's own words.
    fn add<'a>(
        &mut self,
        need: RecognisedNeed,
        expressions: impl Iterator<Item = &'a str>,
        rank: usize,
    ) {
        let language = self.language.unwrap_or(SearchLanguage::Nl);
        let at = self.needs.len();
        for expression in expressions {
            let words: Vec<ExpressionWord> = analyze_words(expression)
                .iter()
                .map(|form| ExpressionWord::new(language, form))
                .collect();
            if !words.is_empty() {
                for form in person_neutral_forms(words) {
                    self.expressions.push((form, at * 2 + rank));
                }
            }
        }
        self.needs.push(need);
    }

    pub fn need(&self, i: usize) -> &RecognisedNeed {
        &self.needs[i]
    }

    /// The needs named by runs of `words` (each as typed), in the order the query names them; each typed
    /// word names at most one need, longer expressions first.
    pub fn recognise(&self, words: &[String]) -> Vec<NeedMatch> {
        let Some(language) = self.language else {
            return Vec::new();
        };
        // A typed word may hold several forms ("wmo-loket"); expressions match over the forms in order.
        let forms: Vec<(usize, ExpressionWord)> = words
            .iter()
            .enumerate()
            .flat_map(|(i, w)| {
                analyze_words(w)
                    .into_iter()
                    .map(move |f| (i, ExpressionWord::new(language, &f)))
            })
            .collect();
        let mut taken = vec![false; words.len()];
        let mut found: Vec<NeedMatch> = Vec::new();
        for (expression, need) in &self.expressions {
            if expression.len() > forms.len() {
                continue;
            }
            for start in 0..=forms.len() - expression.len() {
                let run = &forms[start..start + expression.len()];
                if !run
                    .iter()
                    .zip(expression)
                    .all(|((_, typed), e)| e.meets(typed))
                {
                    continue;
                }
                let (first, last) = (run[0].0, run[run.len() - 1].0);
                if taken[first..=last].iter().any(|t| *t) {
                    continue;
                }
                taken[first..=last].iter_mut().for_each(|t| *t = true);
                let named: Vec<usize> = (first..=last).collect();
                match found.iter_mut().find(|m| m.need == *need) {
                    Some(m) => m.words.extend(named),
                    None => found.push(NeedMatch {
                        need: *need,
                        words: named,
                    }),
                }
            }
        }
        for m in &mut found {
            m.words.sort_unstable();
        }
        sort_by_number(&mut found, |m| m.words[0] as u64);
        found
    }
}

/// Words of a question that say nothing about the situation ("bij wie kan ik terecht", "kunnen jullie
/// helpen", "wat nu", "who can help"): left out once the query names something else. Stop words are
/// already left out by the analyzer.
const FILLER: &[&str] = &[
    "terecht",
    "helpen",
    "help",
    "hulp",
    "jullie",
    "zoek",
    "zoeken",
    "graag",
    "nodig",
    "wie",
    "waar",
    "welke",
    "kunt",
    "kun",
    "weet",
    "weten",
    "vraag",
    "vragen",
    "advies",
    "iemand",
    "instantie",
    "organisatie",
    "moeten",
    "mag",
    "mogen",
    "gaan",
    "doen",
    "who",
    "where",
    "can",
    "need",
    "needs",
    "find",
    "looking",
    "someone",
    "please",
    "what",
    "how",
];

/// Whether a typed word is sentence filler.
pub(crate) fn is_filler(word: &str) -> bool {
    let forms = analyze_words(word);
    !forms.is_empty() && forms.iter().all(|f| FILLER.contains(&f.as_str()))
}

/// The informal forms clients write for standard words ("m'n" for mijn, "ie" for hij), and a few
/// abbreviations of chat language; the standard form is what the analyzer knows (mostly a stop word).
const INFORMAL: &[(&str, &str)] = &[
    ("m'n", "mijn"),
    ("mn", "mijn"),
    ("z'n", "zijn"),
    ("zn", "zijn"),
    ("d'r", "haar"),
    ("ie", "hij"),
    ("'k", "ik"),
    ("k", "ik"),
    ("'t", "het"),
    ("t", "het"),
    ("ff", "even"),
    ("effe", "even"),
    ("da's", "dat is"),
    ("w8", "wacht"),
    ("idd", "inderdaad"),
    ("nie", "niet"),
    ("nix", "niets"),
    ("niks", "niets"),
];

/// The query's words with informal spellings written out (`m'n moeder` → `mijn moeder`).
pub(crate) fn standard_spelling(words: &[String]) -> Vec<String> {
    words
        .iter()
        .flat_map(|word| {
            let lower = word.to_lowercase().replace('’', "'");
            match INFORMAL.iter().find(|(informal, _)| *informal == lower) {
                Some((_, standard)) => standard.split(' ').map(str::to_string).collect(),
                None => vec![word.clone()],
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::DomainFacet;

    fn facets() -> Facets {
        let domain = |id: &str, label: &str, synonyms: &[&str]| DomainFacet {
            id: id.into(),
            label: label.into(),
            synonyms: synonyms.iter().map(|s| s.to_string()).collect(),
        };
        Facets {
            domains: vec![
                domain("financien", "Financiën", &["geldzorgen", "schulden"]),
                domain("middelengebruik", "Middelengebruik", &["verslaving"]),
                domain("huisvesting", "Huisvesting", &["dakloos"]),
                domain("justitie", "Justitie", &[]),
            ],
            areas: Vec::new(),
        }
    }

    fn need(id: &str, domain: &str, expressions: &[&str]) -> Need {
        Need {
            id: id.into(),
            domain: domain.into(),
            term: None,
            expressions: expressions.iter().map(|s| s.to_string()).collect(),
        }
    }

    fn index() -> NeedIndex {
        NeedIndex::new(
            SearchLanguage::Nl,
            &[
                need(
                    "huurachterstand",
                    "financien",
                    &["huurachterstand", "huur niet betaald"],
                ),
                need("cannabis", "middelengebruik", &["blowen", "blowt", "wiet"]),
                need(
                    "na-detentie",
                    "justitie",
                    &["straf uitgezeten", "uit de gevangenis", "ex-gedetineerde"],
                ),
                need(
                    "dakloos",
                    "huisvesting",
                    &["geen woning", "op straat gezet"],
                ),
                need("elders", "onbekend-domein", &["iets"]),
                need(
                    "huiselijk-geweld",
                    "justitie",
                    &["mijn man slaat me", "geweld thuis"],
                ),
            ],
            &facets(),
        )
    }

    fn recognised(query: &str) -> Vec<(String, Vec<String>)> {
        let words: Vec<String> = query.split_whitespace().map(str::to_string).collect();
        let index = index();
        index
            .recognise(&words)
            .into_iter()
            .map(|m| {
                (
                    index.need(m.need).id.clone(),
                    m.words.iter().map(|&i| words[i].clone()).collect(),
                )
            })
            .collect()
    }

    fn ids(query: &str) -> Vec<String> {
        recognised(query).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn a_sentence_names_two_needs_in_its_order() {
        assert_eq!(
            recognised("moeder heeft een huurachterstand en haar zoon van 16 blowt elke dag"),
            [
                (
                    "huurachterstand".to_string(),
                    vec!["huurachterstand".to_string()]
                ),
                ("cannabis".to_string(), vec!["blowt".to_string()]),
            ]
        );
    }

    #[test]
    fn what_a_client_says_of_herself_is_recognised_when_a_coach_says_it_of_her() {
        for query in [
            "ze durft niet naar huis omdat haar man slaat",
            "haar man slaat haar",
            "mijn man slaat me",
            "m'n man slaat me",
            "zijn man slaat hem",
        ] {
            let words: Vec<String> = query.split_whitespace().map(str::to_string).collect();
            let words = standard_spelling(&words);
            let index = index();
            let found: Vec<&str> = index
                .recognise(&words)
                .iter()
                .map(|m| index.need(m.need).id.as_str())
                .collect();
            assert_eq!(found, ["huiselijk-geweld"], "{query}");
        }
        // A pronoun alone is no expression, and the rest of the words must be there.
        assert!(ids("haar man werkt").is_empty());
        assert!(ids("hij slaat").is_empty());
    }

    #[test]
    fn expressions_of_several_words_match_inside_a_sentence() {
        assert_eq!(
            recognised("vader heeft net zijn straf uitgezeten en heeft geen woning"),
            [
                (
                    "na-detentie".to_string(),
                    vec!["straf".to_string(), "uitgezeten".to_string()]
                ),
                (
                    "dakloos".to_string(),
                    vec!["geen".to_string(), "woning".to_string()]
                ),
            ]
        );
        // Stop words inside an expression count: "geen woning" is not "een woning".
        assert_eq!(ids("zoekt een woning"), Vec::<String>::new());
    }

    #[test]
    fn client_spellings_name_the_need_too() {
        assert_eq!(ids("huurachterstant"), ["huurachterstand"]);
        assert_eq!(ids("ze zit met schulde"), ["financien"]);
        assert_eq!(ids("Huur NIET betaalt"), ["huurachterstand"]);
    }

    #[test]
    fn a_domains_own_words_name_the_domain() {
        assert_eq!(ids("geldzorgen"), ["financien"]);
        assert_eq!(ids("verslaving"), ["middelengebruik"]);
    }

    #[test]
    fn sentences_without_a_need_name_none() {
        for query in [
            "bij wie kan ik terecht",
            "openingstijden gemeentehuis",
            "wat mag een wijkcoach zelf toekennen?",
            "",
        ] {
            assert_eq!(ids(query), Vec::<String>::new(), "{query}");
        }
    }

    #[test]
    fn a_need_of_a_domain_the_site_lacks_is_left_out() {
        assert!(!index().needs.iter().any(|n| n.id == "elders"));
    }

    #[test]
    fn filler_and_informal_words() {
        assert!(is_filler("terecht"));
        assert!(is_filler("Helpen?"));
        assert!(!is_filler("huurachterstand"));
        let words: Vec<String> = ["m'n", "zoon", "blowt", "ie", "is", "16"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        assert_eq!(
            standard_spelling(&words),
            ["mijn", "zoon", "blowt", "hij", "is", "16"]
        );
    }
}
