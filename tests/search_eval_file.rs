//! The search eval file (`tests/search_eval.yaml`, measured by `cargo xtask search-eval`) must not rot:
//! enough queries per class, a primary answer for every query, every expected entry still in the example
//! content, filters the search accepts, compounds and absent words that the content does not write,
//! phrases that it does, postcodes of its wijken, and two or more needs in every two-needs query.

use std::path::{Path, PathBuf};

// The scoring half of the module is the xtask's; this test reads only the file format.
#[allow(dead_code)]
#[path = "../xtask/src/eval_file.rs"]
mod eval_file;

use eval_file::{EvalQuery, Primary, CLASSES, TWO_NEEDS};

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
            !query.answers().is_empty(),
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
fn every_query_names_the_primary_answer_among_its_expected_entries() {
    for query in eval_queries() {
        match &query.primary {
            Primary::One(id) => {
                assert!(
                    query.class != TWO_NEEDS,
                    "{:?}: a two-needs query names one primary per need",
                    query.query
                );
                assert!(
                    query.expect.contains(id),
                    "{:?}: primary {id} is not one of its expected entries",
                    query.query
                );
            }
            Primary::PerNeed(ids) => {
                assert!(
                    query.class == TWO_NEEDS,
                    "{:?}: only a two-needs query names a primary per need",
                    query.query
                );
                assert_eq!(
                    ids.len(),
                    query.needs.len(),
                    "{:?}: one primary per need",
                    query.query
                );
                for (id, need) in ids.iter().zip(&query.needs) {
                    assert!(
                        need.contains(id),
                        "{:?}: primary {id} is not one of the entries of its need {need:?}",
                        query.query
                    );
                }
            }
        }
    }
}

#[test]
fn two_needs_queries_name_two_or_more_needs_and_no_other_query_does() {
    for query in eval_queries() {
        if query.class == TWO_NEEDS {
            assert!(
                query.expect.is_empty(),
                "{:?}: a two-needs query lists its answers per need, not in expect",
                query.query
            );
            assert!(
                query.needs.len() >= 2,
                "{:?} names fewer than two needs",
                query.query
            );
            for (index, need) in query.needs.iter().enumerate() {
                assert!(
                    !need.is_empty(),
                    "{:?}: need {} is empty",
                    query.query,
                    index + 1
                );
                for other in &query.needs[index + 1..] {
                    assert!(
                        need.iter().all(|id| !other.contains(id)),
                        "{:?}: two needs share an entry, so one entry could answer both",
                        query.query
                    );
                }
            }
        } else {
            assert!(
                query.needs.is_empty(),
                "{:?}: only the two-needs class lists needs",
                query.query
            );
        }
    }
}

#[test]
fn every_expected_id_names_an_entry_of_the_example_content() {
    for query in eval_queries() {
        for id in query
            .answers()
            .into_iter()
            .chain(query.not_top.iter().map(String::as_str))
            .chain(query.primaries().iter().map(String::as_str))
        {
            assert!(
                entry_file(id).is_some(),
                "{:?} names {id}, which is no file under content/",
                query.query
            );
        }
        for id in &query.not_top {
            assert!(
                !query.answers().contains(&id.as_str()),
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

/// Every file under content/, lower case, one after the other.
fn all_content() -> String {
    let mut content = String::new();
    for entry in walkdir::WalkDir::new(repo().join("content")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            content.push_str(
                &std::fs::read_to_string(entry.path())
                    .unwrap()
                    .to_lowercase(),
            );
            content.push('\n');
        }
    }
    content
}

#[test]
fn compounds_do_not_occur_in_the_content() {
    let content = all_content();
    for query in eval_queries().iter().filter(|q| q.class == "compound") {
        assert!(
            !content.contains(&query.query.to_lowercase()),
            "the content now writes {:?}, so it is no longer a compound query",
            query.query
        );
    }
}

#[test]
fn absent_words_occur_in_their_query_and_nowhere_in_the_content() {
    let content = normalised(&all_content());
    for query in eval_queries() {
        if query.class != "absent-words" {
            assert!(
                query.absent.is_empty(),
                "{:?}: only the absent-words class lists absent words",
                query.query
            );
            continue;
        }
        let text = query.query.to_lowercase();
        assert!(
            query
                .absent
                .iter()
                .any(|word| text.contains(&word.to_lowercase())),
            "{:?} contains none of its absent words {:?}",
            query.query,
            query.absent
        );
        for word in &query.absent {
            assert!(
                !content.contains(&normalised(word)),
                "the content now writes {word:?}, so {:?} is no longer an absent-words query",
                query.query
            );
        }
    }
}

/// The four-digit runs of a text that stand alone (no digit on either side): the PC4 codes it names.
fn pc4_codes(text: &str) -> Vec<u32> {
    let bytes = text.as_bytes();
    let mut codes = Vec::new();
    let mut start = 0;
    while start < bytes.len() {
        if !bytes[start].is_ascii_digit() {
            start += 1;
            continue;
        }
        let end = start
            + bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
        if end - start == 4 {
            codes.push(text[start..end].parse().unwrap());
        }
        start = end;
    }
    codes
}

/// The wijk id of each PC4 code of content/_data/areas.yaml (`"5640-5642"` ranges or single codes).
fn wijk_of_pc4() -> Vec<(u32, String)> {
    let text = std::fs::read_to_string(repo().join("content/_data/areas.yaml")).unwrap();
    let areas: Vec<serde_yaml::Value> = serde_yaml::from_str(&text).unwrap();
    let mut codes = Vec::new();
    for area in &areas {
        let id = area["id"].as_str().unwrap();
        for range in area["postcodes"].as_sequence().unwrap() {
            let range = range.as_str().unwrap();
            let (first, last) = range.split_once('-').unwrap_or((range, range));
            for code in first.parse::<u32>().unwrap()..=last.parse::<u32>().unwrap() {
                codes.push((code, id.to_string()));
            }
        }
    }
    codes
}

/// The wijk ids a partner serves, or `None` when it serves the whole municipality.
fn partner_areas(id: &str) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(entry_file(id).unwrap()).unwrap();
    let partner: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
    partner["areas"].as_sequence().map(|areas| {
        areas
            .iter()
            .map(|area| area.as_str().unwrap().to_string())
            .collect()
    })
}

/// The postal codes of the partners' addresses, lower case without spaces (`5641aa`).
fn partner_postal_codes() -> Vec<String> {
    let mut codes = Vec::new();
    for entry in std::fs::read_dir(repo().join("content/partners")).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        let partner: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        if let Some(code) = partner["address"]["postal_code"].as_str() {
            codes.push(code.replace(' ', "").to_lowercase());
        }
    }
    codes
}

#[test]
fn postcode_queries_name_a_postcode_of_a_wijk_that_their_not_top_partners_do_not_serve() {
    let wijken = wijk_of_pc4();
    let addresses = partner_postal_codes();
    for query in eval_queries().iter().filter(|q| q.class == "postcode") {
        // A partner's own postcode would let a literal match of its address decide the ranking.
        let squeezed = query.query.replace(' ', "").to_lowercase();
        if let Some(code) = addresses
            .iter()
            .find(|code| squeezed.contains(code.as_str()))
        {
            panic!(
                "{:?} names {code}, the postcode of a partner's address",
                query.query
            );
        }
        let codes = pc4_codes(&query.query);
        assert_eq!(
            codes.len(),
            1,
            "{:?} names no postcode or more than one",
            query.query
        );
        let Some((_, wijk)) = wijken.iter().find(|(code, _)| *code == codes[0]) else {
            panic!(
                "{:?}: {} is no postcode of content/_data/areas.yaml",
                query.query, codes[0]
            );
        };
        for id in &query.not_top {
            let areas = partner_areas(id).unwrap_or_else(|| {
                panic!(
                    "{:?}: not_top {id} serves the whole municipality",
                    query.query
                )
            });
            assert!(
                !areas.contains(wijk),
                "{:?}: not_top {id} serves {wijk}, the wijk of the postcode",
                query.query
            );
        }
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
