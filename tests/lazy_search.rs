//! Search that loads the index in parts answers exactly as search that had every file from the start: on a
//! generated 1,000-entry corpus, an engine opened with only the files the manifest loads first (fetching
//! each part a response names, as the page does) returns for every parity query the same response as an
//! engine opened with the whole index.

mod common;
#[allow(dead_code)]
#[path = "../xtask/src/corpus.rs"]
mod corpus;

use common::parity_queries::{IGNORED, QUERIES};
use kaartenbak::index_files::{read_index, read_index_file};
use kaartenbak_search::{IndexFiles, Manifest, SearchEngine, SearchRequest, SearchResponse};
use std::collections::BTreeSet;
use std::path::Path;
use std::process::Command;

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

#[test]
fn the_engine_that_loads_parts_answers_as_the_one_with_every_file() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let corpus = dir.path().join("corpus");
    corpus::generate(root, &corpus, 1000, 42).unwrap();
    let built = Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .current_dir(&corpus)
        .arg("build")
        .output()
        .unwrap();
    assert!(
        built.status.success(),
        "{}",
        String::from_utf8_lossy(&built.stderr)
    );
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
    let all_parts: usize = manifest.parted.iter().map(|f| f.part_count()).sum();
    let first_parts = first
        .files
        .iter()
        .filter(|(name, _)| manifest.parted.iter().any(|f| f.part_of(name).is_some()))
        .count();
    assert!(
        first_parts * 4 < all_parts,
        "{first_parts} of {all_parts} parts load with the index"
    );

    let mut eager = SearchEngine::open(&whole).unwrap();
    let mut lazy = SearchEngine::open(&first).unwrap();
    let mut fetched: BTreeSet<String> = BTreeSet::new();
    for query in QUERIES {
        let request = request(query);
        let (expected, _) = search(&mut eager, &site, &request);
        let (answer, loaded) = search(&mut lazy, &site, &request);
        assert_eq!(
            serde_json::to_value(&answer).unwrap(),
            serde_json::to_value(&expected).unwrap(),
            "{query:?}"
        );
        for name in loaded {
            assert!(fetched.insert(name.clone()), "{name} fetched twice");
        }
    }
    let parts_fetched = fetched
        .iter()
        .filter(|name| manifest.parted.iter().any(|f| f.part_of(name).is_some()))
        .count();
    assert!(parts_fetched > 0, "the searches loaded parts");
    assert!(
        first_parts + parts_fetched < all_parts,
        "{} queries did not need every part",
        QUERIES.len()
    );
}
