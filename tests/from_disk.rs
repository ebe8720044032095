//! The site from disk (a network share, a USB stick): every link of every page resolves to a file, and
//! search answers in a page opened as `file://`, where the browser allows no fetch and no worker.

mod common;

use common::browser::{self, Browser};
use common::html::broken_links;
use common::TestSite;
use serde_json::json;
use std::path::Path;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

#[test]
fn every_link_of_every_page_resolves_to_a_file_on_disk() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let (checked, broken) = broken_links(&site.path().join("site"));
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
    assert!(checked > 2000, "only {checked} links checked");
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().unwrap().display())
}

#[test]
fn search_answers_in_pages_opened_from_disk() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let out = site.path().join("site");
    let browser = Browser::start();

    // The quick results under the header box of a page two folders deep.
    browser.goto(&file_url(&out.join("domains/financien/index.html")));
    browser.type_into("#zoekveld-kop", "deurwaard");
    browser.wait_until(
        "document.querySelector('#zoekveld-kop-resultaten .result')",
        WAIT,
    );
    let first = browser.execute(
        "const a = document.querySelector('#zoekveld-kop-resultaten .result-title a');
         return [a.textContent, a.href];",
        json!([]),
    );
    let href = first[1].as_str().unwrap().to_string();
    assert!(
        href.starts_with("file://") && href.ends_with("/index.html"),
        "a result links to the page's file: {first}"
    );
    browser.goto(&href);
    let title = browser.wait_until("document.querySelector('h1').textContent", WAIT);
    assert_eq!(title, first[0], "the result opened its page");

    // The search page: a quoted phrase needs the positions and a text chunk, read when needed.
    browser.goto(&format!(
        "{}?q=%22eerste%20brief%20van%20de%20deurwaarder%22",
        file_url(&out.join("search/index.html"))
    ));
    browser.wait_until(
        "[...document.querySelectorAll('#zoekresultaten mark')].some(m => m.textContent === 'eerste brief van de deurwaarder')",
        WAIT,
    );
    // Typing changes the page's query, which a page from disk may do (its path stays).
    browser.execute(
        "const box = document.getElementById('zoekveld'); box.value = 'voedselbank';
         box.dispatchEvent(new Event('input', { bubbles: true }));",
        json!([]),
    );
    browser.wait_until(
        "location.hash.includes('q=voedselbank') && [...document.querySelectorAll('#zoekresultaten .result-title')].some(t => t.textContent.includes('Voedselbank'))",
        WAIT,
    );
    assert_eq!(
        browser.console_errors(),
        Vec::<String>::new(),
        "no script, policy or file error"
    );
}
