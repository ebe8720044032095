//! Learning paths, the prerequisite graph and the module catalogue (issue 13 part B) on the fixture site
//! `tests/fixtures/trainers-paths`: what `check` says about broken `paths.yaml` files (each error class of
//! `tests/fixtures/trainers-paths-errors/`, file:line:col, message and hint, and all of them at once), and
//! what `build` makes of a valid one: path pages, the graph with its text alternative, filter pages that
//! list exactly the right modules, next session dates and the domains no module covers.
//! Set UPDATE_EXPECTED=1 to rewrite the expected diagnostics after an intended change, then review the diff.

mod common;

use common::{copy_dir, fixtures, TestSite};

/// A copy of the trainers-paths fixture.
fn fixture_site() -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("trainers-paths"), dir.path());
    TestSite { dir }
}

fn built() -> TestSite {
    let site = fixture_site();
    site.run_ok(&["build"]);
    site
}

/// A built page (path below `site/`) with its links made root-relative again (`/modules/x/`), as the
/// site's address space names them: pages link relatively (`../../modules/x/index.html`) so that the site
/// works from disk, and the assertions below are about where a link goes, not how it is spelled.
fn built_page(site: &TestSite, path: &str) -> String {
    let html = site.read(&format!("site/{path}"));
    let folder: Vec<&str> = path.split('/').collect();
    let folder = &folder[..folder.len() - 1];
    let mut out = String::with_capacity(html.len());
    let mut rest = html.as_str();
    while let Some(at) = rest.find("href=\"") {
        let (before, after) = rest.split_at(at + "href=\"".len());
        out.push_str(before);
        let end = after.find('"').unwrap();
        let target = &after[..end];
        if target.contains(':') || target.starts_with('#') || target.starts_with('/') {
            out.push_str(target);
        } else {
            let (target, fragment) = target.split_once('#').map_or((target, ""), |(t, f)| (t, f));
            let mut segments: Vec<&str> = folder.to_vec();
            for part in target.split('/') {
                match part {
                    ".." => {
                        segments.pop();
                    }
                    "." | "" | "index.html" => {}
                    other => segments.push(other),
                }
            }
            out.push('/');
            for segment in segments {
                out.push_str(segment);
                out.push('/');
            }
            if !fragment.is_empty() {
                out.push('#');
                out.push_str(fragment);
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The `<main>` element of a page.
fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

/// The part of `html` from `start` to the next `end` after it.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html
        .find(start)
        .unwrap_or_else(|| panic!("no {start} in page"));
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The module ids a catalogue page lists, in order (from the card title links).
fn listed_modules(html: &str) -> Vec<String> {
    let list = between(html, "<ul class=\"cards catalogue\">", "</ul>");
    list.split("<h2 class=\"card-title\"><a href=\"/modules/")
        .skip(1)
        .map(|rest| rest[..rest.find('/').unwrap()].to_string())
        .collect()
}

fn assert_check_output(class: &str) {
    let site = fixture_site();
    let overlay = fixtures().join("trainers-paths-errors").join(class);
    site.overlay(&overlay);
    site.assert_check_prints(&overlay.join("expected.txt"), class);
    // A broken path never gets as far as a site.
    let build = site.run(&["build"]);
    assert_eq!(build.status.code(), Some(1));
    assert!(!site.path().join("site").exists());
}

macro_rules! error_class {
    ($($name:ident => $dir:literal),* $(,)?) => {
        $(#[test] fn $name() { assert_check_output($dir); })*
        const CLASSES: &[&str] = &[$($dir),*];
    };
}

error_class! {
    a_step_naming_an_unknown_module_suggests_the_closest => "unknown-module",
    two_paths_with_one_id => "duplicate-id",
    a_module_listed_twice_in_one_path => "duplicate-step",
    a_module_before_its_prerequisites_in_a_path => "prerequisite-order",
    missing_steps_why_and_id_and_unknown_fields => "missing-field",
    every_error_of_a_paths_file_is_reported_together => "all-at-once",
}

#[test]
fn every_paths_error_fixture_has_a_test() {
    for entry in std::fs::read_dir(fixtures().join("trainers-paths-errors")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            CLASSES.contains(&name.as_str()),
            "fixture {name} has no test"
        );
    }
}

#[test]
fn the_fixture_checks_clean() {
    let stdout = fixture_site().run_ok(&["check"]);
    assert!(
        stdout.ends_with("checked 7 entries: 0 error(s), 0 warning(s)\n"),
        "{stdout}"
    );
}

#[test]
fn a_path_page_lists_its_steps_in_order_with_why_facts_and_next_session() {
    let site = built();
    let page = built_page(&site, "leerroutes/schulden-van-begin-tot-eind/index.html");
    let main = main_of(&page);
    let steps: Vec<&str> = main.split("<li class=\"path-step\">").skip(1).collect();
    assert_eq!(steps.len(), 3);
    assert!(steps[0].contains("href=\"/modules/geldzorgen-basis/\">Geldzorgen signaleren</a>"));
    assert!(steps[0].contains("Eerst de signalen herkennen."));
    // The next session is the earliest from the build date on, whatever the order written.
    assert!(
        steps[0].contains("<time datetime=\"2026-12-10\">10 december 2026</time>"),
        "{}",
        steps[0]
    );
    assert!(steps[0].contains("<dd>basis</dd>") && steps[0].contains("<dd>klassikaal</dd>"));
    assert!(steps[0].contains("<dd>3,5 uur</dd>"));
    // A session on the build date is still the next one.
    assert!(steps[1].contains("<time datetime=\"2026-11-25\">25 november 2026</time>"));
    assert!(steps[2].contains("Geen geplande bijeenkomst"));
    // The why is content: escaped.
    assert!(steps[2].contains("Tot slot &lt;de&gt; regelingen zelf &amp; hun voorwaarden."));
    assert!(main.contains("11,5 uur"), "total study load");
    // Every prerequisite is in this path: no note.
    assert!(!main.contains("step-note"));
    assert!(page.contains("<title>Schulden van begin tot eind · Leerhuis Testdorp</title>"));
    assert!(page.contains("href=\"/leerroutes/\" aria-current=\"page\""));
}

#[test]
fn a_prerequisite_outside_the_path_is_named_beside_its_step() {
    let site = built();
    let main = built_page(&site, "leerroutes/startende-coach/index.html");
    let steps: Vec<&str> = main.split("<li class=\"path-step\">").skip(1).collect();
    assert!(!steps[0].contains("step-note"));
    let note = between(steps[1], "<p class=\"step-note\">", "</p>");
    assert!(
        note.contains("<a href=\"/modules/geldzorgen-basis/\">Geldzorgen signaleren</a>"),
        "{note}"
    );
}

#[test]
fn path_page_snapshot() {
    let site = built();
    insta::assert_snapshot!(
        "path_page",
        main_of(&site.read("site/leerroutes/schulden-van-begin-tot-eind/index.html"))
    );
}

#[test]
fn module_pages_link_to_the_paths_they_are_part_of() {
    let site = built();
    let in_both = built_page(&site, "modules/schulden-verdieping/index.html");
    let related = between(&in_both, "<h2>In leerroutes</h2>", "</section>");
    assert!(related.contains("href=\"/leerroutes/schulden-van-begin-tot-eind/\""));
    assert!(related.contains("href=\"/leerroutes/startende-coach/\""));
    let in_one = built_page(&site, "modules/geldzorgen-basis/index.html");
    let related = between(&in_one, "<h2>In leerroutes</h2>", "</section>");
    assert!(!related.contains("startende-coach"));
}

#[test]
fn the_paths_page_draws_the_prerequisite_graph_with_a_text_alternative() {
    let site = built();
    let page = built_page(&site, "leerroutes/index.html");
    assert!(page.contains(
        "href=\"/leerroutes/schulden-van-begin-tot-eind/\">Schulden van begin tot eind</a>"
    ));
    let svg = between(&page, "<svg", "</svg>");
    // Named by the visible heading and described by the visible list of the same relations.
    assert!(svg.contains("aria-labelledby=\"graaf-kop\""));
    assert!(svg.contains("aria-describedby=\"graaf-relaties\""));
    assert!(svg.contains("<title>Welke module bouwt voort op welke</title>"));
    assert!(page.contains("<h2 id=\"graaf-kop\">Welke module bouwt voort op welke</h2>"));
    let list = between(&page, "<ol id=\"graaf-relaties\"", "</ol>");
    let lines: Vec<String> = list
        .split("<li>")
        .skip(1)
        .map(|li| {
            // The text of the line without its tags.
            let mut text = String::new();
            let mut in_tag = false;
            for c in li[..li.find("</li>").unwrap()].chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect();
    assert_eq!(
        lines,
        [
            "Schuldhulp in de praktijk vereist Geldzorgen signaleren",
            "Schuldregeling voor specialisten vereist Schuldhulp in de praktijk",
        ]
    );
    // Every module is a link in the graph, every prerequisite an arrow, and the chain runs left to right.
    assert_eq!(svg.matches("<a class=\"graph-node\"").count(), 4);
    assert_eq!(svg.matches("<path class=\"graph-edge\"").count(), 2);
    let x_of = |id: &str| -> f64 {
        let node = between(svg, &format!("href=\"/modules/{id}/\""), "</a>");
        let x = between(node, "<rect x=\"", "\" ");
        x["<rect x=\"".len()..].parse().unwrap()
    };
    assert!(x_of("geldzorgen-basis") < x_of("schulden-verdieping"));
    assert!(x_of("schulden-verdieping") < x_of("schuldregeling-specialist"));
    assert_eq!(x_of("geldzorgen-basis"), x_of("keukentafelgesprek"));
}

#[test]
fn the_catalogue_lists_every_module_with_its_next_session_and_the_gaps() {
    let site = built();
    let page = built_page(&site, "modules/index.html");
    assert_eq!(
        listed_modules(&page),
        [
            "geldzorgen-basis",
            "keukentafelgesprek",
            "schulden-verdieping",
            "schuldregeling-specialist"
        ]
    );
    let card = between(&page, "href=\"/modules/geldzorgen-basis/\"", "</li>");
    assert!(card.contains("<time datetime=\"2026-12-10\">10 december 2026</time>"));
    let past_only = between(&page, "href=\"/modules/keukentafelgesprek/\"", "</li>");
    assert!(past_only.contains("Geen geplande bijeenkomst"));
    // Domains with partners or regulations but no module, linked to their page; not a domain with
    // nothing at all, nor one with modules.
    let gaps = between(&page, "<section class=\"catalogue-gaps\"", "</section>");
    let linked: Vec<&str> = gaps
        .split("<a href=\"/domains/")
        .skip(1)
        .map(|rest| &rest[..rest.find('/').unwrap()])
        .collect();
    assert_eq!(linked, ["huisvesting", "justitie"]);
    // Other kinds keep their plain listing.
    assert!(site
        .read("site/partners/index.html")
        .contains("<ul class=\"cards\">"));
}

#[test]
fn filter_pages_list_exactly_the_modules_of_their_value() {
    let site = built();
    let listed =
        |path: &str| listed_modules(&built_page(&site, &format!("modules/{path}/index.html")));
    assert_eq!(
        listed("domein/financien"),
        [
            "geldzorgen-basis",
            "schulden-verdieping",
            "schuldregeling-specialist"
        ]
    );
    assert_eq!(listed("domein/werk"), ["schuldregeling-specialist"]);
    assert_eq!(listed("domein/zorg"), ["keukentafelgesprek"]);
    assert_eq!(
        listed("niveau/basis"),
        ["geldzorgen-basis", "keukentafelgesprek"]
    );
    // `verdieping` and `Verdieping` are one level.
    assert_eq!(
        listed("niveau/verdieping"),
        ["schulden-verdieping", "schuldregeling-specialist"]
    );
    assert_eq!(
        listed("vorm/klassikaal"),
        ["geldzorgen-basis", "keukentafelgesprek"]
    );
    assert_eq!(listed("vorm/blended"), ["schulden-verdieping"]);
    assert_eq!(listed("vorm/e-learning"), ["schuldregeling-specialist"]);
    // No page for a domain without modules.
    assert!(!site.path().join("site/modules/domein/justitie").exists());
    assert!(!site.path().join("site/modules/domein/vrije-tijd").exists());
}

#[test]
fn a_filter_page_shows_its_filter_marks_it_current_and_offers_to_clear_it() {
    let site = built();
    let page = built_page(&site, "modules/niveau/verdieping/index.html");
    let main = main_of(&page);
    let active = between(main, "<p class=\"active-filter\">", "</p>");
    assert!(
        active.contains("<strong>Niveau: verdieping</strong>"),
        "{active}"
    );
    assert!(active.contains("<a href=\"/modules/\">Toon alle modules</a>"));
    let filters = between(main, "<nav class=\"catalogue-filters\"", "</nav>");
    assert_eq!(filters.matches("aria-current=\"page\"").count(), 1);
    assert!(filters.contains("href=\"/modules/niveau/verdieping/\" aria-current=\"page\">verdieping <span class=\"chip-count\">(2)</span>"));
    // Every filter of every dimension is a link on every catalogue page, one dimension at a time.
    for href in [
        "/modules/domein/financien/",
        "/modules/domein/werk/",
        "/modules/domein/zorg/",
        "/modules/niveau/basis/",
        "/modules/vorm/e-learning/",
    ] {
        assert!(filters.contains(&format!("href=\"{href}\"")), "{href}");
    }
    // The unfiltered catalogue marks no filter and has no gaps section on filter pages.
    let all = built_page(&site, "modules/index.html");
    assert!(!between(&all, "<nav class=\"catalogue-filters\"", "</nav>").contains("aria-current"));
    assert!(!main.contains("catalogue-gaps"));
    assert!(page.contains("<title>Scholingsmodules: verdieping · Leerhuis Testdorp</title>"));
}

#[test]
fn a_site_without_paths_still_gets_the_graph_and_no_path_pages() {
    let site = fixture_site();
    std::fs::remove_file(site.path().join("content/_data/paths.yaml")).unwrap();
    site.run_ok(&["build"]);
    let page = built_page(&site, "leerroutes/index.html");
    assert!(page.contains("Er zijn nog geen leerroutes."));
    assert!(page.contains("<svg class=\"graph\""));
    let module = built_page(&site, "modules/schulden-verdieping/index.html");
    assert!(!module.contains("In leerroutes"));
}

/// A leerhuis with more modules than one figure can show: no graph, a sentence that says why, and the
/// relations as a list still.
#[test]
fn too_many_modules_for_a_figure_keep_the_list() {
    let site = fixture_site();
    let extra = 150;
    for n in 0..extra {
        let prerequisites = if n == 0 {
            "[]".to_string()
        } else {
            format!("[reeks-{}]", n - 1)
        };
        site.write(
            &format!("content/modules/reeks-{n}.md"),
            &format!(
                "---\ntitle: Reeks {n}\nsummary: Deel {n} van de reeks.\ndomains: [financien]\nlevel: basis\nformat: e-learning\nprerequisites: {prerequisites}\nsessions: []\nlast_verified: 2026-09-01\n---\nDeel {n}.\n"
            ),
        );
    }
    site.run_ok(&["build"]);
    let page = site.read("site/leerroutes/index.html");
    assert!(!page.contains("<svg"), "no figure of 150+ modules");
    assert!(
        page.contains("te veel modules voor één leesbare figuur"),
        "{page}"
    );
    let list = between(&page, "<ol id=\"graaf-relaties\"", "</ol>");
    assert!(
        list.matches("<li>").count() >= extra - 1,
        "every relation listed"
    );
}
