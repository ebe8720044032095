//! Temporary notices on partners and services (issue 24, "not now"): shown at the top of the page and on
//! cards while they apply, left out by a build after their last day, hidden by the page once that day has
//! passed since the build, listed on the dashboard in their last week, and exported as HSDS `alert`.
//! The builds here run on `common::TODAY` (2026-11-25).

mod common;

use common::browser::{self, Browser, Server};
use common::TestSite;
use serde_json::{json, Value};

const PARTNER: &str = "name: Dagbesteding Testdorp
domains: [financien]
phone: 0599-123470
notice:
  text: Wachtlijst voor nieuwe deelnemers
  from: 2026-11-01
  until: 2026-11-28
  refer_meanwhile: true
services:
  - name: Werkplaats
    notice:
      text: Werkplaats gesloten wegens verbouwing
      until: 2026-11-24
  - name: Tuinploeg
    notice:
      text: Tuinploeg start pas in het voorjaar
      from: 2026-12-01
      refer_meanwhile: false
last_verified: 2026-11-01
";

fn site() -> TestSite {
    let site = TestSite::valid();
    site.write("content/partners/dagbesteding.yaml", PARTNER);
    site
}

#[test]
fn a_build_shows_current_notices_drops_ended_ones_and_lists_those_ending_this_week() {
    let site = site();
    site.run_ok(&["build"]);
    let page = site.read("site/partners/dagbesteding/index.html");
    // The partner's notice at the top, before the call buttons, with its dates and what to do meanwhile.
    let notice = page
        .find("Wachtlijst voor nieuwe deelnemers")
        .expect("the partner's notice");
    assert!(notice < page.find("class=\"quick-contact\"").unwrap());
    assert!(page.contains("data-notice-until=\"2026-11-28\""), "{page}");
    assert!(page.contains("tot en met 28 november 2026"), "{page}");
    assert!(page.contains("Verwijzen kan in de tussentijd gewoon."));
    // Ended the day before the build: left out.
    assert!(
        !page.contains("Werkplaats gesloten"),
        "an ended notice is shown"
    );
    // Starts after the build: rendered hidden, for the page script to show from its first day.
    let upcoming = page
        .find("Tuinploeg start pas in het voorjaar")
        .expect("the upcoming notice");
    let tag_start = page[..upcoming].rfind("<div class=\"notice").unwrap();
    assert!(
        page[tag_start..upcoming].contains(" hidden"),
        "{}",
        &page[tag_start..upcoming]
    );
    assert!(
        page.contains("/static/notices.js\" defer></script>")
            || page.contains("static/notices.js\" defer></script>")
    );

    // The card on the domain page carries the partner's notice.
    let domain = site.read("site/domains/financien/index.html");
    assert!(
        domain.contains("Wachtlijst voor nieuwe deelnemers"),
        "no notice on the card"
    );

    // The dashboard: the notice ending within the week, not the one without an end.
    let dashboard = site.read("site/redactie/index.html");
    let section = &dashboard[dashboard.find("id=\"meldingen\"").unwrap()..];
    let section = &section[..section.find("</section>").unwrap()];
    assert!(section.contains("(1)"), "{section}");
    assert!(
        section.contains("Wachtlijst voor nieuwe deelnemers")
            && section.contains("28 november 2026"),
        "{section}"
    );
    assert!(!section.contains("Tuinploeg"), "{section}");
}

#[test]
fn the_until_date_is_checked_against_from() {
    let site = site();
    site.write(
        "content/partners/dagbesteding.yaml",
        &PARTNER.replace("until: 2026-11-28", "until: 2026-10-28"),
    );
    let output = site.run(&["check"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("content/partners/dagbesteding.yaml:7:10: error[invalid-value]: the notice ends (2026-10-28) before it starts (2026-11-01)\n    hint: `until` is the last day the notice applies, on or after `from`"),
        "{stdout}"
    );
}

#[test]
fn hsds_export_carries_a_partner_notice_to_each_service_as_alert() {
    let site = site();
    // An HSDS address needs the province.
    let config = site.read("kaartenbak.toml");
    site.write(
        "kaartenbak.toml",
        &format!("{config}province = \"Noord-Brabant\"\n"),
    );
    site.run_ok(&["export", "hsds", "--out", "hsds"]);
    let organizations: Vec<Value> =
        serde_json::from_str(&site.read("hsds/organizations.json")).unwrap();
    let org = organizations
        .iter()
        .find(|o| o["name"] == json!("Dagbesteding Testdorp"))
        .unwrap();
    let alerts: Vec<&str> = org["services"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["alert"].as_str().unwrap())
        .collect();
    assert_eq!(alerts.len(), 2);
    for alert in &alerts {
        assert!(
            alert.starts_with("Wachtlijst voor nieuwe deelnemers (van 2026-11-01 tot en met 2026-11-28) Verwijzen kan in de tussentijd."),
            "{alert}"
        );
    }
    assert!(alerts[1].ends_with("\nTuinploeg start pas in het voorjaar (vanaf 2026-12-01) Verwijs in de tussentijd niet."), "{}", alerts[1]);
}

#[test]
fn the_page_hides_a_notice_whose_last_day_passed_since_the_build() {
    if !browser::available() {
        return;
    }
    // Built on 2026-11-25; the browser's today is later than 2026-11-28 (this test was written on
    // 2026-12-07), so the partner's notice has ended since the build, and the Tuinploeg's has begun.
    let site = site();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.goto(&format!("{}/partners/dagbesteding/", server.base));
    let shown = browser.execute(
        "return [...document.querySelectorAll('.notice')].map(n => [n.textContent.slice(0, 20), n.checkVisibility()]);",
        json!([]),
    );
    assert_eq!(
        shown,
        json!([
            ["Tijdelijk: Wachtlijs", false],
            ["Tijdelijk · Tuinploe", true]
        ]),
        "{shown}"
    );
    browser.assert_no_foreign_requests();
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors (CSP?): {errors:?}");
}

/// A result of the search page carries the notices in force on the visitor's day, as the partner page
/// does: the index keeps those not ended at the build, the page leaves out one that ended since.
#[test]
fn search_results_show_the_notices_in_force_today() {
    if !browser::available() {
        return;
    }
    let site = site();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.goto(&format!(
        "{}/search/#q=dagbesteding%20testdorp",
        server.base
    ));
    browser.wait_until(
        "document.querySelector('#zoekresultaten .result-partner')",
        std::time::Duration::from_secs(30),
    );
    let shown = browser.execute(
        "return [...document.querySelector('#zoekresultaten .result-partner').querySelectorAll('.result-notice')]
           .map(n => n.textContent);",
        json!([]),
    );
    // The Werkplaats notice ended before the build; the partner's own ended since (2026-11-28); the
    // Tuinploeg's has begun (2026-12-01), and says not to refer meanwhile.
    assert_eq!(
        shown,
        json!(["Tijdelijk · Tuinploeg: Tuinploeg start pas in het voorjaar Verwijs in de tussentijd niet hierheen; zoek een andere plek."]),
        "{shown}"
    );
    browser.assert_no_foreign_requests();
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors (CSP?): {errors:?}");
}
