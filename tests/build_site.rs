//! `kaartenbak build` on the valid fixture: every page type, links that resolve, backlinks, staleness,
//! escaping of untrusted content, no third-party requests, and failed builds that keep the old site (before
//! and after the output writer opened).

mod common;

use common::TestSite;
use std::collections::BTreeMap;
use std::path::Path;

fn built() -> TestSite {
    let site = TestSite::valid();
    site.run_ok(&["build"]);
    site
}

/// The `<main>` element of a page: the part that differs per page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// All values of `attribute="…"` in `html`.
fn attribute_values<'a>(html: &'a str, attribute: &str) -> Vec<&'a str> {
    let needle = format!("{attribute}=\"");
    html.match_indices(&needle)
        .filter_map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest.find('"').map(|end| &rest[..end])
        })
        .collect()
}

fn html_files(root: &Path) -> Vec<std::path::PathBuf> {
    walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

#[test]
fn every_page_type_is_written_at_a_stable_url() {
    let site = built();
    for page in [
        "index.html",
        "partners/index.html",
        "partners/schuldhulp/index.html",
        "partners/woonkracht/index.html",
        "regulations/index.html",
        "regulations/wgs/index.html",
        "modules/index.html",
        "modules/geldzorgen/index.html",
        "pages/index.html",
        "pages/route-geldzorgen/index.html",
        "domains/index.html",
        "domains/financien/index.html",
        "domains/justitie/index.html",
        "areas/index.html",
        "areas/noord/index.html",
        "matrix/index.html",
        "search/index.html",
        "404.html",
        "sitemap.xml",
        "static/style.css",
        "_search/manifest.json",
        "_search/meta.json.gz",
        "_search/vocabulary.fst.gz",
        "_search/kaartenbak-search.wasm.gz",
    ] {
        assert!(
            site.path().join("site").join(page).is_file(),
            "{page} is missing"
        );
    }
    let sitemap = site.read("site/sitemap.xml");
    assert!(
        sitemap.contains("<loc>https://kaart.testdorp.example/partners/schuldhulp/</loc>"),
        "{sitemap}"
    );
}

#[test]
fn every_internal_link_and_anchor_resolves() {
    let site = built();
    let (checked, broken) = common::html::broken_links(&site.path().join("site"));
    assert!(broken.is_empty(), "{}", broken.join("\n"));
    assert!(checked > 200, "only {checked} links checked");
}

/// Whether `url` names a file of the site itself: a path relative to the page or from the root. `//host/x`
/// starts with `/` too, but is another host (the page's scheme, any host).
fn is_own_path(url: &str) -> bool {
    let scheme = url
        .split_once(':')
        .is_some_and(|(before, _)| !before.contains('/'));
    !scheme && !url.starts_with("//")
}

#[test]
fn the_own_path_check_refuses_other_hosts() {
    assert!(is_own_path("/static/style.css"));
    assert!(is_own_path("../../static/style.css"));
    assert!(!is_own_path("//tracker.example/pixel.png"));
    assert!(!is_own_path("https://tracker.example/pixel.png"));
}

#[test]
fn the_site_makes_no_third_party_requests() {
    let site = built();
    let root = site.path().join("site");
    for file in html_files(&root) {
        let html = std::fs::read_to_string(&file).unwrap();
        for src in attribute_values(&html, "src") {
            assert!(
                is_own_path(src),
                "{}: external resource {src}",
                file.display()
            );
        }
        for tag in html.split("<link").skip(1) {
            let href = attribute_values(tag.split('>').next().unwrap(), "href");
            assert!(
                href.iter().all(|h| is_own_path(h)),
                "{}: external stylesheet {href:?}",
                file.display()
            );
        }
        assert!(!html.contains("<iframe"), "{}", file.display());
    }
    let css = site.read("site/static/style.css");
    assert!(
        !css.contains("url(") && !css.contains("@import"),
        "the stylesheet loads other files"
    );
}

#[test]
fn the_menu_marks_the_current_section_and_the_header_search_box_shows_where_it_helps() {
    let site = built();
    let current = |path: &str| -> Vec<String> {
        let page = site.read(path);
        page.match_indices("aria-current=\"page\"")
            .map(|(i, _)| {
                let link = &page[..i];
                let href = &link[link.rfind("href=\"").unwrap() + 6..];
                href[..href.find('"').unwrap()].to_string()
            })
            .collect()
    };
    assert_eq!(
        current("site/partners/schuldhulp/index.html"),
        ["../index.html"]
    );
    assert_eq!(current("site/regulations/index.html"), ["index.html"]);
    assert_eq!(
        current("site/domains/financien/index.html"),
        ["../index.html"]
    );
    assert!(current("site/index.html").is_empty());
    let header_search = "id=\"zoekveld-kop\"";
    assert!(site
        .read("site/partners/schuldhulp/index.html")
        .contains(header_search));
    assert!(
        !site.read("site/index.html").contains(header_search),
        "home has its own big search box"
    );
    assert!(!site.read("site/search/index.html").contains(header_search));
    for path in ["site/index.html", "site/matrix/index.html", "site/404.html"] {
        let page = site.read(path);
        assert_eq!(
            page.matches("<header class=\"site-header\">").count(),
            1,
            "{path}"
        );
        assert_eq!(
            page.matches("<footer class=\"site-footer\">").count(),
            1,
            "{path}"
        );
    }
}

/// Issue 23: the matrix has a row per partner (17.6 MB at 50,000 entries). A cell of a domain the partner
/// works in holds just the word for screen readers, which the stylesheet shows as a dot; it was two spans
/// (a hidden dot and a visually hidden word), 71 bytes a cell.
#[test]
fn the_matrix_marks_a_partners_domains_with_the_word_alone() {
    let site = built();
    let html = site.read("site/matrix/index.html");
    let body = html
        .split_once("<tbody>")
        .and_then(|(_, rest)| rest.split_once("</tbody>"))
        .map(|(body, _)| body)
        .unwrap();
    assert!(body.contains("<td>ja</td>"), "{body}");
    assert!(!body.contains("<span"), "{body}");
    let rows: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(!rows.is_empty());
    for row in rows {
        assert!(
            row.starts_with("<tr><th scope=\"row\"><a href=\"") && row.ends_with("</tr>"),
            "one row a line, nothing around it: {row:?}"
        );
    }
    let css = site.read("site/static/style.css");
    assert!(
        css.contains(".matrix td:not(:empty)::before { content: \"●\"; content: \"●\" / \"\";"),
        "the stylesheet shows the dot, hidden from screen readers"
    );
}

/// Issue 23: lists of cards grow with the site (the partner listing 12.9 MB at 50,000 entries, each
/// domain page 8 MB); a card is one line, without the indentation and blank lines it had, and still shows
/// the title, kind, summary, phone and the services with how to refer.
#[test]
fn a_card_is_one_line_without_indentation() {
    let site = built();
    for page in ["partners/index.html", "domains/financien/index.html"] {
        let html = site.read(&format!("site/{page}"));
        let cards: Vec<&str> = html
            .lines()
            .filter(|line| line.contains("<li class=\"card"))
            .collect();
        assert!(!cards.is_empty(), "{page}");
        for card in &cards {
            assert!(card.starts_with("<li class=\"card"), "{page}: {card:?}");
            assert!(card.ends_with("</li>"), "{page}: {card:?}");
            assert!(
                !card.contains("\n") && !card.contains("  "),
                "{page}: {card:?}"
            );
        }
        let schuldhulp = cards
            .iter()
            .find(|card| card.contains(">Schuldhulp Testdorp</a>"))
            .unwrap_or_else(|| panic!("{page}: {cards:?}"));
        for part in [
            "class=\"card-kind\"",
            "class=\"card-summary\"",
            "class=\"card-phone\">Telefoon: <a href=\"tel:",
        ] {
            assert!(schuldhulp.contains(part), "{page}: {part} in {schuldhulp}");
        }
    }
    let domain = site.read("site/domains/financien/index.html");
    assert!(
        domain.contains("<ul class=\"card-lines\"><li><a href=\"")
            && domain.contains("<span class=\"card-referral\"> — Zo verwijst u: "),
        "the services with how to refer"
    );
}

#[test]
fn entry_pages_show_backlinks() {
    let site = built();
    let partner = site.read("site/partners/schuldhulp/index.html");
    let aside = &partner[partner.find("<aside").unwrap()..];
    for expected in [
        "<h2>Voert uit</h2><ul class=\"link-list\"><li><a href=\"../../regulations/wgs/index.html\">Wet gemeentelijke schuldhulpverlening</a>",
        "<h2>Modules die dit behandelen</h2><ul class=\"link-list\"><li><a href=\"../../modules/geldzorgen/index.html\">Geldzorgen signaleren</a>",
        "<a href=\"../woonkracht/index.html\">Woonkracht</a>",
        "<a href=\"../../pages/route-geldzorgen/index.html\">Route bij geldzorgen</a>",
    ] {
        assert!(aside.contains(expected), "missing {expected}");
    }
    let regulation = site.read("site/regulations/wgs/index.html");
    assert!(regulation.contains(
        "<h2>Uitgevoerd door</h2><ul class=\"link-list\"><li><a href=\"../../partners/schuldhulp/index.html\">"
    ));
    let module = site.read("site/modules/geldzorgen/index.html");
    assert!(module.contains("<h2>Vervolgmodules</h2><ul class=\"link-list\"><li><a href=\"../schuldhulp-verdieping/index.html\">"));
    let domain = site.read("site/domains/financien/index.html");
    assert!(
        domain.contains("Partners (2)"),
        "woonkracht has a financien service, so it is in the domain"
    );
    assert!(domain.contains(
        "<a href=\"../../partners/woonkracht/index.html#huurachterstand\">Huurachterstand</a>"
    ));
    let area = site.read("site/areas/noord/index.html");
    assert!(
        area.contains("Partners in deze wijk (1)") && area.contains("Gemeentebrede partners (1)")
    );
}

#[test]
fn stale_entries_carry_a_visible_badge() {
    let site = built();
    let stale = site.read("site/partners/woonkracht/index.html");
    assert!(stale.contains("Niet recent gecontroleerd"));
    assert!(stale.contains("Laatst gecontroleerd 15 januari 2024"));
    let fresh = site.read("site/partners/schuldhulp/index.html");
    assert!(!fresh.contains("badge-stale"));
    assert!(fresh.contains("Laatst gecontroleerd 1 juni 2026 door Redactie"));
}

#[test]
fn past_sessions_are_marked_and_cannot_be_signed_up_for() {
    let site = built();
    let module = site.read("site/modules/geldzorgen/index.html");
    let past = module
        .find("<tr class=\"session-open is-past\">\n      <td data-label=\"Datum\"><time datetime=\"2026-01-10T13:00\">")
        .expect("past session row");
    assert!(
        module[..past].contains("<details class=\"past-sessions\">"),
        "past sessions are folded"
    );
    assert!(!module[past..]
        .split("</tr>")
        .next()
        .unwrap()
        .contains("Aanmelden"));
    assert!(module.contains("href=\"https://leren.testdorp.example/geldzorgen\">Aanmelden"));
    assert!(module.contains("3,5 uur"));
}

#[test]
fn partner_page_snapshot() {
    let site = built();
    insta::assert_snapshot!(
        "partner_page",
        main_of(&site.read("site/partners/schuldhulp/index.html"))
    );
}

#[test]
fn domain_page_snapshot() {
    let site = built();
    insta::assert_snapshot!(
        "domain_page",
        main_of(&site.read("site/domains/financien/index.html"))
    );
}

#[test]
fn regulation_page_snapshot() {
    let site = built();
    insta::assert_snapshot!(
        "regulation_page",
        main_of(&site.read("site/regulations/wgs/index.html"))
    );
}

/// Every file and folder under `root` by its path relative to `root`: a file with its bytes, a folder with
/// `None`.
fn tree(root: &Path) -> BTreeMap<String, Option<Vec<u8>>> {
    walkdir::WalkDir::new(root)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .map(|e| {
            let relative = e.path().strip_prefix(root).unwrap().display().to_string();
            let bytes = e
                .file_type()
                .is_file()
                .then(|| std::fs::read(e.path()).unwrap());
            (relative, bytes)
        })
        .collect()
}

/// Asserts that `site/` is exactly `before` (same files, folders and bytes) and that no staging folder of
/// the failed build is left beside it.
fn assert_site_unchanged(site: &TestSite, before: &BTreeMap<String, Option<Vec<u8>>>) {
    let after = tree(&site.path().join("site"));
    let paths = |tree: &BTreeMap<String, Option<Vec<u8>>>| tree.keys().cloned().collect::<Vec<_>>();
    let (before_paths, after_paths) = (paths(before), paths(&after));
    let gone: Vec<_> = before_paths
        .iter()
        .filter(|p| !after.contains_key(*p))
        .collect();
    let added: Vec<_> = after_paths
        .iter()
        .filter(|p| !before.contains_key(*p))
        .collect();
    assert!(
        gone.is_empty() && added.is_empty(),
        "the failed build changed the file list of site/: gone {gone:?}, added {added:?}"
    );
    let changed: Vec<_> = before.keys().filter(|p| before[*p] != after[*p]).collect();
    assert!(changed.is_empty(), "the failed build changed {changed:?}");
    let leftovers: Vec<_> = std::fs::read_dir(site.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".site"))
        .collect();
    assert!(
        leftovers.is_empty(),
        "staging folders left behind: {leftovers:?}"
    );
}

#[test]
fn a_failed_build_leaves_the_previous_site_untouched() {
    let site = built();
    let before = tree(&site.path().join("site"));
    site.write("content/partners/kapot.yaml", "name: [kapot\n");
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("content/partners/kapot.yaml:2:1: error[yaml-syntax]"),
        "{stderr}"
    );
    assert!(stderr.contains("the previous site in"), "{stderr}");
    assert_site_unchanged(&site, &before);
}

/// The valid site, built; then the files of `tests/fixtures/build-failures/NAME` laid over it.
fn built_then_broken(name: &str) -> (TestSite, BTreeMap<String, Option<Vec<u8>>>) {
    let site = built();
    let before = tree(&site.path().join("site"));
    assert!(
        before.len() > 20,
        "the first build wrote a site: {:?}",
        before.keys()
    );
    site.overlay(&common::fixtures().join("build-failures").join(name));
    // The content itself is fine: only the build finds the problem, after the writer opened.
    site.run_ok(&["check"]);
    (site, before)
}

#[test]
fn a_template_error_while_pages_are_written_leaves_the_previous_site_untouched() {
    // A site theme whose partner template names a variable no page has; the new title changes every page,
    // so the writer holds new pages under temporary names when the partner pages fail.
    let (site, before) = built_then_broken("theme-undefined-variable");
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("template partner.html"), "{stderr}");
    assert!(stderr.contains("openingstijden"), "{stderr}");
    assert!(stderr.contains("the previous site in"), "{stderr}");
    assert_site_unchanged(&site, &before);
    // Once the template is fixed the same site builds, with the new title.
    std::fs::remove_file(site.path().join("themes/huisstijl/templates/partner.html")).unwrap();
    site.run_ok(&["build"]);
    assert!(site
        .read("site/partners/schuldhulp/index.html")
        .contains("nieuwe huisstijl"));
}

#[test]
fn a_page_that_cannot_be_written_leaves_the_previous_site_untouched() {
    // A new partner's page goes to site/partners/nieuw/index.html, but a file is in the way of the folder.
    let (site, _) = built_then_broken("unwritable-page");
    std::fs::write(site.path().join("site/partners/nieuw"), "in de weg").unwrap();
    let before = tree(&site.path().join("site"));
    let output = site.run(&["build"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot write") && stderr.contains("partners/nieuw"),
        "{stderr}"
    );
    assert!(stderr.contains("the previous site in"), "{stderr}");
    assert_site_unchanged(&site, &before);
    // Out of the way, the page is written.
    std::fs::remove_file(site.path().join("site/partners/nieuw")).unwrap();
    site.run_ok(&["build"]);
    assert!(site
        .read("site/partners/nieuw/index.html")
        .contains("Nieuw Buurtteam"));
}

#[test]
fn untrusted_content_is_escaped_and_sanitised() {
    let site = TestSite::valid();
    site.write(
        "content/partners/kwaad.yaml",
        "name: \"</title><script>alert('naam')</script>\"\ndescription: |\n  <script>alert('tekst')</script><img src=x onerror=alert(1)>\n  [klik](javascript:alert(2)) <b>vet</b>\ndomains: [financien]\nservices:\n  - name: \"<i>dienst</i>\"\n    referral: \"\\\"><script>alert(3)</script>\"\nlast_verified: 2026-06-01\n",
    );
    site.run_ok(&["build"]);
    for page in [
        "site/partners/kwaad/index.html",
        "site/partners/index.html",
        "site/domains/financien/index.html",
        "site/matrix/index.html",
    ] {
        let html = site.read(page);
        // The theme's own twelve scripts (search configuration, strings.js, the five search scripts of
        // every page, plan-store.js, plan-add.js, install.js, notices.js, offline.js) and nothing from the
        // content.
        assert_eq!(
            html.matches("<script").count(),
            12,
            "{page} contains a script from the content"
        );
        assert!(
            !html.contains("<script>alert"),
            "{page} lets content run code"
        );
        assert!(!html.contains("onerror"), "{page} keeps an event handler");
        assert!(
            !html.contains("javascript:"),
            "{page} keeps a javascript: URL"
        );
    }
    let html = site.read("site/partners/kwaad/index.html");
    assert!(
        html.contains("&lt;/title&gt;&lt;script&gt;"),
        "name not escaped"
    );
    assert!(html.contains("<b>vet</b>"), "harmless markup is kept");
}

/// The texts in `static/strings.js` (`window.KaartenbakStrings = {…};`), as JSON.
fn script_strings(site: &TestSite) -> serde_json::Value {
    let script = site.read("site/static/strings.js");
    let json = script
        .split_once("window.KaartenbakStrings = ")
        .and_then(|(_, rest)| rest.trim_end().strip_suffix(';'))
        .unwrap_or_else(|| panic!("static/strings.js sets window.KaartenbakStrings: {script}"));
    serde_json::from_str(json).unwrap()
}

/// Issue 23: the scripts' translated texts were 3.5 KB of every page's `search-config`; they are one
/// shared script now, loaded before the scripts that read them, and listed for the offline copy.
#[test]
fn the_scripts_texts_are_one_shared_file_not_part_of_every_page() {
    let site = built();
    for page in [
        "index.html",
        "partners/schuldhulp/index.html",
        "plan/index.html",
    ] {
        let html = site.read(&format!("site/{page}"));
        let config = html
            .split_once("<script id=\"search-config\" type=\"application/json\">")
            .and_then(|(_, rest)| rest.split_once("</script>"))
            .map(|(json, _)| json)
            .unwrap_or_else(|| panic!("{page} has a search configuration"));
        let config: serde_json::Value = serde_json::from_str(config).unwrap();
        assert!(config.get("strings").is_none(), "{page}: {config}");
        assert_eq!(config["searchPage"], "search/", "{page}: {config}");
        assert!(!html.contains("1 resultaat"), "{page} carries the texts");
        let strings = html.find("static/strings.js\" defer></script>");
        let search = html.find("static/search-base.js\" defer></script>");
        let plan = html.find("static/plan-store.js\" defer></script>");
        assert!(
            strings.is_some() && strings < search && strings < plan,
            "{page} loads the texts before the scripts that read them"
        );
    }
    let strings = script_strings(&site);
    assert_eq!(strings["js_results_one"], "1 resultaat");
    assert_eq!(strings["kind_partner"], "Partner");
    assert!(
        strings.get("planjs_import_not_json").is_none(),
        "plan page's own texts stay on it"
    );
    assert!(
        site.read("site/sw.js").contains("\"/static/strings.js\""),
        "the offline copy has the texts"
    );
}

#[test]
fn english_sites_get_english_interface_text() {
    let site = TestSite::valid();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    site.write("kaartenbak.toml", &config);
    site.run_ok(&["build"]);
    let html = site.read("site/partners/woonkracht/index.html");
    assert!(html.contains("<html lang=\"en\">"));
    assert!(html.contains("Not verified recently"));
    assert!(html.contains("Last verified 15 January 2024"));
    assert!(!html.contains("Laatst gecontroleerd"));
    assert_eq!(script_strings(&site)["js_results_one"], "1 result");
}

#[test]
fn a_site_theme_overrides_single_templates() {
    let site = TestSite::valid();
    let config = site.read("kaartenbak.toml") + "theme = \"huisstijl\"\n";
    site.write("kaartenbak.toml", &config);
    // A listing of its own, made with the default theme's macros.
    site.write("themes/huisstijl/templates/listing.html", "{% extends \"base.html\" %}{% import \"macros.html\" as m %}{% block content %}<h1>Eigen lijst: {{ view.title }}</h1>{{ m::cards(items=view.cards) }}{% endblock %}");
    site.write(
        "themes/huisstijl/static/extra.css",
        "body { color: black; }",
    );
    site.run_ok(&["build"]);
    let listing = site.read("site/partners/index.html");
    assert!(listing.contains("<h1>Eigen lijst: Partners</h1>"));
    assert!(
        listing.contains("<ul class=\"cards\">")
            && listing.contains("Schuldhulp Testdorp</a></h2>"),
        "{listing}"
    );
    assert!(
        site.read("site/partners/schuldhulp/index.html")
            .contains("Schuldhulp Testdorp"),
        "other templates come from the default theme"
    );
    assert!(site.path().join("site/static/extra.css").is_file());
}

#[test]
fn build_prints_a_summary() {
    let site = TestSite::valid();
    let stdout = site.run_ok(&["build"]);
    assert!(
        stdout
            .contains("built 2 partners, 1 regulations, 2 modules, 1 pages (3 domains, 2 wijken)"),
        "{stdout}"
    );
    assert!(stdout.contains("search index 6 documents"), "{stdout}");
    assert!(stdout.contains("done in"), "{stdout}");
}

#[test]
fn new_writes_a_scaffold_that_check_guides_to_completion() {
    let site = TestSite::valid();
    site.run_ok(&["new", "partner", "buurtteam-noord"]);
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(stdout.contains("content/partners/buurtteam-noord.yaml:2:1: error[missing-field]: a partner has no `name`"), "{stdout}");
    // Issue 24: only the names filled in is not a partner a coach can use; check says what is missing.
    let names_only = site
        .read("content/partners/buurtteam-noord.yaml")
        .replace(
            "name:                      # required",
            "name: Buurtteam Noord  # required",
        )
        .replace(
            "  - name:                  # required",
            "  - name: Inloopspreekuur",
        );
    site.write("content/partners/buurtteam-noord.yaml", &names_only);
    let output = site.run(&["check"]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "a partner without domain or contact must fail"
    );
    let stdout = String::from_utf8(output.stdout).unwrap();
    for wanted in [
        "error[empty-item]: `domains` has an empty item",
        "error[missing-field]: the contact point `Aanmelding` has no `phone` or `email`",
    ] {
        assert!(stdout.contains(wanted), "{wanted}\n{stdout}");
    }
    let filled = names_only
        .replace("domains:                   # required: domain ids from content/_data/domains.yaml\n  -", "domains:\n  - huisvesting")
        .replace(
            "    phone:\n    email:",
            "    phone: 0599-123400\n    email:",
        );
    site.write("content/partners/buurtteam-noord.yaml", &filled);
    let stdout = site.run_ok(&["check"]);
    assert!(stdout.contains("0 error(s)"), "{stdout}");
    for kind in ["regulation", "module", "page"] {
        site.run_ok(&["new", kind, &format!("nieuw-{kind}")]);
    }
    let again = site.run(&["new", "partner", "buurtteam-noord"]);
    assert_eq!(
        again.status.code(),
        Some(2),
        "an existing file is never overwritten"
    );
    let bad = site.run(&["new", "page", "Geen Geldige Id"]);
    assert_eq!(bad.status.code(), Some(2));
}

#[test]
fn search_reads_the_index_that_build_wrote() {
    let site = built();
    let stdout = site.run_ok(&["search", "deurwaarder"]);
    let first = stdout
        .lines()
        .find(|l| l.trim_start().starts_with("1."))
        .unwrap();
    assert!(
        first.contains("Schuldhulp Testdorp (SHT)") && first.contains("/partners/schuldhulp/"),
        "{stdout}"
    );
    assert!(
        stdout.contains("[deurwaarder]"),
        "matched words are marked: {stdout}"
    );
    assert!(
        stdout.contains("verwijzen: Aanmelden via het formulier voor professionals"),
        "{stdout}"
    );
    let json: serde_json::Value = serde_json::from_str(&site.run_ok(&[
        "search",
        "huurachterstand",
        "--kind",
        "partner",
        "--area",
        "zuid",
        "--json",
    ]))
    .unwrap();
    let ids: Vec<&str> = json["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap())
        .collect();
    assert_eq!(
        ids,
        ["partners/schuldhulp"],
        "woonkracht works in noord only"
    );
}

#[test]
fn search_without_a_built_site_explains_what_to_do() {
    let site = TestSite::valid();
    let output = site.run(&["search", "schuld"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("run `kaartenbak build` first"));
}

#[test]
fn the_editors_dashboard_lists_what_to_check_next() {
    let site = built();
    let html = site.read("site/redactie/index.html");
    let main = main_of(&html);
    let section = |id: &str| {
        let start = main
            .find(&format!("id=\"{id}\""))
            .unwrap_or_else(|| panic!("no section {id}"));
        let rest = &main[start..];
        &rest[..rest.find("</section>").unwrap()]
    };
    let stale = section("verouderd");
    assert!(stale.contains("Niet recent gecontroleerd (1)"), "{stale}");
    assert!(
        stale.contains("<h3>Geen controleur vastgelegd</h3>"),
        "{stale}"
    );
    assert!(
        stale.contains("<a href=\"../partners/woonkracht/index.html\">Woonkracht</a>"),
        "{stale}"
    );
    assert!(
        stale.contains("laatst gecontroleerd 15 januari 2024"),
        "{stale}"
    );
    let incomplete = section("onvolledig");
    assert!(
        incomplete.contains("Woonkracht</a>: geen telefoonnummer of e-mailadres"),
        "{incomplete}"
    );
    assert!(!incomplete.contains("Schuldhulp Testdorp"), "{incomplete}");
    let sessions = section("sessies");
    assert!(
        !sessions.contains("Geldzorgen signaleren"),
        "geldzorgen still has a session ahead: {sessions}"
    );
    assert!(
        sessions.contains(
            "<a href=\"../modules/schuldhulp-verdieping/index.html\">Schuldhulp verdieping</a>"
        ),
        "a module without any session has nothing upcoming: {sessions}"
    );
    let gaps = section("gaten");
    assert!(
        gaps.contains("<a href=\"../domains/justitie/index.html\">Justitie</a>"),
        "{gaps}"
    );
    assert!(
        gaps.contains("<a href=\"../areas/zuid/index.html\">Testdorp-Zuid</a>"),
        "{gaps}"
    );
    assert!(!gaps.contains("/domains/financien/"), "{gaps}");
    assert!(html.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!site.read("site/sitemap.xml").contains("redactie"));
}

/// A partner's texts are written apart (the description, each service's), but shown on one page: a
/// heading that repeats another text's, or a service's name, gets an id of its own, and a link to the
/// service still lands on the service.
#[test]
fn every_id_on_a_page_is_unique_when_its_texts_repeat_headings() {
    let site = TestSite::valid();
    let partner = site.read("content/partners/schuldhulp.yaml");
    let partner = partner
        .replace(
            "description: |\n  Helpt inwoners",
            "description: |\n  ## Schuldregeling\n\n  ### Werkwijze\n\n  Helpt inwoners",
        )
        .replace(
            "    description: Minnelijke schuldregeling met alle schuldeisers.",
            "    description: |\n      ### Werkwijze\n\n      Minnelijke schuldregeling.\n  - name: Budgetcoaching\n    description: |\n      ### Werkwijze\n\n      Samen het budget op orde.",
        );
    assert!(partner.contains("Budgetcoaching"));
    site.write("content/partners/schuldhulp.yaml", &partner);
    site.write(
        "content/pages/naar-de-regeling.md",
        "---\ntitle: Naar de regeling\n---\n\nZie [de schuldregeling](@/partners/schuldhulp#schuldregeling) en \
         [de werkwijze](@/partners/schuldhulp#werkwijze-1).\n",
    );
    site.run_ok(&["build"]);
    let html = site.read("site/partners/schuldhulp/index.html");
    let tags = common::html::start_tags(&html);
    let ids: Vec<String> = tags
        .iter()
        .filter_map(|t| common::html::attribute(t, "id"))
        .collect();
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(ids.len(), unique.len(), "duplicate ids: {ids:?}");
    assert!(
        html.contains("<section class=\"service\" id=\"schuldregeling\""),
        "the service keeps its anchor"
    );
    assert!(
        html.contains("<h2 id=\"schuldregeling-1\">Schuldregeling</h2>"),
        "{html}"
    );
    // A service's text sits under the service's <h3>: its headings start one level below.
    assert!(
        html.contains("<h4 id=\"werkwijze-1\">Werkwijze</h4>"),
        "{html}"
    );
    assert!(
        html.contains("<h4 id=\"werkwijze-2\">Werkwijze</h4>"),
        "{html}"
    );
    let page = site.read("site/pages/naar-de-regeling/index.html");
    assert!(
        page.contains("href=\"../../partners/schuldhulp/index.html#schuldregeling\""),
        "{page}"
    );
    assert!(page.contains("index.html#werkwijze-1\""), "{page}");
    let (_, broken) = common::html::broken_links(&site.path().join("site"));
    assert!(broken.is_empty(), "{broken:?}");
}
