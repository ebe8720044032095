//! Private by construction, in real headless Chromium: every page carries the Content-Security-Policy,
//! an element that reaches another origin (injected as a pasted snippet or a compromised theme would)
//! loads nothing from it, and the search still works under the policy (with `serve`'s live reload on).

mod common;

use common::browser::{self, Browser, Server};
use common::html::{attribute, pages, start_tags};
use common::TestSite;
use serde_json::json;
use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);

/// A listener on another loopback address (so another origin than the site) that counts every request
/// and answers each with an empty 200.
struct Recorder {
    base: String,
    hits: Arc<AtomicUsize>,
}

impl Recorder {
    fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.2:0").expect("127.0.0.2 is a loopback address");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(mut stream) = stream else { continue };
                counted.fetch_add(1, Ordering::SeqCst);
                let mut buffer = [0u8; 4096];
                let _ = stream.read(&mut buffer);
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
                );
            }
        });
        Recorder { base, hits }
    }

    fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

#[test]
fn an_injected_remote_image_loads_nothing_and_search_still_works() {
    if !browser::available() {
        return;
    }
    let site = TestSite::example();
    let server = Server::start(site.path());
    let recorder = Recorder::start();
    let browser = Browser::start();
    browser.goto(&format!("{}/partners/schuldhulp-lindewaard/", server.base));
    let policy = browser.execute(
        "const m = document.querySelector('meta[http-equiv=\"Content-Security-Policy\"]');
         return m && m.content;",
        json!([]),
    );
    assert!(
        policy
            .as_str()
            .unwrap_or_default()
            .contains("default-src 'self'"),
        "no policy on the page: {policy}"
    );
    // The browser reports a refused load as a violation event and then as the image's error; the test
    // waits for both, so it never depends on how long a request would take.
    let outcome = browser.execute_async(
        "const [url, done] = arguments;
         let violated = null;
         document.addEventListener('securitypolicyviolation', e => { violated = e.blockedURI; });
         const img = document.createElement('img');
         img.alt = '';
         img.onload = () => done('loaded');
         img.onerror = () => setTimeout(() => done('refused:' + violated), 0);
         img.src = url;
         document.querySelector('main').appendChild(img);",
        json!([format!("{}/pixel.png", recorder.base)]),
    );
    assert_eq!(
        outcome,
        json!(format!("refused:{}/pixel.png", recorder.base)),
        "the remote image was not refused by the policy"
    );
    assert_eq!(recorder.hits(), 0, "the other origin saw a request");

    // Search answers under the same policy: the worker, the wasm and the index are the site's own.
    browser.type_into("#zoekveld-kop", "deurwaard");
    browser.wait_until(
        "document.querySelector('#zoekveld-kop-resultaten .result')",
        WAIT,
    );
    let errors: Vec<String> = browser
        .console_errors()
        .into_iter()
        .filter(|message| !message.contains(&recorder.base))
        .collect();
    assert!(
        errors.is_empty(),
        "console errors under the policy: {errors:?}"
    );
    assert_eq!(recorder.hits(), 0, "the other origin saw a request");
    // Every request of the browser goes through the harness's proxy, which refuses other origins; so the
    // proof is there: the policy stopped the image before it was ever sent.
    let pixel = format!("{}/pixel.png", recorder.base);
    assert!(
        !browser.recorder().foreign().iter().any(|r| r.url == pixel),
        "the page asked for the remote image: {:?}",
        browser.recorder().foreign()
    );

    // The proxy does see a browser that goes there: nothing recorded above means nothing was sent.
    browser.goto(&pixel);
    let seen = browser.recorder().take_foreign();
    assert!(
        seen.iter().any(|r| r.url == pixel),
        "the proxy saw no request for {pixel}: {seen:?}"
    );
}

/// The policy runs no inline script: one in a theme would silently not run. Data blocks (the search
/// configuration, JSON-LD) are not scripts and may stay inline.
#[test]
fn no_page_has_an_inline_script() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let mut scripts = 0;
    for page in pages(&site.path().join("site")) {
        let html = std::fs::read_to_string(&page).unwrap();
        for tag in start_tags(&html).iter().filter(|t| &*t.name == "script") {
            scripts += 1;
            let data = attribute(tag, "type")
                .is_some_and(|t| t == "application/json" || t == "application/ld+json");
            assert!(
                attribute(tag, "src").is_some() || data,
                "{}: an inline script, which the Content-Security-Policy blocks",
                page.display()
            );
        }
    }
    assert!(scripts > 300, "{scripts} script elements seen");
}
