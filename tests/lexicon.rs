//! The lexicon of needs end to end: the shipped Dutch lexicon merged with a site's
//! `content/_data/lexicon.yaml` reaches the search manifest (additions in, removed needs out, Dutch and
//! English expressions in one list), and a site without some of the default domains gets no error and no
//! need of those domains.

mod common;

use common::TestSite;
use serde_json::Value;
use std::collections::BTreeSet;

fn manifest(site: &TestSite) -> Value {
    serde_json::from_str(&site.read("site/_search/manifest.json")).unwrap()
}

fn needs(manifest: &Value) -> &Vec<Value> {
    manifest["needs"].as_array().expect("needs in the manifest")
}

fn need<'a>(needs: &'a [Value], id: &str) -> &'a Value {
    needs
        .iter()
        .find(|n| n["id"] == id)
        .unwrap_or_else(|| panic!("no need `{id}`"))
}

fn expressions(need: &Value) -> Vec<&str> {
    need["expressions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect()
}

#[test]
fn the_example_manifest_carries_the_merged_lexicon() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let manifest = manifest(&site);
    let needs = needs(&manifest);

    // A shipped need: Dutch and English expressions in one list, its glossary term.
    let schulden = need(needs, "schulden");
    assert_eq!(schulden["domain"], "financien");
    assert_eq!(schulden["term"], "wgs");
    let words = expressions(schulden);
    assert!(words.contains(&"geldproblemen") && words.contains(&"debt counselling"));
    assert!(expressions(need(needs, "huiselijk-geweld")).contains(&"domestic violence"));
    assert!(expressions(need(needs, "jeugd-ggz")).contains(&"youth mental health"));

    // The site's additions, its override of a shipped need's term, and no removed need.
    let local = need(needs, "acute-geldnood");
    assert_eq!(local["term"], "directe-hulpfonds");
    assert_eq!(
        expressions(local),
        [
            "acute geldnood",
            "vandaag nog geld nodig",
            "boodschappenkaart",
            "geen geld tot de uitkering komt",
            "emergency money",
            "emergency fund"
        ]
    );
    assert!(need(needs, "kleding").get("term").is_none());
    let detention = need(needs, "nazorg-detentie");
    assert_eq!(detention["term"], "zvh");
    assert!(expressions(detention).contains(&"straf uitgezeten"), "kept");
    assert!(!needs.iter().any(|n| n["id"] == "nvvk"));

    // Every need points at what the manifest has: one of the 14 domains, a glossary term.
    let domains: BTreeSet<&str> = manifest["facets"]["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["id"].as_str().unwrap())
        .collect();
    assert_eq!(domains.len(), 14);
    let terms: BTreeSet<&str> = manifest["glossary"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| t["id"].as_str().unwrap())
        .collect();
    let used: BTreeSet<&str> = needs
        .iter()
        .map(|n| n["domain"].as_str().unwrap())
        .collect();
    assert_eq!(
        used, domains,
        "needs in every domain, and only in the site's"
    );
    for n in needs {
        if let Some(term) = n.get("term") {
            assert!(terms.contains(term.as_str().unwrap()), "{n}");
        }
    }
}

#[test]
fn a_site_without_some_domains_gets_no_error_and_no_needs_of_them() {
    // The valid fixture has three domains (financien, huisvesting, justitie) and the default glossary.
    let site = TestSite::valid();
    let checked = site.run_ok(&["check"]);
    assert!(checked.contains(": 0 error(s)"), "{checked}");
    site.run_ok(&["build"]);
    let manifest = manifest(&site);
    let needs = needs(&manifest);
    let used: BTreeSet<&str> = needs
        .iter()
        .map(|n| n["domain"].as_str().unwrap())
        .collect();
    assert_eq!(
        used,
        BTreeSet::from(["financien", "huisvesting", "justitie"])
    );
    assert!(need(needs, "huurachterstand")["term"] == "vroegsignalering");
    assert!(!needs.iter().any(|n| n["id"] == "verslaving-cannabis"));
}

#[test]
fn an_english_site_gets_only_its_own_needs() {
    let site = TestSite::valid();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    site.write("kaartenbak.toml", &config);
    site.write(
        "content/_data/lexicon.yaml",
        "- id: debt\n  domain: financien\n  expressions: [money trouble]\n",
    );
    site.run_ok(&["build"]);
    let manifest = manifest(&site);
    let ids: Vec<&str> = needs(&manifest)
        .iter()
        .map(|n| n["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["debt"]);
}
