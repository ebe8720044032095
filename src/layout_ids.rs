//! The ids the default theme's layout and scripts give their own elements: no anchor that content makes
//! (a heading of a Markdown text, a glossary term) may take one, or the page has two elements with one id
//! and a link to either lands on the wrong one.

/// Ids written by the templates, the search scripts (`search-*.js`) and the plan scripts. A test checks that
/// every literal `id` in the default theme's templates is listed.
pub const LAYOUT_IDS: &[&str] = &[
    "inhoud",
    "zoekveld",
    "zoekveld-resultaten",
    "zoekveld-kop",
    "zoekveld-kop-resultaten",
    "zoekresultaten",
    "search-config",
    "letters",
    "leefgebieden",
    "overzichten",
    "partners",
    "regels",
    "scholing",
    "kennisbank",
    "verouderd",
    "onvolledig",
    "sessies",
    "gaten",
    "meldingen",
    "diensten",
    "bijeenkomsten",
    "wijkpartners",
    "gemeentebreed",
    "contact-verwijzen",
    "hiaten",
    "graaf-kop",
    "graaf-relaties",
    "graph-arrow",
    "plan-config",
    "plan-privacy-titel",
    "plan-app",
    "plan-print",
    "plan-open-titel",
    "plan-domeinen-titel",
    "plan-lijst-titel",
    "plan-bestand-titel",
];

/// Prefixes of ids the layout makes in series: the glossary's letter sections, the search filters and the
/// form fields of the household plan (plan*.js).
pub const LAYOUT_ID_PREFIXES: &[&str] = &["letter-", "filter-", "plan-veld-", "plan-add-"];

/// Whether `id` is, or could be, one of the layout's own ids.
pub fn is_layout_id(id: &str) -> bool {
    LAYOUT_IDS.contains(&id) || in_layout_series(id)
}

/// Whether `id` has the form of one of the layout's series of ids (see `LAYOUT_ID_PREFIXES`).
pub fn in_layout_series(id: &str) -> bool {
    LAYOUT_ID_PREFIXES.iter().any(|p| id.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every `id="…"` without a template expression in the default theme's templates.
    fn literal_template_ids() -> Vec<(String, String)> {
        let folder = concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/templates");
        let mut ids = Vec::new();
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            for piece in source.split(" id=\"").skip(1) {
                let id = &piece[..piece.find('"').unwrap()];
                if !id.contains("{{") {
                    ids.push((path.display().to_string(), id.to_string()));
                }
            }
        }
        ids
    }

    #[test]
    fn every_id_of_the_templates_is_reserved() {
        let ids = literal_template_ids();
        assert!(ids.len() > 10, "too few ids found: {ids:?}");
        for (file, id) in ids {
            assert!(is_layout_id(&id), "{file}: id `{id}` is not in LAYOUT_IDS");
        }
    }
}
