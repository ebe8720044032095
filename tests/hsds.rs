//! `kaartenbak export hsds` and `kaartenbak import hsds` through the real binary: the export validates
//! against the Open Referral HSDS 3.0 JSON schemas (tests/fixtures/hsds-3.0/, CC BY-SA 4.0, see its
//! SOURCE.md), export then import reproduces the partners, the official examples import with exactly
//! their known oddities reported, and malformed input writes nothing.

mod common;

#[path = "../xtask/src/corpus.rs"]
#[allow(dead_code)]
mod corpus;

use common::TestSite;
use kaartenbak::content::{AreaScope, Entry, EntryKind};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// The values of a list of spanned ids.
macro_rules! ids {
    ($list:expr) => {
        $list
            .iter()
            .map(|s| s.value.clone())
            .collect::<Vec<String>>()
    };
}

fn hsds_fixtures() -> PathBuf {
    common::fixtures().join("hsds-3.0")
}

/// A validator for one HSDS object schema; its `$ref`s to the other schema files resolve as files next
/// to it. Formats (uuid, email, uri, date) are checked too.
fn hsds_validator(object: &str) -> jsonschema::Validator {
    let path = hsds_fixtures()
        .join("schema")
        .join(format!("{object}.json"));
    let schema: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    jsonschema::options()
        .with_base_uri(format!("file://{}", path.display()))
        .should_validate_formats(true)
        .build(&schema)
        .unwrap_or_else(|e| panic!("schema {object}: {e}"))
}

fn errors(validator: &jsonschema::Validator, instance: &Value) -> Vec<String> {
    validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect()
}

/// Every organization validates against organization.json and each of its nested services against
/// service.json (the organization schema does not list `services`); returns the number of services.
fn assert_valid_hsds(organizations: &[Value]) -> usize {
    let organization = hsds_validator("organization");
    let service = hsds_validator("service");
    let mut services = 0;
    for org in organizations {
        let found = errors(&organization, org);
        assert!(found.is_empty(), "organization {}: {found:#?}", org["id"]);
        for s in org["services"].as_array().expect("services nested") {
            let found = errors(&service, s);
            assert!(found.is_empty(), "service {}: {found:#?}", s["id"]);
            services += 1;
        }
    }
    services
}

/// The rows of each CSV table as JSON objects (numbers where the schema has numbers, blank cells absent)
/// validate against the table's object schema; returns rows per table.
fn assert_valid_csv_package(folder: &Path) -> std::collections::BTreeMap<String, usize> {
    let tables = [
        ("organizations", "organization"),
        ("services", "service"),
        ("locations", "location"),
        ("addresses", "address"),
        ("contacts", "contact"),
        ("phones", "phone"),
        ("schedules", "schedule"),
        ("service_areas", "service_area"),
        ("languages", "language"),
        ("cost_options", "cost_option"),
        ("taxonomies", "taxonomy"),
        ("taxonomy_terms", "taxonomy_term"),
        ("attributes", "attribute"),
    ];
    let package: Value =
        serde_json::from_str(&std::fs::read_to_string(folder.join("datapackage.json")).unwrap())
            .unwrap();
    let mut counts = std::collections::BTreeMap::new();
    for (table, object) in tables {
        let resource = package["resources"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["name"] == table)
            .unwrap_or_else(|| panic!("datapackage.json lists {table}"));
        assert_eq!(resource["path"], format!("{table}.csv"));
        let numbers: Vec<&str> = resource["schema"]["fields"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["type"] == "number")
            .map(|f| f["name"].as_str().unwrap())
            .collect();
        let validator = hsds_validator(object);
        let mut reader = csv::Reader::from_path(folder.join(format!("{table}.csv"))).unwrap();
        let headers = reader.headers().unwrap().clone();
        let mut rows = 0;
        for record in reader.records() {
            let record = record.unwrap();
            let mut row = serde_json::Map::new();
            for (header, cell) in headers.iter().zip(record.iter()) {
                if cell.is_empty() {
                    continue;
                }
                let value = if numbers.contains(&header) {
                    serde_json::json!(cell.parse::<f64>().unwrap())
                } else {
                    Value::String(cell.to_string())
                };
                row.insert(header.to_string(), value);
            }
            let row = Value::Object(row);
            let found = errors(&validator, &row);
            assert!(found.is_empty(), "{table}.csv row {row}: {found:#?}");
            rows += 1;
        }
        counts.insert(table.to_string(), rows);
    }
    counts
}

fn export(site: &TestSite) -> Vec<Value> {
    site.run_ok(&["export", "hsds", "--out", "hsds"]);
    serde_json::from_str(&site.read("hsds/organizations.json")).unwrap()
}

#[test]
fn the_validator_sees_through_refs_and_rejects_what_hsds_forbids() {
    // Without this, a validator that resolved nothing would pass every export.
    let service = hsds_validator("service");
    let valid = serde_json::json!({
        "id": "0b9b4d1c-1111-4a6e-9d55-2f0c0d8a0001", "name": "Hulp", "status": "active",
        "phones": [{ "id": "0b9b4d1c-1111-4a6e-9d55-2f0c0d8a0002", "number": "0493-312400" }],
    });
    assert!(errors(&service, &valid).is_empty());
    let mut phone_without_number = valid.clone();
    phone_without_number["phones"][0]
        .as_object_mut()
        .unwrap()
        .remove("number");
    assert!(!errors(&service, &phone_without_number).is_empty());
    let mut bad_status = valid.clone();
    bad_status["status"] = "open".into();
    assert!(!errors(&service, &bad_status).is_empty());
    let mut bad_id = valid;
    bad_id["id"] = "schuldhulp".into();
    assert!(!errors(&service, &bad_id).is_empty());
}

#[test]
fn the_example_site_exports_valid_hsds_json_and_csv() {
    let site = TestSite::example();
    let organizations = export(&site);
    let checked = kaartenbak::build::check(site.path(), "2026-11-25".parse().unwrap());
    let partners = &checked.content.entries[EntryKind::Partner];
    assert_eq!(organizations.len(), partners.len());
    let services = assert_valid_hsds(&organizations);
    let expected_services: usize = partners
        .iter()
        .map(|p| p.as_partner().unwrap().services.len())
        .sum();
    assert_eq!(services, expected_services);
    let rows = assert_valid_csv_package(&site.path().join("hsds/csv"));
    assert_eq!(rows["organizations"], partners.len());
    assert_eq!(rows["services"], expected_services);
    // Every partner with an address has a Dutch address with the configured province.
    let schuldhulp = organizations
        .iter()
        .find(|o| o["name"] == "Stichting Schuldhulp Lindewaard")
        .unwrap();
    let address = &schuldhulp["locations"][0]["addresses"][0];
    assert_eq!(address["country"], "NL");
    assert_eq!(address["state_province"], "Noord-Brabant");
    assert_eq!(address["postal_code"], "5641 AD");
    let service = &schuldhulp["services"][0];
    assert_eq!(service["assured_date"], "2026-10-14");
    assert!(service["application_process"]
        .as_str()
        .unwrap()
        .starts_with("Aanmelden via het aanmeldformulier"));
    assert!(service["eligibility_description"]
        .as_str()
        .unwrap()
        .starts_with("Doelgroep: Inwoners van Lindewaard"));
    assert_eq!(service["minimum_age"], 18);
    let schedule = schuldhulp["locations"][0]["schedules"][0]["description"]
        .as_str()
        .unwrap();
    assert!(schedule.contains("Europe/Amsterdam"), "{schedule}");
    assert!(!schuldhulp["description"].as_str().unwrap().contains("@/"));
    // Wijken carry their PC4 codes.
    let with_wijken = organizations
        .iter()
        .flat_map(|o| o["services"].as_array().unwrap())
        .flat_map(|s| s["service_areas"].as_array().unwrap())
        .find(|a| a["name"] == "Oosterpark")
        .expect("a service in Oosterpark");
    assert_eq!(with_wijken["extent"], "5643,5644");
}

#[test]
fn a_re_export_writes_the_same_bytes_and_ids_follow_our_ids() {
    let site = TestSite::example();
    let first = export(&site);
    let first_bytes = site.read("hsds/organizations.json");
    let first_csv = site.read("hsds/csv/services.csv");
    site.run_ok(&["export", "hsds", "--out", "hsds"]);
    assert_eq!(site.read("hsds/organizations.json"), first_bytes);
    assert_eq!(site.read("hsds/csv/services.csv"), first_csv);
    // A new partner adds an organization and leaves every other id as it was.
    let voedselbank = site.read("content/partners/voedselbank-lindewaard.yaml");
    site.write(
        "content/partners/aaa-nieuwe-partner.yaml",
        &voedselbank.replace("name: Voedselbank Lindewaard", "name: Nieuwe partner"),
    );
    let second = export(&site);
    assert_eq!(second.len(), first.len() + 1);
    for org in &first {
        assert!(
            second
                .iter()
                .any(|o| o["id"] == org["id"] && o["name"] == org["name"]),
            "{} kept its id",
            org["name"]
        );
    }
}

#[test]
fn a_corpus_of_1000_entries_exports_valid_hsds() {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = dir.path().join("corpus");
    corpus::generate(root, &out, 1000, 7).unwrap();
    let config = out.join("kaartenbak.toml");
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str("province = \"Noord-Brabant\"\n");
    std::fs::write(&config, text).unwrap();
    let site = TestSite { dir };
    let output = std::process::Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .args(["export", "hsds", "--root", "corpus", "--out", "hsds"])
        .current_dir(site.path())
        .env("KAARTENBAK_TODAY", common::TODAY)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let organizations: Vec<Value> =
        serde_json::from_str(&site.read("corpus/hsds/organizations.json")).unwrap();
    let partners = std::fs::read_dir(out.join("content/partners"))
        .unwrap()
        .count();
    assert!(partners >= 100, "the corpus has {partners} partners");
    assert_eq!(organizations.len(), partners);
    assert_valid_hsds(&organizations);
    let rows = assert_valid_csv_package(&out.join("hsds/csv"));
    assert_eq!(rows["organizations"], partners);
}

/// A site without partners: the example's config, domains and wijken.
fn empty_site() -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir_all(dir.path().join("content/_data")).unwrap();
    // Without the example's crisis entry: its page is not in this site.
    let config = std::fs::read_to_string(root.join("kaartenbak.toml")).unwrap();
    let config: String = config
        .lines()
        .filter(|l| !l.starts_with("crisis"))
        .map(|l| format!("{l}\n"))
        .collect();
    std::fs::write(dir.path().join("kaartenbak.toml"), config).unwrap();
    for file in ["domains.yaml", "areas.yaml"] {
        std::fs::copy(
            root.join("content/_data").join(file),
            dir.path().join("content/_data").join(file),
        )
        .unwrap();
    }
    TestSite { dir }
}

fn partners_of(site: &Path) -> Vec<Arc<Entry>> {
    let checked = kaartenbak::build::check(site, "2026-11-25".parse().unwrap());
    let errors: Vec<String> = checked
        .diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.to_string())
        .collect();
    assert!(errors.is_empty(), "check failed: {errors:#?}");
    checked.content.entries[EntryKind::Partner].clone()
}

/// What an `@/` link to a regulation, module or page becomes in HSDS and stays after an import (the
/// importing site may not have that entry): the absolute page URL. Partner links come back as `@/`.
fn with_absolute_links(markdown: &str) -> String {
    let mut out = markdown.to_string();
    for kind in ["regulations", "modules", "pages"] {
        let marker = format!("(@/{kind}/");
        while let Some(start) = out.find(&marker) {
            let id_start = start + marker.len();
            let id_end = id_start + out[id_start..].find([')', '#']).unwrap();
            let id = out[id_start..id_end].to_string();
            out.replace_range(
                start..id_end,
                &format!("(https://sociale-kaart.lindewaard.example/{kind}/{id}/"),
            );
        }
    }
    out
}

fn area_ids(entry: &Entry) -> Option<Vec<String>> {
    match entry.areas.as_ref().unwrap() {
        AreaScope::Municipality => None,
        AreaScope::Areas(list) => Some(list.iter().map(|a| a.value.clone()).collect()),
    }
}

/// Field by field: what HSDS carries comes back as it was. Not carried (docs/hsds.md): `kind`; a
/// `verified_by` that is not an e-mail address comes back as the editors' address (HSDS `assurer_email`);
/// links to regulations, modules and pages stay absolute URLs.
fn assert_same_partners(original: &[Arc<Entry>], imported: &[Arc<Entry>]) {
    assert_eq!(
        original.iter().map(|e| e.id()).collect::<Vec<_>>(),
        imported.iter().map(|e| e.id()).collect::<Vec<_>>()
    );
    for (a, b) in original.iter().zip(imported) {
        let id = a.id();
        let (pa, pb) = (a.as_partner().unwrap(), b.as_partner().unwrap());
        assert_eq!(a.title, b.title, "{id}: name");
        assert_eq!(pa.alternate_name, pb.alternate_name, "{id}: alternate_name");
        assert_eq!(
            with_absolute_links(&a.body.text),
            b.body.text,
            "{id}: description"
        );
        assert_eq!(pa.website, pb.website, "{id}: website");
        assert_eq!(pa.email, pb.email, "{id}: email");
        assert_eq!(pa.phone, pb.phone, "{id}: phone");
        assert_eq!(pa.address, pb.address, "{id}: address");
        assert_eq!(area_ids(a), area_ids(b), "{id}: areas");
        assert_eq!(ids!(a.domains), ids!(b.domains), "{id}: domains");
        assert_eq!(pa.opening_hours, pb.opening_hours, "{id}: opening_hours");
        if pa
            .address
            .as_ref()
            .is_some_and(|a| a.street.is_some() && a.postal_code.is_some() && a.city.is_some())
        {
            assert_eq!(pa.hours, pb.hours, "{id}: hours");
        }
        let points = |p: &kaartenbak::content::Partner| -> Vec<_> {
            p.contact_points
                .iter()
                .map(|c| (c.role.clone(), c.purpose, c.phone.clone(), c.email.clone()))
                .collect()
        };
        assert_eq!(points(pa), points(pb), "{id}: contact_points");
        assert_eq!(pa.notice, pb.notice, "{id}: notice");
        assert_eq!(
            a.meta.last_verified.as_ref().map(|d| d.value),
            b.meta.last_verified.as_ref().map(|d| d.value),
            "{id}: last_verified"
        );
        let expected_verifier = a
            .meta
            .verified_by
            .clone()
            .filter(|v| v.contains('@'))
            .or_else(|| {
                (a.meta.verified_by.is_some() || a.meta.last_verified.is_some())
                    .then(|| "redactie.socialekaart@lindewaard.example".to_string())
            });
        assert_eq!(b.meta.verified_by, expected_verifier, "{id}: verified_by");
        assert_eq!(pb.kind, None, "{id}: kind is not carried");
        assert_eq!(pa.services.len(), pb.services.len(), "{id}: services");
        for (sa, sb) in pa.services.iter().zip(&pb.services) {
            let what = format!("{id} / {}", sa.name);
            assert_eq!(sa.name, sb.name, "{what}: name");
            assert_eq!(
                sa.description
                    .as_ref()
                    .map(|d| with_absolute_links(&d.text)),
                sb.description.as_ref().map(|d| d.text.clone()),
                "{what}: description"
            );
            assert_eq!(sa.target_group, sb.target_group, "{what}: target_group");
            assert_eq!(sa.minimum_age, sb.minimum_age, "{what}: minimum_age");
            assert_eq!(sa.maximum_age, sb.maximum_age, "{what}: maximum_age");
            assert_eq!(sa.eligibility, sb.eligibility, "{what}: eligibility");
            assert_eq!(sa.referral, sb.referral, "{what}: referral");
            assert_eq!(sa.fees, sb.fees, "{what}: fees");
            assert_eq!(sa.wait_time, sb.wait_time, "{what}: wait_time");
            assert_eq!(sa.languages, sb.languages, "{what}: languages");
            assert_eq!(ids!(sa.domains), ids!(sb.domains), "{what}: domains");
            assert_eq!(sa.cost, sb.cost, "{what}: cost");
            assert_eq!(
                sa.referral_required, sb.referral_required,
                "{what}: referral_required"
            );
            assert_eq!(sa.home_visits, sb.home_visits, "{what}: home_visits");
            assert_eq!(sa.notice, sb.notice, "{what}: notice");
            // A partner without an address has no HSDS location: its hours travel with each service.
            assert_eq!(
                sa.effective_hours(pa),
                sb.effective_hours(pb),
                "{what}: hours"
            );
        }
    }
}

fn stderr_lines(output: &std::process::Output, prefix: &str) -> Vec<String> {
    String::from_utf8_lossy(&output.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix(prefix).map(str::to_string))
        .collect()
}

#[test]
fn export_then_import_reproduces_the_partners_from_json_and_from_csv() {
    assert_round_trip(&TestSite::example());
}

/// A contact point whose purpose its role does not tell (an import cannot guess it), an e-mail-only one,
/// and notices on a partner, on one of two services, and on a partner's only service.
#[test]
fn contact_purposes_and_notices_survive_export_then_import() {
    let source = TestSite::example();
    source.write(
        "content/partners/veilig-thuis-lindewaard.yaml",
        "name: Veilig Thuis Lindewaard\nphone: \"0800-2000\"\ndomains: [huiselijke-relaties]\nareas: gemeentebreed\n\
         services:\n  - name: Advies bij zorgen over geweld\n    referral: Bel voor advies of een melding\n\
         \x20 - name: Melding huiselijk geweld\n    referral: Melden via de adviezenlijn\n    notice:\n\
         \x20     text: Meldingen worden tijdelijk binnen vijf werkdagen opgepakt (voorheen drie).\n\
         \x20     from: 2026-11-15\n      refer_meanwhile: true\n\
         contact_points:\n  - role: Bereikbaarheidsdienst\n    purpose: urgent\n    phone: \"0800-2001\"\n\
         \x20 - role: Meldpunt zorgen\n    purpose: referral\n    email: meldpunt@veiligthuis-lindewaard.example\n\
         \x20 - role: Aanmeldlijn voor ketenpartners\n    purpose: professionals\n    phone: \"0800-2002\"\n\
         notice:\n  text: Het adviesteam verhuist; het telefoonnummer blijft gelijk.\n  until: 2027-01-31\n\
         last_verified: 2026-10-01\n",
    );
    source.write(
        "content/partners/inloop-de-schakel.yaml",
        "name: Inloop De Schakel\nemail: info@deschakel-lindewaard.example\ndomains: [sociaal-netwerk]\n\
         areas: gemeentebreed\nservices:\n  - name: Koffieochtend\n    referral: Zonder afspraak binnenlopen\n\
         \x20   notice:\n      text: Tijdelijk geen nieuwe deelnemers.\n      refer_meanwhile: false\n\
         last_verified: 2026-10-01\n",
    );
    assert_round_trip(&source);
}

/// Exports `source`, imports the JSON and the CSV package each into an empty site, and compares.
fn assert_round_trip(source: &TestSite) {
    export(source);
    let original = partners_of(source.path());
    for input in ["hsds/organizations.json", "hsds/csv"] {
        let target = empty_site();
        let from = source.path().join(input);
        let output = target.run(&["import", "hsds", from.to_str().unwrap()]);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{input}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        assert!(stderr_lines(&output, "warning: ").is_empty());
        assert_same_partners(&original, &partners_of(target.path()));
        // The imported site builds.
        target.run_ok(&["build"]);
    }
}

#[test]
fn a_second_import_changes_nothing_and_existing_files_are_kept_without_force() {
    let source = TestSite::example();
    export(&source);
    let from = source.path().join("hsds/organizations.json");
    let from = from.to_str().unwrap();
    let target = empty_site();
    target.run_ok(&["import", "hsds", from]);
    let file = "content/partners/voedselbank-lindewaard.yaml";
    let first = target.read(file);
    let second = target.run_ok(&["import", "hsds", from]);
    assert!(second.contains("0 written, 38 unchanged"), "{second}");
    assert_eq!(target.read(file), first);
    // An editor's change is not overwritten, and the import says so with exit code 1.
    let edited = first.replace("Voedselbank Lindewaard", "Voedselbank Lindewaard (bewerkt)");
    target.write(file, &edited);
    let output = target.run(&["import", "hsds", from]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&output, "warning: "),
        [format!(
            "{file}: exists with other content; kept (pass --force to replace it)"
        )]
    );
    assert_eq!(target.read(file), edited);
    target.run_ok(&["import", "hsds", from, "--force"]);
    assert_eq!(target.read(file), first);
}

#[test]
fn the_official_json_example_imports_with_its_oddities_reported() {
    let site = empty_site();
    let example = hsds_fixtures().join("examples/organization_full.json");
    let output = site.run(&[
        "import",
        "hsds",
        example.to_str().unwrap(),
        "--domain",
        "geestelijke-gezondheid",
    ]);
    // Values were skipped, so exit 1; the partner is written all the same.
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&output, "warning: "),
        [
            r#"phone 1554f2e2-a373-45db-a3fa-9fc48a61c15e: phone number "\"+44 1234 234567\"" is written in quotes; imported as "+44 1234 234567""#,
            "location 3a19ff88-4620-4d17-9830-ac1d859eb5d5: latitude 100 is outside -90..90; not carried",
            r#"service_area 381c64f1-a724-4884-9c21-ac96c21cca3e: service area "The service is available to all residents of the MyCity area" is not a wijk of this site; not carried"#,
            r#"taxonomy_term 3f7b145d-84af-42d7-8fae-eaca714b02b2: taxonomy term "name" (code "code") is not a domain of this site; not carried"#,
        ]
    );
    let notes = stderr_lines(&output, "note: ").join("\n");
    for field in [
        "organization.tax_status",
        "service.accreditations",
        "contact.name",
    ] {
        assert!(
            notes.contains(field),
            "{field} is named as not carried: {notes}"
        );
    }
    let partners = partners_of(site.path());
    assert_eq!(partners.len(), 1);
    let partner = &partners[0];
    assert_eq!(partner.id(), "example-organization-inc");
    let details = partner.as_partner().unwrap();
    assert_eq!(details.phone.as_deref(), Some("+44 1234 234567"));
    assert_eq!(details.services[0].name, "Community Counselling");
    assert_eq!(details.services[0].minimum_age, Some(12));
    // Weekly `byday`/`opens_at`/`closes_at` become structured hours (seconds dropped), the language code
    // the ISO 639 code, written by its Dutch name and read back as the code.
    let thursday_friday = kaartenbak::content::HoursRow {
        days: vec![4, 5],
        open: 10 * 60,
        close: 18 * 60,
    };
    assert_eq!(details.hours, std::slice::from_ref(&thursday_friday));
    assert_eq!(details.services[0].hours, [thursday_friday]);
    assert_eq!(details.services[0].languages, ["ur"]);
    assert!(site
        .read("content/partners/example-organization-inc.yaml")
        .contains("- \"Urdu\""));
    site.run_ok(&["build"]);
    let found = site.run_ok(&["search", "counselling"]);
    assert!(found.contains("Example Organization Inc."), "{found}");
}

#[test]
fn the_official_csv_example_imports_with_its_oddities_reported() {
    let site = empty_site();
    let example = hsds_fixtures().join("examples/csv");
    let output = site.run(&[
        "import",
        "hsds",
        example.to_str().unwrap(),
        "--domain",
        "geestelijke-gezondheid",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&output, "warning: "),
        [
            "datapackage.json: is not a data package (no `resources` list); read the CSV files by their HSDS names",
            "attribute ae58cc39-8b70-4ab1-8aea-786882e5ac8e: names link_id f28dd44b-0c4d-479f-8e90-4c52219a8b3c, which is not in services.csv or organizations.csv or contacts.csv; skipped",
            "location 3a19ff88-4620-4d17-9830-ac1d859eb5d5: names organization_id 985e4a42-bd9f-4edc-911d-0243a4640aca, which is not in organizations.csv; skipped with what it holds (addresses: 1)",
            r#"service_area 381c64f1-a724-4884-9c21-ac96c21cca3e: service area "The service is available to all residents of the MyCity area" is not a wijk of this site; not carried"#,
            r#"phone 1554f2e2-a373-45db-a3fa-9fc48a61c15e: phone number "\"+44 1234 234567\"" is written in quotes; imported as "+44 1234 234567""#,
        ]
    );
    let notes = stderr_lines(&output, "note: ").join("\n");
    for table in ["programs.csv", "funding.csv", "service_at_location.csv"] {
        assert!(
            notes.contains(table),
            "{table} is named as not carried: {notes}"
        );
    }
    let partners = partners_of(site.path());
    assert_eq!(partners.len(), 1);
    let details = partners[0].as_partner().unwrap();
    assert_eq!(details.services[0].name, "Community Counselling");
    assert_eq!(
        details.contact_points[0].phone.as_deref(),
        Some("+44 1234 234567")
    );
    site.run_ok(&["build"]);
    let found = site.run_ok(&["search", "counselling"]);
    assert!(found.contains("Example Organization Inc."), "{found}");
}

/// An HSDS id is foreign text: a control character or a line break in it must not break the partner
/// file's first line (a comment), nor smuggle a key into it. Found by the property test below.
#[test]
fn an_organization_id_with_control_characters_or_line_breaks_still_gives_a_valid_file() {
    for id in ["\u{7f}", "x\nname: \"ingevoegd\"", "a\rb\u{2028}c"] {
        let site = empty_site();
        let file = site.path().join("input.json");
        let input = serde_json::json!([{"id": id, "name": "Stichting A", "email": "info@a.example", "services": [{"name": "A"}]}]);
        std::fs::write(&file, input.to_string()).unwrap();
        let report = kaartenbak::hsds::import(&kaartenbak::hsds::ImportOptions {
            source: file,
            into: site.path().to_path_buf(),
            force: false,
            default_domain: Some("financien".into()),
        })
        .unwrap();
        assert_eq!(report.written.len(), 1, "{id:?}");
        let partners = partners_of(site.path());
        assert_eq!(partners.len(), 1, "{id:?}");
        assert_eq!(partners[0].title, "Stichting A", "{id:?}");
    }
}

#[test]
fn without_a_domain_for_unknown_terms_the_organization_is_skipped_and_said() {
    let site = empty_site();
    let example = hsds_fixtures().join("examples/organization_full.json");
    let output = site.run(&["import", "hsds", example.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr_lines(&output, "warning: ").contains(
        &"organization d9d5e0f5-d3ce-4f73-9a2f-4dd0ecc6c610: no taxonomy term of \"Example Organization Inc.\" is a domain of this site; skipped (pass --domain ID to file such partners under a domain)".to_string()
    ));
    assert!(!site.path().join("content/partners").exists());
}

/// Runs an import of `input` into an empty site: it must fail with exit code 2, name the problem in
/// `expected`, and write nothing.
fn assert_rejected(input: &Path, expected: &str) {
    let site = empty_site();
    let output = site.run(&["import", "hsds", input.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(expected),
        "expected `{expected}` in: {stderr}"
    );
    assert!(
        !site.path().join("content/partners").exists(),
        "nothing may be written"
    );
}

#[test]
fn malformed_input_is_an_error_and_writes_nothing() {
    let source = TestSite::example();
    export(&source);
    let json = source.read("hsds/organizations.json");
    let work = tempfile::tempdir().unwrap();

    let truncated = work.path().join("truncated.json");
    std::fs::write(&truncated, &json[..json.len() / 2]).unwrap();
    assert_rejected(&truncated, "not valid JSON");

    // A wrong type deep inside the last organization: the ones before it are not written either.
    let mut organizations: Vec<Value> = serde_json::from_str(&json).unwrap();
    let last = organizations.len() - 1;
    organizations[last]["services"][0]["minimum_age"] = "achttien".into();
    let wrong_type = work.path().join("wrong-type.json");
    std::fs::write(&wrong_type, serde_json::to_string(&organizations).unwrap()).unwrap();
    assert_rejected(
        &wrong_type,
        &format!(
            "[{last}].services[0].minimum_age: expected a number, found the text \"achttien\""
        ),
    );

    let not_a_list = work.path().join("not-a-list.json");
    std::fs::write(&not_a_list, "{\"services\": 3}").unwrap();
    assert_rejected(&not_a_list, "expected a list of HSDS organizations");

    // 50 MB of otherwise valid JSON.
    let huge = work.path().join("huge.json");
    let padding = "x".repeat(50 * 1024 * 1024);
    std::fs::write(
        &huge,
        format!("[{{\"id\": \"a\", \"name\": \"Groot\", \"description\": \"{padding}\"}}]"),
    )
    .unwrap();
    assert_rejected(
        &huge,
        "the import reads files up to 33554432 bytes (32 MiB)",
    );

    // A CSV package whose services.csv lacks the `name` column.
    let package = work.path().join("csv");
    common::copy_dir(&source.path().join("hsds/csv"), &package);
    let services = std::fs::read_to_string(package.join("services.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(services.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let keep: Vec<usize> = (0..headers.len())
        .filter(|&i| &headers[i] != "name")
        .collect();
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer
        .write_record(keep.iter().map(|&i| &headers[i]))
        .unwrap();
    for record in reader.records() {
        let record = record.unwrap();
        writer
            .write_record(keep.iter().map(|&i| &record[i]))
            .unwrap();
    }
    std::fs::write(package.join("services.csv"), writer.into_inner().unwrap()).unwrap();
    assert_rejected(
        &package,
        "services.csv: the required column `name` is missing",
    );

    // A number column with words in it.
    common::copy_dir(&source.path().join("hsds/csv"), &package);
    let locations = std::fs::read_to_string(package.join("services.csv")).unwrap();
    let broken = locations.replacen(",18,", ",achttien,", 1);
    assert_ne!(broken, locations);
    std::fs::write(package.join("services.csv"), broken).unwrap();
    assert_rejected(
        &package,
        "column `minimum_age` holds \"achttien\", not a number",
    );
}

#[test]
fn a_spreadsheet_saved_package_imports_and_a_service_without_its_organization_is_said() {
    // services.csv as Dutch Excel saves it (BOM, `;`), with one service whose organization is missing.
    let source = TestSite::example();
    export(&source);
    let work = tempfile::tempdir().unwrap();
    let package = work.path().join("csv");
    common::copy_dir(&source.path().join("hsds/csv"), &package);
    let services = std::fs::read_to_string(package.join("services.csv")).unwrap();
    let mut reader = csv::Reader::from_reader(services.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    writer.write_record(&headers).unwrap();
    for record in reader.records() {
        writer.write_record(&record.unwrap()).unwrap();
    }
    let orphan: Vec<&str> = headers
        .iter()
        .map(|h| match h {
            "id" => "7c0e1f7a-0000-4000-8000-000000000001",
            "organization_id" => "7c0e1f7a-0000-4000-8000-00000000dead",
            "name" => "Dienst zonder organisatie",
            "status" => "active",
            _ => "",
        })
        .collect();
    writer.write_record(&orphan).unwrap();
    std::fs::write(package.join("services.csv"), writer.into_inner().unwrap()).unwrap();

    let target = empty_site();
    let output = target.run(&["import", "hsds", package.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(
        stderr_lines(&output, "warning: "),
        ["service 7c0e1f7a-0000-4000-8000-000000000001: names organization_id 7c0e1f7a-0000-4000-8000-00000000dead, which is not in organizations.csv; skipped"]
    );
    assert_same_partners(&partners_of(source.path()), &partners_of(target.path()));
}

/// Arbitrary JSON made of HSDS keys and values of every type, nested a few levels.
fn hsds_like_json() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    let keys = prop::sample::select(vec![
        "id",
        "name",
        "description",
        "services",
        "locations",
        "addresses",
        "phones",
        "number",
        "contacts",
        "title",
        "email",
        "website",
        "uri",
        "attributes",
        "taxonomy_term",
        "code",
        "service_areas",
        "schedules",
        "minimum_age",
        "maximum_age",
        "latitude",
        "longitude",
        "languages",
        "cost_options",
        "assured_date",
        "assurer_email",
        "status",
        "address_1",
        "postal_code",
        "city",
        "contents",
    ]);
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| serde_json::json!(f)),
        ".{0,12}".prop_map(Value::from),
        Just(Value::from("\"+31 40 123 4567\"")),
        Just(Value::from("@/partners/x")),
    ];
    leaf.prop_recursive(4, 48, 6, move |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::Array),
            prop::collection::btree_map(keys.clone(), inner, 0..6).prop_map(|m| {
                Value::Object(m.into_iter().map(|(k, v)| (k.to_string(), v)).collect())
            }),
        ]
    })
}

/// A list of one organization with a name and a named service, the rest of both arbitrary: input that
/// gets as far as writing files.
fn hsds_like_organization() -> impl proptest::strategy::Strategy<Value = Value> {
    use proptest::prelude::*;
    (hsds_like_json(), hsds_like_json(), ".{1,20}", ".{1,20}").prop_map(
        |(org, service, name, service_name)| {
            let mut org = match org {
                Value::Object(map) => map,
                _ => serde_json::Map::new(),
            };
            let mut service = match service {
                Value::Object(map) => map,
                _ => serde_json::Map::new(),
            };
            service.insert("name".into(), service_name.into());
            org.insert("name".into(), name.into());
            org.insert(
                "services".into(),
                Value::Array(vec![Value::Object(service)]),
            );
            Value::Array(vec![Value::Object(org)])
        },
    )
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]

    /// Whatever the JSON, the import returns (never panics); an error writes nothing, and what it writes
    /// passes `check`.
    #[test]
    fn any_json_is_imported_or_refused_without_a_crash(
        input in proptest::prop_oneof![hsds_like_json(), hsds_like_organization()]
    ) {
        let site = empty_site();
        let file = site.path().join("input.json");
        std::fs::write(&file, serde_json::to_string(&input).unwrap()).unwrap();
        let result = kaartenbak::hsds::import(&kaartenbak::hsds::ImportOptions {
            source: file,
            into: site.path().to_path_buf(),
            force: false,
            default_domain: Some("financien".into()),
        });
        let partners = site.path().join("content/partners");
        match result {
            Err(_) => proptest::prop_assert!(!partners.exists()),
            Ok(report) if !report.written.is_empty() => {
                partners_of(site.path());
            }
            Ok(_) => {}
        }
    }
}
