//! The glossary end to end: the example site's Begrippenlijst (anchors, who helps, backlinks, menu and
//! sitemap), first mentions marked once per entry, the terms in the search manifest, and a snapshot of
//! the page of a small English site (which gets no default terms).

mod common;

use common::TestSite;

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// The `<article>` of the term with anchor `anchor` on the glossary page.
fn term_article<'a>(page: &'a str, anchor: &str) -> &'a str {
    let start = page
        .find(&format!(
            "<article class=\"glossary-term\" id=\"{anchor}\">"
        ))
        .unwrap_or_else(|| panic!("no term #{anchor}"));
    let end = start + page[start..].find("</article>").unwrap();
    &page[start..end]
}

#[test]
fn the_example_site_has_a_glossary_page_with_anchors_links_and_backlinks() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let page = site.read("site/glossary/index.html");
    assert!(page.contains("<h1>Begrippenlijst</h1>"), "Dutch title");
    // A–Z navigation: letters with terms link to their section.
    assert!(page.contains("<a href=\"#letter-b\">B</a>"));
    assert!(page.contains("id=\"letter-b\""));
    assert!(page.contains("<span class=\"letter-empty\">Q</span>"));

    let bbz = term_article(&page, "bbz");
    assert!(bbz.contains("<dfn>Besluit bijstandverlening zelfstandigen</dfn>"));
    assert!(bbz.contains("<abbr title=\"Besluit bijstandverlening zelfstandigen\">Bbz</abbr>"));
    assert!(bbz.contains("bijstand voor zelfstandigen"), "variants");
    assert!(bbz.contains("href=\"https://wetten.overheid.nl/BWBR0015711\""));
    assert!(
        bbz.contains("<a href=\"#participatiewet\">Participatiewet</a>"),
        "see also"
    );
    assert!(
        bbz.contains("<h4>Wie helpt hierbij</h4>")
            && bbz.contains("href=\"../partners/werk-en-inkomen-lindewaard/index.html\""),
        "linked entries: {bbz}"
    );

    // "Genoemd in": the entries whose texts mark the term.
    let wmo = term_article(&page, "wmo");
    assert!(wmo.contains("<h4>Genoemd in</h4>"), "{wmo}");
    assert!(
        wmo.contains("href=\"../regulations/mandaat-wijkteamcoach/index.html\""),
        "{wmo}"
    );
    // A local term of the site and an overridden one; a removed default term is gone.
    assert!(term_article(&page, "directe-hulpfonds").contains("€ 250"));
    assert!(!page.contains("id=\"nvvk\""));

    // Every anchor is unique and none is one of the layout's own.
    let ids: Vec<&str> = page
        .match_indices(" id=\"")
        .map(|(i, _)| {
            let rest = &page[i + 5..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    let unique: std::collections::BTreeSet<&str> = ids.iter().copied().collect();
    assert_eq!(
        unique.len(),
        ids.len(),
        "duplicate ids on the glossary page"
    );
    assert_eq!(ids.iter().filter(|id| **id == "inhoud").count(), 1);

    // In the menu of every page and in the sitemap.
    let home = site.read("site/index.html");
    assert!(
        home.contains("<a href=\"glossary/index.html\">Begrippenlijst</a>"),
        "menu"
    );
    assert!(page.contains("<a href=\"index.html\" aria-current=\"page\">Begrippenlijst</a>"));
    assert!(site.read("site/sitemap.xml").contains("/glossary/</loc>"));
}

#[test]
fn an_entry_marks_the_first_mention_of_a_term_only() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let html = site.read("site/regulations/mandaat-wijkteamcoach/index.html");
    let body = main_of(&html);
    let prose = &body[body.find("<div class=\"prose\">").unwrap()..];
    let prose = &prose[..prose.find("</div>").unwrap()];
    assert!(
        prose.matches("Wmo").count() > 1,
        "the text mentions Wmo more than once"
    );
    assert_eq!(
        prose
            .matches("href=\"../../glossary/index.html#wmo\" class=\"term\"")
            .count(),
        1,
        "{prose}"
    );
    assert!(prose.contains(
        "<a href=\"../../glossary/index.html#wmo\" class=\"term\" rel=\"noopener noreferrer\"><abbr title=\"Wet maatschappelijke ondersteuning 2015\">Wmo</abbr></a>"
    ));
    // Not inside links: the text also links "Wmo" to the regulation, which stays an ordinary link.
    assert!(prose.contains(
        "<a href=\"../wmo-maatwerkvoorziening/index.html#beslistermijn\" rel=\"noopener noreferrer\">Wmo</a>"
    ));
}

#[test]
fn the_search_manifest_carries_the_merged_glossary() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let manifest: serde_json::Value =
        serde_json::from_str(&site.read("site/_search/manifest.json")).unwrap();
    let glossary = manifest["glossary"]
        .as_array()
        .expect("a glossary in the manifest");
    let wgs = glossary
        .iter()
        .find(|t| t["id"] == "wgs")
        .expect("the Wgs term");
    assert_eq!(wgs["term"], "Wet gemeentelijke schuldhulpverlening");
    assert!(wgs["abbreviations"]
        .as_array()
        .unwrap()
        .contains(&"Wgs".into()));
    let entries = wgs["entries"].as_array().unwrap();
    assert!(entries.contains(&"partners/schuldhulp-lindewaard".into()));
    assert!(entries.contains(&"regulations/wgs-schuldhulpverlening".into()));
    assert!(entries.contains(&"pages/verwijzen-naar-schuldhulpverlening".into()));
    assert!(glossary.iter().any(|t| t["id"] == "driegesprek"));
    assert!(!glossary.iter().any(|t| t["id"] == "nvvk"));
}

/// A small English site: its own terms only, so its page is short enough for a snapshot.
fn english_site_with_a_glossary() -> TestSite {
    let site = TestSite::valid();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    site.write("kaartenbak.toml", &config);
    site.write(
        "content/_data/glossary.yaml",
        "- id: wgs\n  term: Wet gemeentelijke schuldhulpverlening\n  abbreviations: [Wgs]\n  \
         variants: [debt counselling act]\n  explanation: The act that makes the municipality responsible \
         for debt counselling <em>& its plan</em>.\n  source: https://wetten.overheid.nl/BWBR0031331\n  \
         see_also: [route]\n  partners: [schuldhulp]\n  regulations: [wgs]\n\
         - id: route\n  term: Route for money worries\n  explanation: What a coach does first.\n  \
         pages: [route-geldzorgen]\n\
         - id: inhoud\n  term: 1-2-3 plan\n  explanation: A term whose id the layout uses itself.\n",
    );
    site
}

#[test]
fn an_english_site_gets_no_default_terms_and_an_english_page() {
    let site = english_site_with_a_glossary();
    site.run_ok(&["build"]);
    let page = site.read("site/glossary/index.html");
    assert_eq!(page.matches("class=\"glossary-term\"").count(), 3);
    assert!(page.contains("<h1>Glossary</h1>"));
    // The layout's own id gets a prefix; the content is escaped.
    assert!(page.contains("id=\"begrip-inhoud\""));
    assert!(
        page.contains("&lt;em&gt;&amp; its plan&lt;/em&gt;"),
        "escaped"
    );
    let regulation = site.read("site/regulations/wgs/index.html");
    assert!(regulation.contains("<abbr title=\"Wet gemeentelijke schuldhulpverlening\">Wgs</abbr>"));
    insta::assert_snapshot!("glossary_page", main_of(&page));
}

#[test]
fn a_site_without_terms_has_no_glossary_page() {
    let site = TestSite::valid();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    site.write("kaartenbak.toml", &config);
    site.run_ok(&["build"]);
    assert!(!site.path().join("site/glossary/index.html").exists());
    assert!(!site.read("site/index.html").contains("glossary/"));
}
