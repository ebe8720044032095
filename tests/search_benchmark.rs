//! Benchmark of the search in the page, in headless Chromium on loopback: time from the first keystroke to
//! the first rendered results with a cold cache (worker, module and index still to load), and per later
//! keystroke. Prints figures; asserts nothing about time. Run it with `cargo xtask bench-search [N]`, which
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

fn percentile(sorted: &[f64], p: f64) -> f64 {
    sorted[((sorted.len() as f64 - 1.0) * p).round() as usize]
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
