//! A coach's first hour on a phone (issue 24), in real headless Chromium at 360 × 640 on the built example
//! site with the request recorder on and axe-core checking each page: the first search result inside the
//! first screen, phone numbers a coach can tap, the referral line as the first call button, and a way in
//! for a crisis on every page type.

mod common;

use common::browser::{self, Browser};
use common::tools;
use serde_json::{json, Value};
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);
const PHONE: (u32, u32) = (360, 640);

/// The WCAG 2.1 A/AA violations axe finds on the page as it is now, one line each.
fn axe_violations(browser: &Browser, axe: &str) -> Vec<String> {
    browser.execute(axe, json!([]));
    let result = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
            .then(r => done({ violations: r.violations.map(v => v.id + ': ' + v.help + ' at ' +
                v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')) }))
            .catch(e => done({ violations: ['axe failed: ' + e] }));",
        json!([]),
    );
    result["violations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_first_search_result_is_on_the_first_screen_and_every_phone_number_can_be_tapped() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let Some(axe) = tools::axe_source() else {
        return;
    };
    browser.set_viewport(PHONE.0, PHONE.1);
    // The old address form and the fragment the page keeps its state in.
    for address in ["/search/?q=schulden", "/search/#q=schulden"] {
        browser.goto(&format!("{}{address}", server.base));
        browser.wait_until("document.querySelector('#zoekresultaten .result')", WAIT);
        let layout = browser.execute(
            "const first = document.querySelector('#zoekresultaten .result-title');
             const box = document.querySelector('.search-filters-box');
             return { top: first.getBoundingClientRect().top, bottom: first.getBoundingClientRect().bottom,
                      height: innerHeight, folded: box && !box.open,
                      summary: box && box.querySelector('summary').textContent };",
            json!([]),
        );
        assert_eq!(layout["height"].as_f64(), Some(640.0), "{layout}");
        assert!(
            layout["bottom"].as_f64().unwrap() <= 640.0,
            "{address}: the first result's title ends at {} px",
            layout["bottom"]
        );
        assert_eq!(layout["folded"], json!(true), "{layout}");
        assert_eq!(layout["summary"], json!("Filters: geen"), "{layout}");
    }
    browser.screenshot("coach-search-phone");

    // Every phone number in the results is a link that dials it.
    let phones = browser.execute(
        "return [...document.querySelectorAll('#zoekresultaten .result-facts dt')]
            .filter(dt => dt.textContent === 'Telefoon')
            .map(dt => { const a = dt.nextElementSibling.querySelector('a');
                         return { text: dt.nextElementSibling.textContent, href: a && a.getAttribute('href') }; });",
        json!([]),
    );
    let phones = phones.as_array().unwrap();
    assert!(phones.len() >= 3, "{phones:?}");
    for phone in phones {
        let text = phone["text"].as_str().unwrap();
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        assert_eq!(
            phone["href"],
            json!(format!("tel:{digits}")),
            "{text} is not a tel: link"
        );
    }

    // A filter shows in the summary line, and the results stay first.
    browser.click(".search-filters-summary");
    browser.click("input[name=kind][value=partner]");
    browser.wait_until(
        "document.querySelector('.search-filters-active').textContent === 'Partner'",
        WAIT,
    );
    // Wijk counts say what distinguishes a wijk: its own partners, and once how many work everywhere.
    let areas = browser.execute(
        "return { options: [...document.querySelectorAll('#filter-area option')].slice(1).map(o => o.textContent),
                  note: document.querySelector('.area-note').textContent };",
        json!([]),
    );
    let note = areas["note"].as_str().unwrap();
    let everywhere: u64 = note
        .strip_prefix("Per wijk: wie alleen daar werkt; en ")
        .and_then(|rest| rest.strip_suffix(" gemeentebreed."))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("{note}"));
    assert!(everywhere > 0, "{note}");
    let counts: Vec<u64> = areas["options"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| {
            let o = o.as_str().unwrap();
            o[o.rfind('(').unwrap() + 1..o.len() - 1].parse().unwrap()
        })
        .collect();
    assert!(counts.len() > 3, "{areas}");
    assert!(counts.iter().all(|&c| c < everywhere), "{areas}");
    let violations = axe_violations(&browser, &axe);
    assert!(violations.is_empty(), "{violations:#?}");
    browser.assert_no_foreign_requests();
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn a_partner_page_calls_the_referral_line_first_above_the_fold() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let Some(axe) = tools::axe_source() else {
        return;
    };
    browser.set_viewport(PHONE.0, PHONE.1);
    browser.goto(&format!("{}/partners/schuldhulp-lindewaard/", server.base));
    let calls: Value = browser.execute(
        "return [...document.querySelectorAll('.quick-contact .quick-call')].map(a => ({
            href: a.getAttribute('href'), text: a.textContent.replace(/\\s+/g, ' ').trim(),
            bottom: a.getBoundingClientRect().bottom }));",
        json!([]),
    );
    let calls = calls.as_array().unwrap();
    // The Aanmeldlijn first, then the Spoedlijn, the general number last.
    assert_eq!(calls[0]["href"], json!("tel:0493312401"), "{calls:?}");
    assert!(
        calls[0]["text"].as_str().unwrap().contains("Aanmeldlijn"),
        "{calls:?}"
    );
    assert!(calls[0]["bottom"].as_f64().unwrap() <= 640.0, "{calls:?}");
    assert_eq!(calls[1]["href"], json!("tel:0493312409"), "{calls:?}");
    assert_eq!(calls.last().unwrap()["href"], json!("tel:0493312400"));
    // "Zo verwijst u" once, with the services under it.
    let headings = browser.execute(
        "return [...document.querySelectorAll('.quick-contact')].map(s => s.textContent.split('Zo verwijst u').length - 1);",
        json!([]),
    );
    assert_eq!(headings, json!([1]));
    browser.screenshot("coach-partner-phone");
    let violations = axe_violations(&browser, &axe);
    assert!(violations.is_empty(), "{violations:#?}");
    browser.assert_no_foreign_requests();
}

/// Every page type of the example site: the crisis entry must be on each.
const PAGE_TYPES: &[&str] = &[
    "/",
    "/search/",
    "/search/#q=schulden",
    "/partners/",
    "/partners/schuldhulp-lindewaard/",
    "/regulations/wgs-schuldhulpverlening/",
    "/modules/",
    "/modules/geldzorgen-signaleren/",
    "/modules/niveau/basis/",
    "/pages/wie-doet-wat-bij-geldzorgen/",
    "/domains/",
    "/domains/financien/",
    "/areas/centrum/",
    "/matrix/",
    "/glossary/",
    "/leerroutes/",
    "/leerroutes/startende-wijkcoach/",
    "/redactie/",
    "/404.html",
];

#[test]
fn the_crisis_entry_is_on_the_first_screen_of_every_page_type() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.set_viewport(PHONE.0, PHONE.1);
    let mut failures = Vec::new();
    for page in PAGE_TYPES {
        browser.goto(&format!("{}{page}", server.base));
        let entry = browser.execute(
            "const a = document.querySelector('.site-header .nav-crisis');
             if (!a) return null;
             const r = a.getBoundingClientRect();
             return { href: a.href, name: a.textContent, visible: a.checkVisibility(),
                      bottom: r.bottom, height: r.height };",
            json!([]),
        );
        if entry.is_null() {
            failures.push(format!("{page}: no crisis entry"));
            continue;
        }
        let href = entry["href"].as_str().unwrap();
        if !href.ends_with("/pages/crisis-buiten-kantooruren/")
            && !href.ends_with("/pages/crisis-buiten-kantooruren/index.html")
        {
            failures.push(format!("{page}: the crisis entry goes to {href}"));
        }
        // Seen without opening the menu, tappable, and named in full for a screen reader.
        if entry["visible"] != json!(true) || entry["bottom"].as_f64().unwrap() > 640.0 {
            failures.push(format!(
                "{page}: the crisis entry is not on the first screen: {entry}"
            ));
        }
        if entry["height"].as_f64().unwrap() < 44.0 {
            failures.push(format!(
                "{page}: the crisis entry is {} px high",
                entry["height"]
            ));
        }
        if entry["name"] != json!("Spoed / crisis") {
            failures.push(format!("{page}: the crisis entry reads {}", entry["name"]));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));

    // The home page names it once more, with the page it leads to.
    browser.goto(&format!("{}/", server.base));
    let home = browser.execute(
        "const a = document.querySelector('main .home-crisis a');
         return a && { text: a.textContent, bottom: a.getBoundingClientRect().bottom };",
        json!([]),
    );
    assert!(
        home["text"]
            .as_str()
            .unwrap()
            .contains("Crisis: wie bel je buiten kantooruren"),
        "{home}"
    );
    assert!(home["bottom"].as_f64().unwrap() <= 640.0, "{home}");
    browser.screenshot("coach-home-phone");
    browser.assert_no_foreign_requests();
}

#[test]
fn a_crisis_entry_that_names_no_page_is_reported_at_its_place_in_the_config() {
    let site = common::TestSite::example();
    let config = site.read("kaartenbak.toml").replace(
        "crisis = \"@/pages/crisis-buiten-kantooruren\"",
        "crisis = \"@/pages/crisis-buiten-kantoortijd\"",
    );
    site.write("kaartenbak.toml", &config);
    let line = config
        .lines()
        .position(|l| l.starts_with("crisis"))
        .unwrap()
        + 1;
    let output = site.run(&["check"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains(&format!(
            "kaartenbak.toml:{line}:1: error[unknown-entry]: `crisis` links to `@/pages/crisis-buiten-kantoortijd`, which is no page of this site\n    hint: did you mean `crisis-buiten-kantooruren`?"
        )),
        "{stdout}"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn listings_and_messages_speak_dutch() {
    let site = common::TestSite::example();
    site.run_ok(&["build"]);
    let partners = site.read("site/partners/index.html");
    assert!(
        partners.contains("38 vermeldingen</p>"),
        "the partner listing's count"
    );
    assert!(!partners.contains(" items<"), "an English count is left");
    // Lists in Dutch alphabetical order by name, not by file name (issue 24's example on Financiën).
    let financien = site.read("site/domains/financien/index.html");
    let partners_section = &financien[..financien.find("id=\"regels\"").unwrap_or(financien.len())];
    let titles: Vec<&str> = partners_section
        .split("class=\"card-title\"><a href=\"")
        .skip(1)
        .map(|rest| {
            let start = rest.find('>').unwrap() + 1;
            &rest[start..start + rest[start..].find('<').unwrap()]
        })
        .collect();
    let at = |name: &str| {
        titles
            .iter()
            .position(|t| *t == name)
            .unwrap_or_else(|| panic!("{name} not in {titles:?}"))
    };
    assert_eq!(titles[0], "De Balans Beschermingsbewind", "{titles:?}");
    assert!(
        at("Jongerenloket Lindewaard") < at("Het Juridisch Loket"),
        "{titles:?}"
    );
    assert!(
        at("Het Juridisch Loket") < at("Kledingbank Lindewaard"),
        "{titles:?}"
    );
    assert!(
        at("Voedselbank Lindewaard") < at("Wooncorporatie Kempenhof"),
        "{titles:?}"
    );
    let modules = site.read("site/modules/index.html");
    assert!(
        modules.contains(" vermeldingen</p>"),
        "the module catalogue's count"
    );
    // A wijk with no close match: the message lists the wijken (not "wijks").
    let output = site.run(&["search", "schuld", "--area", "xyz"]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("unknown wijk `xyz`: known wijken: `"),
        "{stderr}"
    );
}

#[test]
fn the_home_page_on_a_phone_names_the_site_once_and_cuts_descriptions_at_a_word() {
    let Some((site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.set_viewport(PHONE.0, PHONE.1);
    browser.goto(&format!("{}/", server.base));
    let home = browser.execute(
        "const title = document.querySelector('.site-title').textContent.trim();
         const shown = [...document.querySelectorAll('body *')].filter(e => e.children.length === 0
             && e.textContent.trim() === title && e.checkVisibility() && e.getBoundingClientRect().width > 1);
         return { shown: shown.length, h1: document.querySelector('h1').textContent,
                  tiles: [...document.querySelectorAll('.tile')].map(t => [
                      t.querySelector('.tile-label').textContent,
                      (t.querySelector('.tile-description') || {}).textContent || '']) };",
        json!([]),
    );
    assert_eq!(
        home["shown"],
        json!(1),
        "the site title is shown once: {home}"
    );
    assert_eq!(
        home["h1"],
        json!("Sociale kaart Lindewaard"),
        "the heading stays for screen readers"
    );

    let domains: Vec<serde_yaml::Value> =
        serde_yaml::from_str(&site.read("content/_data/domains.yaml")).unwrap();
    let mut cut = 0;
    for tile in home["tiles"].as_array().unwrap() {
        let (label, shown) = (tile[0].as_str().unwrap(), tile[1].as_str().unwrap());
        let full = domains
            .iter()
            .find(|d| d["label"].as_str() == Some(label))
            .and_then(|d| d["description"].as_str())
            .unwrap_or_default()
            .trim();
        match shown.strip_suffix('…') {
            None => assert_eq!(shown, full, "{label}"),
            Some(head) => {
                cut += 1;
                let rest = full
                    .strip_prefix(head)
                    .unwrap_or_else(|| panic!("{label}: {shown}"));
                let next = rest.chars().next().unwrap();
                assert!(
                    next.is_whitespace() || ",;:".contains(next),
                    "{label}: cut inside a word: {shown}"
                );
            }
        }
    }
    assert!(cut > 0, "no description is long enough to be cut: {home}");
    browser.screenshot("coach-home-phone-tiles");
}
