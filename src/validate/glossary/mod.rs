//! The glossary: reads glossary files (the default one embedded per language, `assets/glossary/LANG.yaml`,
//! and a site's `content/_data/glossary.yaml`), reporting what is wrong in each; `merge` merges them term
//! by term.

mod merge;

pub use merge::merge;

use super::data::{list_items, optional_list, optional_text};
use super::embedded::{read_embedded, Embedded};
use crate::config::Language;
use crate::content::{GlossaryItem, GlossaryLinks};
use crate::formats;
use crate::markdown::slugify;
use crate::yaml::{ReadContext, Spanned};
use include_dir::{include_dir, Dir};
use serde_yaml::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

static DEFAULT_GLOSSARIES: Dir = include_dir!("$CARGO_MANIFEST_DIR/assets/glossary");

/// The name diagnostics give the embedded default glossary (which a test keeps free of them).
pub const DEFAULT_GLOSSARY_FILE: &str = "(embedded default glossary)";

/// The default glossary of a language and what reading it reported (nothing, as a test checks).
pub type DefaultGlossary = Embedded<GlossaryItem>;

/// The embedded default glossary of `language`, read once per process; None for a language without one
/// (English).
pub fn default_glossary(language: Language) -> Option<&'static DefaultGlossary> {
    static DEFAULTS: OnceLock<HashMap<&'static str, DefaultGlossary>> = OnceLock::new();
    DEFAULTS
        .get_or_init(|| {
            read_embedded(&DEFAULT_GLOSSARIES, DEFAULT_GLOSSARY_FILE, |ctx, value| {
                read_glossary(ctx, value, false)
            })
        })
        .get(language.code())
}

/// Reads the items of a glossary file; `site` allows the fields only a site's glossary has (`remove` and
/// the links to entries). Reports duplicate ids within the file.
pub fn read_glossary(ctx: &mut ReadContext, value: &Value, site: bool) -> Vec<GlossaryItem> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::new();
    for mut r in list_items(ctx, value, "term") {
        let at = r.at(ctx);
        let explicit = r.text(ctx, "id");
        let term = optional_text(ctx, &mut r, "term").map(|t| t.value);
        let abbreviations = optional_list(ctx, &mut r, "abbreviations", false);
        let variants = optional_list(ctx, &mut r, "variants", false)
            .map(|v| v.into_iter().map(|t| t.value).collect());
        let explanation = optional_text(ctx, &mut r, "explanation").map(|t| t.value);
        let source = r.url(ctx, "source").map(|t| t.value);
        let see_also = optional_list(ctx, &mut r, "see_also", true);
        let (remove, links) = if site {
            (
                r.flag(ctx, "remove").is_some_and(|f| f.value),
                GlossaryLinks {
                    partners: optional_list(ctx, &mut r, "partners", true),
                    regulations: optional_list(ctx, &mut r, "regulations", true),
                    modules: optional_list(ctx, &mut r, "modules", true),
                    pages: optional_list(ctx, &mut r, "pages", true),
                },
            )
        } else {
            (false, GlossaryLinks::default())
        };
        r.finish(ctx);
        let id = match (explicit, &term) {
            (Some(id), _) => {
                let trimmed = id.value.trim().to_string();
                if let Err(error) = formats::check_id(&trimmed) {
                    ctx.error("invalid-format", id.position(), error.message, error.hint);
                    continue;
                }
                Spanned::new(trimmed, id.at)
            }
            (None, Some(term)) => Spanned::new(slugify(term), at.clone()),
            (None, None) => {
                ctx.error(
                    "missing-field",
                    at.position(),
                    "a term has no `term`".into(),
                    "add `term: …` (the full name); `id` is optional and defaults to its slug"
                        .into(),
                );
                continue;
            }
        };
        if id.value.is_empty() {
            ctx.error(
                "invalid-format",
                at.position(),
                "the term gives no id".into(),
                "add an `id: …` of lowercase letters, digits and hyphens".into(),
            );
            continue;
        }
        if let Some(line) = seen.insert(id.value.clone(), id.position().line) {
            ctx.error(
                "duplicate-id",
                id.position(),
                format!("the term id `{}` is already used on line {line}", id.value),
                "give every term its own id; to change a term, edit its first item".into(),
            );
            continue;
        }
        items.push(GlossaryItem {
            id,
            at,
            remove,
            term,
            abbreviations,
            variants,
            explanation,
            source,
            see_also,
            links,
        });
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::GlossaryTerm;
    use crate::diagnostics::{Diagnostic, Diagnostics, Position};
    use crate::yaml::{self, PositionText};

    fn parse(text: &str, site: bool, diagnostics: &mut Diagnostics) -> Vec<GlossaryItem> {
        let doc = yaml::parse(
            text,
            "g.yaml",
            Position::START,
            PositionText::Kept(text.into()),
        )
        .unwrap();
        let mut ctx = ReadContext {
            file: "g.yaml",
            source: 0,
            positions: &doc.positions,
            diagnostics,
        };
        read_glossary(&mut ctx, &doc.value, site)
    }

    fn read(text: &str, site: bool) -> (Vec<GlossaryItem>, Vec<Diagnostic>) {
        let mut diagnostics = Diagnostics::default();
        let items = parse(text, site, &mut diagnostics);
        (items, diagnostics.sorted())
    }

    const DEFAULTS: &str = "\
- id: bbz
  term: Besluit bijstandverlening zelfstandigen
  abbreviations: [Bbz]
  explanation: Bijstand voor zelfstandigen.
  see_also: [participatiewet]
- term: Participatiewet
  abbreviations: [Pw]
  variants: [bijstand]
  explanation: De wet van de bijstand.
";

    fn merged(site: &str) -> (Vec<GlossaryTerm>, Vec<Diagnostic>) {
        let (defaults, found) = read(DEFAULTS, false);
        assert!(found.is_empty(), "{found:?}");
        let mut diagnostics = Diagnostics::default();
        let items = parse(site, true, &mut diagnostics);
        let terms = merge(&defaults, &items, "g.yaml", &mut diagnostics);
        (terms, diagnostics.sorted())
    }

    #[test]
    fn the_id_defaults_to_the_slug_of_the_term() {
        let (terms, found) = merged("");
        assert!(found.is_empty());
        assert_eq!(terms[1].id, "participatiewet");
        assert_eq!(terms[0].see_also, ["participatiewet"]);
    }

    #[test]
    fn a_site_item_overrides_only_the_fields_it_sets() {
        let (terms, found) =
            merged("- id: bbz\n  partners: [werk]\n  variants: [ondernemersbijstand]\n");
        assert!(found.is_empty(), "{found:?}");
        let bbz = &terms[0];
        assert_eq!(bbz.term, "Besluit bijstandverlening zelfstandigen");
        assert_eq!(bbz.abbreviations, ["Bbz"]);
        assert_eq!(bbz.variants, ["ondernemersbijstand"]);
        assert_eq!(bbz.links.partners[0].value, "werk");
        assert_eq!(bbz.file, "g.yaml");
        assert_eq!(terms.len(), 2, "an override is no new term");
    }

    #[test]
    fn new_terms_are_added_and_removed_terms_dropped() {
        let (terms, found) = merged(
            "- term: Driegesprek\n  explanation: Cliënt, coach en partner samen.\n- id: bbz\n  remove: true\n",
        );
        assert!(found.is_empty(), "{found:?}");
        let ids: Vec<&str> = terms.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["participatiewet", "driegesprek"]);
    }

    #[test]
    fn duplicate_abbreviations_are_found_case_insensitively_after_merging() {
        let (_, found) = merged(
            "- term: Bijzondere bijstand\n  abbreviations: [BBZ]\n  explanation: Voor bijzondere kosten.\n",
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].code, "duplicate-abbreviation");
        assert_eq!((found[0].line, found[0].column), (2, 19));
        assert!(
            found[0].message.contains("`bbz` (the default glossary)"),
            "{}",
            found[0].message
        );
        // A term may list spellings of its own abbreviation.
        let (_, found) = merged("- id: bbz\n  abbreviations: [Bbz, BBZ]\n");
        assert!(found.is_empty(), "{found:?}");
    }

    #[test]
    fn bad_items_are_reported() {
        let (_, found) = merged(
            "- term: Leerhuis\n- id: leerhuis\n  term: Leerhuis\n  explanation: x\n- id: x\n  term: X\n  explanation: \"\"\n  see_also: [participatiewt, x]\n  kleur: blauw\n- id: onbekend\n  remove: true\n",
        );
        let codes: Vec<(usize, &str)> = found.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            codes,
            [
                (1, "missing-field"),
                (2, "duplicate-id"),
                (7, "missing-field"),
                (8, "unknown-term"),
                (8, "unknown-term"),
                (9, "unknown-field"),
                (10, "unknown-term"),
            ],
            "{found:#?}"
        );
        assert_eq!(
            found[3].hint.as_deref(),
            Some("did you mean `participatiewet`?")
        );
    }

    #[test]
    fn the_default_glossary_is_clean() {
        let nl = default_glossary(Language::Nl).expect("a Dutch default glossary");
        let found = nl.diagnostics.clone().sorted();
        assert!(found.is_empty(), "{found:#?}");
        let mut diagnostics = Diagnostics::default();
        let terms = merge(&nl.items, &[], "g.yaml", &mut diagnostics);
        let found = diagnostics.sorted();
        assert!(found.is_empty(), "{found:#?}");
        assert!(terms.len() >= 80, "{} terms", terms.len());
        assert!(terms
            .iter()
            .all(|t| !t.explanation.is_empty() && !t.term.is_empty()));
        assert!(default_glossary(Language::En).is_none());
        for id in [
            "wmo",
            "jeugdwet",
            "participatiewet",
            "wgs",
            "wsnp",
            "msnp",
            "bbz",
            "ioaw",
            "ioaz",
            "wlz",
            "zvw",
            "pgb",
            "zin",
            "wvggz",
            "wzd",
            "toeslagen",
            "veilig-thuis",
            "jgt",
            "poh-ggz",
            "cjg",
            "uwv",
            "svb",
            "cak",
            "brp",
            "cjib",
            "lbio",
            "raad-voor-de-kinderbescherming",
            "gi",
            "wijkteam",
            "beschikking",
            "mandaat",
            "maatwerkvoorziening",
            "algemene-voorziening",
            "beschermingsbewind",
            "mentorschap",
            "curatele",
            "vroegsignalering",
            "beslagvrije-voet",
            "nah",
            "lvb",
            "meldcode",
            "keukentafelgesprek",
            "ondersteuningsplan",
            "persoonlijk-plan",
            "eigen-bijdrage",
            "bijzondere-bijstand",
            "individuele-inkomenstoeslag",
            "moratorium",
            "saneringskrediet",
            "dwangakkoord",
            "zorgmijder",
            "oggz",
            "ambulante-begeleiding",
            "dagbesteding",
            "respijtzorg",
            "mantelzorg",
        ] {
            assert!(
                terms.iter().any(|t| t.id == id),
                "the default glossary lacks `{id}`"
            );
        }
        let veilig_thuis = terms.iter().find(|t| t.id == "veilig-thuis").unwrap();
        assert!(veilig_thuis.abbreviations.iter().any(|a| a == "AMHK"));
        assert!(veilig_thuis.abbreviations.iter().any(|a| a == "SHG"));
        assert!(veilig_thuis
            .variants
            .iter()
            .any(|v| v == "Steunpunt Huiselijk Geweld"));
    }
}
