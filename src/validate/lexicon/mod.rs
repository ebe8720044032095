//! The lexicon of needs: reads lexicon files (the default one embedded per language,
//! `assets/lexicon/LANG.yaml`, and a site's `content/_data/lexicon.yaml`), reporting what is wrong in
//! each; `merge` merges them need by need and checks them against the site's domains and glossary.

mod merge;

pub use merge::merge;

use super::data::{list_items, optional_list, optional_text, read_id};
use super::embedded::{read_embedded, Embedded};
use crate::config::Language;
use crate::content::NeedItem;
use crate::yaml::ReadContext;
use include_dir::{include_dir, Dir};
use serde_yaml::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

static DEFAULT_LEXICONS: Dir = include_dir!("$CARGO_MANIFEST_DIR/assets/lexicon");

/// The name diagnostics give the embedded default lexicon (which a test keeps free of them).
pub const DEFAULT_LEXICON_FILE: &str = "(embedded default lexicon)";

/// The default lexicon of a language and what reading it reported (nothing, as a test checks).
pub type DefaultLexicon = Embedded<NeedItem>;

/// The embedded default lexicon of `language`, read once per process; None for a language without one
/// (English: its English expressions serve Dutch sites, whose visitors may write English).
pub fn default_lexicon(language: Language) -> Option<&'static DefaultLexicon> {
    static DEFAULTS: OnceLock<HashMap<&'static str, DefaultLexicon>> = OnceLock::new();
    DEFAULTS
        .get_or_init(|| {
            read_embedded(&DEFAULT_LEXICONS, DEFAULT_LEXICON_FILE, |ctx, value| {
                read_lexicon(ctx, value, false)
            })
        })
        .get(language.code())
}

/// Reads the needs of a lexicon file; `site` allows `remove`, which only a site's lexicon has. Reports
/// duplicate ids within the file.
pub fn read_lexicon(ctx: &mut ReadContext, value: &Value, site: bool) -> Vec<NeedItem> {
    let mut seen = HashMap::new();
    let mut items = Vec::new();
    for mut r in list_items(ctx, value, "need") {
        let at = r.at(ctx);
        let id = read_id(ctx, &mut r, &mut seen);
        let domain = optional_text(ctx, &mut r, "domain");
        let term = optional_text(ctx, &mut r, "term");
        let expressions = optional_list(ctx, &mut r, "expressions", false);
        let english = optional_list(ctx, &mut r, "english", false);
        let remove = site && r.flag(ctx, "remove").is_some_and(|f| f.value);
        r.finish(ctx);
        let Some(id) = id else {
            continue;
        };
        items.push(NeedItem {
            id,
            at,
            remove,
            domain,
            term,
            expressions,
            english,
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{Domain, GlossaryTerm, Need};
    use crate::diagnostics::{Diagnostic, Diagnostics, Position};
    use crate::validate::glossary::{self, default_glossary};
    use crate::yaml::{self, PositionText};
    use std::collections::{BTreeMap, HashSet};

    /// The 14 life domains of the default taxonomy: the 13 of the Zelfredzaamheid-Matrix plus opvoeding &
    /// jeugd (the example site's `content/_data/domains.yaml`).
    const DEFAULT_DOMAINS: [&str; 14] = [
        "financien",
        "werk-opleiding",
        "tijdsbesteding",
        "huisvesting",
        "huiselijke-relaties",
        "geestelijke-gezondheid",
        "lichamelijke-gezondheid",
        "middelengebruik",
        "basale-adl",
        "instrumentele-adl",
        "sociaal-netwerk",
        "maatschappelijke-participatie",
        "justitie",
        "opvoeding-jeugd",
    ];

    fn domains(ids: &[&str]) -> Vec<Domain> {
        ids.iter()
            .map(|id| Domain {
                id: id.to_string(),
                at: Position::START,
                label: id.to_string(),
                description: None,
                synonyms: Vec::new(),
                signals: Vec::new(),
            })
            .collect()
    }

    fn parse(text: &str, site: bool, diagnostics: &mut Diagnostics) -> Vec<NeedItem> {
        let doc = yaml::parse(
            text,
            "l.yaml",
            Position::START,
            PositionText::Kept(text.into()),
        )
        .unwrap();
        let mut ctx = ReadContext {
            file: "l.yaml",
            source: 0,
            positions: &doc.positions,
            diagnostics,
        };
        read_lexicon(&mut ctx, &doc.value, site)
    }

    fn default_terms() -> Vec<GlossaryTerm> {
        let nl = default_glossary(Language::Nl).unwrap();
        glossary::merge(&nl.items, &[], "g.yaml", &mut Diagnostics::default())
    }

    const SHIPPED: &str = "\
- id: schulden
  domain: financien
  term: wgs
  expressions: [geldzorgen, rood staan]
  english: [debt counselling]
- id: verslaving-cannabis
  domain: middelengebruik
  expressions: [blowen]
- id: budgetbeheer
  domain: financien
  term: budgetbeheer
  expressions: [budgetbeheer]
";

    /// The merged needs of `SHIPPED` with `site` on a site of `domain_ids` with the default glossary.
    fn merged_on(domain_ids: &[&str], site: &str) -> (Vec<Need>, Vec<Diagnostic>) {
        let mut found = Diagnostics::default();
        let defaults = parse(SHIPPED, false, &mut found);
        assert!(found.sorted().is_empty());
        let mut diagnostics = Diagnostics::default();
        let items = parse(site, true, &mut diagnostics);
        let needs = merge(
            &defaults,
            &items,
            "l.yaml",
            &domains(domain_ids),
            &default_terms(),
            &mut diagnostics,
        );
        (needs, diagnostics.sorted())
    }

    fn merged(site: &str) -> (Vec<Need>, Vec<Diagnostic>) {
        merged_on(&DEFAULT_DOMAINS, site)
    }

    fn ids(needs: &[Need]) -> Vec<&str> {
        needs.iter().map(|n| n.id.as_str()).collect()
    }

    #[test]
    fn a_site_item_overrides_only_the_fields_it_sets() {
        let (needs, found) =
            merged("- id: schulden\n  expressions: [geldzorgen, rood staan, krap]\n");
        assert!(found.is_empty(), "{found:?}");
        let schulden = &needs[0];
        assert_eq!(schulden.expressions, ["geldzorgen", "rood staan", "krap"]);
        assert_eq!(schulden.english, ["debt counselling"], "kept");
        assert_eq!(schulden.term.as_deref(), Some("wgs"));
        assert_eq!(needs.len(), 3, "an override is no new need");
    }

    #[test]
    fn new_needs_are_added_and_removed_needs_dropped() {
        let (needs, found) = merged(
            "- id: verslaving-cannabis\n  remove: true\n- id: stadspas\n  domain: maatschappelijke-participatie\n  expressions: [lindepas]\n  english: [city pass]\n",
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(ids(&needs), ["schulden", "budgetbeheer", "stadspas"]);
        assert_eq!(needs[2].expressions, ["lindepas"]);
        assert_eq!(needs[2].english, ["city pass"]);
        assert_eq!(needs[2].term, None);
    }

    #[test]
    fn shipped_needs_of_a_domain_the_site_lacks_are_left_out_silently() {
        let (needs, found) = merged_on(&["financien", "huisvesting"], "");
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(ids(&needs), ["schulden", "budgetbeheer"]);
        // But a site that changes such a need learns why its words would be lost.
        let (needs, found) = merged_on(
            &["financien", "huisvesting"],
            "- id: verslaving-cannabis\n  expressions: [blowen, jonko]\n",
        );
        assert_eq!(ids(&needs), ["schulden", "budgetbeheer"]);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "unknown-domain");
        assert_eq!((found[0].line, found[0].column), (1, 7));
        assert!(
            found[0].message.contains("`middelengebruik`"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_shipped_term_the_site_removed_is_dropped_but_the_need_stays() {
        let mut diagnostics = Diagnostics::default();
        let defaults = parse(SHIPPED, false, &mut diagnostics);
        let terms: Vec<GlossaryTerm> = default_terms()
            .into_iter()
            .filter(|t| t.id != "budgetbeheer")
            .collect();
        let needs = merge(
            &defaults,
            &[],
            "l.yaml",
            &domains(&DEFAULT_DOMAINS),
            &terms,
            &mut diagnostics,
        );
        assert!(diagnostics.sorted().is_empty());
        assert_eq!(needs[2].id, "budgetbeheer");
        assert_eq!(needs[2].domain, "financien");
        assert_eq!(needs[2].term, None);
        assert_eq!(needs[0].term.as_deref(), Some("wgs"));
    }

    #[test]
    fn bad_items_of_the_site_are_reported() {
        let (needs, found) = merged(
            "\
- id: geldzorgen-lokaal
  domain: financein
  expressions: [krap zitten]
- id: hulp
  domain: financien
  term: beschermingsbewin
  expressions: [Rood  Staan, lenen, lenen]
- id: hulp
  domain: financien
  expressions: [x]
- id: leeg
  domain: \"\"
- id: verslaving-canabis
  remove: true
- id: nieuw
  domain: justitie
  expressions: [krap zitten]
  kleur: blauw
",
        );
        let codes: Vec<(usize, usize, &str)> =
            found.iter().map(|d| (d.line, d.column, d.code)).collect();
        assert_eq!(
            codes,
            [
                (2, 11, "unknown-domain"),
                (6, 9, "unknown-term"),
                (7, 17, "duplicate-expression"),
                (7, 37, "duplicate-expression"),
                (8, 7, "duplicate-id"),
                (11, 3, "missing-field"),
                (12, 11, "missing-field"),
                (13, 7, "unknown-need"),
                (18, 3, "unknown-field"),
            ],
            "{found:#?}"
        );
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `financien`?"));
        assert!(found[1]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `beschermingsbewind`"));
        assert!(found[2].message.contains("the shipped need `schulden`"));
        assert!(found[3].message.contains("twice"));
        assert_eq!(
            found[7].hint.as_deref(),
            Some("did you mean `verslaving-cannabis`?")
        );
        // `krap zitten` of `nieuw` is not reported: its first claim went with the unknown domain. The need
        // with an unknown term stays, without the term and without the repeated expressions.
        let hulp = needs.iter().find(|n| n.id == "hulp").unwrap();
        assert_eq!(hulp.term, None);
        assert_eq!(hulp.expressions, ["lenen"]);
        assert!(needs.iter().any(|n| n.id == "nieuw"));
        assert!(!needs
            .iter()
            .any(|n| n.id == "geldzorgen-lokaal" || n.id == "leeg"));
    }

    #[test]
    fn a_site_expression_naming_two_of_its_needs_is_reported_at_the_second() {
        let (_, found) = merged(
            "- id: a\n  domain: financien\n  expressions: [krap]\n- id: b\n  domain: justitie\n  english: [KRAP]\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!((found[0].line, found[0].code), (6, "duplicate-expression"));
        assert!(
            found[0]
                .message
                .contains("also names the need `a` (line 3)"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn the_default_lexicon_is_clean_and_complete() {
        let nl = default_lexicon(Language::Nl).expect("a Dutch default lexicon");
        let found = nl.diagnostics.clone().sorted();
        assert!(found.is_empty(), "{found:#?}");
        assert!(default_lexicon(Language::En).is_none());
        let terms = default_terms();
        let mut diagnostics = Diagnostics::default();
        let needs = merge(
            &nl.items,
            &[],
            "l.yaml",
            &domains(&DEFAULT_DOMAINS),
            &terms,
            &mut diagnostics,
        );
        let found = diagnostics.sorted();
        assert!(found.is_empty(), "{found:#?}");
        assert_eq!(needs.len(), nl.items.len(), "every shipped need kept");

        // Points only at default terms: a term the merge would drop silently is a mistake here.
        let term_ids: HashSet<&str> = terms.iter().map(|t| t.id.as_str()).collect();
        for item in &nl.items {
            if let Some(term) = &item.term {
                assert!(
                    term_ids.contains(term.value.as_str()),
                    "{}: term `{}`",
                    item.id.value,
                    term.value
                );
            }
        }
        // No expression names two needs, nor one need twice.
        let mut seen: HashMap<String, &str> = HashMap::new();
        for need in &needs {
            for expression in need.expressions.iter().chain(&need.english) {
                let key = expression
                    .split_whitespace()
                    .collect::<Vec<_>>()
                    .join(" ")
                    .to_lowercase();
                if let Some(other) = seen.insert(key, &need.id) {
                    panic!("`{expression}` names `{other}` and `{}`", need.id);
                }
            }
        }

        // At least 600 Dutch expressions over all 14 domains, each domain with English.
        let mut per_domain: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
        for need in &needs {
            let counts = per_domain.entry(need.domain.as_str()).or_default();
            counts.0 += need.expressions.len();
            counts.1 += need.english.len();
        }
        let dutch: usize = per_domain.values().map(|c| c.0).sum();
        assert!(dutch >= 600, "{dutch} Dutch expressions");
        assert_eq!(
            per_domain.keys().copied().collect::<HashSet<_>>(),
            DEFAULT_DOMAINS.into_iter().collect::<HashSet<_>>()
        );
        for (domain, (dutch, english)) in &per_domain {
            assert!(
                *dutch >= 20 && *english >= 10,
                "{domain}: {dutch} Dutch, {english} English"
            );
        }
        // English for every default glossary term.
        for term in &terms {
            assert!(
                needs
                    .iter()
                    .any(|n| n.term.as_deref() == Some(&term.id) && !n.english.is_empty()),
                "no English for the glossary term `{}`",
                term.id
            );
        }
        // What the issue names, and the words of the default taxonomy's own examples.
        for (expression, need) in [
            ("blowen", "verslaving-cannabis"),
            ("op straat gezet", "dakloosheid"),
            ("zwartwerken", "arbeidsconflict"),
            ("paniekaanvallen", "angst"),
            ("eetstoornis", "eetstoornis"),
            ("beroerte", "hersenletsel"),
            ("scheiding", "scheiding"),
            ("partner overleden", "rouw"),
            ("baan kwijt", "werkloosheid"),
            ("straf uitgezeten", "nazorg-detentie"),
            ("huurachterstand", "huurachterstand"),
            ("geldproblemen", "schulden"),
            ("debt counselling", "schulden"),
            ("food bank", "voedsel"),
            ("domestic violence", "huiselijk-geweld"),
            ("youth mental health", "jeugd-ggz"),
        ] {
            assert!(
                needs.iter().any(|n| n.id == need
                    && n.expressions
                        .iter()
                        .chain(&n.english)
                        .any(|e| e == expression)),
                "`{expression}` does not name `{need}`"
            );
        }
    }
}
