//! Search in the page, in real headless Chromium on the built example site: typing shows results, filters
//! and the postcode narrow them, results link to entries, the back button restores the query, and nothing
//! is requested from another host.

mod common;

use common::browser::{self, Browser, Server};
use common::static_server::{GzLabel, StaticServer};
use common::TestSite;
use serde_json::json;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(20);

fn result_titles(browser: &Browser, list: &str) -> Vec<String> {
    browser
        .execute(
            &format!("return [...document.querySelectorAll('{list} .result-title')].map(e => e.textContent);"),
            json!([]),
        )
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_coach_types_filters_follows_a_result_and_comes_back() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();

    // Typing in the header box of any page shows results under it.
    browser.goto(&format!("{}/partners/", server.base));
    browser.type_into("#zoekveld-kop", "deurwaard");
    browser.wait_until(
        "document.querySelector('#zoekveld-kop-resultaten .result')",
        WAIT,
    );
    let quick = result_titles(&browser, "#zoekveld-kop-resultaten");
    assert!(quick[0].contains("Schuldhulp Lindewaard"), "{quick:?}");
    let marked = browser.execute(
        "return document.querySelector('#zoekveld-kop-resultaten mark').textContent;",
        json!([]),
    );
    assert!(
        marked
            .as_str()
            .unwrap()
            .to_lowercase()
            .starts_with("deurwaard"),
        "{marked}"
    );
    browser.screenshot("quick-results");

    // The search page: results, counts, filters in the URL.
    browser.goto(&format!(
        "{}/search/?q=huurachterstand%20jongere",
        server.base
    ));
    browser.wait_until("document.querySelector('#zoekresultaten .result')", WAIT);
    let status = browser.execute(
        "return document.querySelector('.search-status').textContent;",
        json!([]),
    );
    assert!(status.as_str().unwrap().ends_with("resultaten"), "{status}");
    assert_eq!(
        result_titles(&browser, "#zoekresultaten")[0],
        "Jongerenloket Lindewaard"
    );
    let referral = browser.execute(
        "return document.querySelector('#zoekresultaten .result-facts').textContent;",
        json!([]),
    );
    assert!(
        referral.as_str().unwrap().contains("Zo verwijst u"),
        "{referral}"
    );
    browser.screenshot("search-page");

    // A kind filter with its live count.
    let partner_label = browser.wait_until(
        "[...document.querySelectorAll('.filter-choice')].map(l => l.textContent).find(t => t.includes('Partner ('))",
        WAIT,
    );
    // The filters are folded under the results' summary line: open them first.
    browser.click(".search-filters-summary");
    browser.click("input[name=kind][value=partner]");
    // The state lives in the fragment: the query never reaches a server log.
    browser.wait_until(
        "location.hash.includes('kind=partner') && !location.search",
        WAIT,
    );
    browser.wait_until(
        "[...document.querySelectorAll('#zoekresultaten .result')].length > 0 && [...document.querySelectorAll('#zoekresultaten .result')].every(r => r.classList.contains('result-partner'))",
        WAIT,
    );
    let count = partner_label.as_str().unwrap().trim().to_string();
    let shown = browser.execute(
        "return document.querySelector('.search-status').textContent;",
        json!([]),
    );
    assert!(
        count.contains(&format!(
            "({})",
            shown.as_str().unwrap().split(' ').next().unwrap()
        )),
        "{count} vs {shown}"
    );

    // A postcode chooses the wijk.
    browser.type_into("#filter-postcode", "5651");
    let note = browser.wait_until("document.querySelector('.postcode-note').textContent", WAIT);
    assert!(
        note.as_str().unwrap().starts_with("Postcode 5651 ligt in"),
        "{note}"
    );
    browser.wait_until("location.hash.includes('area=')", WAIT);
    // The list shows the wijk once the search with it answered (which may first fetch index parts).
    browser.wait_until("document.getElementById('filter-area').value", WAIT);

    // Follow a result, then come back: the query and filters are restored.
    let before = browser.url();
    browser.wait_until(
        "document.querySelector('#zoekresultaten .result-title a')",
        WAIT,
    );
    browser.click("#zoekresultaten .result-title a");
    browser.wait_until("location.pathname.startsWith('/partners/')", WAIT);
    browser.back();
    browser.wait_until("location.pathname === '/search/'", WAIT);
    assert_eq!(browser.url(), before);
    browser.wait_until("document.querySelector('#zoekresultaten .result')", WAIT);
    let restored = browser.execute(
        "return document.getElementById('zoekveld').value;",
        json!([]),
    );
    assert_eq!(restored, "huurachterstand jongere");
    assert!(browser
        .execute(
            "return document.querySelector('input[name=kind][value=partner]').checked;",
            json!([])
        )
        .as_bool()
        .unwrap());

    // Page, worker and all: nothing left the site (the recorder saw every request).
    browser.assert_no_foreign_requests();
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn no_results_suggest_spellings_and_domains() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.goto(&format!(
        "{}/search/?q=%22huurachterstnad%20betalen%22",
        server.base
    ));
    browser.wait_until("document.querySelector('.result-suggestions')", WAIT);
    let text = browser.execute(
        "return document.querySelector('.result-suggestions').textContent;",
        json!([]),
    );
    let text = text.as_str().unwrap();
    assert!(text.contains("Bedoelde u"), "{text}");
    assert!(text.contains("huurachterstand"), "{text}");
    assert!(
        text.contains("Financiën"),
        "a domain whose synonyms match: {text}"
    );
}

#[test]
fn slash_focuses_the_search_box_and_arrows_walk_the_results() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.goto(&format!("{}/domains/", server.base));
    browser.execute("document.body.focus();", json!([]));
    browser.type_into("body", "/");
    browser.wait_until(
        "document.activeElement && document.activeElement.id === 'zoekveld-kop'",
        WAIT,
    );
    browser.type_into("#zoekveld-kop", "mantelzorg");
    browser.wait_until(
        "document.querySelector('#zoekveld-kop-resultaten .result')",
        WAIT,
    );
    browser.type_into("#zoekveld-kop", "\u{E015}");
    let focused = browser.execute(
        "return document.activeElement.closest('.quick-results') !== null;",
        json!([]),
    );
    assert_eq!(focused, json!(true), "ArrowDown moves into the results");
}

fn text_of(browser: &Browser, selector: &str) -> String {
    browser
        .execute(
            &format!(
                "const e = document.querySelector('{selector}'); return e ? e.textContent : '';"
            ),
            json!([]),
        )
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn compounds_body_phrases_terms_and_the_wijk_work_in_the_page() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();

    // A compound no entry writes: its parts are searched, and the page says so.
    browser.goto(&format!("{}/search/?q=geldproblemen", server.base));
    browser.wait_until("document.querySelector('#zoekresultaten .result')", WAIT);
    // The rewrite's own notice (the needs the query names have one of their own).
    let notice = text_of(&browser, ".search-notice:not(.search-notice-needs):not(.search-notice-attribute):not(.search-notice-term):not(.search-notice-area)");
    assert!(
        notice.contains("geldproblemen") && notice.contains("geld + problemen"),
        "{notice}"
    );

    // A quoted phrase from a module's body: found, and shown marked in its own words.
    browser.goto(&format!(
        "{}/search/?q=%22eerste%20brief%20van%20de%20deurwaarder%22",
        server.base
    ));
    browser.wait_until(
        "[...document.querySelectorAll('#zoekresultaten mark')].some(m => m.textContent === 'eerste brief van de deurwaarder')",
        WAIT,
    );
    assert_eq!(
        result_titles(&browser, "#zoekresultaten")[0],
        "Signaleren van geldzorgen aan de keukentafel"
    );
    browser.screenshot("body-phrase");

    // An abbreviation the content never writes: the glossary's term, linked to the Begrippenlijst.
    browser.goto(&format!("{}/search/?q=amhk", server.base));
    browser.wait_until("document.querySelector('#zoekresultaten .result')", WAIT);
    assert!(result_titles(&browser, "#zoekresultaten")[..3]
        .iter()
        .any(|t| t.contains("Veilig Thuis")));
    let term_link = browser.execute(
        "return document.querySelector('.search-notice-term a').getAttribute('href');",
        json!([]),
    );
    assert!(
        term_link
            .as_str()
            .unwrap()
            .starts_with(&format!("{}/glossary/index.html#", server.base)),
        "{term_link}"
    );

    // The wijk in the query ranks by it; the coach can search the word as a word instead.
    browser.goto(&format!(
        "{}/search/?q=huurachterstand%20Oosterpark",
        server.base
    ));
    browser.wait_until("document.querySelector('.search-notice-area')", WAIT);
    let partners = browser.execute(
        "return [...document.querySelectorAll('#zoekresultaten .result-partner .result-title')].map(e => e.textContent);",
        json!([]),
    );
    let partners: Vec<&str> = partners
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    let linde = partners.iter().position(|t| t.contains("De Linde"));
    let kempenhof = partners.iter().position(|t| t.contains("Kempenhof"));
    assert!(
        linde.is_some() && (kempenhof.is_none() || linde < kempenhof),
        "{partners:?}"
    );
    browser.click(".search-notice-area .search-notice-remove");
    browser.wait_until("location.hash.includes('wijk=uit')", WAIT);
    browser.wait_until(
        "document.querySelector('#zoekresultaten .result') && !document.querySelector('.search-notice-area')",
        WAIT,
    );

    // Page, worker and all: nothing left the site (the recorder saw every request).
    browser.assert_no_foreign_requests();
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// The titles of the first `n` results on the search page.
fn first_titles(browser: &Browser, n: usize) -> Vec<String> {
    result_titles(browser, "#zoekresultaten")
        .into_iter()
        .take(n)
        .collect()
}

#[test]
fn a_household_with_two_needs_gets_both_answers_and_a_need_can_be_removed() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    let sentence = "moeder heeft een huurachterstand en haar zoon van 16 blowt elke dag";

    // Typed in the header box of another page and sent: the search page gets the query in its fragment.
    browser.goto(&format!("{}/partners/", server.base));
    browser.type_into("#zoekveld-kop", sentence);
    browser.execute(
        "document.getElementById('zoekveld-kop').form.requestSubmit();",
        json!([]),
    );
    browser.wait_until("location.pathname.startsWith('/search/')", WAIT);
    browser.wait_until(
        "document.querySelectorAll('.search-notice-needs .search-need').length === 2",
        WAIT,
    );
    assert!(browser.url().contains("#q="), "{}", browser.url());
    assert!(!browser.url().contains('?'), "{}", browser.url());
    let needs = browser.execute(
        "return document.querySelector('.search-notice-needs').textContent;",
        json!([]),
    );
    let needs = needs.as_str().unwrap();
    assert!(needs.starts_with("Uw vraag raakt:"), "{needs}");
    assert!(
        needs.contains("(huurachterstand)") && needs.contains("blowt"),
        "{needs}"
    );
    let top = first_titles(&browser, 5);
    assert!(top.iter().any(|t| t.contains("De Brug")), "{top:?}");
    assert!(
        top.iter().any(|t| t.contains("Schuldhulp")
            || t.contains("Vroegsignalering")
            || t.contains("De Linde")),
        "{top:?}"
    );
    let age = browser.execute(
        "return document.querySelector('.search-notice-attribute').textContent;",
        json!([]),
    );
    assert!(age.as_str().unwrap().contains("16"), "{age}");
    browser.screenshot("two-needs");

    // Removing the need "blowt" searches it as a word again: one need left, another ranking.
    browser.execute(
        "[...document.querySelectorAll('.search-notice-needs .search-notice-remove')]
            .find(b => b.textContent.includes('blowt')).click();",
        json!([]),
    );
    browser.wait_until("location.hash.includes('ignore=')", WAIT);
    browser.wait_until(
        "document.querySelectorAll('.search-notice-needs .search-need').length === 1",
        WAIT,
    );
    let after = first_titles(&browser, 5);
    assert_ne!(after, top, "removing a need re-ranks");
    assert!(
        !after.iter().take(2).any(|t| t.contains("De Brug")),
        "{after:?}"
    );

    // The household's words never reached the server, in no request of the page or the worker.
    assert!(
        !browser
            .recorder()
            .requests()
            .iter()
            .any(|r| r.url.contains("huurachterstand") || r.url.contains("blowt")),
        "a request carried the query"
    );
    browser.assert_no_foreign_requests();
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn the_recorder_sees_a_search_worker_that_fetches_from_another_host() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.goto(&format!("{}/", server.base));
    // The site's own search worker, pointed at an index on another loopback host: a request no resource
    // timeline of the page shows. The worker's script is the site's; only the address it fetches is not.
    let foreign = format!("http://127.0.0.2:{}/_search/", browser::free_port());
    browser.execute(
        "window.probe = new Worker('/static/search-worker.js');
         window.probe.postMessage({ type: 'init', index: arguments[0] });",
        json!([foreign]),
    );
    let wanted = format!("{foreign}manifest.json.gz");
    let start = std::time::Instant::now();
    while !browser.recorder().foreign().iter().any(|r| r.url == wanted) && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(50));
    }
    let check = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        browser.assert_no_foreign_requests()
    }));
    assert!(check.is_err(), "the assertion let a foreign request pass");
    let taken = browser.recorder().take_foreign();
    assert!(
        taken.iter().any(|r| r.url == wanted && r.method == "GET"),
        "{taken:#?}"
    );
    // The site's own requests went through the recorder too, and were not counted as foreign.
    assert!(browser
        .recorder()
        .requests()
        .iter()
        .any(|r| r.same_origin && r.url.ends_with("/static/search-worker.js")));
}

/// A municipality's Apache with `AddEncoding gzip .gz` sends the index files and the search module with
/// `Content-Encoding: gzip`, so the browser unpacks them before the page does: the search still answers,
/// on the home page and on a second query that loads more parts of the index.
#[test]
fn search_works_on_a_host_that_sends_the_gz_files_as_encoded() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let server = StaticServer::start_labelling(&site.path().join("site"), GzLabel::AsEncoding);
    let browser = Browser::start();
    browser.goto(&format!("{}/", server.base));
    for (query, expected) in [
        ("schulden", "Stichting Schuldhulp Lindewaard"),
        ("blowen", "Verslavingszorg De Brug"),
    ] {
        browser.execute("document.querySelector('#zoekveld').value = '';", json!([]));
        browser.type_into("#zoekveld", query);
        let titles = browser.wait_until(
            &format!(
                "(window.kaartenbakSearchTimings || []).some(t => t.query === {query:?}) && \
                 [...document.querySelectorAll('#zoekveld-resultaten .result-title')].map(e => e.textContent)"
            ),
            WAIT,
        );
        let titles: Vec<&str> = titles
            .as_array()
            .unwrap_or_else(|| panic!("no results for {query:?}: {titles}"))
            .iter()
            .filter_map(|t| t.as_str())
            .collect();
        assert!(
            titles.iter().any(|t| t.contains(expected)),
            "{query:?} gave {titles:?}"
        );
    }
    let error = browser.execute(
        "return (document.querySelector('#zoekveld-resultaten') || {}).textContent || '';",
        json!([]),
    );
    // The page's message when the search cannot start (`js_error` in nl.toml).
    assert!(
        !error
            .as_str()
            .unwrap_or_default()
            .contains("Zoeken is nu niet beschikbaar"),
        "{error}"
    );
}
