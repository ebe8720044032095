//! The W3C Nu HTML checker (npm `vnu-jar`, run on Java) over every page type of the example site, plus a
//! page whose Markdown tries what used to break validity (a heading "Inhoud" like the layout's
//! `<main id="inhoud">`, a skipped heading level, an aligned table): no errors.

mod common;

use common::{tools, TestSite};
use std::process::Command;

const PAGES: [&str; 20] = [
    "index.html",
    "partners/index.html",
    "partners/schuldhulp-lindewaard/index.html",
    "regulations/wgs-schuldhulpverlening/index.html",
    "modules/index.html",
    "modules/geldzorgen-signaleren/index.html",
    "modules/domein/financien/index.html",
    "leerroutes/index.html",
    "leerroutes/startende-wijkcoach/index.html",
    "modules/mental-health-first-aid/index.html",
    "pages/wie-doet-wat-bij-geldzorgen/index.html",
    "pages/proef-html/index.html",
    "domains/index.html",
    "domains/financien/index.html",
    "areas/centrum/index.html",
    "matrix/index.html",
    "search/index.html",
    "glossary/index.html",
    "redactie/index.html",
    "404.html",
];

const TRICKY_PAGE: &str = "---
title: Proef HTML
last_verified: 2026-11-01
---
# Inhoud

### Diep onder de kop

| links | midden | rechts |
|:--|:-:|--:|
| a | b | c |

## Partners
";

#[test]
fn every_page_type_of_the_example_site_is_valid_html() {
    let Some((java, jar)) = tools::java_and_vnu() else {
        return;
    };
    let site = TestSite::example();
    site.write("content/pages/proef-html.md", TRICKY_PAGE);
    site.run_ok(&["build"]);
    let output_dir = site.path().join("site");
    let files: Vec<_> = PAGES.iter().map(|page| output_dir.join(page)).collect();
    for file in &files {
        assert!(file.is_file(), "{} was not built", file.display());
    }
    let output = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args(["--errors-only", "--format", "json"])
        .args(&files)
        .output()
        .expect("java runs");
    // The checker writes its JSON report to stderr.
    let report: serde_json::Value = serde_json::from_slice(&output.stderr).unwrap_or_else(|e| {
        panic!(
            "no JSON report from vnu ({e}): {}",
            String::from_utf8_lossy(&output.stderr)
        )
    });
    let errors: Vec<String> = report["messages"]
        .as_array()
        .expect("a list of messages")
        .iter()
        .map(|m| {
            let file = m["url"].as_str().unwrap_or_default();
            let file = file.rsplit_once("/site/").map_or(file, |(_, f)| f);
            format!(
                "{file}:{}: {} ({})",
                m["lastLine"],
                m["message"].as_str().unwrap_or_default(),
                m["extract"].as_str().unwrap_or_default()
            )
        })
        .collect();
    assert!(
        errors.is_empty(),
        "the Nu HTML checker found {} error(s):\n{}",
        errors.len(),
        errors.join("\n")
    );
}
