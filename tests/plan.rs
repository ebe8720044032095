//! The household plan (/plan/) in real headless Chromium, with the request recorder on: entries added from
//! search results and entry pages under three life domains survive a reload; the export validates against
//! docs/plan-schema/ and imports into a fresh profile as the same plan; an encrypted export refuses a wrong
//! passphrase and opens with the right one; "Alles wissen" leaves the browser's storage empty; axe finds
//! nothing at 1280 and 360 px; the household print is A4 with unsplittable cards; the .ics parses; a
//! rebuild that changes a partner's phone shows the change; and the plan works from file://.

mod common;

use common::browser::{self, Browser, Server};
use common::static_server::StaticServer;
use common::{tools, TestSite};
use serde_json::{json, Value};
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
const STORAGE_KEY: &str = "kaartenbak-plannen:/";

fn schema_validator(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/plan-schema")
        .join(format!("{name}.schema.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(name: &str, document: &Value) {
    let errors: Vec<String> = schema_validator(name)
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}: {errors:#?}\n{document:#}");
}

/// Opens the "In het plan" form in the action box `boxed` (a CSS selector), picks the plan (a new one
/// labelled `new_label`, or the first listed), the domain and the service by position, and adds.
fn add_to_plan(browser: &Browser, boxed: &str, new_label: Option<&str>, domain: &str) {
    browser.wait_until(
        &format!("document.querySelector(\"{boxed} .plan-add-button\")"),
        WAIT,
    );
    browser.click(&format!("{boxed} .plan-add-button"));
    browser.wait_until(
        &format!("document.querySelector(\"{boxed} .plan-add-form\")"),
        WAIT,
    );
    let chosen = browser.execute(
        "const form = document.querySelector(arguments[0] + ' .plan-add-form');
         const selects = form.querySelectorAll('select');
         if (arguments[1] !== null) {
           selects[0].value = ''; selects[0].dispatchEvent(new Event('change'));
         }
         const domain = [...selects].find(s => [...s.options].some(o => o.value === arguments[2]));
         domain.value = arguments[2]; domain.dispatchEvent(new Event('change'));
         return domain.value;",
        json!([boxed, new_label, domain]),
    );
    assert_eq!(chosen, json!(domain));
    if let Some(label) = new_label {
        browser.type_into(&format!("{boxed} .plan-add-form input[type=text]"), label);
    }
    browser.click(&format!("{boxed} .plan-add-submit"));
    browser.wait_until(
        &format!("[...document.querySelectorAll(\"{boxed} .plan-add-status\")].some(s => s.textContent.includes('Toegevoegd'))"),
        WAIT,
    );
}

/// The plans this browser holds for the site, by id.
fn stored_plans(browser: &Browser) -> Value {
    let raw = browser.execute(
        "return localStorage.getItem(arguments[0]);",
        json!([STORAGE_KEY]),
    );
    match raw.as_str() {
        Some(text) => serde_json::from_str::<Value>(text).unwrap()["plans"].clone(),
        None => json!({}),
    }
}

/// A plan without the moment it was last opened (which opening it changes).
fn without_touched(plan: &Value) -> Value {
    let mut plan = plan.clone();
    plan.as_object_mut().unwrap().remove("touched");
    plan
}

/// Stores empty plans `(id, label, days since last use)` as the plan page would have kept them.
fn store_empty_plans(browser: &Browser, plans: &[(&str, &str, u32)]) {
    browser.execute(
        "const day = 24 * 60 * 60 * 1000;
         const plan = ([id, label, age]) => ({ id, label, created: new Date(Date.now() - age * day).toISOString(),
           touched: new Date(Date.now() - age * day).toISOString(), coordinator: { name: '', role: '', phone: '', email: '' },
           strengths: [], concerns: [], goals: [], entries: [], actions: [], network: [], evaluations: [],
           earlier_help: [], safety_plan: null });
         localStorage.setItem(arguments[0], JSON.stringify({ format: 'kaartenbak-plan', version: 1,
           plans: Object.fromEntries(arguments[1].map(p => [p[0], plan(p)])) }));",
        json!([STORAGE_KEY, plans]),
    );
}

fn open_plan_page(browser: &Browser, url: &str) {
    browser.goto(url);
    browser.wait_until("document.querySelector('#plan-app.plan-ready')", WAIT);
}

fn open_first_plan(browser: &Browser) {
    browser.click(".plan-open");
    browser.wait_until("document.querySelector('.plan-editor .plan-heading')", WAIT);
}

/// Imports `file` with `passphrase` on the plan page; returns the import status text.
fn import(browser: &Browser, file: &Path, passphrase: &str) -> String {
    browser.execute(
        "document.querySelector('.plan-import input[type=password]').value = '';
         document.querySelector('.plan-import-status').textContent = '';",
        json!([]),
    );
    browser.type_into(".plan-import input[type=file]", &file.display().to_string());
    if !passphrase.is_empty() {
        browser.type_into(".plan-import input[type=password]", passphrase);
    }
    browser.click(".plan-import button[type=submit]");
    browser
        .wait_until(
            "document.querySelector('.plan-import-status').textContent",
            WAIT,
        )
        .as_str()
        .unwrap()
        .to_string()
}

/// Every kind of browser storage this page can reach: local, session, IndexedDB databases, caches.
fn storage_inventory(browser: &Browser) -> Value {
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         Promise.all([indexedDB.databases(), caches.keys()]).then(([dbs, cacheKeys]) => done({
           local: Object.keys(localStorage), session: Object.keys(sessionStorage),
           indexeddb: dbs.map(d => d.name), caches: cacheKeys }));",
        json!([]),
    )
}

fn axe_violations(browser: &Browser, axe: &str) -> Value {
    browser.execute(axe, json!([]));
    let result = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
            .then(r => done({ violations: r.violations.map(v => ({ id: v.id, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target) })), passes: r.passes.length }))
            .catch(e => done({ error: String(e) }));",
        json!([]),
    );
    assert!(result["error"].is_null(), "axe failed: {}", result["error"]);
    assert!(
        result["passes"].as_u64().unwrap() > 10,
        "axe checked too little"
    );
    result["violations"].clone()
}

#[test]
fn a_plan_from_results_and_entry_pages_survives_reload_export_import_and_wipe() {
    if !browser::available() {
        return;
    }
    let Some(axe) = tools::axe_source() else {
        return;
    };
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    let base = &server.base;

    // From a search result: a partner under Financiën, in a new plan.
    browser.goto(&format!("{base}/search/?q=schuldhulp"));
    browser.wait_until(
        "document.querySelector('#zoekresultaten .result-partner .plan-add')",
        WAIT,
    );
    browser.execute(
        "document.querySelector('#zoekresultaten .result-partner .plan-add').id = 'uit-resultaat';",
        json!([]),
    );
    add_to_plan(&browser, "#uit-resultaat", Some("Gezin K.L."), "financien");

    // From entry pages: a partner's service under Huisvesting, a regulation under Werk & opleiding.
    browser.goto(&format!("{base}/partners/kempenhof-wonen/"));
    add_to_plan(&browser, ".entry .plan-add", None, "huisvesting");
    browser.goto(&format!("{base}/regulations/participatiewet-bijstand/"));
    add_to_plan(&browser, ".entry .plan-add", None, "werk-opleiding");

    // Reload: the plan is there, with each entry under its domain and its phone from the directory.
    open_plan_page(&browser, &format!("{base}/plan/"));
    open_plan_page(&browser, &format!("{base}/plan/"));
    assert_eq!(
        browser.execute(
            "return [...document.querySelectorAll('.plan-open')].map(b => b.textContent);",
            json!([])
        ),
        json!(["Gezin K.L."])
    );
    open_first_plan(&browser);
    let per_domain = browser.execute(
        "return ['financien', 'huisvesting', 'werk-opleiding'].map(d =>
            document.querySelectorAll('.plan-domain[data-domain=\"' + d + '\"] .plan-entry').length);",
        json!([]),
    );
    assert_eq!(per_domain, json!([1, 1, 1]));
    let kempenhof = browser.execute(
        "const card = [...document.querySelectorAll('.plan-entry')].find(c => c.textContent.includes('Kempenhof'));
         return [card.querySelector('a[href^=\"tel:\"]').getAttribute('href'), card.querySelector('h4 a').href];",
        json!([]),
    );
    assert_eq!(kempenhof[0], "tel:0493375500");
    assert!(kempenhof[1]
        .as_str()
        .unwrap()
        .ends_with("/partners/kempenhof-wonen/"));
    let mandate = browser.execute(
        "const card = [...document.querySelectorAll('.plan-entry')].find(c => c.querySelector('h4 a').href.includes('/regulations/'));
         return card.textContent;",
        json!([]),
    );
    assert!(
        mandate.as_str().unwrap().contains("Wie beslist"),
        "a regulation shows who decides: {mandate}"
    );

    // The plan's own parts: a concern, a goal, an action with a deadline, an evaluation.
    browser.click(".plan-domain[data-domain='financien'] .plan-concerns .plan-add-item");
    browser.type_into(
        ".plan-domain[data-domain='financien'] .plan-concerns textarea",
        "Huurachterstand van drie maanden",
    );
    browser.click(".plan-domain[data-domain='financien'] .plan-goals .plan-add-item");
    browser.type_into(
        ".plan-domain[data-domain='financien'] .plan-goals textarea",
        "Schuldenvrij",
    );
    browser.click(".plan-actions .plan-add-item");
    browser.type_into(".plan-actions textarea", "Aanmelden bij schuldhulp");
    browser.execute(
        "const due = document.querySelector('.plan-actions input[type=date]');
         due.value = '2027-01-15'; due.dispatchEvent(new Event('input'));",
        json!([]),
    );
    browser.click(".plan-evaluations .plan-add-item");
    browser.execute(
        "const date = document.querySelector('.plan-evaluations input[type=date]');
         date.value = '2027-03-01'; date.dispatchEvent(new Event('input'));",
        json!([]),
    );

    // Axe at desktop and phone width, with the plan open.
    for (width, height) in [(1280, 900), (360, 640)] {
        browser.set_viewport(width, height);
        let violations = axe_violations(&browser, &axe);
        assert_eq!(violations, json!([]), "axe at {width} px");
        if width == 360 {
            let overflow = browser.execute(
                "const width = document.documentElement.clientWidth;
                 return [document.documentElement.scrollWidth - width,
                   [...document.querySelectorAll('#plan-app *')].filter(e => e.getBoundingClientRect().right > width + 1)
                     .slice(0, 5).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right))];",
                json!([]),
            );
            assert_eq!(
                overflow[0],
                json!(0),
                "no horizontal scrolling at 360 px: {overflow}"
            );
        }
    }
    browser.set_viewport(1280, 900);

    // Export: the file validates against the schema.
    browser.click(".plan-export button[type=submit]");
    let exported = browser
        .wait_until("window.KaartenbakPlan.lastExport", WAIT)
        .as_str()
        .unwrap()
        .to_string();
    let document: Value = serde_json::from_str(&exported).unwrap();
    assert_valid("plan", &document);
    let plan = document["plan"].clone();
    assert_eq!(plan["entries"].as_array().unwrap().len(), 3);
    assert_eq!(plan["actions"][0]["due"], "2027-01-15");
    let stored = stored_plans(&browser);
    assert_eq!(
        without_touched(&stored[plan["id"].as_str().unwrap()]),
        without_touched(&plan)
    );

    // Encrypted export: valid against its schema, with nothing of the plan readable.
    browser.execute("window.KaartenbakPlan.lastExport = null;", json!([]));
    browser.type_into(".plan-export input[type=password]", "Lindewaard-2027!");
    browser.click(".plan-export button[type=submit]");
    let sealed = browser
        .wait_until("window.KaartenbakPlan.lastExport", WAIT)
        .as_str()
        .unwrap()
        .to_string();
    let sealed_document: Value = serde_json::from_str(&sealed).unwrap();
    assert_valid("plan-encrypted", &sealed_document);
    assert!(!sealed.contains("Gezin") && !sealed.contains("Huurachterstand"));

    // The agenda: the evaluation and the deadline as events in Europe/Amsterdam, with the same UIDs twice.
    browser.click(".plan-ics");
    let calendar_text = browser
        .wait_until("window.KaartenbakPlan.lastCalendar", WAIT)
        .as_str()
        .unwrap()
        .to_string();
    let calendar = ical::IcalParser::new(calendar_text.as_bytes())
        .next()
        .expect("one calendar")
        .expect("the .ics parses");
    assert_eq!(calendar.timezones.len(), 1);
    let starts: Vec<(String, String)> = calendar
        .events
        .iter()
        .map(|e| {
            let start = e.properties.iter().find(|p| p.name == "DTSTART").unwrap();
            let tzid = start.params.as_ref().unwrap()[0].1[0].clone();
            (tzid, start.value.clone().unwrap())
        })
        .collect();
    assert_eq!(
        starts,
        [
            (
                "Europe/Amsterdam".to_string(),
                "20270301T090000".to_string()
            ),
            (
                "Europe/Amsterdam".to_string(),
                "20270115T090000".to_string()
            )
        ]
    );
    let uids = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| l.starts_with("UID:"))
            .map(String::from)
            .collect()
    };
    browser.click(".plan-ics");
    let again = browser
        .execute("return window.KaartenbakPlan.lastCalendar;", json!([]))
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(uids(&calendar_text), uids(&again), "stable UIDs");

    // Print for the household: A4, no card may split over a page.
    // What the button prepares before it calls the browser's print dialog (which WebDriver cannot close).
    browser.execute(
        "window.KaartenbakPlan.page.preparePrint('household');",
        json!([]),
    );
    browser.emulate_media("print");
    let print = browser.execute(
        "const cards = [...document.querySelectorAll('#plan-print .plan-print-card')];
         return { cards: cards.length, avoid: cards.every(c => getComputedStyle(c).breakInside === 'avoid'),
                  shown: document.getElementById('plan-print').checkVisibility(),
                  editor: document.querySelector('.plan-editor').checkVisibility(),
                  text: document.getElementById('plan-print').textContent };",
        json!([]),
    );
    browser.emulate_media("");
    assert_eq!(print["avoid"], json!(true), "{print}");
    assert_eq!(print["shown"], json!(true), "{print}");
    assert_eq!(print["editor"], json!(false), "{print}");
    assert!(print["cards"].as_u64().unwrap() >= 3, "{print}");
    let text = print["text"].as_str().unwrap();
    assert!(
        text.contains("0493-375500") && text.contains("Aanmelden bij schuldhulp"),
        "referrals and next steps on paper: {text}"
    );
    let pdf = browser.print_a4();
    let pdf_text = String::from_utf8_lossy(&pdf);
    assert!(pdf_text.contains("/MediaBox [0 0 595"), "the handout is A4");

    // Import into a fresh profile: the same plan.
    let files = tempfile::tempdir().unwrap();
    let plain_file = files.path().join("gezinsplan.json");
    std::fs::write(&plain_file, &exported).unwrap();
    let sealed_file = files.path().join("gezinsplan-versleuteld.json");
    std::fs::write(&sealed_file, &sealed).unwrap();
    let bad_file = files.path().join("kapot.json");
    // A label that is no text, and an entry whose link would leave the site.
    std::fs::write(
        &bad_file,
        r#"{"format": "kaartenbak-plan", "version": 1, "plan": {"label": 3, "entries": [
            {"id": "e1", "ref": "partner/x", "url": "javascript:alert(1)", "title": "x", "domain": "financien"}]}}"#,
    )
    .unwrap();
    let fresh = Browser::start();
    open_plan_page(&fresh, &format!("{base}/plan/"));
    assert_eq!(stored_plans(&fresh), json!({}));
    let status = import(&fresh, &plain_file, "");
    assert!(status.contains("ingelezen"), "{status}");
    let imported = stored_plans(&fresh);
    assert_eq!(
        without_touched(&imported[plan["id"].as_str().unwrap()]),
        without_touched(&plan),
        "the imported plan is the exported one"
    );

    // A bad file is reported in Dutch and changes nothing.
    let status = import(&fresh, &bad_file, "");
    assert!(
        status.contains("niet ingelezen")
            && status.contains("‘label’ moet tekst zijn")
            && status.contains("‘entries[1].url’ is geen pagina van deze sociale kaart"),
        "{status}"
    );
    assert_eq!(stored_plans(&fresh), imported);

    // Alles wissen: nothing left in any storage of the browser.
    fresh.click(".plan-wipe-button");
    fresh.click(".plan-wipe-yes");
    fresh.wait_until(
        "document.querySelector('.plan-notices').textContent.includes('gewist')",
        WAIT,
    );
    assert_eq!(
        storage_inventory(&fresh),
        json!({ "local": [], "session": [], "indexeddb": [], "caches": [] })
    );

    // The encrypted file: a wrong passphrase fails clearly and changes nothing; the right one restores.
    let status = import(&fresh, &sealed_file, "verkeerd");
    assert!(status.contains("wachtwoord klopt niet"), "{status}");
    assert_eq!(stored_plans(&fresh), json!({}));
    let status = import(&fresh, &sealed_file, "Lindewaard-2027!");
    assert!(status.contains("ingelezen"), "{status}");
    assert_eq!(
        without_touched(&stored_plans(&fresh)[plan["id"].as_str().unwrap()]),
        without_touched(&plan)
    );
    assert_eq!(fresh.console_errors(), Vec::<String>::new());

    // The first browser wipes too.
    browser.click(".plan-wipe-button");
    browser.click(".plan-wipe-yes");
    assert_eq!(
        storage_inventory(&browser)["local"],
        json!([]),
        "no plan left in the first browser"
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.assert_no_foreign_requests();
    fresh.assert_no_foreign_requests();
}

/// From search to plan: a sentence with two needs, "Zet in plan", and the plan holds each need as a concern
/// in its life domain with the search's best answer as an entry and a proposed action; the plan is valid
/// against the schema and nothing left the site.
#[test]
fn the_needs_a_search_recognised_go_into_a_plan_with_their_best_answers() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    browser.goto(&format!(
        "{}/search/?q=moeder%20heeft%20een%20huurachterstand%20en%20haar%20zoon%20van%2016%20blowt%20elke%20dag",
        server.base
    ));
    browser.wait_until(
        "document.querySelector('.search-notices .plan-add-needs .plan-add-button')",
        WAIT,
    );
    let best = browser.execute(
        "return [...document.querySelectorAll('#zoekresultaten .result-title a')].slice(0, 5).map(a => a.href);",
        json!([]),
    );
    browser.click(".plan-add-needs .plan-add-button");
    browser.wait_until(
        "document.querySelector('.plan-add-needs .plan-add-form')",
        WAIT,
    );
    browser.execute(
        "const select = document.querySelector('.plan-add-needs .plan-add-form select');
         select.value = ''; select.dispatchEvent(new Event('change'));",
        json!([]),
    );
    browser.type_into(
        ".plan-add-needs .plan-add-form input[type=text]",
        "Gezin M.",
    );
    browser.click(".plan-add-needs .plan-add-submit");
    browser.wait_until(
        "[...document.querySelectorAll('.plan-add-needs .plan-add-status')].some(s => s.textContent.includes('Gezin M.'))",
        WAIT,
    );

    let plans = stored_plans(&browser);
    let plan = plans.as_object().unwrap().values().next().unwrap().clone();
    let domains = |list: &str| -> Vec<String> {
        plan[list]
            .as_array()
            .unwrap()
            .iter()
            .map(|item| item["domain"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        domains("concerns"),
        ["financien", "middelengebruik"],
        "{plan:#}"
    );
    assert_eq!(
        domains("entries"),
        ["financien", "middelengebruik"],
        "{plan:#}"
    );
    let refs: Vec<&str> = plan["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["ref"].as_str().unwrap())
        .collect();
    assert_eq!(refs[1], "partner/verslavingszorg-de-brug", "{plan:#}");
    // Each best answer is one of the results the coach saw.
    for entry in plan["entries"].as_array().unwrap() {
        let url = entry["url"].as_str().unwrap();
        assert!(
            best.as_array()
                .unwrap()
                .iter()
                .any(|h| h.as_str().unwrap().contains(url)),
            "{url} not among {best}"
        );
    }
    let actions = plan["actions"].as_array().unwrap();
    assert_eq!(actions.len(), 2, "{plan:#}");
    for (action, entry) in actions.iter().zip(plan["entries"].as_array().unwrap()) {
        assert_eq!(action["who"], "entry");
        assert_eq!(action["who_entry"], entry["id"]);
        assert_eq!(action["status"], "open");
    }
    assert_valid(
        "plan",
        &json!({
            "format": "kaartenbak-plan",
            "version": 1,
            "exported": "2026-12-07T08:00:00Z",
            "site": { "base": "/" },
            "plan": plan,
        }),
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.assert_no_foreign_requests();
}

#[test]
fn plans_untouched_too_long_are_removed_and_warned_of_a_week_before() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let url = format!("{}/plan/", server.base);
    open_plan_page(&browser, &url);
    // Three plans: last used 91, 85 and 10 days ago (the default expiry is 90 days).
    store_empty_plans(
        &browser,
        &[
            ("plan-oud", "Oud", 91),
            ("plan-bijna", "Bijna", 85),
            ("plan-vers", "Vers", 10),
        ],
    );
    open_plan_page(&browser, &url);
    let plans = stored_plans(&browser);
    let mut ids: Vec<&String> = plans.as_object().unwrap().keys().collect();
    ids.sort();
    assert_eq!(ids, ["plan-bijna", "plan-vers"]);
    let notices = browser.execute(
        "return [document.querySelector('.plan-expired').textContent, document.querySelector('.plan-expiry-warning').textContent];",
        json!([]),
    );
    assert!(
        notices[0].as_str().unwrap().contains("‘Oud’ is gewist"),
        "{notices}"
    );
    assert!(
        notices[1]
            .as_str()
            .unwrap()
            .contains("‘Bijna’ wordt over 5 dagen gewist"),
        "{notices}"
    );
    // Keeping it resets the clock.
    browser.click(".plan-keep");
    let touched = browser.execute(
        "return Date.now() - Date.parse(JSON.parse(localStorage.getItem(arguments[0])).plans['plan-bijna'].touched);",
        json!([STORAGE_KEY]),
    );
    assert!(touched.as_f64().unwrap() < 60_000.0, "{touched}");
}

#[test]
fn a_plan_past_its_expiry_is_removed_by_any_page_of_the_site_not_only_the_plan_page() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let plan_page = format!("{}/plan/", server.base);
    open_plan_page(&browser, &plan_page);
    store_empty_plans(
        &browser,
        &[("plan-oud", "Oud", 91), ("plan-vers", "Vers", 10)],
    );
    // A coach who never opens the plan page again: a partner page alone removes the old plan.
    browser.goto(&format!("{}/partners/", server.base));
    browser.wait_until("document.readyState === 'complete'", WAIT);
    let plans = stored_plans(&browser);
    let ids: Vec<&String> = plans.as_object().unwrap().keys().collect();
    assert_eq!(ids, ["plan-vers"]);
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}

#[test]
fn on_a_plain_http_intranet_the_plan_page_says_why_it_cannot_encrypt_and_still_exports() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let server = StaticServer::start(&site.path().join("site"));
    let browser = Browser::start();
    // A host name that is not this machine: as on a municipality's intranet, the page is no secure
    // context, and browsers then offer no WebCrypto.
    let address = server.base.trim_start_matches("http://").to_string();
    let port = address.rsplit(':').next().unwrap();
    let origin = format!("http://intranet.gemeente.test:{port}");
    browser.recorder().serve_origin_from(&origin, &address);
    open_plan_page(&browser, &format!("{origin}/plan/"));
    assert_eq!(
        browser.execute("return window.isSecureContext;", json!([])),
        json!(false)
    );
    browser.type_into(".plan-new input", "Gezin K.");
    browser.click(".plan-new button[type=submit]");
    browser.wait_until("document.querySelector('.plan-editor .plan-heading')", WAIT);
    let export = browser.execute(
        "const form = document.querySelector('.plan-export');
         return { hint: form.querySelector('.plan-no-crypto')?.textContent || '',
                  passphrase: form.querySelectorAll('input[type=password]').length };",
        json!([]),
    );
    assert!(
        export["hint"]
            .as_str()
            .unwrap()
            .contains("Versleutelen kan hier niet"),
        "{export}"
    );
    assert_eq!(export["passphrase"], json!(0), "{export}");
    // Without encryption the plan still leaves as a plain file.
    browser.click(".plan-export button[type=submit]");
    let exported = browser.wait_until("window.KaartenbakPlan.lastExport", WAIT);
    let exported: Value = serde_json::from_str(exported.as_str().unwrap()).unwrap();
    assert_valid("plan", &exported);
    // Chromium warns of any download over plain http; the page cannot prevent that (docs/plan.md).
    let errors: Vec<String> = browser
        .console_errors()
        .into_iter()
        .filter(|e| !e.contains("was loaded over an insecure connection"))
        .collect();
    assert_eq!(errors, Vec::<String>::new());
    browser.assert_no_foreign_requests();
}

/// The text of each page of a PDF, with whitespace runs as one space and typographic ligatures as letters.
fn pdf_pages(pdf: &[u8]) -> Vec<String> {
    let document = lopdf::Document::load_mem(pdf).expect("a readable PDF");
    document
        .get_pages()
        .keys()
        .map(|number| {
            let text = document.extract_text(&[*number]).unwrap();
            flat(&text)
        })
        .collect()
}

fn flat(text: &str) -> String {
    text.replace('\u{FB01}', "fi")
        .replace('\u{FB02}', "fl")
        .replace('\u{FB00}', "ff")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

/// Prints the open plan in `kind` (household or coach) on A4: the first and last text of every card, and
/// the text of each page.
fn print_plan(browser: &Browser, kind: &str) -> (Vec<(String, String)>, Vec<String>, Vec<u8>) {
    browser.execute(
        "window.KaartenbakPlan.page.preparePrint(arguments[0]);",
        json!([kind]),
    );
    let cards = browser.execute(
        "return [...document.querySelectorAll('#plan-print .plan-print-card')].map(card =>
           [card.querySelector('h3').textContent, [...card.querySelectorAll('dd')].pop()?.textContent || '']);",
        json!([]),
    );
    let cards = cards
        .as_array()
        .unwrap()
        .iter()
        .map(|card| {
            (
                flat(card[0].as_str().unwrap()),
                flat(card[1].as_str().unwrap()),
            )
        })
        .collect();
    let pdf = browser.print_a4();
    (cards, pdf_pages(&pdf), pdf)
}

#[test]
fn a_printed_plan_of_several_pages_keeps_every_card_whole_for_the_household_and_the_coach() {
    let Some((_site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let url = format!("{}/plan/", server.base);
    open_plan_page(&browser, &url);
    // A full plan: fourteen partners from the directory, goals, actions (one done), meetings, network,
    // strengths and a safety plan, each text unique so that every card can be found on paper.
    browser.execute_async(
        "const done = arguments[arguments.length - 1];
         fetch('../plan/directory.json').then(r => r.json()).then(directory => {
           const partners = Object.entries(directory.entries).filter(([, e]) => e.kind === 'partner' && e.phone).slice(0, 14);
           const now = new Date().toISOString();
           const entries = partners.map(([ref, e], i) => ({ id: 'e' + i, ref, url: e.url, title: e.title,
             domain: e.domains[0], service: null, phone: e.phone, referral: null, added: now }));
           const plan = { id: 'plan-vol', label: 'Gezin V.', created: now, touched: now,
             coordinator: { name: 'Coach Anouk', role: 'wijkcoach', phone: '0493-300000', email: '' },
             strengths: [{ id: 's1', text: 'Sterke band met de buurvrouw' }, { id: 's2', text: 'Moeder kookt elke dag' }],
             concerns: [{ id: 'c1', domain: 'financien', text: 'Huurachterstand van drie maanden', priority: 'hoog' }],
             goals: [1, 2, 3, 4].map(n => ({ id: 'g' + n, domain: 'financien', long_term: 'Schuldenvrij over drie jaar ' + n,
               next_step: 'Volgende stap nummer ' + n })),
             entries,
             actions: [1, 2, 3, 4, 5, 6].map(n => ({ id: 'a' + n, who: 'household', who_entry: null,
               what: 'Actie nummer ' + n, due: '2027-01-0' + n, status: n === 6 ? 'klaar' : 'open' })),
             network: [{ id: 'n1', name: 'Oma Jansen', relation: 'grootmoeder', phone: '06-11111111' }],
             evaluations: [{ id: 'v1', date: '2027-02-01', note: 'Eerste evaluatie met het gezin' }],
             earlier_help: [{ id: 'h1', text: 'Eerder bewind in 2022' }],
             safety_plan: { text: 'Veiligheidsafspraak met vader' } };
           localStorage.setItem(arguments[0], JSON.stringify({ format: 'kaartenbak-plan', version: 1,
             plans: { 'plan-vol': plan } }));
           done(entries.length);
         });",
        json!([STORAGE_KEY]),
    );
    open_plan_page(&browser, &url);
    open_first_plan(&browser);

    for kind in ["household", "coach"] {
        let (cards, pages, pdf) = print_plan(&browser, kind);
        assert!(
            String::from_utf8_lossy(&pdf).contains("/MediaBox [0 0 595"),
            "{kind}: A4"
        );
        assert!(pages.len() >= 2, "{kind}: {} page(s)", pages.len());
        assert!(cards.len() >= 20, "{kind}: {} cards", cards.len());
        std::fs::write(
            std::env::temp_dir().join(format!("kaartenbak-plan-print-{kind}.txt")),
            pages.join("\n\n=== page ===\n\n"),
        )
        .unwrap();
        // Lines wrap on paper where they did not on screen ("09:00–" then "12:00"): compared without spaces.
        let bare = |text: &str| text.split_whitespace().collect::<String>();
        let bare_pages: Vec<String> = pages.iter().map(|page| bare(page)).collect();
        for (title, last) in &cards {
            assert!(
                bare_pages
                    .iter()
                    .any(|page| page.contains(&bare(title)) && page.contains(&bare(last))),
                "{kind}: the card '{title}' … '{last}' is split over two pages or missing"
            );
        }
        let all = pages.join(" ");
        let household = kind == "household";
        // The household gets who helps and what happens next; the coach the whole plan.
        assert!(all.contains("Volgende stap nummer 4"), "{kind}");
        assert_eq!(
            all.contains("Sterke band met de buurvrouw"),
            !household,
            "{kind}"
        );
        assert_eq!(all.contains("Oma Jansen"), !household, "{kind}");
        assert_eq!(
            all.contains("Schuldenvrij over drie jaar 1"),
            !household,
            "{kind}"
        );
        assert_eq!(
            all.contains("Actie nummer 6"),
            !household,
            "{kind}: a done action"
        );
    }
    browser.emulate_media("");
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.assert_no_foreign_requests();
}

#[test]
fn on_an_english_site_the_plan_page_and_its_print_are_english_throughout() {
    if !browser::available() {
        return;
    }
    // The example site's glossary extends the built-in Dutch one, which an English site does not have.
    let site = TestSite::valid();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    assert!(config.contains("language = \"en\""), "{config}");
    site.write("kaartenbak.toml", &config);
    site.run_ok(&["build"]);
    let server = StaticServer::start(&site.path().join("site"));
    let browser = Browser::start();
    open_plan_page(&browser, &format!("{}/plan/", server.base));
    browser.type_into(".plan-new input", "Family K.");
    browser.click(".plan-new button[type=submit]");
    browser.wait_until("document.querySelector('.plan-editor .plan-heading')", WAIT);
    browser.execute(
        "window.KaartenbakPlan.page.preparePrint('household');",
        json!([]),
    );
    let page = browser.execute(
        "return { lang: document.documentElement.lang, title: document.querySelector('h1').textContent,
                  text: document.querySelector('main').innerText,
                  print: document.getElementById('plan-print').textContent,
                  buttons: [...document.querySelectorAll('main button')].map(b => b.textContent) };",
        json!([]),
    );
    assert_eq!(page["lang"], json!("en"), "{page}");
    assert_eq!(page["title"], json!("Household plan"), "{page}");
    let text = page["text"].as_str().unwrap();
    for english in [
        "Make a new plan",
        "Save, calendar and print",
        "Where is this plan kept?",
    ] {
        assert!(text.contains(english), "{english}: {text}");
    }
    assert!(
        page["print"].as_str().unwrap().contains("Our plan"),
        "{page}"
    );
    // A missing translation shows as its key; a Dutch string left in the scripts shows as Dutch.
    let everything = format!("{text} {} {}", page["print"], page["buttons"]);
    for untranslated in [
        "planjs_",
        "plan_",
        "js_",
        "Gezinsplan",
        "Nieuw plan",
        "Alles wissen",
        "Afdrukken",
    ] {
        assert!(
            !everything.contains(untranslated),
            "{untranslated}: {everything}"
        );
    }
    assert_eq!(browser.console_errors(), Vec::<String>::new());
    browser.assert_no_foreign_requests();
}

#[test]
fn a_rebuild_that_changes_a_partners_phone_shows_on_the_plan_page() {
    let Some((site, server, browser)) = browser::example_site_in_browser() else {
        return;
    };
    let base = &server.base;
    browser.goto(&format!("{base}/partners/schuldhulp-lindewaard/"));
    add_to_plan(&browser, ".entry .plan-add", Some("Gezin M."), "financien");
    browser.goto(&format!(
        "{base}/partners/vrijwilligerscentrale-lindewaard/"
    ));
    add_to_plan(&browser, ".entry .plan-add", None, "basale-adl");

    // The editors change one partner's phone and remove the other; serve rebuilds.
    let file = "content/partners/schuldhulp-lindewaard.yaml";
    let text = site.read(file);
    site.write(
        file,
        &text.replacen("phone: \"0493-312400\"", "phone: \"0493-399999\"", 1),
    );
    std::fs::remove_file(
        site.path()
            .join("content/partners/vrijwilligerscentrale-lindewaard.yaml"),
    )
    .unwrap();
    let directory = format!("{base}/plan/directory.json");
    browser.goto(&format!("{base}/plan/"));
    browser.wait_until(
        &format!(
            "fetch('{directory}', {{ cache: 'no-store' }}).then(r => r.text()).then(t => t.includes('0493-399999') && !t.includes('vrijwilligerscentrale-lindewaard'))"
        ),
        Duration::from_secs(60),
    );

    open_plan_page(&browser, &format!("{base}/plan/"));
    open_first_plan(&browser);
    let shown = browser.execute(
        "const cards = [...document.querySelectorAll('.plan-entry')];
         const schuld = cards.find(c => c.textContent.includes('Schuldhulp'));
         const kleding = cards.find(c => c.classList.contains('plan-entry-removed'));
         return { tel: schuld.querySelector('a[href^=\"tel:\"]').getAttribute('href'),
                  changed: schuld.querySelector('.plan-changed').textContent,
                  removed: kleding ? kleding.textContent : null, count: cards.length };",
        json!([]),
    );
    assert_eq!(shown["tel"], "tel:0493399999", "{shown}");
    assert!(
        shown["changed"]
            .as_str()
            .unwrap()
            .contains("was 0493-312400, nu 0493-399999"),
        "{shown}"
    );
    assert_eq!(shown["count"], 2, "the removed entry stays: {shown}");
    assert!(
        shown["removed"]
            .as_str()
            .unwrap()
            .contains("Staat niet meer in de sociale kaart"),
        "{shown}"
    );
    // Marked as seen, the change notice goes and the plan keeps the new number.
    browser.click(".plan-seen");
    let plans = stored_plans(&browser);
    let plan = plans.as_object().unwrap().values().next().unwrap();
    assert_eq!(plan["entries"][0]["phone"], "0493-399999");
    assert_eq!(
        browser.execute(
            "return document.querySelectorAll('.plan-changed').length;",
            json!([])
        ),
        json!(0)
    );
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

#[test]
fn the_plan_works_from_disk_and_warns_of_shared_storage() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let out = site.path().join("site");
    let browser = Browser::start();
    browser.goto(&file_url(&out.join("partners/veilig-thuis/index.html")));
    add_to_plan(
        &browser,
        ".entry .plan-add",
        Some("Gezin P."),
        "huiselijke-relaties",
    );
    // The link to the plan opens its file.
    let href = browser
        .execute(
            "return document.querySelector('.plan-add-status a').href;",
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        href.starts_with("file://") && href.ends_with("/plan/index.html"),
        "{href}"
    );
    browser.goto(&href);
    browser.wait_until("document.querySelector('#plan-app.plan-ready')", WAIT);
    assert!(browser
        .execute(
            "return document.querySelector('.plan-disk-warning').textContent;",
            json!([])
        )
        .as_str()
        .unwrap()
        .contains("geopend als bestand"));
    open_first_plan(&browser);
    let tel = browser.execute(
        "return document.querySelector('.plan-entry a[href^=\"tel:\"]').getAttribute('href');",
        json!([]),
    );
    assert_eq!(tel, "tel:08002000", "the directory's script twin loaded");
    // Memory only: the plan leaves storage and stays on the page; storage keeps only the choice, no plan.
    browser.click(".plan-memory-only");
    assert_eq!(
        browser.execute("return Object.keys(localStorage);", json!([])),
        json!(["kaartenbak-plannen-alleen-geheugen:/"])
    );
    assert_eq!(
        browser.execute(
            "return document.querySelectorAll('.plan-open').length;",
            json!([])
        ),
        json!(1)
    );
    // Another page does not write a plan behind the coach's back: it says why it keeps nothing.
    browser.goto(&file_url(&out.join("partners/veilig-thuis/index.html")));
    browser.wait_until(
        "document.querySelector('.entry .plan-add .plan-add-button')",
        WAIT,
    );
    browser.click(".entry .plan-add .plan-add-button");
    browser.wait_until("document.querySelector('.entry .plan-add-form')", WAIT);
    browser.type_into(".entry .plan-add-form input[type=text]", "Gezin Q.");
    browser.click(".entry .plan-add-submit");
    browser.wait_until(
        "[...document.querySelectorAll('.entry .plan-add-status')].some(s => s.textContent.includes('alleen in het geheugen'))",
        WAIT,
    );
    assert_eq!(
        browser.execute("return Object.keys(localStorage);", json!([])),
        json!(["kaartenbak-plannen-alleen-geheugen:/"])
    );
    assert_eq!(browser.console_errors(), Vec::<String>::new());
}
