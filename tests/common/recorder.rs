//! The request recorder of the browser tests: a plain HTTP forward proxy, run in the test process, that
//! Chromium sends every request through (loopback included), so the requests of the page, its workers and
//! its service worker are all seen. It forwards requests to the site's own origin and answers every other
//! request 403; it records all of them.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, PoisonError};

/// One request Chromium made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub method: String,
    /// The absolute URL; for `CONNECT` (HTTPS) only `host:port`, which is all a proxy sees.
    pub url: String,
    pub same_origin: bool,
    /// Chromium's own service traffic (see `BROWSER_OWN`), not the site's.
    pub browser_own: bool,
}

/// Hosts Debian's Chromium calls by itself whatever the page does, with every switch that turns such
/// traffic off given: its wrapper sets Google API keys (sign-in) and remote extensions (their updates),
/// and the omnibox preconnects to its default search engine; downloads that an update answers with go
/// through Google's redirector. No page of the site can cause these, and a
/// site embedding anything from them is still caught by the static checks of `build_site`.
const BROWSER_OWN: [&str; 5] = [
    "accounts.google.com:443",
    "update.googleapis.com",
    "clients2.google.com",
    "redirector.gvt1.com",
    "start.duckduckgo.com:443",
];

fn is_browser_own(method: &str, target: &str) -> bool {
    let host = match method {
        "CONNECT" => target,
        _ => target
            .strip_prefix("http://")
            .and_then(|rest| rest.split('/').next())
            .unwrap_or(target),
    };
    BROWSER_OWN
        .iter()
        .any(|own| host == *own || host.split(':').next() == Some(own))
}

#[derive(Default)]
struct State {
    /// `http://host:port` of the site; until it is known every request counts as foreign.
    origin: Mutex<Option<String>>,
    requests: Mutex<Vec<Recorded>>,
    /// `host:port` the site's requests are forwarded to when its origin names a host no resolver knows.
    address: Mutex<Option<String>>,
    /// "The network is gone": every request is recorded and its connection closed unanswered.
    offline: AtomicBool,
    /// What the site sent through the proxy (headers and bodies) per response, as (URL, bytes), for the
    /// benchmarks.
    responses: Mutex<Vec<(String, u64)>>,
}

/// The proxy, listening on a free loopback port for as long as the test process runs.
pub struct Recorder {
    pub port: u16,
    state: Arc<State>,
}

impl Recorder {
    pub fn start() -> Recorder {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let state = Arc::new(State::default());
        let shared = Arc::clone(&state);
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let state = Arc::clone(&shared);
                std::thread::spawn(move || handle(stream, &state));
            }
        });
        Recorder { port, state }
    }

    /// The Chromium switches that send every request through this proxy. `<-loopback>` removes the
    /// implicit bypass of localhost and 127.0.0.0/8, so the site's own requests (served on loopback) and
    /// requests to other loopback hosts are seen too.
    pub fn chromium_args(&self) -> [String; 2] {
        [
            format!("--proxy-server=http://127.0.0.1:{}", self.port),
            "--proxy-bypass-list=<-loopback>".to_string(),
        ]
    }

    /// Makes the origin of `url` the site's own, when none is set yet (the first page a test opens).
    pub fn learn_origin(&self, url: &str) {
        if let Some(origin) = origin_of(url) {
            lock(&self.state.origin).get_or_insert(origin);
        }
    }

    /// Makes `origin` (`http://name:port`, a name only this proxy knows) the site's own, served from
    /// `address` (`127.0.0.1:port`): a page opened there is not a secure context, as on a plain-http
    /// intranet, which loopback and `*.localhost` pages always are.
    pub fn serve_origin_from(&self, origin: &str, address: &str) {
        *lock(&self.state.origin) = Some(origin.to_string());
        *lock(&self.state.address) = Some(address.to_string());
    }

    pub fn set_offline(&self, offline: bool) {
        self.state.offline.store(offline, Ordering::SeqCst);
    }

    /// Bytes the site has sent so far, as its responses came through (headers included).
    pub fn bytes_received(&self) -> u64 {
        lock(&self.state.responses)
            .iter()
            .map(|(_, bytes)| bytes)
            .sum()
    }

    pub fn requests(&self) -> Vec<Recorded> {
        lock(&self.state.requests).clone()
    }

    /// Every answered request of the site so far with the bytes its response took (headers included).
    pub fn responses(&self) -> Vec<(String, u64)> {
        lock(&self.state.responses).clone()
    }

    /// The requests that left the site's origin, removed from the record (a test that provokes one on
    /// purpose takes it, so the check on drop does not fail).
    pub fn take_foreign(&self) -> Vec<Recorded> {
        let mut requests = lock(&self.state.requests);
        let (foreign, own) = requests
            .drain(..)
            .partition(|r| !r.same_origin && !r.browser_own);
        *requests = own;
        foreign
    }

    pub fn foreign(&self) -> Vec<Recorded> {
        self.requests()
            .into_iter()
            .filter(|r| !r.same_origin && !r.browser_own)
            .collect()
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// `http://host:port` of an absolute `http://` URL.
fn origin_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("http://")?;
    let authority = rest.split(['/', '?', '#']).next()?;
    Some(format!("http://{authority}"))
}

const REFUSED: &[u8] = b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// One request per connection: the forwarded request asks the site to close after its response, so the
/// response (a stream of server-sent events included) is copied through until either side closes.
fn handle(client: TcpStream, state: &State) {
    let mut reader = BufReader::new(client.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    let mut parts = line.split_whitespace();
    let (Some(method), Some(target)) = (parts.next(), parts.next()) else {
        return;
    };
    let (method, target) = (method.to_string(), target.to_string());
    let mut headers = Vec::new();
    let mut length = 0usize;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let header = header.trim_end().to_string();
        if header.is_empty() {
            break;
        }
        let name = header
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name == "content-length" {
            length = header[name.len() + 1..].trim().parse().unwrap_or(0);
        }
        // Hop-by-hop headers stay here; the site is asked to close instead.
        if !matches!(
            name.as_str(),
            "proxy-connection" | "connection" | "keep-alive"
        ) {
            headers.push(header);
        }
    }
    let own = lock(&state.origin).clone();
    let origin = origin_of(&target);
    let same_origin = method != "CONNECT" && origin.is_some() && origin == own;
    lock(&state.requests).push(Recorded {
        method: method.clone(),
        url: target.clone(),
        same_origin,
        browser_own: !same_origin && is_browser_own(&method, &target),
    });
    let mut client = client;
    if !same_origin {
        let _ = client.write_all(REFUSED);
        return;
    }
    if state.offline.load(Ordering::SeqCst) {
        return;
    }
    let authority = origin.unwrap()["http://".len()..].to_string();
    let path = &target["http://".len() + authority.len()..];
    let path = if path.is_empty() { "/" } else { path };
    let address = lock(&state.address).clone().unwrap_or(authority);
    let Ok(mut upstream) = TcpStream::connect(&address) else {
        // The site is down: the browser sees a network error, as without a proxy.
        return;
    };
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    for header in headers {
        head.push_str(&header);
        head.push_str("\r\n");
    }
    head.push_str("Connection: close\r\n\r\n");
    if upstream.write_all(head.as_bytes()).is_err() || upstream.write_all(&body).is_err() {
        return;
    }
    if let Ok(copied) = std::io::copy(&mut upstream, &mut client) {
        lock(&state.responses).push((target, copied));
    }
    let _ = client.shutdown(std::net::Shutdown::Both);
}
