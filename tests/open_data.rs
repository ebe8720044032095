//! The open data every build writes under site/api/: JSON documents that validate against the schemas in
//! docs/api-schema/, and a partners.csv that Dutch Excel opens (BOM, `;`, CRLF) with formula cells defused.

mod common;

use common::TestSite;
use serde_json::Value;
use std::path::Path;

fn schema_validator(name: &str) -> jsonschema::Validator {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("docs/api-schema")
        .join(format!("{name}.schema.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .unwrap()
}

fn assert_valid(name: &str, document: &Value) {
    let validator = schema_validator(name);
    let errors: Vec<String> = validator
        .iter_errors(document)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{name}.json: {errors:#?}");
}

fn ids_in(folder: &Path) -> Vec<String> {
    let mut ids: Vec<String> = std::fs::read_dir(folder)
        .unwrap()
        .map(|e| {
            e.unwrap()
                .path()
                .file_stem()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    ids.sort();
    ids
}

#[test]
fn the_json_files_validate_and_hold_every_entry() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    for (name, folder) in [
        ("partners", "partners"),
        ("regulations", "regulations"),
        ("modules", "modules"),
    ] {
        let document: Value =
            serde_json::from_str(&site.read(&format!("site/api/{name}.json"))).unwrap();
        assert_valid(name, &document);
        assert_eq!(document["version"], 1);
        let mut ids: Vec<String> = document[name]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        assert_eq!(
            ids,
            ids_in(&site.path().join("content").join(folder)),
            "{name}"
        );
    }
    let partners: Value = serde_json::from_str(&site.read("site/api/partners.json")).unwrap();
    let schuldhulp = partners["partners"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == "schuldhulp-lindewaard")
        .unwrap();
    assert_eq!(
        schuldhulp["url"],
        "https://sociale-kaart.lindewaard.example/partners/schuldhulp-lindewaard/"
    );
    assert_eq!(schuldhulp["phone"], "0493-312400");
    assert_eq!(schuldhulp["services"][0]["minimum_age"], 18);
}

#[test]
fn the_schemas_reject_what_the_documents_must_not_hold() {
    // The schemas are strict enough to catch a missing or unknown field.
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let mut document: Value = serde_json::from_str(&site.read("site/api/partners.json")).unwrap();
    let validator = schema_validator("partners");
    assert!(validator.is_valid(&document));
    document["partners"][0]["services"][0]["colour"] = "blauw".into();
    assert!(!validator.is_valid(&document));
    document["partners"][0]["services"][0]
        .as_object_mut()
        .unwrap()
        .remove("colour");
    document["partners"][0]
        .as_object_mut()
        .unwrap()
        .remove("title");
    assert!(!validator.is_valid(&document));
}

#[test]
fn partners_csv_opens_in_dutch_excel_and_defuses_formulas() {
    let site = TestSite::example();
    // A partner whose name and phone a spreadsheet would run as formulas.
    let voedselbank = site.read("content/partners/voedselbank-lindewaard.yaml");
    site.write(
        "content/partners/formule.yaml",
        &voedselbank
            .replace(
                "name: Voedselbank Lindewaard",
                "name: \"=HYPERLINK(\\\"https://kwaad.example\\\")\"",
            )
            .replace("phone: \"0493-316400\"", "phone: \"+31 493 316400\""),
    );
    site.run_ok(&["build"]);
    let bytes = std::fs::read(site.path().join("site/api/partners.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 byte order mark");
    let text = std::str::from_utf8(&bytes[3..]).unwrap();
    assert!(text.starts_with("id;naam;"));
    // Every line ends in CRLF.
    assert_eq!(text.matches('\n').count(), text.matches("\r\n").count());
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(b';')
        .from_reader(&bytes[3..]);
    let headers = reader.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    assert_eq!(&headers[1], "naam");
    let phone = headers.iter().position(|h| h == "telefoon").unwrap();
    let mut ids = Vec::new();
    for record in reader.records() {
        let record = record.unwrap();
        assert_eq!(record.len(), headers.len());
        if &record[0] == "formule" {
            assert_eq!(&record[1], "'=HYPERLINK(\"https://kwaad.example\")");
            assert_eq!(&record[phone], "'+31 493 316400");
        }
        if &record[0] == "voedselbank-lindewaard" {
            assert_eq!(&record[1], "Voedselbank Lindewaard");
            assert_eq!(&record[phone], "0493-316400");
        }
        ids.push(record[0].to_string());
    }
    ids.sort();
    assert_eq!(ids, ids_in(&site.path().join("content/partners")));
}

#[test]
fn pages_link_the_open_data_and_a_failed_build_keeps_the_old_files() {
    // Linked from the footer of every page; not cached by the offline worker (not in its file list).
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let home = site.read("site/index.html");
    for file in [
        "partners.json",
        "partners.csv",
        "regulations.json",
        "modules.json",
    ] {
        // Root-relative or relative, as the site's links are made.
        let linked = home.split("href=\"").skip(1).any(|rest| {
            rest.split('"')
                .next()
                .unwrap_or("")
                .ends_with(&format!("api/{file}"))
        });
        assert!(linked, "{file}");
    }
    assert!(!site.read("site/sw.js").contains("api/partners.json"));
    let before = site.read("site/api/partners.json");
    site.write(
        "content/partners/kapot.yaml",
        "name: Kapot\ndomains: [bestaat-niet]\n",
    );
    let output = site.run(&["build"]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(site.read("site/api/partners.json"), before);
}
