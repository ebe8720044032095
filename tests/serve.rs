//! `kaartenbak serve` as an editor uses it: edits, atomic saves, renames and deletes are picked up and
//! announced with exactly one reload event each; editor swap files and saves without changes are ignored;
//! an invalid edit keeps the last good site and reports the diagnostics; fixing it reloads. Runs the real
//! binary on loopback.

mod common;

use common::serve::{events, get, start, start_with};
use common::TestSite;
use serde_json::Value;
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::sync::mpsc::Receiver;
use std::time::Duration;

/// The next event, within a bounded wait.
fn next(events: &Receiver<(String, Value)>) -> (String, Value) {
    events
        .recv_timeout(Duration::from_secs(10))
        .expect("no build event within 10 s")
}

/// No further event for a while: one change, one event.
fn quiet(events: &Receiver<(String, Value)>) {
    if let Ok(extra) = events.recv_timeout(Duration::from_millis(700)) {
        panic!("unexpected extra event {extra:?}");
    }
}

#[test]
fn edits_renames_and_deletes_reload_once_each() {
    let site = TestSite::valid();
    let server = start(&site);
    let events = events(server.port);
    assert_eq!(next(&events).0, "ok");

    // A plain edit.
    let partner = site.read("content/partners/woonkracht.yaml");
    site.write(
        "content/partners/woonkracht.yaml",
        &partner.replace("name: Woonkracht", "name: Woonkracht Noord"),
    );
    assert_eq!(next(&events).0, "reload");
    quiet(&events);
    let (status, page) = get(server.port, "/partners/woonkracht/");
    assert_eq!(status, 200);
    assert!(
        page.contains("<h1>Woonkracht Noord"),
        "the new content is served"
    );
    assert!(
        page.contains("/_kaartenbak/live.js"),
        "serve adds the live-reload script"
    );
    assert!(
        !site
            .read("site/partners/woonkracht/index.html")
            .contains("_kaartenbak"),
        "built files never carry it"
    );

    // An atomic save: write a temporary file, then rename it over the original (vim, VS Code, JetBrains).
    let temporary = site.path().join("content/partners/woonkracht.yaml.tmp");
    std::fs::write(
        &temporary,
        partner.replace("name: Woonkracht", "name: Woonkracht Zuid"),
    )
    .unwrap();
    std::fs::rename(
        &temporary,
        site.path().join("content/partners/woonkracht.yaml"),
    )
    .unwrap();
    assert_eq!(next(&events).0, "reload");
    quiet(&events);
    assert!(get(server.port, "/partners/woonkracht/")
        .1
        .contains("<h1>Woonkracht Zuid"));

    // Editor swap and backup files change nothing.
    site.write("content/partners/.woonkracht.yaml.swp", "swap");
    site.write("content/partners/woonkracht.yaml~", "backup");
    quiet(&events);

    // Saving without a change (Ctrl+S out of habit) rebuilds, but no file changes: nothing to reload.
    let unchanged = site.read("content/partners/woonkracht.yaml");
    site.write("content/partners/woonkracht.yaml", &unchanged);
    quiet(&events);

    // A rename moves the page.
    std::fs::rename(
        site.path().join("content/pages/route-geldzorgen.md"),
        site.path().join("content/pages/route-bij-geldzorgen.md"),
    )
    .unwrap();
    assert_eq!(next(&events).0, "reload");
    quiet(&events);
    assert_eq!(get(server.port, "/pages/route-bij-geldzorgen/").0, 200);
    assert_eq!(get(server.port, "/pages/route-geldzorgen/").0, 404);

    // A delete removes it.
    std::fs::remove_file(site.path().join("content/modules/schuldhulp-verdieping.md")).unwrap();
    assert_eq!(next(&events).0, "reload");
    assert_eq!(get(server.port, "/modules/schuldhulp-verdieping/").0, 404);
}

#[test]
fn an_invalid_edit_keeps_the_last_good_site_and_reports_until_fixed() {
    let site = TestSite::valid();
    let server = start(&site);
    let events = events(server.port);
    assert_eq!(next(&events).0, "ok");
    let good = site.read("content/partners/schuldhulp.yaml");
    site.write(
        "content/partners/schuldhulp.yaml",
        &good.replace("domains: [financien]", "domains: [financein]"),
    );
    let (name, data) = next(&events);
    assert_eq!(name, "failed");
    let diagnostic = &data["diagnostics"][0];
    assert_eq!(diagnostic["file"], "content/partners/schuldhulp.yaml");
    assert_eq!(diagnostic["code"], "unknown-domain");
    assert_eq!(diagnostic["hint"], "did you mean `financien`?");
    assert!(diagnostic["line"].as_u64().unwrap() > 0);
    let (status, page) = get(server.port, "/partners/schuldhulp/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(page.contains("<h1>Schuldhulp Testdorp"));

    // A page opened now learns about the failure at once.
    let late = events_after_connect(server.port);
    assert_eq!(late, "failed");

    site.write(
        "content/partners/schuldhulp.yaml",
        &good.replace(
            "name: Schuldhulp Testdorp",
            "name: Schuldhulp Testdorp-Oost",
        ),
    );
    assert_eq!(next(&events).0, "reload");
    assert!(get(server.port, "/partners/schuldhulp/")
        .1
        .contains("<h1>Schuldhulp Testdorp-Oost"));
}

fn events_after_connect(port: u16) -> String {
    next(&events(port)).0
}

#[test]
fn the_server_serves_only_the_site_with_the_right_types() {
    let site = TestSite::valid();
    let server = start(&site);
    let mut stream = TcpStream::connect(("127.0.0.1", server.port)).unwrap();
    write!(
        stream,
        "GET /_search/kaartenbak-search.wasm.gz HTTP/1.1\r\n\r\n"
    )
    .unwrap();
    let mut head = String::new();
    BufReader::new(stream).read_line(&mut head).unwrap();
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert_eq!(get(server.port, "/../kaartenbak.toml").0, 400);
    assert_eq!(get(server.port, "/%2e%2e/kaartenbak.toml").0, 400);
    assert_eq!(get(server.port, "/partners").0, 301);
    assert_eq!(get(server.port, "/bestaat-niet/").0, 404);
}

#[test]
fn the_browser_shows_the_diagnostics_over_the_last_good_page_and_reloads_when_fixed() {
    if !common::browser::available() {
        return;
    }
    let site = TestSite::valid();
    let server = start(&site);
    let browser = common::browser::Browser::start();
    let wait = Duration::from_secs(15);
    browser.goto(&format!(
        "http://127.0.0.1:{}/partners/schuldhulp/",
        server.port
    ));
    // The event stream is open once the page has learned the current state.
    std::thread::sleep(Duration::from_millis(300));
    let good = site.read("content/partners/schuldhulp.yaml");
    site.write(
        "content/partners/schuldhulp.yaml",
        &good.replace("domains: [financien]", "domains: [financein]"),
    );
    let overlay = browser.wait_until("document.getElementById('kaartenbak-overlay') && document.getElementById('kaartenbak-overlay').textContent", wait);
    let overlay = overlay.as_str().unwrap();
    assert!(
        overlay.contains("content/partners/schuldhulp.yaml:"),
        "{overlay}"
    );
    assert!(overlay.contains("unknown domain `financein`"), "{overlay}");
    assert!(overlay.contains("did you mean `financien`?"), "{overlay}");
    let title = browser.execute(
        "return document.querySelector('h1').textContent;",
        serde_json::json!([]),
    );
    assert!(
        title.as_str().unwrap().starts_with("Schuldhulp Testdorp"),
        "the last good page stays underneath"
    );

    site.write(
        "content/partners/schuldhulp.yaml",
        &good.replace("name: Schuldhulp Testdorp", "name: Schuldhulp Lindewoud"),
    );
    browser.wait_until("document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('Schuldhulp Lindewoud')", wait);
    let overlay_gone = browser.execute(
        "return document.getElementById('kaartenbak-overlay') === null;",
        serde_json::json!([]),
    );
    assert_eq!(overlay_gone, serde_json::json!(true));
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

#[test]
fn polling_sees_changes_where_file_events_do_not_exist() {
    let site = TestSite::valid();
    let server = start_with(&site, &["--poll"]);
    let events = events(server.port);
    assert_eq!(next(&events).0, "ok");
    // The poll watcher takes its baseline on its first scan, in its own thread.
    std::thread::sleep(Duration::from_millis(1000));
    let partner = site.read("content/partners/woonkracht.yaml");
    site.write(
        "content/partners/woonkracht.yaml",
        &partner.replace("name: Woonkracht", "name: Woonkracht Oost"),
    );
    assert_eq!(next(&events).0, "reload");
    quiet(&events);
    assert!(get(server.port, "/partners/woonkracht/")
        .1
        .contains("<h1>Woonkracht Oost"));
}
