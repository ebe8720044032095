//! Attributes in a coach's words: an age ("van 16", "17-jarige", "75 jaar"), the cost ("kost niks"),
//! no referral ("zonder doorverwijzing"), home visits ("huisbezoek"), a weekday or evening ("op zaterdag",
//! "'s avonds") and a language ("Pools", "Turks", "Somalisch"). They are taken out of the words and rank
//! partners with a service that fits them above those without one.

use crate::analyzer::analyze_words;
use crate::document::{Cost, ServiceFacts};
use crate::order::{descending, sort_by_number};
use serde::{Deserialize, Serialize};

/// An attribute the query named, as the response reports it (so the page can show it and let the coach
/// remove it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DetectedAttribute {
    /// `age:16`, `free`, `no-referral`, `home-visits`, `day:6`, `evening`, `language:pl`.
    pub id: String,
    /// The words of the query that named it, as typed.
    pub words: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Attribute {
    Age(u32),
    Free,
    NoReferral,
    HomeVisits,
    /// 1 = Monday … 7 = Sunday.
    Day(u8),
    /// Open after 18:00.
    Evening,
    Language(&'static str),
    /// The coach wants to learn ("leren", "cursus", "training"): training modules first.
    Training,
}

impl Attribute {
    pub fn id(self) -> String {
        match self {
            Attribute::Age(age) => format!("age:{age}"),
            Attribute::Free => "free".into(),
            Attribute::NoReferral => "no-referral".into(),
            Attribute::HomeVisits => "home-visits".into(),
            Attribute::Day(day) => format!("day:{day}"),
            Attribute::Evening => "evening".into(),
            Attribute::Language(code) => format!("language:{code}"),
            Attribute::Training => "training".into(),
        }
    }

    /// Whether the words that named the attribute are searched as words too: a weekday, "gratis" or
    /// "huisbezoek" in a text says the same; an age is a number, and "zonder doorverwijzing" would find the
    /// texts that say a referral is needed.
    pub fn searched_as_words(self) -> bool {
        !matches!(self, Attribute::Age(_) | Attribute::NoReferral)
    }

    /// What `service` says of the attribute: Some(true) that it meets it, Some(false) that it does not,
    /// None that it says nothing (no age bounds, no cost given, no hours …).
    pub fn judge(self, service: &ServiceFacts) -> Option<bool> {
        let known = |said: bool, meets: bool| said.then_some(meets);
        match self {
            Attribute::Age(age) => known(
                service.minimum_age.is_some() || service.maximum_age.is_some(),
                service.minimum_age.is_none_or(|min| age >= min)
                    && service.maximum_age.is_none_or(|max| age <= max),
            ),
            Attribute::Free => service.cost.map(|c| c == Cost::Free),
            Attribute::NoReferral => service.referral_required.map(|r| !r),
            Attribute::HomeVisits => service.home_visits,
            Attribute::Day(day) => known(
                !service.hours.is_empty(),
                service.hours.iter().any(|h| h.day == day),
            ),
            Attribute::Evening => known(
                !service.hours.is_empty(),
                service.hours.iter().any(|h| h.close > 18 * 60),
            ),
            Attribute::Language(code) => known(
                !service.languages.is_empty(),
                service.languages.iter().any(|l| l == code),
            ),
            // Said of entries (modules), not of services.
            Attribute::Training => None,
        }
    }

    /// Whether `service` says it meets the attribute.
    pub fn fits(self, service: &ServiceFacts) -> bool {
        self.judge(service) == Some(true)
    }
}

/// The prefix of the `need` terms that say which attributes an entry's services meet (ages excepted:
/// those are compared when ranking).
pub(crate) const ATTRIBUTE_TERM: &str = "attr:";

/// The ids of the attributes (all but ages) that `service` meets, as `Attribute::id` names them: indexed,
/// so a query that names only an attribute ("hulp in het Pools") still finds the services that fit.
pub(crate) fn attribute_ids(service: &ServiceFacts) -> Vec<String> {
    let mut candidates = vec![
        Attribute::Free,
        Attribute::NoReferral,
        Attribute::HomeVisits,
        Attribute::Evening,
    ];
    candidates.extend((1..=7).map(Attribute::Day));
    let mut ids: Vec<String> = candidates
        .into_iter()
        .filter(|a| a.fits(service))
        .map(Attribute::id)
        .collect();
    ids.extend(
        service
            .languages
            .iter()
            .map(|code| format!("language:{code}")),
    );
    ids
}

/// Phrases that name an attribute, as word forms; matched longest first.
const PHRASES: &[(&str, Attribute)] = &[
    ("kost niks", Attribute::Free),
    ("kost niets", Attribute::Free),
    ("kost geen geld", Attribute::Free),
    ("zonder kosten", Attribute::Free),
    ("geen kosten", Attribute::Free),
    ("gratis", Attribute::Free),
    ("kosteloos", Attribute::Free),
    ("free of charge", Attribute::Free),
    ("free", Attribute::Free),
    ("zonder doorverwijzing", Attribute::NoReferral),
    ("zonder verwijzing", Attribute::NoReferral),
    ("zonder verwijsbrief", Attribute::NoReferral),
    ("geen verwijzing nodig", Attribute::NoReferral),
    ("geen verwijzing", Attribute::NoReferral),
    ("vrij toegankelijk", Attribute::NoReferral),
    ("without referral", Attribute::NoReferral),
    ("no referral", Attribute::NoReferral),
    ("huisbezoek", Attribute::HomeVisits),
    ("huisbezoeken", Attribute::HomeVisits),
    ("aan huis", Attribute::HomeVisits),
    ("thuis langs", Attribute::HomeVisits),
    ("bij mensen thuis", Attribute::HomeVisits),
    ("home visit", Attribute::HomeVisits),
    ("home visits", Attribute::HomeVisits),
    ("s avonds", Attribute::Evening),
    ("savonds", Attribute::Evening),
    ("avond", Attribute::Evening),
    ("avonds", Attribute::Evening),
    ("in de avond", Attribute::Evening),
    ("evening", Attribute::Evening),
    ("maandag", Attribute::Day(1)),
    ("dinsdag", Attribute::Day(2)),
    ("woensdag", Attribute::Day(3)),
    ("donderdag", Attribute::Day(4)),
    ("vrijdag", Attribute::Day(5)),
    ("zaterdag", Attribute::Day(6)),
    ("zaterdags", Attribute::Day(6)),
    ("zondag", Attribute::Day(7)),
    ("zondags", Attribute::Day(7)),
    ("saturday", Attribute::Day(6)),
    ("sunday", Attribute::Day(7)),
    ("weekend", Attribute::Day(6)),
    ("in het weekend", Attribute::Day(6)),
    ("leren", Attribute::Training),
    ("cursus", Attribute::Training),
    ("cursussen", Attribute::Training),
    ("training", Attribute::Training),
    ("trainingen", Attribute::Training),
    ("scholing", Attribute::Training),
    ("bijscholing", Attribute::Training),
    ("e learning", Attribute::Training),
    ("elearning", Attribute::Training),
    ("workshop", Attribute::Training),
    ("course", Attribute::Training),
];

/// Language names in Dutch and English, as word forms, with their ISO 639-1 code (ISO 639-3 where there
/// is none). Both the language and the adjective of a speaker ("Pools", "Poolse", "Polish").
const LANGUAGES: &[(&str, &str)] = &[
    ("engels", "en"),
    ("engelstalig", "en"),
    ("english", "en"),
    ("pools", "pl"),
    ("poolse", "pl"),
    ("polish", "pl"),
    ("turks", "tr"),
    ("turkse", "tr"),
    ("turkish", "tr"),
    ("arabisch", "ar"),
    ("arabische", "ar"),
    ("arabic", "ar"),
    ("somalisch", "so"),
    ("somalische", "so"),
    ("somali", "so"),
    ("tigrinya", "ti"),
    ("tigrinia", "ti"),
    ("eritrese", "ti"),
    ("oekraiens", "uk"),
    ("oekraiense", "uk"),
    ("ukrainian", "uk"),
    ("russisch", "ru"),
    ("russische", "ru"),
    ("russian", "ru"),
    ("marokkaans", "ar"),
    ("berbers", "ber"),
    ("tamazight", "ber"),
    ("frans", "fr"),
    ("franse", "fr"),
    ("french", "fr"),
    ("duits", "de"),
    ("duitse", "de"),
    ("german", "de"),
    ("spaans", "es"),
    ("spaanse", "es"),
    ("spanish", "es"),
    ("portugees", "pt"),
    ("portugese", "pt"),
    ("portuguese", "pt"),
    ("roemeens", "ro"),
    ("roemeense", "ro"),
    ("romanian", "ro"),
    ("bulgaars", "bg"),
    ("bulgaarse", "bg"),
    ("bulgarian", "bg"),
    ("farsi", "fa"),
    ("perzisch", "fa"),
    ("dari", "prs"),
    ("pashto", "ps"),
    ("koerdisch", "ku"),
    ("koerdische", "ku"),
    ("kurdish", "ku"),
    ("papiaments", "pap"),
    ("papiamento", "pap"),
    ("sranantongo", "srn"),
    ("surinaams", "srn"),
    ("chinees", "zh"),
    ("chinese", "zh"),
    ("mandarijn", "zh"),
    ("gebarentaal", "sgn"),
];

/// Words that make a number before or after it an age.
const AGE_WORDS: &[&str] = &[
    "jaar", "jarige", "jarig", "jr", "jaar oud", "year", "years", "old",
];
/// Words before a number that make it an age.
const AGE_BEFORE: &[&str] = &["van", "is", "aged", "age", "leeftijd"];
/// Words near a number that say it belongs to a person.
const PERSON_WORDS: &[&str] = &[
    "zoon", "dochter", "kind", "kinderen", "jongen", "meisje", "jongere", "moeder", "vader", "man",
    "vrouw", "oma", "opa", "cliënt", "client", "meneer", "mevrouw", "son", "daughter", "boy",
    "girl", "mother", "father",
];

/// The attributes in `words` (each as typed), with the typed words that named each; the words named are
/// marked in `taken`.
pub(crate) fn detect_attributes(
    words: &[String],
    taken: &mut [bool],
) -> Vec<(Attribute, Vec<usize>)> {
    let forms: Vec<String> = words
        .iter()
        .map(|w| analyze_words(&w.replace('\'', " ")).join(" "))
        .collect();
    let mut found: Vec<(Attribute, Vec<usize>)> = Vec::new();
    let mut phrases: Vec<(Vec<&str>, Attribute)> = PHRASES
        .iter()
        .map(|(p, a)| (p.split(' ').collect::<Vec<_>>(), *a))
        .chain(
            LANGUAGES
                .iter()
                .map(|(n, c)| (vec![*n], Attribute::Language(c))),
        )
        .collect();
    sort_by_number(&mut phrases, |(p, _)| descending(p.len()));
    for (phrase, attribute) in &phrases {
        if phrase.len() > forms.len() {
            continue;
        }
        for start in 0..=forms.len() - phrase.len() {
            let range = start..start + phrase.len();
            if taken[range.clone()].iter().any(|t| *t) {
                continue;
            }
            if forms[range.clone()].iter().zip(phrase).all(|(f, p)| f == p) {
                taken[range.clone()].iter_mut().for_each(|t| *t = true);
                if !found.iter().any(|(a, _)| a == attribute) {
                    found.push((*attribute, range.collect()));
                }
            }
        }
    }
    for i in 0..forms.len() {
        if taken[i] {
            continue;
        }
        if let Some((age, span)) = age_at(&forms, i) {
            if span.clone().all(|j| !taken[j])
                && !found.iter().any(|(a, _)| matches!(a, Attribute::Age(_)))
            {
                span.clone().for_each(|j| taken[j] = true);
                found.push((Attribute::Age(age), span.collect()));
            }
        }
    }
    sort_by_number(&mut found, |(_, w)| w[0] as u64);
    found
}

/// An age named at word `i`: "16 jaar", "17-jarige", "van 16" after a person, "75 jaar oud"; the range of
/// words that named it.
fn age_at(forms: &[String], i: usize) -> Option<(u32, std::ops::Range<usize>)> {
    let form = &forms[i];
    // "17-jarige" is one typed word of two forms.
    let mut parts = form.split(' ');
    let number: u32 = parts.next()?.parse().ok()?;
    if !(0..=110).contains(&number) || form.len() > 3 && !form.contains(' ') {
        return None;
    }
    let glued_age_word = parts.next().is_some_and(|w| AGE_WORDS.contains(&w));
    let next_is_age_word = forms
        .get(i + 1)
        .is_some_and(|w| AGE_WORDS.contains(&w.as_str()));
    let before = i.checked_sub(1).map(|j| forms[j].as_str());
    let after_person = before.is_some_and(|w| AGE_BEFORE.contains(&w))
        && forms[..i.saturating_sub(1)]
            .iter()
            .rev()
            .take(3)
            .any(|w| PERSON_WORDS.contains(&w.as_str()));
    if glued_age_word {
        Some((number, i..i + 1))
    } else if next_is_age_word {
        let end = if forms.get(i + 2).is_some_and(|w| w == "oud" || w == "old") {
            i + 3
        } else {
            i + 2
        };
        Some((number, i..end))
    } else if after_person {
        Some((number, i - 1..i + 1))
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::OpeningSpan;

    fn detected(query: &str) -> Vec<(String, Vec<String>)> {
        let words: Vec<String> = query.split_whitespace().map(str::to_string).collect();
        let mut taken = vec![false; words.len()];
        detect_attributes(&words, &mut taken)
            .into_iter()
            .map(|(a, w)| (a.id(), w.iter().map(|&i| words[i].clone()).collect()))
            .collect()
    }

    fn ids(query: &str) -> Vec<String> {
        detected(query).into_iter().map(|(id, _)| id).collect()
    }

    #[test]
    fn ages_in_sentences() {
        assert_eq!(
            detected("haar zoon van 16 blowt elke dag"),
            [(
                "age:16".to_string(),
                vec!["van".to_string(), "16".to_string()]
            )]
        );
        assert_eq!(ids("17-jarige spijbelt"), ["age:17"]);
        assert_eq!(ids("mevrouw is 75 jaar en vereenzaamt"), ["age:75"]);
        assert_eq!(ids("meneer van 82 jaar oud valt vaak"), ["age:82"]);
    }

    #[test]
    fn numbers_that_are_no_age() {
        for query in [
            "huurachterstand 5644",
            "verordening wmo 2025",
            "3 maanden huurachterstand",
            "schuld van 2000 euro",
            "artikel 285",
        ] {
            assert_eq!(ids(query), Vec::<String>::new(), "{query}");
        }
    }

    #[test]
    fn cost_referral_visits_hours_and_language() {
        assert_eq!(ids("budgetcoach die kost niks"), ["free"]);
        assert_eq!(ids("gratis rechtshulp"), ["free"]);
        assert_eq!(ids("psycholoog zonder doorverwijzing"), ["no-referral"]);
        assert_eq!(ids("dementie huisbezoek"), ["home-visits"]);
        assert_eq!(ids("voedselbank op zaterdag"), ["day:6"]);
        assert_eq!(ids("inloop 's avonds"), ["evening"]);
        assert_eq!(ids("schuldhulp in het Pools"), ["language:pl"]);
        assert_eq!(ids("Turkse vrouw met schulden"), ["language:tr"]);
        assert_eq!(ids("somalisch sprekende moeder opvoeding"), ["language:so"]);
        assert_eq!(ids("leren signaleren van geldzorgen"), ["training"]);
    }

    #[test]
    fn sentences_without_attributes() {
        for query in [
            "geldproblemen",
            "moeder heeft een huurachterstand",
            "eenzaam",
            "",
        ] {
            assert_eq!(ids(query), Vec::<String>::new(), "{query}");
        }
    }

    #[test]
    fn services_fit_attributes() {
        let service = ServiceFacts {
            minimum_age: Some(12),
            maximum_age: Some(23),
            cost: Some(Cost::Free),
            referral_required: Some(false),
            hours: vec![OpeningSpan {
                day: 6,
                open: 10 * 60,
                close: 12 * 60,
            }],
            languages: vec!["nl".into(), "pl".into()],
            ..ServiceFacts::default()
        };
        assert!(Attribute::Age(16).fits(&service));
        assert_eq!(Attribute::Age(30).judge(&service), Some(false));
        assert_eq!(Attribute::Age(30).judge(&ServiceFacts::default()), None);
        assert!(Attribute::Free.fits(&service));
        assert!(Attribute::NoReferral.fits(&service));
        assert!(!Attribute::HomeVisits.fits(&service));
        assert!(Attribute::Day(6).fits(&service));
        assert!(!Attribute::Day(7).fits(&service));
        assert!(!Attribute::Evening.fits(&service));
        assert!(Attribute::Language("pl").fits(&service));
        assert!(!Attribute::Language("tr").fits(&service));
    }
}
