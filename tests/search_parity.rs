//! One search engine, one ranking: the same queries through `kaartenbak search` (native) and through the
//! WebAssembly module the site ships (run in Node with the page's own glue) must return the same entries
//! in the same order, and say the same about what they did. Covers stemming, synonyms, typos, phrases,
//! prefixes, filters, empty results, compounds, phrases in bodies, the wijk in a query, the glossary,
//! two typos, and situations: needs, two needs at once, client spelling, English, attributes, a removed
//! need.

mod common;

use common::{tools, TestSite};
use serde_json::{json, Value};
use std::io::{Read, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};

use common::parity_queries::{IGNORED, QUERIES};

/// Node.js on `PATH`, which runs the wasm module; missing means skip locally and fail on CI.
fn node() -> Option<PathBuf> {
    let [node] = tools::programs(["node"], "apt-get install nodejs")?;
    Some(node)
}

fn ignored(query: &str) -> Vec<&'static str> {
    IGNORED
        .iter()
        .filter(|(q, _)| *q == query)
        .map(|(_, id)| *id)
        .collect()
}

fn request(query: &str, kind: Option<&str>, domain: Option<&str>, area: Option<&str>) -> Value {
    json!({
        "query": query, "kind": kind, "domain": domain, "area": area, "limit": 20,
        "ignore": ignored(query),
    })
}

/// A field of every hit.
fn ids_and(response: &Value, field: &str) -> Vec<Value> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h[field].clone())
        .collect()
}

fn ids(response: &Value) -> Vec<String> {
    response["hits"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn the_cli_and_the_wasm_module_rank_every_query_the_same() {
    let Some(node) = node() else {
        return;
    };
    assert!(QUERIES.len() >= 50);
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let requests: Vec<Value> = QUERIES
        .iter()
        .map(|(q, k, d, a)| request(q, *k, *d, *a))
        .collect();
    let script = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/browser/parity.js");
    let mut node = Command::new(node)
        .arg(&script)
        .arg(site.path().join("site"))
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    node.stdin
        .take()
        .unwrap()
        .write_all(json!(requests).to_string().as_bytes())
        .unwrap();
    let output = node.wait_with_output().unwrap();
    assert!(
        output.status.success(),
        "node failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    let wasm: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        wasm.len(),
        QUERIES.len(),
        "the wasm module answered every query"
    );
    // Each answer is a search response (hits and a total), whatever the glue returned instead.
    for ((query, ..), answer) in QUERIES.iter().zip(&wasm) {
        assert!(
            answer["hits"].is_array() && answer["total"].is_u64(),
            "the wasm module gave no search response for {query:?}: {answer}"
        );
    }

    let mut differences = Vec::new();
    let mut non_empty = 0;
    for ((query, kind, domain, area), from_wasm) in QUERIES.iter().zip(&wasm) {
        let mut args = vec!["search", query, "--json", "--limit", "20"];
        for (flag, value) in [("--kind", kind), ("--domain", domain), ("--area", area)] {
            if let Some(value) = value {
                args.extend([flag, value]);
            }
        }
        for id in ignored(query) {
            args.extend(["--ignore", id]);
        }
        let from_cli: Value = serde_json::from_str(&site.run_ok(&args)).unwrap();
        let (cli_ids, wasm_ids) = (ids(&from_cli), ids(from_wasm));
        if !cli_ids.is_empty() {
            non_empty += 1;
        }
        // What the page says it did (parts searched, a wijk, glossary terms) is the CLI's too.
        let told = |r: &Value| {
            (
                (r["rewrites"].clone(), r["area"].clone(), r["terms"].clone()),
                (r["needs"].clone(), r["attributes"].clone()),
                ids_and(r, "service"),
            )
        };
        if cli_ids != wasm_ids
            || from_cli["total"] != from_wasm["total"]
            || told(&from_cli) != told(from_wasm)
        {
            differences.push(format!(
                "{query:?} {kind:?} {domain:?} {area:?}:\n  cli  {cli_ids:?}\n  wasm {wasm_ids:?}"
            ));
        }
        // The snippets (what the coach reads) agree as well.
        let snippets = |r: &Value| {
            r["hits"]
                .as_array()
                .unwrap()
                .iter()
                .map(|h| h["snippet"].clone())
                .collect::<Vec<_>>()
        };
        assert_eq!(
            snippets(&from_cli),
            snippets(from_wasm),
            "snippets differ for {query:?}"
        );
    }
    assert!(
        differences.is_empty(),
        "rankings differ:\n{}",
        differences.join("\n")
    );
    assert!(
        non_empty >= 48,
        "only {non_empty} queries found anything; the parity check would be too weak"
    );
}

#[test]
fn the_embedded_search_module_was_built_from_this_search_code() {
    // `cargo xtask wasm` rebuilds assets/kaartenbak-search.wasm; forgetting it after changing the search
    // core would ship a browser search that disagrees with the CLI.
    let fingerprint = kaartenbak_search::FINGERPRINT.as_bytes();
    let mut embedded = Vec::new();
    flate2::read::GzDecoder::new(kaartenbak::index::SEARCH_WASM_GZ)
        .read_to_end(&mut embedded)
        .unwrap();
    assert!(
        embedded
            .windows(fingerprint.len())
            .any(|w| w == fingerprint),
        "assets/kaartenbak-search.wasm.gz is stale: run `cargo xtask wasm` and commit it"
    );
    let site = TestSite::valid();
    site.run_ok(&["build"]);
    let manifest: Value = serde_json::from_str(&site.read("site/_search/manifest.json")).unwrap();
    assert_eq!(manifest["fingerprint"], kaartenbak_search::FINGERPRINT);
    let shipped =
        std::fs::read(site.path().join("site/_search/kaartenbak-search.wasm.gz")).unwrap();
    assert_eq!(shipped, kaartenbak::index::SEARCH_WASM_GZ);
}
