//! The search eval file (`tests/search_eval.yaml`, measured by `cargo xtask search-eval`) must not rot:
//! enough queries per class, every expected entry still in the example content, filters the search
//! accepts, compounds that the content does not write, and phrases that it does.

use std::path::{Path, PathBuf};

#[path = "../xtask/src/eval_file.rs"]
mod eval_file;

use eval_file::{EvalQuery, CLASSES};

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn eval_queries() -> Vec<EvalQuery> {
    let text = std::fs::read_to_string(repo().join("tests/search_eval.yaml")).unwrap();
    serde_yaml::from_str(&text).unwrap()
}

/// The content file of an entry id such as `partners/uwv` or `modules/zelfredzaamheid-matrix`.
fn entry_file(id: &str) -> Option<PathBuf> {
    let (folder, name) = id.split_once('/')?;
    let extension = match folder {
        "partners" => "yaml",
        "regulations" | "modules" | "pages" => "md",
        _ => return None,
    };
    let path = repo().join(format!("content/{folder}/{name}.{extension}"));
    path.is_file().then_some(path)
}

/// Lower case with every run of white space as one space, so phrases match across wrapped lines.
fn normalised(text: &str) -> String {
    text.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The `id`s of a list in content/_data/.
fn data_ids(file: &str) -> Vec<String> {
    let text = std::fs::read_to_string(repo().join("content/_data").join(file)).unwrap();
    let items: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    items
        .iter()
        .map(|item| item["id"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn every_class_has_at_least_ten_queries_and_there_are_at_least_eighty() {
    let queries = eval_queries();
    for query in &queries {
        assert!(
            CLASSES.contains(&query.class.as_str()),
            "{:?} has unknown class {}",
            query.query,
            query.class
        );
        assert!(
            !query.expect.is_empty(),
            "{:?} expects nothing",
            query.query
        );
        assert!(!query.why.trim().is_empty(), "{:?} has no why", query.query);
    }
    for class in CLASSES {
        let count = queries.iter().filter(|q| q.class == class).count();
        assert!(count >= 10, "class {class} has only {count} queries");
    }
    assert!(queries.len() >= 80, "only {} queries", queries.len());
}

#[test]
fn every_expected_id_names_an_entry_of_the_example_content() {
    for query in eval_queries() {
        for id in query.expect.iter().chain(&query.not_top) {
            assert!(
                entry_file(id).is_some(),
                "{:?} names {id}, which is no file under content/",
                query.query
            );
        }
        for id in &query.not_top {
            assert!(
                !query.expect.contains(id),
                "{:?} both expects and forbids {id}",
                query.query
            );
        }
    }
}

#[test]
fn filters_name_known_kinds_domains_and_wijken() {
    let domains = data_ids("domains.yaml");
    let areas = data_ids("areas.yaml");
    for query in eval_queries() {
        if let Some(kind) = &query.kind {
            assert!(
                ["partner", "regulation", "module", "page"].contains(&kind.as_str()),
                "{:?}: unknown kind {kind}",
                query.query
            );
        }
        if let Some(domain) = &query.domain {
            assert!(
                domains.contains(domain),
                "{:?}: unknown domain {domain}",
                query.query
            );
        }
        if let Some(area) = &query.area {
            assert!(
                areas.contains(area),
                "{:?}: unknown wijk {area}",
                query.query
            );
        }
    }
}

#[test]
fn compounds_do_not_occur_in_the_content() {
    let mut content = String::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            content.push_str(
                &std::fs::read_to_string(entry.path())
                    .unwrap()
                    .to_lowercase(),
            );
        }
    }
    for query in eval_queries().iter().filter(|q| q.class == "compound") {
        assert!(
            !content.contains(&query.query.to_lowercase()),
            "the content now writes {:?}, so it is no longer a compound query",
            query.query
        );
    }
}

#[test]
fn body_phrases_occur_in_their_expected_entries() {
    for query in eval_queries().iter().filter(|q| q.class == "body-phrase") {
        let phrase = query
            .query
            .strip_prefix('"')
            .and_then(|q| q.strip_suffix('"'))
            .unwrap_or_else(|| panic!("body-phrase {:?} is not in double quotes", query.query));
        for id in &query.expect {
            let Some(file) = entry_file(id) else {
                panic!("{id} is no file under content/");
            };
            let text = std::fs::read_to_string(file).unwrap();
            assert!(
                normalised(&text).contains(&normalised(phrase)),
                "{id} no longer contains the phrase {phrase:?}"
            );
        }
    }
}
