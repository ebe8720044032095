//! Real headless Chromium for tests, driven over WebDriver by Debian's chromedriver.
//!
//! Both are found on `PATH`; when one is missing the tests skip locally and fail on CI (see `tools`).
//! Every request Chromium makes goes through the request recorder (`recorder`); a session that saw a
//! request leave the site's own origin fails its test when it ends.
#![allow(dead_code)]

use super::recorder::{Recorded, Recorder};

use serde_json::{json, Value};
use std::net::TcpListener;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const PROGRAMS: [&str; 2] = ["chromium", "chromedriver"];
const INSTALL: &str = "apt-get install chromium chromium-driver";

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Whether the browser tests can run here: Chromium and chromedriver are on `PATH`. When they are not,
/// this reports the skip, or fails the test on CI.
pub fn available() -> bool {
    super::tools::programs(PROGRAMS, INSTALL).is_some()
}

fn wait_for(url: &str, timeout: Duration) -> bool {
    let agent = agent();
    let start = Instant::now();
    while start.elapsed() < timeout {
        if agent.get(url).call().is_ok() {
            return true;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    false
}

fn agent() -> ureq::Agent {
    ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(120)))
        .build()
        .into()
}

/// The example site built and served over HTTP, and a browser on it without live reload (whose open
/// event streams would hold up later page loads); None when the browser tools are missing outside CI.
pub fn example_site_in_browser() -> Option<(super::TestSite, Server, Browser)> {
    if !available() {
        return None;
    }
    let site = super::TestSite::example();
    let server = Server::start(site.path());
    let browser = Browser::start();
    Some((site, server, browser))
}

/// A served site: `kaartenbak serve` on a free loopback port, stopped on drop.
pub struct Server {
    child: Child,
    pub base: String,
}

impl Server {
    pub fn start(site_root: &Path) -> Server {
        let port = free_port();
        let child = Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
            .args(["serve", "--port", &port.to_string()])
            .current_dir(site_root)
            .env("KAARTENBAK_TODAY", super::TODAY)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let base = format!("http://127.0.0.1:{port}");
        assert!(
            // A 50,000-entry benchmark site takes minutes to build on a loaded machine.
            wait_for(&format!("{base}/"), Duration::from_secs(600)),
            "kaartenbak serve did not start"
        );
        Server { child, base }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One Chromium session.
pub struct Browser {
    driver: Child,
    endpoint: String,
    session: String,
    agent: ureq::Agent,
    recorder: Recorder,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver and a Chromium session; call `available()` first.
    pub fn start() -> Browser {
        let [chromium, chromedriver] = PROGRAMS.map(|name| {
            super::tools::find_on_path(name).unwrap_or_else(|| {
                panic!("{name} is not on PATH ({INSTALL}); check `available()` first")
            })
        });
        let port = free_port();
        let driver = Command::new(chromedriver)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let endpoint = format!("http://127.0.0.1:{port}");
        assert!(
            wait_for(&format!("{endpoint}/status"), Duration::from_secs(30)),
            "chromedriver did not start"
        );
        let profile = tempfile::tempdir().unwrap();
        let agent = agent();
        let recorder = Recorder::start();
        let [proxy, bypass] = recorder.chromium_args();
        let capabilities = json!({
            "capabilities": { "alwaysMatch": {
                "browserName": "chrome",
                "goog:loggingPrefs": { "browser": "ALL" },
                "goog:chromeOptions": {
                    "binary": chromium,
                    "args": [
                        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                        "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
                        "--window-size=1280,900", proxy, bypass,
                        // Chromium's own traffic (sign-in, autofill, updates, network time, the search
                        // engine's preconnect) would go through the recorder too; it is not the site's.
                        "--disable-features=AutofillServerCommunication,OptimizationHints,MediaRouter,Translate,NetworkTimeServiceQuerying,CertificateTransparencyComponentUpdater,DialMediaRouteProvider,SearchPrefetchServicePrefetching",
                        "--disable-domain-reliability", "--no-pings", "--disable-client-side-phishing-detection",
                        "--disable-default-apps", "--disable-extensions", "--safebrowsing-disable-auto-update",
                        "--no-default-browser-check", "--disable-search-engine-choice-screen",
                        format!("--user-data-dir={}", profile.path().display()),
                    ]
                }
            }}
        });
        let mut response = agent
            .post(&format!("{endpoint}/session"))
            .send_json(&capabilities)
            .unwrap();
        let body: Value = response.body_mut().read_json().unwrap();
        let session = body["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {body}"))
            .to_string();
        Browser {
            driver,
            endpoint,
            session,
            agent,
            recorder,
            _profile: profile,
        }
    }

    fn command(&self, method: &str, path: &str, body: Value) -> Value {
        let url = format!("{}/session/{}{path}", self.endpoint, self.session);
        let mut response = match method {
            "GET" => self.agent.get(&url).call().unwrap(),
            _ => self.agent.post(&url).send_json(&body).unwrap(),
        };
        let status = response.status();
        let value: Value = response.body_mut().read_json().unwrap();
        assert!(status.is_success(), "WebDriver {path} failed: {value}");
        value["value"].clone()
    }

    /// Opens `url`; the first page opened names the site's own origin for the recorder.
    pub fn goto(&self, url: &str) {
        self.recorder.learn_origin(url);
        self.command("POST", "/url", json!({ "url": url }));
    }

    /// The WebDriver id of the first element matching `css`.
    pub fn find(&self, css: &str) -> String {
        let found = self.command(
            "POST",
            "/element",
            json!({ "using": "css selector", "value": css }),
        );
        found
            .as_object()
            .and_then(|o| o.values().next())
            .and_then(Value::as_str)
            .unwrap_or_else(|| panic!("no element {css}"))
            .to_string()
    }

    /// Types `text` into the element matching `css`, key by key, as a person would.
    pub fn type_into(&self, css: &str, text: &str) {
        let element = self.find(css);
        self.command(
            "POST",
            &format!("/element/{element}/value"),
            json!({ "text": text }),
        );
    }

    pub fn click(&self, css: &str) {
        let element = self.find(css);
        self.command("POST", &format!("/element/{element}/click"), json!({}));
    }

    /// How long a navigation may take before `goto` fails (WebDriver's default is five minutes).
    pub fn set_page_load_timeout(&self, timeout: Duration) {
        self.command(
            "POST",
            "/timeouts",
            json!({ "pageLoad": timeout.as_millis() as u64 }),
        );
    }

    pub fn back(&self) {
        self.command("POST", "/back", json!({}));
    }

    pub fn url(&self) -> String {
        self.command("GET", "/url", Value::Null)
            .as_str()
            .unwrap_or_default()
            .to_string()
    }

    /// Waits until `condition` (a JavaScript expression) is truthy; returns its value.
    pub fn wait_until(&self, condition: &str, timeout: Duration) -> Value {
        let start = Instant::now();
        loop {
            let value = self.execute(&format!("return ({condition}) || null;"), json!([]));
            if !value.is_null() && value != json!(false) {
                return value;
            }
            assert!(
                start.elapsed() < timeout,
                "timed out waiting for {condition}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }

    /// Saves a PNG screenshot (base64, as WebDriver sends it) when `KAARTENBAK_SCREENSHOTS` names a folder.
    pub fn screenshot(&self, name: &str) {
        if let Ok(dir) = std::env::var("KAARTENBAK_SCREENSHOTS") {
            let data = self.command("GET", "/screenshot", Value::Null);
            std::fs::write(
                format!("{dir}/{name}.png.b64"),
                data.as_str().unwrap_or_default(),
            )
            .unwrap();
        }
    }

    /// Runs the Chrome DevTools command `cmd` (through chromedriver's `goog/cdp/execute`).
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.command(
            "POST",
            "/goog/cdp/execute",
            json!({ "cmd": cmd, "params": params }),
        )
    }

    /// Makes the viewport exactly `width` × `height` CSS pixels (a desktop viewport, so an overflowing
    /// page scrolls instead of being zoomed out).
    pub fn set_viewport(&self, width: u32, height: u32) {
        self.cdp(
            "Emulation.setDeviceMetricsOverride",
            json!({ "width": width, "height": height, "deviceScaleFactor": 1, "mobile": false }),
        );
    }

    /// Lays the page out for `media` (`"print"`, or `""` for the screen again).
    pub fn emulate_media(&self, media: &str) {
        self.cdp("Emulation.setEmulatedMedia", json!({ "media": media }));
    }

    /// The current page printed on A4 through WebDriver's "Print Page": the PDF's bytes.
    pub fn print_a4(&self) -> Vec<u8> {
        let data = self.command(
            "POST",
            "/print",
            json!({ "page": { "width": 21.0, "height": 29.7 }, "background": true }),
        );
        base64_decode(data.as_str().expect("a base64 PDF"))
    }

    /// A PNG screenshot of the viewport.
    pub fn screenshot_png(&self) -> Vec<u8> {
        let data = self.command("GET", "/screenshot", Value::Null);
        base64_decode(data.as_str().expect("a base64 PNG"))
    }

    pub fn set_window_size(&self, width: u32, height: u32) {
        self.command(
            "POST",
            "/window/rect",
            json!({ "width": width, "height": height }),
        );
    }

    pub fn execute(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/sync",
            json!({ "script": script, "args": args }),
        )
    }

    /// Runs `script` whose last argument is a callback to call with the result.
    pub fn execute_async(&self, script: &str, args: Value) -> Value {
        self.command(
            "POST",
            "/execute/async",
            json!({ "script": script, "args": args }),
        )
    }

    /// Console messages of level SEVERE since the last call.
    pub fn console_errors(&self) -> Vec<String> {
        let logs = self.command("POST", "/se/log", json!({ "type": "browser" }));
        logs.as_array()
            .into_iter()
            .flatten()
            .filter(|entry| entry["level"] == "SEVERE")
            .map(|entry| entry["message"].as_str().unwrap_or_default().to_string())
            .collect()
    }

    /// The request recorder of this session (to take the network away, say).
    pub fn recorder(&self) -> &Recorder {
        &self.recorder
    }

    /// Fails when any request of the page, its workers or its service worker left the site's origin.
    pub fn assert_no_foreign_requests(&self) {
        let foreign: Vec<Recorded> = self.recorder.foreign();
        assert!(
            foreign.is_empty(),
            "requests left the site's origin: {foreign:#?}"
        );
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        let url = format!("{}/session/{}", self.endpoint, self.session);
        let _ = self.agent.delete(&url).call();
        let _ = self.driver.kill();
        let _ = self.driver.wait();
        // Every browser test checks this, whether or not it asks: a test that provokes a foreign request
        // on purpose takes it from the recorder first.
        if !std::thread::panicking() {
            self.assert_no_foreign_requests();
        }
    }
}

/// Standard base64 (as WebDriver sends screenshots and PDFs) to bytes.
pub fn base64_decode(text: &str) -> Vec<u8> {
    let value = |c: u8| -> Option<u32> {
        Some(match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' => 62,
            b'/' => 63,
            _ => return None,
        } as u32)
    };
    let digits: Vec<u32> = text.bytes().filter_map(value).collect();
    let mut bytes = Vec::with_capacity(digits.len() * 3 / 4);
    for chunk in digits.chunks(4) {
        let n = chunk
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, d)| n | d << (18 - 6 * i));
        bytes.extend(&n.to_be_bytes()[1..chunk.len()]);
    }
    bytes
}
