//! The generated site in real headless Chromium: axe-core's WCAG 2.1 A/AA rules on every page type of the
//! example site at desktop and phone width, no console errors, no request to any host but the site's own;
//! and on a 360 px phone no horizontal scrolling and tap targets of at least 44 px.

mod common;

use common::browser::{self, Browser, Server};
use common::tools;
use common::TestSite;
use serde_json::{json, Value};

const PAGES: [&str; 22] = [
    "/redactie/",
    "/search/?q=schuld%20jongere&kind=partner",
    "/",
    "/partners/",
    "/partners/schuldhulp-lindewaard/",
    "/partners/kledingbank-lindewaard/",
    "/regulations/wgs-schuldhulpverlening/",
    "/regulations/bijzondere-bijstand/",
    "/modules/geldzorgen-signaleren/",
    "/modules/mental-health-first-aid/",
    "/pages/wie-doet-wat-bij-geldzorgen/",
    "/domains/",
    "/domains/financien/",
    "/areas/centrum/",
    "/matrix/",
    "/search/",
    "/404.html",
    "/modules/",
    "/glossary/",
    "/modules/niveau/basis/",
    "/leerroutes/",
    "/leerroutes/startende-wijkcoach/",
];

fn describe(violations: &Value) -> String {
    violations
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let targets: Vec<String> = v["nodes"]
                .as_array()
                .unwrap()
                .iter()
                .take(3)
                .map(|n| n["target"].to_string())
                .collect();
            format!(
                "{} ({}): {} at {}",
                v["id"],
                v["impact"],
                v["help"],
                targets.join(", ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n  ")
}

#[test]
fn every_page_type_passes_wcag_2_1_aa_checks_without_third_party_requests() {
    if !browser::available() {
        return;
    }
    let Some(axe) = tools::axe_source() else {
        return;
    };
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    let mut failures = Vec::new();
    for (width, height, page) in [(1280, 900), (360, 640)]
        .into_iter()
        .flat_map(|(w, h)| PAGES.map(|page| (w, h, page)))
    {
        browser.set_viewport(width, height);
        browser.goto(&format!("{}{page}", server.base));
        if page.contains("?q=") {
            // Check the page as a coach sees it: with results, filters and counts rendered.
            browser.wait_until(
                "document.querySelector('#zoekresultaten .result')",
                std::time::Duration::from_secs(20),
            );
        }
        browser.execute(&axe, json!([]));
        let result = browser.execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
                .then(r => done({ violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                    nodes: v.nodes.map(n => ({ target: n.target })) })), passes: r.passes.length }))
                .catch(e => done({ error: String(e) }));",
            json!([]),
        );
        assert!(
            result["error"].is_null(),
            "axe failed on {page}: {}",
            result["error"]
        );
        assert!(
            result["passes"].as_u64().unwrap() > 10,
            "axe checked too little on {page}"
        );
        if !result["violations"].as_array().unwrap().is_empty() {
            failures.push(format!(
                "{page} at {width} px:\n  {}",
                describe(&result["violations"])
            ));
        }
        // Page, worker and all: nothing left the site (the recorder saw every request).
        browser.assert_no_foreign_requests();
        let errors = browser.console_errors();
        assert!(errors.is_empty(), "console errors on {page}: {errors:?}");
    }
    assert!(
        failures.is_empty(),
        "WCAG violations:\n{}",
        failures.join("\n")
    );
}

/// The links and controls of the page that are smaller than 44 × 44 CSS px, except links in a block
/// of text (WCAG 2.5.5's inline exception: the link's block holds more text than the link); a checkbox or radio button counts with its label.
const SMALL_TARGETS: &str = "
    const small = [];
    for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, summary')) {
        if (!el.checkVisibility({ visibilityProperty: true })) continue;
        if (el.tagName === 'A') {
            let block = el.parentElement;
            while (getComputedStyle(block).display.startsWith('inline') && block.parentElement) block = block.parentElement;
            if (block.textContent.trim().length > el.textContent.trim().length) continue;
        }
        const target = el.matches('[type=checkbox], [type=radio]') ? (el.closest('label') || el) : el;
        const r = target.getBoundingClientRect();
        if (r.height < 43.5 || r.width < 43.5) {
            small.push(`${el.tagName.toLowerCase()}.${el.className} \"${(el.textContent || el.name || '').trim().slice(0, 30)}\" ${Math.round(r.width)}×${Math.round(r.height)}`);
        }
    }
    return small;";

#[test]
fn pages_work_on_a_phone_without_horizontal_scrolling_and_with_large_tap_targets() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.set_viewport(360, 640);
    let mut failures = Vec::new();
    for page in PAGES {
        browser.goto(&format!("{}{page}", server.base));
        if page.contains("?q=") {
            browser.wait_until(
                "document.querySelector('#zoekresultaten .result')",
                std::time::Duration::from_secs(20),
            );
        }
        let width = browser
            .execute("return window.innerWidth;", json!([]))
            .as_f64()
            .unwrap();
        assert_eq!(width, 360.0, "the viewport did not become phone-sized");
        let overflow = browser
            .execute(
                "return document.documentElement.scrollWidth - window.innerWidth;",
                json!([]),
            )
            .as_f64()
            .unwrap();
        if overflow > 0.0 {
            failures.push(format!("{page} is {overflow} px wider than a phone"));
        }
        let small = browser.execute(SMALL_TARGETS, json!([]));
        for target in small.as_array().unwrap() {
            failures.push(format!("{page}: tap target {target}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
