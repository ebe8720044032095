//! A module page on a phone (issue 24), in real headless Chromium at 360 × 640: the next session stands in
//! the first screen, as a card whose status and signup fit the width, the page does not scroll sideways,
//! and axe-core finds no WCAG 2.1 A/AA violation. Without Chromium or axe the test skips locally and fails
//! on CI (see `common::tools`).

mod common;

use common::browser::{self, Browser, Server};
use common::{tools, TestSite};
use serde_json::json;

#[test]
fn a_module_page_shows_its_next_session_in_the_first_screen_of_a_phone() {
    if !browser::available() {
        return;
    }
    let Some(axe) = tools::axe_source() else {
        return;
    };
    let site = TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    browser.set_viewport(360, 640);
    browser.goto(&format!(
        "{}/modules/meldcode-huiselijk-geweld/",
        server.base
    ));
    browser.screenshot("module-page-360");

    let layout = browser.execute(
        "window.scrollTo(0, 0);
         const row = document.querySelector('.sessions tbody tr');
         const box = row.getBoundingClientRect();
         // Everything in the card, status and signup included, must end inside the viewport.
         const parts = [...row.querySelectorAll('td, td *')].map(e => e.getBoundingClientRect().right);
         return {
           top: box.top, bottom: box.bottom, viewport: window.innerHeight, width: window.innerWidth,
           page_width: document.documentElement.scrollWidth,
           right: Math.max(box.right, ...parts),
           status: row.querySelector('.session-status').textContent,
           date: row.querySelector('time').textContent,
           trainer: row.querySelector('td[data-label=\"Trainer\"]').textContent,
         };",
        json!([]),
    );
    let number = |key: &str| layout[key].as_f64().unwrap();
    assert!(
        number("top") >= 0.0 && number("top") < number("viewport"),
        "the next session starts in the first screen: {layout}"
    );
    assert!(
        number("page_width") <= number("width"),
        "the page scrolls sideways: {layout}"
    );
    assert!(
        number("right") <= number("width"),
        "status and signup stand on screen: {layout}"
    );
    let date = layout["date"].as_str().unwrap();
    assert!(
        ["ma ", "di ", "wo ", "do ", "vr ", "za ", "zo "]
            .iter()
            .any(|day| date.starts_with(day)),
        "the date names its weekday: {date}"
    );
    assert!(
        !layout["trainer"].as_str().unwrap().trim().is_empty(),
        "{layout}"
    );

    browser.execute(&axe, json!([]));
    let result = browser.execute_async(
        "const done = arguments[arguments.length - 1];
         axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } })
            .then(r => done({ violations: r.violations.map(v => ({ id: v.id, help: v.help,
                nodes: v.nodes.map(n => n.target) })), passes: r.passes.length }))
            .catch(e => done({ error: String(e) }));",
        json!([]),
    );
    assert!(result["error"].is_null(), "axe failed: {}", result["error"]);
    assert!(
        result["passes"].as_u64().unwrap() > 10,
        "axe checked too little"
    );
    assert_eq!(result["violations"], json!([]), "WCAG violations at 360 px");
    browser.assert_no_foreign_requests();
}
