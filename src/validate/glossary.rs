//! The glossary: reads glossary files (the default one embedded per language, `assets/glossary/LANG.yaml`,
//! and a site's `content/_data/glossary.yaml`) and merges them term by term, reporting duplicate ids and
//! abbreviations, new terms without a name or explanation, and `see_also` ids that name no term.

use super::data::list_items;
use crate::config::Language;
use crate::content::{glossary_anchor, GlossaryItem, GlossaryLinks, GlossaryTerm};
use crate::diagnostics::{suggestion_hint, Diagnostic, Diagnostics, Position};
use crate::formats;
use crate::markdown::slugify;
use crate::yaml::{self, FieldReader, PositionText, ReadContext, Spanned};
use include_dir::{include_dir, Dir};
use serde_yaml::Value;
use std::collections::HashMap;
use std::sync::OnceLock;

static DEFAULT_GLOSSARIES: Dir = include_dir!("$CARGO_MANIFEST_DIR/assets/glossary");

/// The name diagnostics give the embedded default glossary (which a test keeps free of them).
pub const DEFAULT_GLOSSARY_FILE: &str = "(embedded default glossary)";

/// The default glossary of a language and what reading it reported (nothing, as a test checks).
pub struct DefaultGlossary {
    pub items: Vec<GlossaryItem>,
    /// Read only by that test: a build has nothing to report about a file the binary ships.
    #[cfg_attr(not(test), allow(dead_code))]
    pub diagnostics: Diagnostics,
}

/// The embedded default glossary of `language`, read once per process; None for a language without one
/// (English).
pub fn default_glossary(language: Language) -> Option<&'static DefaultGlossary> {
    static DEFAULTS: OnceLock<HashMap<&'static str, DefaultGlossary>> = OnceLock::new();
    DEFAULTS
        .get_or_init(|| {
            DEFAULT_GLOSSARIES
                .files()
                .filter_map(|file| {
                    let name = file.path().to_str()?;
                    let code = name.strip_suffix(".yaml")?;
                    let text = file.contents_utf8()?;
                    let mut diagnostics = Diagnostics::default();
                    let items = match yaml::parse(
                        text,
                        DEFAULT_GLOSSARY_FILE,
                        Position::START,
                        PositionText::Kept(text.to_string()),
                    ) {
                        Ok(document) => {
                            let mut ctx = ReadContext {
                                file: DEFAULT_GLOSSARY_FILE,
                                source: 0,
                                positions: &document.positions,
                                diagnostics: &mut diagnostics,
                            };
                            read_glossary(&mut ctx, &document.value, false)
                        }
                        Err(diagnostic) => {
                            diagnostics.push(diagnostic);
                            Vec::new()
                        }
                    };
                    Some((code, DefaultGlossary { items, diagnostics }))
                })
                .collect()
        })
        .get(language.code())
}

/// A list field as set: None when absent (or empty, `key:`), the items when written (`[]` clears it).
fn list(
    ctx: &mut ReadContext,
    r: &mut FieldReader,
    key: &'static str,
    ids: bool,
) -> Option<Vec<Spanned<String>>> {
    let set = r.has(key);
    let items = if ids {
        r.id_list(ctx, key)
    } else {
        r.text_list(ctx, key)
    };
    set.then(|| {
        items
            .into_iter()
            .map(|t| Spanned::new(t.value.trim().to_string(), t.at))
            .collect()
    })
}

/// A text as set: None when absent. Written but empty it is an error, and `Some("")` so that the merge
/// does not report it missing as well.
fn text(ctx: &mut ReadContext, r: &mut FieldReader, key: &'static str) -> Option<String> {
    let set = r.has(key);
    let text = r.text(ctx, key);
    if set && text.is_none() {
        let at = ctx.positions.value(&r.path_of(key));
        ctx.error(
            "missing-field",
            at,
            format!("`{key}` is empty"),
            format!("fill in `{key}`, or leave the field out"),
        );
        return Some(String::new());
    }
    text.map(|t| t.value.trim().to_string())
}

/// Reads the items of a glossary file; `site` allows the fields only a site's glossary has (`remove` and
/// the links to entries). Reports duplicate ids within the file.
pub fn read_glossary(ctx: &mut ReadContext, value: &Value, site: bool) -> Vec<GlossaryItem> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut items = Vec::new();
    for mut r in list_items(ctx, value, "term") {
        let at = r.at(ctx);
        let explicit = r.text(ctx, "id");
        let term = text(ctx, &mut r, "term");
        let abbreviations = list(ctx, &mut r, "abbreviations", false);
        let variants =
            list(ctx, &mut r, "variants", false).map(|v| v.into_iter().map(|t| t.value).collect());
        let explanation = text(ctx, &mut r, "explanation");
        let source = r.url(ctx, "source").map(|t| t.value);
        let see_also = list(ctx, &mut r, "see_also", true);
        let (remove, links) = if site {
            (
                r.flag(ctx, "remove").is_some_and(|f| f.value),
                GlossaryLinks {
                    partners: list(ctx, &mut r, "partners", true),
                    regulations: list(ctx, &mut r, "regulations", true),
                    modules: list(ctx, &mut r, "modules", true),
                    pages: list(ctx, &mut r, "pages", true),
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

/// A term while merging: where its abbreviations and `see_also` came from matters for the checks.
struct Merging {
    term: GlossaryTerm,
    abbreviations: Vec<(Spanned<String>, bool)>,
    see_also: Vec<(Spanned<String>, bool)>,
    removed: bool,
}

/// Sets the fields that `item` sets on `term`; `from_site` tells where the item is.
fn apply(term: &mut Merging, item: &GlossaryItem, from_site: bool) {
    let t = &mut term.term;
    if let Some(name) = &item.term {
        t.term = name.clone();
    }
    if let Some(abbreviations) = &item.abbreviations {
        term.abbreviations = abbreviations
            .iter()
            .map(|a| (a.clone(), from_site))
            .collect();
    }
    if let Some(variants) = &item.variants {
        t.variants = variants.clone();
    }
    if let Some(explanation) = &item.explanation {
        t.explanation = explanation.clone();
    }
    if item.source.is_some() {
        t.source = item.source.clone();
    }
    if let Some(see_also) = &item.see_also {
        term.see_also = see_also.iter().map(|s| (s.clone(), from_site)).collect();
    }
    let links = &item.links;
    for (set, target) in [
        (&links.partners, &mut t.links.partners),
        (&links.regulations, &mut t.links.regulations),
        (&links.modules, &mut t.links.modules),
        (&links.pages, &mut t.links.pages),
    ] {
        if let Some(ids) = set {
            *target = ids.clone();
        }
    }
}

/// A term as `item` states it.
fn new_term(item: &GlossaryItem, file: &str, from_site: bool) -> Merging {
    let mut term = Merging {
        term: GlossaryTerm {
            id: item.id.value.clone(),
            anchor: glossary_anchor(&item.id.value),
            term: String::new(),
            abbreviations: Vec::new(),
            variants: Vec::new(),
            explanation: String::new(),
            source: None,
            see_also: Vec::new(),
            links: GlossaryLinks::default(),
            file: file.to_string(),
        },
        abbreviations: Vec::new(),
        see_also: Vec::new(),
        removed: false,
    };
    apply(&mut term, item, from_site);
    term
}

/// The default terms with the site's items applied: an item whose id is a default term's overrides the
/// fields it sets (or drops the term with `remove: true`), any other item adds a term. `site_file` is the
/// site glossary's path, for diagnostics.
pub fn merge(
    defaults: &[GlossaryItem],
    site: &[GlossaryItem],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<GlossaryTerm> {
    let mut terms: Vec<Merging> = defaults
        .iter()
        .map(|item| new_term(item, DEFAULT_GLOSSARY_FILE, false))
        .collect();
    let mut index: HashMap<String, usize> = terms
        .iter()
        .enumerate()
        .map(|(i, t)| (t.term.id.clone(), i))
        .collect();
    let default_count = terms.len();
    for item in site {
        match index.get(&item.id.value).copied() {
            Some(i) if i < default_count => {
                let term = &mut terms[i];
                term.term.file = site_file.to_string();
                if item.remove {
                    term.removed = true;
                } else {
                    apply(term, item, true);
                }
            }
            // Duplicates within the file were reported when it was read.
            Some(_) => {}
            None if item.remove => {
                let hint = suggestion_hint(
                    &item.id.value,
                    defaults.iter().map(|d| d.id.value.as_str()),
                    "default terms",
                );
                diagnostics.push(
                    Diagnostic::error(
                        "unknown-term",
                        site_file,
                        item.id.position(),
                        format!(
                            "`remove` names `{}`, which is no default term",
                            item.id.value
                        ),
                    )
                    .with_hint(hint),
                );
            }
            None => {
                report_missing_fields(item, defaults, site_file, diagnostics);
                index.insert(item.id.value.clone(), terms.len());
                terms.push(new_term(item, site_file, true));
            }
        }
    }
    terms.retain(|t| !t.removed);
    check_anchors(&terms, diagnostics);
    check_abbreviations(&terms, diagnostics);
    let checked_see_also = checked_see_also(&terms, site_file, diagnostics);
    terms
        .into_iter()
        .zip(checked_see_also)
        .map(|(merging, see_also)| {
            let mut term = merging.term;
            term.abbreviations = merging
                .abbreviations
                .into_iter()
                .map(|(a, _)| a.value)
                .collect();
            term.see_also = see_also;
            term
        })
        .collect()
}

/// A site's new term (its id is no default term's) needs `term` and `explanation`.
fn report_missing_fields(
    item: &GlossaryItem,
    defaults: &[GlossaryItem],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) {
    for (missing, value) in [("term", &item.term), ("explanation", &item.explanation)] {
        if value.is_some() {
            continue;
        }
        let hint = if defaults.is_empty() {
            format!("a new term needs `term` and `explanation`; add `{missing}: …`")
        } else {
            let close = suggestion_hint(
                &item.id.value,
                defaults.iter().map(|d| d.id.value.as_str()),
                "default terms",
            );
            format!(
                "a new term needs `term` and `explanation`; to change a default term, use its id ({close})"
            )
        };
        diagnostics.push(
            Diagnostic::error(
                "missing-field",
                site_file,
                item.at.position(),
                format!("the term `{}` has no `{missing}`", item.id.value),
            )
            .with_hint(hint),
        );
    }
}

/// Each term's `see_also` reduced to terms that exist (not itself, each once); what the site's file names
/// wrongly is reported.
fn checked_see_also(
    terms: &[Merging],
    site_file: &str,
    diagnostics: &mut Diagnostics,
) -> Vec<Vec<String>> {
    let ids: Vec<&str> = terms.iter().map(|t| t.term.id.as_str()).collect();
    let mut checked_see_also = Vec::with_capacity(terms.len());
    for term in terms {
        let mut see_also = Vec::new();
        for (id, from_site) in &term.see_also {
            let known = ids.contains(&id.value.as_str()) && id.value != term.term.id;
            if known {
                if !see_also.contains(&id.value) {
                    see_also.push(id.value.clone());
                }
            } else if *from_site {
                let (message, hint) = if id.value == term.term.id {
                    (
                        format!("the term `{}` names itself in `see_also`", id.value),
                        "`see_also` lists other terms; remove this one".to_string(),
                    )
                } else {
                    (
                        format!(
                            "`see_also` names `{}`, which is no term of the glossary",
                            id.value
                        ),
                        suggestion_hint(&id.value, ids.iter().copied(), "terms"),
                    )
                };
                diagnostics.push(
                    Diagnostic::error("unknown-term", site_file, id.position(), message)
                        .with_hint(hint),
                );
            }
            // A default term's `see_also` of a term the site removed is dropped quietly.
        }
        checked_see_also.push(see_also);
    }
    checked_see_also
}

/// Two terms whose anchors are the same (`inhoud` is written `begrip-inhoud`, which a term may also be).
fn check_anchors(terms: &[Merging], diagnostics: &mut Diagnostics) {
    let mut seen: HashMap<&str, &str> = HashMap::new();
    for term in terms {
        if let Some(other) = seen.insert(&term.term.anchor, &term.term.id) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-id",
                    &term.term.file,
                    Position::START,
                    format!(
                        "the terms `{other}` and `{}` have the same anchor `#{}` on the glossary page",
                        term.term.id, term.term.anchor
                    ),
                )
                .with_hint("the layout's own ids get the prefix `begrip-`; give one of the terms another id"),
            );
        }
    }
}

/// An abbreviation marks and finds one term: two terms claiming it (compared case-insensitively) are an
/// error, reported at the claim that the site's glossary makes (the later one when both do).
fn check_abbreviations(terms: &[Merging], diagnostics: &mut Diagnostics) {
    // Lower-cased abbreviation → the term and the claim that made it first.
    let mut claimed: HashMap<String, (usize, &Spanned<String>, bool)> = HashMap::new();
    for (t, term) in terms.iter().enumerate() {
        for (abbreviation, from_site) in &term.abbreviations {
            let key = abbreviation.value.to_lowercase();
            let Some(&(first, earlier, earlier_from_site)) = claimed.get(&key) else {
                claimed.insert(key, (t, abbreviation, *from_site));
                continue;
            };
            if first == t {
                // One term may list spellings of its own abbreviation (`Wmo`, `WMO`).
                continue;
            }
            // Where the site made the claim: here, or at the earlier claim if only that one is the site's.
            let (reported, reported_term, other, other_at, other_from_site) =
                if *from_site || !earlier_from_site {
                    (
                        abbreviation,
                        term,
                        &terms[first],
                        earlier,
                        earlier_from_site,
                    )
                } else {
                    (earlier, &terms[first], term, abbreviation, *from_site)
                };
            let other_place = if other_from_site {
                format!("line {}", other_at.position().line)
            } else {
                "the default glossary".to_string()
            };
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-abbreviation",
                    &reported_term.term.file,
                    reported.position(),
                    format!(
                        "the abbreviation `{}` is also claimed by the term `{}` ({other_place})",
                        reported.value, other.term.id
                    ),
                )
                .with_hint(if other_from_site {
                    "an abbreviation marks and finds one term: keep it on one of the two terms".to_string()
                } else {
                    format!(
                        "an abbreviation marks and finds one term: remove it here, or give `{0}` other abbreviations (`- id: {0}` with `abbreviations: […]`)",
                        other.term.id
                    )
                }),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::PositionText;

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
