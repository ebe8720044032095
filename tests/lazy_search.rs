//! Search that loads the index in parts answers exactly as search that had every file from the start: on a
//! generated 1,000-entry corpus, an engine opened with only the files the manifest loads first (fetching
//! each part a response names, as the page does) returns for every parity query the same response as an
//! engine opened with the whole index. In the page, a first query fetches some parts and a second,
//! different one only parts not fetched before.

mod common;
#[allow(dead_code)]
#[path = "../xtask/src/corpus.rs"]
mod corpus;

use common::browser::{self, Browser, Server};
use common::parity_queries::{IGNORED, QUERIES};
use kaartenbak::index_files::{read_index, read_index_file};
use kaartenbak_search::{IndexFiles, Manifest, SearchEngine, SearchRequest, SearchResponse};
use serde_json::json;
use std::collections::{BTreeMap, BTreeSet};
use std::io::Read;
use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

/// Searches until the response names no file it still needs, loading those from the built site; returns
/// the answer and the files it loaded.
fn search(
    engine: &mut SearchEngine,
    site: &Path,
    request: &SearchRequest,
) -> (SearchResponse, Vec<String>) {
    let mut loaded = Vec::new();
    loop {
        let response = engine.search(request).unwrap();
        if response.files_needed.is_empty() {
            return (response, loaded);
        }
        for name in &response.files_needed {
            assert!(
                !loaded.contains(name),
                "{name} named again after it was loaded"
            );
            let bytes = read_index_file(site, name).unwrap();
            engine.load_file(name, &bytes).unwrap();
            loaded.push(name.clone());
        }
    }
}

fn request(query: &(&str, Option<&str>, Option<&str>, Option<&str>)) -> SearchRequest {
    let (text, kind, domain, area) = *query;
    SearchRequest {
        query: text.to_string(),
        kind: kind.map(str::to_string),
        domain: domain.map(str::to_string),
        area: area.map(str::to_string),
        facets: true,
        ignore: IGNORED
            .iter()
            .filter(|(q, _)| *q == text)
            .map(|(_, id)| id.to_string())
            .collect(),
        ..SearchRequest::default()
    }
}

/// A generated corpus of `entries` entries in `dir`, not built yet.
fn corpus_in(dir: &Path, entries: usize) -> std::path::PathBuf {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = dir.join("corpus");
    corpus::generate(root, &corpus, entries, 42).unwrap();
    corpus
}

/// Builds the site of `corpus` into its `site/` folder.
fn build(corpus: &Path) {
    let built = Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .current_dir(corpus)
        .args(["build", "--no-fsync"])
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
}

#[test]
fn the_engine_that_loads_parts_answers_as_the_one_with_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_in(dir.path(), 1000);
    build(&corpus);
    let site = corpus.join("site");

    let whole = read_index(&site).unwrap();
    let manifest_text = std::fs::read_to_string(site.join("_search/manifest.json")).unwrap();
    let manifest = Manifest::from_json(&manifest_text).unwrap();
    assert!(
        !manifest.parted.is_empty(),
        "the postings, positions and stored fields are kept as parts"
    );
    // What the page loads first: the manifest's files, no other part.
    let first = IndexFiles::load(&manifest_text, |name| {
        read_index_file(&site, name).map_err(|e| std::io::Error::other(e.to_string()))
    })
    .unwrap();
    let first = IndexFiles {
        files: first
            .files
            .into_iter()
            .filter(|(name, _)| manifest.files.iter().any(|f| &f.name == name))
            .collect(),
        manifest: manifest.clone(),
    };
    let pieces = site_pieces(&site, &manifest);
    let all_parts = pieces.len();
    let first_parts = first
        .files
        .iter()
        .filter(|(name, _)| pieces.contains(name))
        .count();
    assert!(
        first_parts * 4 < all_parts,
        "{first_parts} of {all_parts} parts load with the index"
    );
    // The manifest, which every first search loads, names the lists of parts, not each part: at 50,000
    // entries a list of every part was 210 KB gzip.
    let without_parts = Manifest {
        parted: Vec::new(),
        ..manifest.clone()
    };
    let part_list_bytes =
        manifest_text.len() - serde_json::to_string(&without_parts).unwrap().len();
    assert!(
        part_list_bytes < all_parts * 2,
        "the manifest lists {all_parts} lists and parts in {part_list_bytes} bytes"
    );

    let mut eager = SearchEngine::open(&whole).unwrap();
    let mut lazy = SearchEngine::open(&first).unwrap();
    let mut fetched: BTreeSet<String> = BTreeSet::new();
    let mut first_query_parts = 0;
    for query in QUERIES {
        let request = request(query);
        let (expected, _) = search(&mut eager, &site, &request);
        let (answer, loaded) = search(&mut lazy, &site, &request);
        assert_eq!(
            serde_json::to_value(&answer).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{query:?}"
        );
        if fetched.is_empty() {
            first_query_parts = loaded.iter().filter(|name| pieces.contains(*name)).count();
        }
        for name in loaded {
            assert!(fetched.insert(name.clone()), "{name} fetched twice");
        }
    }
    assert!(
        first_query_parts > 0 && first_parts + first_query_parts < all_parts / 2,
        "the first query loaded {first_query_parts} of {all_parts} parts"
    );
}

/// The lists and parts of the built site's parted index files (`crates/search/src/parts.rs`).
fn site_pieces(site: &Path, manifest: &Manifest) -> BTreeSet<String> {
    manifest
        .piece_names(|name| {
            read_index_file(site, name).map_err(|e| std::io::Error::other(e.to_string()))
        })
        .unwrap()
        .into_iter()
        .collect()
}

/// The lists and parts of the built site's parted index files with the bytes each costs a browser (its
/// `.gz`).
fn parts_with_sizes(site: &Path) -> BTreeMap<String, u64> {
    let text = std::fs::read_to_string(site.join("_search/manifest.json")).unwrap();
    let manifest = Manifest::from_json(&text).unwrap();
    site_pieces(site, &manifest)
        .into_iter()
        .map(|name| {
            let path = site.join(format!("_search/{name}.gz"));
            let size = std::fs::metadata(&path)
                .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
                .len();
            (name, size)
        })
        .collect()
}

#[test]
fn an_edit_to_one_entry_leaves_almost_every_index_part_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_in(dir.path(), 1000);
    build(&corpus);
    let site = corpus.join("site");
    let before = parts_with_sizes(&site);

    // An editor adds a word to one partner's description.
    let entry = corpus.join("content/partners/p-500.yaml");
    let yaml = std::fs::read_to_string(&entry).unwrap();
    let edited = yaml.replacen("description: \"", "description: \"Welkom! ", 1);
    assert_ne!(edited, yaml, "the corpus's partner has a description");
    std::fs::write(&entry, edited).unwrap();
    build(&corpus);
    let after = parts_with_sizes(&site);

    // A browser that kept the old parts (the offline copy, its HTTP cache) fetches only the new names.
    let total: u64 = after.values().sum();
    let renamed: Vec<(&String, &u64)> = after
        .iter()
        .filter(|(name, _)| !before.contains_key(*name))
        .collect();
    let renamed_bytes: u64 = renamed.iter().map(|(_, size)| **size).sum();
    assert!(!renamed.is_empty(), "the edit changed the index");
    // What changes: the parts with the postings and positions of the entry's words (an added word moves
    // the positions of every word after it), its stored fields and the footers; on a corpus this small
    // that is a large share (about a fifth), at 10,000 entries a few per cent (docs/benchmarks.md).
    assert!(
        renamed_bytes * 4 < total,
        "{} of {} parts renamed, {renamed_bytes} of {total} bytes",
        renamed.len(),
        after.len()
    );
}

/// A fetched list or part of a parted index file (`_search/idx-0123456789abcdef.gz`).
fn is_part_url(url: &str) -> bool {
    url.rsplit('/')
        .next()
        .is_some_and(kaartenbak_search::is_part_name)
}

/// The site's requests so far, once no new one came for a while (the search and its parts are done).
fn settled_requests(browser: &Browser) -> Vec<String> {
    let mut seen = browser.recorder().requests().len();
    let mut quiet = Instant::now();
    let start = Instant::now();
    while quiet.elapsed() < Duration::from_millis(1500) && start.elapsed() < WAIT {
        std::thread::sleep(Duration::from_millis(100));
        let now = browser.recorder().requests().len();
        if now != seen {
            seen = now;
            quiet = Instant::now();
        }
    }
    browser
        .recorder()
        .requests()
        .into_iter()
        .filter(|r| r.same_origin)
        .map(|r| r.url)
        .collect()
}

const WAIT: Duration = Duration::from_secs(60);

/// Waits until the page showed the results of `query` (the search records each answer it rendered).
fn results_of(browser: &Browser, query: &str) {
    browser.wait_until(
        &format!(
            "(window.kaartenbakSearchTimings || []).some(t => t.query === {query:?}) \
             && document.querySelector('#zoekveld-resultaten .result')"
        ),
        WAIT,
    );
}

#[test]
fn a_second_query_in_the_page_fetches_only_parts_it_had_not_fetched() {
    if !browser::available() {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let corpus = corpus_in(dir.path(), 1000);
    let server = Server::start(&corpus);
    // `serve` keeps the site in memory: the manifest as the page gets it.
    let manifest_text = ureq::get(&format!("{}/_search/manifest.json", server.base))
        .call()
        .unwrap()
        .body_mut()
        .read_to_string()
        .unwrap();
    let manifest: Manifest = serde_json::from_str(&manifest_text).unwrap();
    let all_parts = manifest
        .piece_names(|name| {
            let packed = ureq::get(&format!("{}/_search/{name}.gz", server.base))
                .call()
                .map_err(std::io::Error::other)?
                .body_mut()
                .read_to_vec()
                .map_err(std::io::Error::other)?;
            let mut bytes = Vec::new();
            flate2::read::GzDecoder::new(packed.as_slice()).read_to_end(&mut bytes)?;
            Ok(bytes)
        })
        .unwrap()
        .len();
    let browser = Browser::start();

    // The search box of the home page: the first results (six) show as the coach types.
    browser.goto(&format!("{}/", server.base));
    browser.type_into("#zoekveld", "schulden");
    results_of(&browser, "schulden");
    let first = settled_requests(&browser);
    let first_parts: Vec<&String> = first.iter().filter(|u| is_part_url(u)).collect();
    assert!(!first_parts.is_empty(), "the first query fetched parts");
    // The facet columns (the fast fields) load only to count the filters' values (the search page),
    // not whole with the index: the home page's results read a hit's domains and wijken from its stored
    // fields. (Opening the index reads the fast fields' footer and column list, parts the manifest
    // loads first.)
    let opening = |url: &String| {
        manifest
            .files
            .iter()
            .any(|f| url.ends_with(&format!("/{}.gz", f.name)))
    };
    let columns: Vec<&String> = first
        .iter()
        .filter(|u| u.ends_with(".fast.gz") || (u.contains("/fast-") && !opening(u)))
        .collect();
    assert!(columns.is_empty(), "the first query fetched {columns:?}");
    assert!(
        first_parts.len() * 2 < all_parts,
        "the first query fetched {} of {all_parts} parts",
        first_parts.len()
    );

    browser.execute("document.querySelector('#zoekveld').value = '';", json!([]));
    browser.type_into("#zoekveld", "mantelzorg dagbesteding");
    results_of(&browser, "mantelzorg dagbesteding");
    let all = settled_requests(&browser);
    let second = &all[first.len()..];
    let second_parts: Vec<&String> = second.iter().filter(|u| is_part_url(u)).collect();
    assert!(!second_parts.is_empty(), "the second query fetched parts");
    let mut unique = BTreeSet::new();
    for url in all.iter().filter(|u| is_part_url(u)) {
        assert!(unique.insert(url), "{url} fetched twice");
    }
    // Nothing but parts and the search's own files: no page, module or manifest again.
    for url in second {
        assert!(
            is_part_url(url) || url.contains("/text-"),
            "the second query fetched {url}"
        );
    }
    browser.assert_no_foreign_requests();
}
