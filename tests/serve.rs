//! `kaartenbak serve` as an editor uses it: edits, atomic saves, renames and deletes are picked up and
//! announced with exactly one reload event each; editor swap files and saves without changes are ignored;
//! an invalid edit keeps the last good site and reports the diagnostics; fixing it reloads. And the HTTP side:
//! content types, keep-alive, HEAD, ETag and 304, ranges, no paths outside the site, the site's 404 page.
//! Runs the real binary on loopback.

mod common;

use common::serve::{events, get, start, start_with, Connection};
use common::TestSite;
use serde_json::Value;
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
            .read(".kaartenbak/preview/partners/woonkracht/index.html")
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
    let line = good
        .lines()
        .position(|l| l.starts_with("domains: [financien]"))
        .unwrap()
        + 1;
    assert_eq!(diagnostic["line"], line, "the line of the unknown domain");
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

/// The valid site with files of types the site does not produce itself, in its theme's `static/`.
fn site_with_extra_types() -> TestSite {
    let site = TestSite::valid();
    site.write(
        "themes/default/static/agenda.ics",
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n",
    );
    site.write("themes/default/static/probe.wasm", "\0asm\u{1}\0\0\0");
    site
}

#[test]
fn the_server_serves_only_the_site_with_the_right_types() {
    let site = site_with_extra_types();
    let server = start(&site);
    let mut connection = Connection::open(server.port);
    for (path, content_type) in [
        ("/", "text/html; charset=utf-8"),
        ("/partners/schuldhulp/", "text/html; charset=utf-8"),
        ("/static/style.css", "text/css; charset=utf-8"),
        ("/static/search-input.js", "text/javascript; charset=utf-8"),
        ("/_kaartenbak/live.js", "text/javascript; charset=utf-8"),
        ("/static/probe.wasm", "application/wasm"),
        ("/_search/manifest.json", "application/json"),
        ("/static/favicon.svg", "image/svg+xml"),
        ("/static/agenda.ics", "text/calendar; charset=utf-8"),
        // The calendars and the feed the build writes.
        ("/modules/sessies.ics", "text/calendar; charset=utf-8"),
        (
            "/modules/geldzorgen/sessies.ics",
            "text/calendar; charset=utf-8",
        ),
        ("/nieuw.atom", "application/atom+xml"),
        ("/sitemap.xml", "text/xml; charset=utf-8"),
        // The page unpacks the module itself: it must not arrive with a Content-Encoding.
        ("/_search/kaartenbak-search.wasm.gz", "application/gzip"),
    ] {
        let response = connection.request("GET", path, &[]);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some(content_type),
            "{path}"
        );
        assert_eq!(response.header("content-encoding"), None, "{path}");
        assert_eq!(response.header("x-content-type-options"), Some("nosniff"));
        assert_eq!(
            response.header("cache-control"),
            Some("no-cache"),
            "{path}: browsers revalidate every file while editing"
        );
    }
    let wasm = connection.request("GET", "/static/probe.wasm", &[]);
    assert_eq!(wasm.body, b"\0asm\x01\0\0\0", "served as written");
    assert_eq!(
        std::fs::read(
            site.path()
                .join(".kaartenbak/preview/_search/kaartenbak-search.wasm.gz")
        )
        .unwrap(),
        connection
            .request("GET", "/_search/kaartenbak-search.wasm.gz", &[])
            .body
    );

    let folder = connection.request("GET", "/partners", &[]);
    assert_eq!(folder.status, 301);
    assert_eq!(folder.header("location"), Some("/partners/"));
    let post = connection.request("POST", "/", &[("Content-Length", "0")]);
    assert_eq!(post.status, 405);
    assert_eq!(post.header("allow"), Some("GET, HEAD"));
}

#[test]
fn two_requests_share_one_connection() {
    let site = TestSite::valid();
    let server = start(&site);
    let mut connection = Connection::open(server.port);
    let page = connection.request("GET", "/partners/schuldhulp/", &[]);
    assert_eq!(page.status, 200);
    assert!(page.text().contains("<h1>Schuldhulp Testdorp"));
    assert_eq!(page.header("connection"), None, "no Connection: close");
    // The second request goes over the same socket: the server kept it open.
    let style = connection.request("GET", "/static/style.css", &[]);
    assert_eq!(style.status, 200);
    assert_eq!(
        style.body,
        std::fs::read(site.path().join(".kaartenbak/preview/static/style.css")).unwrap()
    );
    let missing = connection.request("GET", "/bestaat-niet/", &[]);
    assert_eq!(missing.status, 404);
    assert_eq!(connection.request("GET", "/", &[]).status, 200);
}

#[test]
fn head_has_the_headers_of_get_and_no_body() {
    let site = TestSite::valid();
    let server = start(&site);
    let mut connection = Connection::open(server.port);
    for path in [
        "/partners/schuldhulp/",
        "/static/style.css",
        "/bestaat-niet/",
    ] {
        let head = connection.request("HEAD", path, &[]);
        // Had HEAD sent a body, this GET would read it as its status line and fail.
        let get = connection.request("GET", path, &[]);
        assert_eq!(head.status, get.status, "{path}");
        assert!(!get.body.is_empty());
        assert_eq!(
            head.header("content-length"),
            Some(get.body.len().to_string().as_str()),
            "{path}"
        );
        for name in [
            "content-type",
            "content-length",
            "etag",
            "last-modified",
            "cache-control",
        ] {
            assert_eq!(head.header(name), get.header(name), "{path}: {name}");
        }
    }
}

#[test]
fn an_etag_revalidates_to_304_without_a_body_until_the_file_changes() {
    let site = TestSite::valid();
    let server = start(&site);
    let events = events(server.port);
    assert_eq!(next(&events).0, "ok");
    let mut connection = Connection::open(server.port);
    for path in ["/partners/woonkracht/", "/static/style.css"] {
        let first = connection.request("GET", path, &[]);
        let etag = first.header("etag").expect("an ETag").to_string();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "{path}: {etag}"
        );
        let again = connection.request("GET", path, &[("If-None-Match", &etag)]);
        assert_eq!(again.status, 304, "{path}");
        assert_eq!(again.header("etag"), Some(etag.as_str()));
        // No body: had one been sent, the next response on this connection would not parse.
        let other = connection.request("GET", path, &[("If-None-Match", "\"something-else\"")]);
        assert_eq!(other.status, 200, "{path}");
        assert_eq!(other.body, first.body);
    }
    // The page changes: the old ETag no longer matches.
    let page = "/partners/woonkracht/";
    let old = connection.request("GET", page, &[]);
    let old_etag = old.header("etag").unwrap().to_string();
    let partner = site.read("content/partners/woonkracht.yaml");
    site.write(
        "content/partners/woonkracht.yaml",
        &partner.replace("name: Woonkracht", "name: Woonkracht West"),
    );
    assert_eq!(next(&events).0, "reload");
    let new = Connection::open(server.port).request("GET", page, &[("If-None-Match", &old_etag)]);
    assert_eq!(new.status, 200);
    assert!(new.text().contains("<h1>Woonkracht West"));
    assert_ne!(new.header("etag"), Some(old_etag.as_str()));
}

#[test]
fn a_range_request_gets_those_bytes_with_206() {
    let site = TestSite::valid();
    let server = start(&site);
    let style = std::fs::read(site.path().join(".kaartenbak/preview/static/style.css")).unwrap();
    let mut connection = Connection::open(server.port);
    let part = connection.request("GET", "/static/style.css", &[("Range", "bytes=10-29")]);
    assert_eq!(part.status, 206);
    assert_eq!(
        part.header("content-range"),
        Some(format!("bytes 10-29/{}", style.len()).as_str())
    );
    assert_eq!(part.header("content-length"), Some("20"));
    assert_eq!(part.body, &style[10..30]);
    let tail = connection.request("GET", "/static/style.css", &[("Range", "bytes=-5")]);
    assert_eq!(tail.status, 206);
    assert_eq!(tail.body, &style[style.len() - 5..]);
}

/// What a visitor on a phone downloads before the first search answers: pages, styles and scripts go
/// compressed when the browser accepts it (and decode to the file as built), while the search files, gzip
/// already, go as they are, and a client that accepts no compression gets the plain file.
#[test]
fn text_goes_out_compressed_and_the_gzip_search_files_as_they_are() {
    use std::io::Read as _;
    let site = TestSite::valid();
    let server = start(&site);
    let preview = site.path().join(".kaartenbak/preview");
    let mut connection = Connection::open(server.port);
    for path in [
        "static/style.css",
        "static/search-base.js",
        "_search/manifest.json",
    ] {
        let on_disk = std::fs::read(preview.join(path)).unwrap();
        let response =
            connection.request("GET", &format!("/{path}"), &[("Accept-Encoding", "gzip")]);
        assert_eq!(response.status, 200, "{path}");
        assert_eq!(
            response.header("content-encoding"),
            Some("gzip"),
            "{path} is sent uncompressed"
        );
        assert!(
            response.body.len() < on_disk.len() / 2,
            "{path}: {} of {} bytes",
            response.body.len(),
            on_disk.len()
        );
        let mut decoded = Vec::new();
        flate2::read::GzDecoder::new(response.body.as_slice())
            .read_to_end(&mut decoded)
            .unwrap();
        assert_eq!(decoded, on_disk, "{path} decodes to another file");
        let plain = connection.request("GET", &format!("/{path}"), &[]);
        assert_eq!(plain.header("content-encoding"), None, "{path}");
        assert_eq!(plain.body, on_disk, "{path}");
    }
    let page = connection.request("GET", "/", &[("Accept-Encoding", "gzip, deflate, br")]);
    assert!(
        matches!(page.header("content-encoding"), Some("gzip" | "br")),
        "the home page is sent uncompressed"
    );
    let search_files = std::fs::read_dir(preview.join("_search")).unwrap();
    let packed: Vec<String> = search_files
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".gz"))
        .collect();
    assert!(packed
        .iter()
        .any(|name| name == "kaartenbak-search.wasm.gz"));
    for name in packed {
        let on_disk = std::fs::read(preview.join("_search").join(&name)).unwrap();
        let response = connection.request(
            "GET",
            &format!("/_search/{name}"),
            &[("Accept-Encoding", "gzip, br")],
        );
        assert_eq!(
            response.header("content-encoding"),
            None,
            "{name} is compressed twice"
        );
        assert_eq!(response.body, on_disk, "{name}");
    }
}

#[test]
fn an_unsatisfiable_range_gets_416() {
    let site = TestSite::valid();
    let server = start(&site);
    let length = std::fs::metadata(site.path().join(".kaartenbak/preview/static/style.css"))
        .unwrap()
        .len();
    let beyond = format!("bytes={length}-");
    let response =
        Connection::open(server.port).request("GET", "/static/style.css", &[("Range", &beyond)]);
    assert_eq!(response.status, 416);
    assert_eq!(
        response.header("content-range"),
        Some(format!("bytes */{length}").as_str())
    );
}

#[test]
fn paths_outside_the_site_are_refused() {
    let site = TestSite::valid();
    site.write("geheim.txt", "GEHEIM: not part of the site");
    let server = start(&site);
    let mut connection = Connection::open(server.port);
    for target in [
        "/../geheim.txt",
        "/%2e%2e/geheim.txt",
        "/%2E%2E/geheim.txt",
        "/.%2e/geheim.txt",
        "/static/../../geheim.txt",
        "/static/..%2f..%2fgeheim.txt",
        "/%2e%2e%2fgeheim.txt",
        "/%2fgeheim.txt",
        &format!("/{}/geheim.txt", site.path().display()),
        &format!("/%2f{}/geheim.txt", site.path().display()),
    ] {
        let response = connection.request("GET", target, &[]);
        assert!(
            [400, 404].contains(&response.status),
            "{target}: {}",
            response.status
        );
        assert!(
            !response.text().contains("GEHEIM"),
            "{target} leaked a file"
        );
    }
    assert_eq!(connection.request("GET", "/../geheim.txt", &[]).status, 400);
    assert_eq!(
        connection.request("GET", "/%2e%2e/geheim.txt", &[]).status,
        400
    );
    // The same file inside the site is served: the refusals above are about the path, not the name.
    std::fs::copy(
        site.path().join("geheim.txt"),
        site.path().join(".kaartenbak/preview/geheim.txt"),
    )
    .unwrap();
    assert!(connection
        .request("GET", "/geheim.txt", &[])
        .text()
        .contains("GEHEIM"));
}

#[test]
fn a_folder_without_index_html_is_404_with_the_sites_404_page() {
    let site = TestSite::valid();
    let server = start(&site);
    let not_found = site.read(".kaartenbak/preview/404.html");
    let title = not_found
        .split_once("<title>")
        .and_then(|(_, rest)| rest.split_once("</title>"))
        .map(|(title, _)| title.to_string())
        .expect("the 404 page has a title");
    let mut connection = Connection::open(server.port);
    for path in [
        "/_search/",
        "/_search",
        "/static/",
        "/bestaat-niet/",
        "/partners/niemand/",
    ] {
        let response = connection.request("GET", path, &[]);
        assert_eq!(response.status, 404, "{path}");
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8")
        );
        let page = response.text();
        assert!(
            page.contains(&format!("<title>{title}</title>")),
            "{path}: {page}"
        );
        assert!(!page.contains("manifest.json"), "{path}: no listing");
        assert!(page.contains("/_kaartenbak/live.js"), "{path}");
    }
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
    // In the site's language, from its translation files, and opaque: the page under it does not show
    // through and make the messages unreadable.
    assert!(
        overlay.contains("de site kon niet worden gebouwd")
            && overlay.contains("tip: did you mean"),
        "{overlay}"
    );
    let background = browser.execute(
        "return getComputedStyle(document.getElementById('kaartenbak-overlay')).backgroundColor;",
        serde_json::json!([]),
    );
    assert_eq!(background, serde_json::json!("rgb(20, 20, 20)"));
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

/// Pages left for others close their event stream: the browser keeps them for the back button, and with
/// their streams open the seventh page of a host would wait about a minute for a connection. A page back
/// from that cache opens its stream again and shows a build it missed.
#[test]
fn an_editor_opens_many_pages_and_a_page_back_from_history_shows_the_build_it_missed() {
    if !common::browser::available() {
        return;
    }
    let site = TestSite::valid();
    let server = start(&site);
    let browser = common::browser::Browser::start();
    // Far below the minute a stalled page waits, far above what a page of this site takes.
    let wait = Duration::from_secs(20);
    browser.set_page_load_timeout(wait);
    let base = format!("http://127.0.0.1:{}", server.port);
    let pages = [
        "partners/schuldhulp/",
        "partners/",
        "regulations/",
        "modules/",
        "pages/",
        "domains/",
        "areas/",
        "matrix/",
        "domains/financien/",
        "regulations/wgs/",
        "partners/woonkracht/",
    ];
    for page in pages {
        browser.goto(&format!("{base}/{page}"));
        browser.wait_until(
            "document.readyState === 'complete' && document.querySelector('h1') !== null",
            wait,
        );
    }
    // A build while the regulation waits in the history: the open page reloads with it.
    browser.execute("window.beforeTheBuild = true;", serde_json::json!([]));
    let wgs = site.read("content/regulations/wgs.md");
    let renamed = wgs.replacen("title: ", "title: Herziene ", 1);
    assert_ne!(renamed, wgs);
    site.write("content/regulations/wgs.md", &renamed);
    browser.wait_until(
        "document.readyState === 'complete' && window.beforeTheBuild === undefined",
        wait,
    );
    // Back to the regulation: the browser restores the page as it was, which then shows the new build.
    browser.back();
    browser.wait_until(
        "location.pathname === '/regulations/wgs/' && document.querySelector('h1') && document.querySelector('h1').textContent.startsWith('Herziene')",
        wait,
    );
    let errors = browser.console_errors();
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// The status line and body of one GET with the given Host header (None: no Host header at all).
fn get_with_host(port: u16, host: Option<&str>) -> (String, String) {
    use std::io::{Read as _, Write as _};
    let mut stream = std::net::TcpStream::connect(("127.0.0.1", port)).unwrap();
    let host = host.map_or(String::new(), |h| format!("Host: {h}\r\n"));
    write!(stream, "GET / HTTP/1.1\r\n{host}Connection: close\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response.lines().next().unwrap_or_default().to_string();
    (status, response)
}

#[test]
fn serve_answers_only_to_loopback_names_and_the_names_it_is_given() {
    let site = TestSite::valid();
    let server = start(&site);
    let port = server.port;
    for host in [
        "localhost".to_string(),
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        format!("[::1]:{port}"),
    ] {
        let (status, _) = get_with_host(port, Some(&host));
        assert!(status.contains(" 200 "), "{host}: {status}");
    }
    // A page of another site that points its own name at 127.0.0.1 (DNS rebinding) gets no page.
    for host in ["evil.example".to_string(), format!("evil.example:{port}")] {
        let (status, response) = get_with_host(port, Some(&host));
        assert!(status.contains(" 421 "), "{host}: {status}");
        assert!(
            response.contains("--allow-host") && !response.contains("<html"),
            "a clear refusal and no page: {response}"
        );
    }
    drop(server);

    // A name given with --allow-host passes (a LAN preview reached by this machine's name).
    let server = start_with(&site, &["--allow-host", "laptop.local"]);
    let (status, _) = get_with_host(server.port, Some("laptop.local"));
    assert!(status.contains(" 200 "), "{status}");
    let (status, _) = get_with_host(server.port, Some("evil.example"));
    assert!(status.contains(" 421 "), "{status}");
}

#[test]
fn serve_builds_its_preview_apart_from_the_published_site() {
    let site = TestSite::valid();
    site.run_ok(&["build"]);
    let published = std::fs::read(site.path().join("site/sw.js")).unwrap();
    let server = start(&site);
    let (status, _) = get(server.port, "/");
    assert_eq!(status, 200);
    // The preview (no offline copy: its worker retires itself) lives in .kaartenbak/preview/.
    assert!(site.path().join(".kaartenbak/preview/index.html").is_file());
    assert_ne!(
        std::fs::read(site.path().join(".kaartenbak/preview/sw.js")).unwrap(),
        published
    );
    // An edit rebuilds the preview only.
    let events = events(server.port);
    assert_eq!(next(&events).0, "ok");
    let partner = site.read("content/partners/woonkracht.yaml");
    site.write(
        "content/partners/woonkracht.yaml",
        &partner.replace("name: Woonkracht", "name: Woonkracht Zwaluwstaart"),
    );
    assert_eq!(next(&events).0, "reload");
    assert!(site
        .read(".kaartenbak/preview/partners/woonkracht/index.html")
        .contains("Woonkracht Zwaluwstaart"));
    assert!(!site
        .read("site/partners/woonkracht/index.html")
        .contains("Woonkracht Zwaluwstaart"));
    assert_eq!(
        std::fs::read(site.path().join("site/sw.js")).unwrap(),
        published
    );

    // `search` reads site/ by default and the preview with --preview, and says which on stderr.
    let published_search = site.run(&["search", "zwaluwstaart", "--json"]);
    let stderr = String::from_utf8_lossy(&published_search.stderr);
    assert!(stderr.contains("site"), "{stderr}");
    let results: Value = serde_json::from_slice(&published_search.stdout).unwrap();
    assert_eq!(results["total"], 0, "the published site has no edit");
    let preview_search = site.run(&["search", "zwaluwstaart", "--json", "--preview"]);
    let stderr = String::from_utf8_lossy(&preview_search.stderr);
    assert!(stderr.contains(".kaartenbak/preview"), "{stderr}");
    let results: Value = serde_json::from_slice(&preview_search.stdout).unwrap();
    assert_eq!(results["hits"][0]["id"], "partners/woonkracht");
}

#[cfg(unix)]
fn inode(path: &std::path::Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

/// Every file under `folder` by relative path with its bytes, apart from the search index's files and the
/// manifest that lists them: a live index names and writes its segments differently from a fresh one.
fn preview_files(folder: &std::path::Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(folder).unwrap().display().to_string();
            (path, std::fs::read(e.path()).unwrap())
        })
        .filter(|(path, _)| !path.starts_with("_search/") && path != ".kaartenbak-output")
        .collect()
}

/// Files on disk that the folder's manifest does not list, or lists with another size (the search
/// index's files included): a leftover of an earlier build shows here.
fn unlisted_files(folder: &std::path::Path) -> Vec<String> {
    let manifest = std::fs::read_to_string(folder.join(".kaartenbak-output")).unwrap();
    let listed: std::collections::BTreeSet<(u64, String)> = manifest
        .lines()
        .skip(1)
        .map(|line| {
            let mut parts = line.splitn(3, ' ');
            let size = parts.next().unwrap().parse().unwrap();
            (size, parts.nth(1).unwrap().to_string())
        })
        .collect();
    let on_disk: std::collections::BTreeSet<(u64, String)> = walkdir::WalkDir::new(folder)
        .min_depth(1)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let path = e.path().strip_prefix(folder).unwrap().display().to_string();
            (e.metadata().unwrap().len(), path)
        })
        .filter(|(_, path)| path != ".kaartenbak-output")
        .collect();
    on_disk
        .symmetric_difference(&listed)
        .map(|(size, path)| format!("{path} ({size} bytes)"))
        .collect()
}

#[cfg(unix)]
#[test]
fn saves_update_the_preview_in_place_and_leave_what_a_fresh_preview_has() {
    let site = TestSite::valid();
    let server = start(&site);
    let events = events(server.port);
    assert_eq!(next(&events).0, "ok");
    let preview = site.path().join(".kaartenbak/preview");
    let folder = inode(&preview);
    let partner = site.read("content/partners/woonkracht.yaml");
    site.write(
        "content/partners/woonkracht.yaml",
        &partner.replace("name: Woonkracht", "name: Woonkracht Oost"),
    );
    assert_eq!(next(&events).0, "reload");
    std::fs::rename(
        site.path().join("content/pages/route-geldzorgen.md"),
        site.path().join("content/pages/route-bij-geldzorgen.md"),
    )
    .unwrap();
    assert_eq!(next(&events).0, "reload");
    std::fs::remove_file(site.path().join("content/modules/schuldhulp-verdieping.md")).unwrap();
    assert_eq!(next(&events).0, "reload");
    // Updated in place: the same folder (a swap puts another one there), nothing staged beside it.
    assert_eq!(
        inode(&preview),
        folder,
        "the preview was swapped, not updated"
    );
    let beside: Vec<_> = std::fs::read_dir(site.path().join(".kaartenbak"))
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    assert_eq!(beside, ["preview"]);
    drop(server);
    // A fresh preview of the same content: the same files, no leftover of the renamed or deleted pages.
    let fresh = start_with(&site, &["--output", "fresh"]);
    assert_eq!(events_after_connect(fresh.port), "ok");
    assert_eq!(
        preview_files(&preview),
        preview_files(&site.path().join("fresh")),
        "the pages differ from a fresh preview's"
    );
    assert_eq!(unlisted_files(&preview), Vec::<String>::new());
    assert!(!preview.join("pages/route-geldzorgen").exists());
}
