//! The generated site in real headless Chromium: axe-core's WCAG 2.1 A/AA rules on every page type of the
//! example site, no console errors, and no request to any host but the site's own.

mod common;

use common::browser::{self, Browser, Server};
use common::tools;
use common::TestSite;
use serde_json::{json, Value};
use std::path::Path;

const PAGES: [&str; 17] = [
    "/redactie/",
    "/search/?q=schuld%20jongere&kind=partner",
    "/",
    "/partners/",
    "/partners/schuldhulp-lindewaard/",
    "/partners/kledingbank-lindewaard/",
    "/regulations/wgs-schuldhulpverlening/",
    "/modules/geldzorgen-signaleren/",
    "/pages/wie-doet-wat-bij-geldzorgen/",
    "/domains/",
    "/domains/financien/",
    "/areas/centrum/",
    "/matrix/",
    "/search/",
    "/404.html",
    "/modules/",
    "/glossary/",
];

/// axe-core from npm (`npm ci --prefix tests/browser`); like the browser, missing means skip locally and
/// fail on CI.
fn axe_source() -> Option<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/browser/node_modules/axe-core/axe.min.js");
    let source = std::fs::read_to_string(&path).ok();
    if source.is_none() {
        tools::skip(
            &format!("{} is missing", path.display()),
            "npm ci --prefix tests/browser",
        );
    }
    source
}

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
    let Some(axe) = axe_source() else {
        return;
    };
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    let mut failures = Vec::new();
    for page in PAGES {
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
            failures.push(format!("{page}:\n  {}", describe(&result["violations"])));
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

#[test]
fn pages_work_on_a_phone_without_horizontal_scrolling() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.set_window_size(360, 800);
    for page in [
        "/",
        "/partners/jongerenloket-lindewaard/",
        "/domains/financien/",
        "/modules/geldzorgen-signaleren/",
        "/matrix/",
    ] {
        browser.goto(&format!("{}{page}", server.base));
        let width = browser
            .execute("return window.innerWidth;", json!([]))
            .as_f64()
            .unwrap();
        assert!(
            width <= 400.0,
            "the window did not become phone-sized: {width}"
        );
        let overflow = browser.execute(
            "return document.documentElement.scrollWidth - window.innerWidth;",
            json!([]),
        );
        assert!(
            overflow.as_f64().unwrap() <= 1.0,
            "{page} is {overflow} px wider than a phone"
        );
    }
}
