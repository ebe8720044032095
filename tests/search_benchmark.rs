//! Benchmark of the search in the page, in headless Chromium on loopback: time from the first keystroke to
//! the first rendered results with a cold cache (worker, module and index still to load), and per later
//! keystroke, and the bytes the server sent until the first results show. Prints figures; asserts nothing
//! about time or size. Run it with `cargo xtask bench-search [N]`, which
//! generates an N-entry corpus and sets KAARTENBAK_BENCH_SITE.

mod common;

use common::browser::{Browser, Server};
use serde_json::json;
use std::path::Path;
use std::time::Duration;

const QUERIES: [&str; 5] = [
    "schuldhulpverlening",
    "huurachterstand jongere",
    "mantelzorg",
    "deurwaarder beslag",
    "dagbesteding",
];

/// What the bytes of the responses so far were, by kind of file (KiB each), so a note can say where a
/// first search's bytes go.
fn breakdown(responses: &[(String, u64)]) -> String {
    let mut kinds: Vec<(&str, u64, usize)> = Vec::new();
    for (url, bytes) in responses {
        let path = url.split(['?', '#']).next().unwrap_or(url);
        let kind = if path.contains(".wasm") {
            "module"
        } else if path.ends_with(".js") {
            "scripts"
        } else if path.ends_with(".css") {
            "styles"
        } else if path.contains("/_search/") {
            "index"
        } else if path.ends_with('/') || path.ends_with(".html") {
            "pages"
        } else {
            "other"
        };
        match kinds.iter_mut().find(|(k, _, _)| *k == kind) {
            Some(entry) => {
                entry.1 += bytes;
                entry.2 += 1;
            }
            None => kinds.push((kind, *bytes, 1)),
        }
    }
    kinds
        .iter()
        .map(|(kind, bytes, files)| format!("{kind} {:.0} KiB in {files}", *bytes as f64 / 1024.0))
        .collect::<Vec<_>>()
        .join(", ")
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
}

/// The queries whose first-search bytes the issue names at 10,000 entries; on the example site it names
/// `schulden,geldproblemen,amhk` (set `KAARTENBAK_BENCH_QUERIES`, comma-separated).
const FIRST_QUERIES: [&str; 3] = ["schulden", "wijkteam", "gemeente"];

fn first_queries() -> Vec<String> {
    match std::env::var("KAARTENBAK_BENCH_QUERIES") {
        Ok(list) => list.split(',').map(str::to_string).collect(),
        Err(_) => FIRST_QUERIES.iter().map(|q| q.to_string()).collect(),
    }
}

/// Waits until the page rendered the results of `query`; the milliseconds from its keystroke.
fn results_of(browser: &Browser, query: &str, wait: Duration) -> f64 {
    let found = browser.wait_until(
        &format!(
            "(window.kaartenbakSearchTimings || []).filter(t => t.query === {query:?}).map(t => t.ms)[0]"
        ),
        wait,
    );
    found.as_f64().unwrap_or_default()
}

/// Everything the server sent until the first results show, in a fresh browser, for each of
/// `FIRST_QUERIES` typed at once; then the other queries one after another in the same page, each
/// counted by itself ("later queries").
#[test]
#[ignore = "benchmark: run with cargo xtask bench-search"]
fn first_search_bytes_and_time() {
    let site = std::env::var("KAARTENBAK_BENCH_SITE")
        .expect("set KAARTENBAK_BENCH_SITE to a built corpus site");
    let server = Server::start(Path::new(&site));
    let wait = Duration::from_secs(60);
    let (mut first_bytes, mut first_ms, mut later_bytes) = (Vec::new(), Vec::new(), Vec::new());
    let firsts = first_queries();
    // Every file each query fetched, not only the sums.
    let list_files = std::env::var_os("KAARTENBAK_BENCH_FILES").is_some();
    for query in &firsts {
        let query = query.as_str();
        let browser = Browser::start();
        browser.goto(&format!("{}/", server.base));
        browser.type_into("#zoekveld", query);
        let ms = results_of(&browser, query, wait);
        // The counter sees a response once the server closed it, a moment after the page had it.
        std::thread::sleep(Duration::from_millis(200));
        let bytes = browser.recorder().bytes_received();
        let responses = browser.recorder().responses();
        println!("  {query:?}: {}", breakdown(&responses));
        if list_files {
            for (url, bytes) in &responses {
                println!("    {bytes:>8} {url}");
            }
        }
        first_bytes.push(bytes as f64);
        first_ms.push(ms);
        let mut later = Vec::new();
        let others = QUERIES
            .iter()
            .copied()
            .chain(firsts.iter().map(String::as_str));
        for next in others.filter(|q| *q != query) {
            let before = browser.recorder().bytes_received();
            let seen = list_files.then(|| browser.recorder().responses().len());
            browser.execute("document.querySelector('#zoekveld').value = '';", json!([]));
            browser.type_into("#zoekveld", next);
            results_of(&browser, next, wait);
            std::thread::sleep(Duration::from_millis(200));
            later.push((browser.recorder().bytes_received() - before) as f64);
            if let Some(seen) = seen {
                let responses = browser.recorder().responses();
                println!("  then {next:?}: {}", breakdown(&responses[seen..]));
                for (url, bytes) in &responses[seen..] {
                    println!("    {bytes:>8} {url}");
                }
            }
        }
        println!(
            "first search {query:?}: {:.0} KiB, {ms:.0} ms; later queries {:?} KiB",
            bytes as f64 / 1024.0,
            later
                .iter()
                .map(|b| (b / 1024.0).round())
                .collect::<Vec<_>>()
        );
        later_bytes.extend(later);
    }
    first_bytes.sort_by(f64::total_cmp);
    first_ms.sort_by(f64::total_cmp);
    println!(
        "first search (everything the server sent until the first results): median {:.0} KiB, max {:.0} KiB; median {:.0} ms",
        percentile(&first_bytes, 0.5) / 1024.0,
        first_bytes[first_bytes.len() - 1] / 1024.0,
        percentile(&first_ms, 0.5)
    );
    println!(
        "later queries: mean {:.1} KiB over {} queries",
        later_bytes.iter().sum::<f64>() / later_bytes.len() as f64 / 1024.0,
        later_bytes.len()
    );
}

#[test]
#[ignore = "benchmark: run with cargo xtask bench-search"]
fn search_in_the_page_timings() {
    let site = std::env::var("KAARTENBAK_BENCH_SITE")
        .expect("set KAARTENBAK_BENCH_SITE to a built corpus site");
    let server = Server::start(Path::new(&site));
    let wait = Duration::from_secs(60);
    let mut first = Vec::new();
    let mut later = Vec::new();
    for (round, query) in QUERIES.iter().enumerate() {
        // A new browser profile each round: nothing cached.
        let browser = Browser::start();
        browser.goto(&format!("{}/", server.base));
        for (i, c) in query.chars().enumerate() {
            browser.type_into("#zoekveld", &c.to_string());
            browser.wait_until(
                &format!(
                    "window.kaartenbakSearchTimings && window.kaartenbakSearchTimings.length >= {}",
                    i + 1
                ),
                wait,
            );
            std::thread::sleep(Duration::from_millis(120));
        }
        let timings = browser.execute(
            "return window.kaartenbakSearchTimings.map(t => t.ms);",
            json!([]),
        );
        let timings: Vec<f64> = timings
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_f64().unwrap())
            .collect();
        first.push(timings[0]);
        later.extend_from_slice(&timings[1..]);
        println!(
            "round {round} {query:?}: first {:.0} ms, then {:?}",
            timings[0],
            timings[1..].iter().map(|t| t.round()).collect::<Vec<_>>()
        );
    }
    first.sort_by(f64::total_cmp);
    later.sort_by(f64::total_cmp);
    println!(
        "first keystroke to first results (cold): p50 {:.0} ms, max {:.0} ms over {} runs",
        percentile(&first, 0.5),
        first[first.len() - 1],
        first.len()
    );
    println!(
        "later keystrokes: p50 {:.1} ms, p95 {:.1} ms over {} keystrokes",
        percentile(&later, 0.5),
        percentile(&later, 0.95),
        later.len()
    );
}
