//! Golden search queries on the bundled example content (`content/`): what a coach types and which
//! entries must come first. Runs the real binary: build, then search the index files it wrote.

mod common;

use common::TestSite;
use std::collections::BTreeSet;
use std::sync::OnceLock;

/// The example site, built once for all queries of this file.
fn example() -> &'static TestSite {
    static SITE: OnceLock<TestSite> = OnceLock::new();
    SITE.get_or_init(|| {
        let site = TestSite::example();
        site.run_ok(&["build"]);
        site
    })
}

fn hits(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--json"];
    all.extend_from_slice(args);
    let json: serde_json::Value = serde_json::from_str(&example().run_ok(&all)).unwrap();
    json["hits"].as_array().unwrap().clone()
}

fn ids(args: &[&str]) -> Vec<String> {
    hits(args)
        .iter()
        .map(|h| h["id"].as_str().unwrap().to_string())
        .collect()
}

fn position(found: &[String], id: &str) -> Option<usize> {
    found.iter().position(|f| f == id)
}

#[test]
fn deurwaarder_finds_debt_counselling_first() {
    let found = ids(&["deurwaarder"]);
    assert_eq!(found[0], "partners/schuldhulp-lindewaard", "{found:?}");
}

#[test]
fn a_young_person_with_rent_arrears_finds_the_youth_desk_and_housing() {
    let found = ids(&["huurachterstand jongere 18", "--kind", "partner"]);
    assert_eq!(found[0], "partners/jongerenloket-lindewaard", "{found:?}");
    let housing = [
        "partners/woonstichting-de-linde",
        "partners/kempenhof-wonen",
    ];
    assert!(
        found[..3].iter().any(|f| housing.contains(&f.as_str())),
        "a woningcorporatie belongs in the top 3: {found:?}"
    );
}

#[test]
fn synonyms_find_entries_that_never_use_the_word() {
    // "geldzorgen" is a synonym of financiën; the food bank's own text speaks of voedselpakketten.
    let found = ids(&["geldzorgen", "--kind", "partner", "--limit", "40"]);
    assert!(
        position(&found, "partners/voedselbank-lindewaard").is_some(),
        "{found:?}"
    );
}

#[test]
fn stemming_finds_other_word_forms() {
    let found = ids(&["mantelzorgers", "--kind", "partner"]);
    assert_eq!(found[0], "partners/mantelzorg-lindewaard", "{found:?}");
}

#[test]
fn filters_narrow_by_kind_domain_and_wijk() {
    let regulations = ids(&["schuldhulp", "--kind", "regulation"]);
    assert!(
        !regulations.is_empty() && regulations.iter().all(|r| r.starts_with("regulations/")),
        "{regulations:?}"
    );
    let youth = hits(&["gezin", "--domain", "opvoeding-jeugd", "--limit", "40"]);
    assert!(youth.len() >= 3, "{youth:?}");
    assert!(youth.iter().all(|h| h["domains"]
        .as_array()
        .unwrap()
        .iter()
        .any(|d| d == "opvoeding-jeugd")));
    assert!(
        youth.iter().any(|h| h["id"] == "partners/jgt-lindewaard"),
        "{youth:?}"
    );
    // Rent arrears in Kerkdorp Aalst: the wijk filter keeps exactly the partners that serve the wijk or
    // the whole municipality, so Kempenhof Wonen stays and the other housing corporation goes.
    let query = ["huurachterstand", "--kind", "partner", "--limit", "40"];
    let all = hits(&query);
    assert!(all.len() < 40, "the unfiltered list is complete: {all:?}");
    let in_one_wijk = hits(&[&query[..], &["--area", "kerkdorp-aalst"]].concat());
    let serves_the_wijk = |hit: &serde_json::Value| {
        hit["areas"]
            .as_array()
            .unwrap()
            .iter()
            .any(|a| a == "kerkdorp-aalst" || a == "gemeentebreed")
    };
    let id_set = |hits: &[serde_json::Value]| -> BTreeSet<String> {
        hits.iter()
            .map(|h| h["id"].as_str().unwrap().to_string())
            .collect()
    };
    for hit in &in_one_wijk {
        assert!(serves_the_wijk(hit), "outside the wijk: {hit}");
    }
    let serving: Vec<_> = all.iter().filter(|h| serves_the_wijk(h)).cloned().collect();
    assert_eq!(
        id_set(&in_one_wijk),
        id_set(&serving),
        "the filter keeps every partner that serves the wijk"
    );
    let removed: Vec<_> = id_set(&all)
        .difference(&id_set(&in_one_wijk))
        .cloned()
        .collect();
    assert!(
        removed.contains(&"partners/woonstichting-de-linde".to_string()),
        "the filter removed {removed:?}"
    );
    assert!(
        id_set(&in_one_wijk).contains("partners/kempenhof-wonen"),
        "{in_one_wijk:?}"
    );
}

#[test]
fn a_phrase_must_match_in_order() {
    let found = ids(&["\"meldcode huiselijk geweld\""]);
    assert!(
        found
            .iter()
            .any(|f| f == "regulations/meldcode-huiselijk-geweld"),
        "{found:?}"
    );
    assert!(ids(&["\"geweld huiselijk meldcode\""]).is_empty());
}

#[test]
fn a_word_that_matches_nothing_keeps_the_other_results() {
    let with_noise = ids(&["deurwaarder xqzvwk"]);
    assert_eq!(
        with_noise.first().map(String::as_str),
        Some("partners/schuldhulp-lindewaard")
    );
}

#[test]
fn a_word_also_finds_its_longer_forms_and_compounds() {
    // Dutch stemming keeps "schuld" and "schulden" apart; prefix expansion over the index's own word forms
    // brings them together, and finds compounds such as "schuldhulpverlening".
    let found = ids(&["schuld", "--kind", "partner"]);
    assert_eq!(found[0], "partners/schuldhulp-lindewaard", "{found:?}");
    let hit = &hits(&["schuld", "--kind", "partner"])[0];
    let snippet = hit["snippet"]["text"].as_str().unwrap();
    let marked: Vec<&str> = hit["snippet"]["highlights"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| &snippet[r[0].as_u64().unwrap() as usize..r[1].as_u64().unwrap() as usize])
        .collect();
    assert!(
        marked
            .iter()
            .any(|w| w.to_lowercase().starts_with("schuld")),
        "{marked:?} in {snippet}"
    );
}

#[test]
fn a_closed_pipe_ends_search_quietly() {
    // `kaartenbak search schulden | head -1`: the reader is gone before the results are written.
    for format in [&[][..], &["--json"][..]] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
            .args(["search", "schulden", "--limit", "50"])
            .args(format)
            .current_dir(example().path())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped())
            .spawn()
            .unwrap();
        drop(child.stdout.take());
        let output = child.wait_with_output().unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(output.status.success(), "{format:?}: {stderr}");
        assert!(!stderr.contains("panicked"), "{format:?}: {stderr}");
    }
}
