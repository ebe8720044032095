//! The compact directory the plan page reads (`plan/directory.json` and its script twin
//! `plan/directory.json.js`): for every entry, by `KIND/ID`, what a household plan shows of it — kind,
//! title, URL, domains, referral line, phone, address, opening hours, and for regulations who decides.
//!
//! A plan references entries by id and URL only; when the plan page opens it looks each one up here, so a
//! phone number changed in a rebuild shows in every plan and a removed entry is marked, not lost
//! (docs/plan.md). The twin is a classic script (`kaartenbakPlanDirectory({…})`) because a page opened from
//! disk may load scripts but not fetch.

use crate::content::attributes::{clock_text, day_name};
use crate::content::{Entry, EntryDetails, EntryKind, HoursRow, Relation};
use crate::i18n::Translations;
use crate::model::{EntryRef, Site};
use crate::output_file::OutputFile;
use serde::ser::{Serialize, SerializeMap as _};
use serde_json::{json, Map, Value};

/// The folder of the plan page and its directory file.
pub const PLAN_DIR: &str = "plan";
pub const DIRECTORY_FILE: &str = "directory.json";
/// Raised when a field changes meaning or goes away; new fields keep the version.
pub const DIRECTORY_VERSION: u32 = 1;

/// The directory file and its script twin.
pub fn files(site: &Site, t: &Translations) -> Vec<OutputFile> {
    let mut text = Vec::with_capacity(site.entry_refs().count() * 512);
    serde_json::to_writer(&mut text, &Directory { site, t })
        .expect("a JSON value always serialises to memory");
    let text = String::from_utf8(text).expect("serde_json writes UTF-8");
    // The twin is a script: `</script>`-like text in content must not matter, and it cannot, since the file
    // is loaded by `src`, never inlined; `<` is escaped anyway so the twin is also safe to paste into HTML.
    let script = format!(
        "kaartenbakPlanDirectory({});\n",
        text.replace('<', "\\u003c")
    );
    vec![
        OutputFile::new(format!("{PLAN_DIR}/{DIRECTORY_FILE}"), text.into_bytes()),
        OutputFile::new(
            format!("{PLAN_DIR}/{DIRECTORY_FILE}.js"),
            script.into_bytes(),
        ),
    ]
}

/// The key of an entry in the directory and in a plan: `partner/wijkteam-noord`.
pub fn entry_key(kind: EntryKind, id: &str) -> String {
    format!("{}/{id}", kind.name())
}

/// The directory, written as the map of a `json!` document would be (keys in order), each entry made,
/// written and dropped in turn: a large site never holds all of them as JSON values at once.
struct Directory<'a> {
    site: &'a Site,
    t: &'a Translations,
}

impl Serialize for Directory<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.site;
        // The domains in the site's order (domains.yaml follows the ZRM), for the plan's sections.
        let domains: Vec<Value> = site
            .domains
            .iter()
            .map(|d| json!({ "id": d.domain.id, "label": d.domain.label }))
            .collect();
        let mut map = serializer.serialize_map(Some(6))?;
        map.serialize_entry("base", &site.config.base_path())?;
        map.serialize_entry("domains", &domains)?;
        map.serialize_entry("entries", &Entries(self))?;
        map.serialize_entry("generated", &site.today.to_string())?;
        map.serialize_entry("schema", "kaartenbak-plan-directory")?;
        map.serialize_entry("version", &DIRECTORY_VERSION)?;
        map.end()
    }
}

/// Every entry by its key, in key order.
struct Entries<'a>(&'a Directory<'a>);

impl Serialize for Entries<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let Directory { site, t } = *self.0;
        let mut keyed: Vec<(String, EntryRef)> = site
            .entry_refs()
            .map(|entry| (entry_key(entry.kind, site.entry(entry).entry.id()), entry))
            .collect();
        keyed.sort_unstable_by(|a, b| a.0.cmp(&b.0));
        serializer.collect_map(
            keyed
                .iter()
                .map(|(key, entry)| (key, entry_json(site, t, *entry))),
        )
    }
}

fn ids(list: &[crate::yaml::Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

/// "maandag 09:00–17:00; dinsdag …": the rows as one line of text in the site's language.
fn hours_text(t: &Translations, rows: &[HoursRow]) -> Option<String> {
    if rows.is_empty() {
        return None;
    }
    let text = rows
        .iter()
        .map(|row| {
            let days: Vec<String> = row
                .days
                .iter()
                .map(|&d| t.get(&format!("day_{}", day_name(d))).to_string())
                .collect();
            format!(
                "{} {}–{}",
                days.join(", "),
                clock_text(row.open),
                clock_text(row.close)
            )
        })
        .collect::<Vec<_>>()
        .join("; ");
    Some(text)
}

fn entry_json(site: &Site, t: &Translations, entry: EntryRef) -> Value {
    let node = site.entry(entry);
    let e: &Entry = &node.entry;
    let mut map = Map::new();
    map.insert("kind".into(), entry.kind.name().into());
    map.insert("id".into(), e.id().into());
    map.insert("title".into(), e.title.clone().into());
    map.insert("url".into(), site.entry_url(entry).into());
    map.insert("domains".into(), json!(ids(&e.domains)));
    match &e.details {
        EntryDetails::Partner(p) => {
            map.insert("phone".into(), json!(p.phone));
            if let Some(a) = &p.address {
                let line = [&a.street, &a.postal_code, &a.city]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect::<Vec<_>>()
                    .join(", ");
                map.insert("address".into(), line.into());
            }
            let hours = hours_text(t, &p.hours).or_else(|| p.opening_hours.clone());
            map.insert("hours".into(), json!(hours));
            let services: Vec<Value> = p
                .services
                .iter()
                .map(|s| {
                    json!({
                        "name": s.name,
                        "referral": s.referral,
                        "domains": ids(&s.domains),
                        "hours": hours_text(t, &s.hours),
                    })
                })
                .collect();
            map.insert("services".into(), services.into());
            // Who decides: the regulations this partner carries out, by key; their mandates are in their
            // own entries, so a mandate is written once however many partners carry it out.
            let deciders: Vec<String> = node
                .relations
                .reverse(Relation::CarriedOutBy)
                .iter()
                .map(|&index| {
                    let regulation = &site.entries[EntryKind::Regulation][index].entry;
                    entry_key(EntryKind::Regulation, regulation.id())
                })
                .collect();
            if !deciders.is_empty() {
                map.insert("decides".into(), json!(deciders));
            }
        }
        EntryDetails::Regulation(r) => {
            map.insert("mandate".into(), json!(r.mandate));
            map.insert("law".into(), r.law.clone().into());
        }
        // Modules and pages: title, link and domains are all a plan shows of them.
        _ => {}
    }
    Value::Object(map)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn example_site() -> (Site, Translations) {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let checked = crate::build::check(root, today);
        let config = checked.config.expect("the example site has a config");
        let theme = crate::theme::load_theme(root, &config.theme).unwrap();
        let t = Translations::load(&theme, config.language).unwrap();
        (crate::model::build_site(config, checked.content, today), t)
    }

    #[test]
    fn every_entry_is_in_the_directory_with_what_a_plan_shows() {
        let (site, t) = example_site();
        let files = files(&site, &t);
        assert_eq!(files[0].path, "plan/directory.json");
        let directory: Value = serde_json::from_slice(&files[0].bytes).unwrap();
        let entries = directory["entries"].as_object().unwrap();
        assert_eq!(entries.len(), site.entry_count());
        assert_eq!(
            directory["domains"].as_array().unwrap().len(),
            site.domains.len()
        );
        // Each partner with its phone, referral lines and URL as the site writes them.
        for (i, node) in site.entries[EntryKind::Partner].iter().enumerate() {
            let p = node.entry.as_partner().unwrap();
            let item = &entries[&entry_key(EntryKind::Partner, node.entry.id())];
            assert_eq!(item["title"], node.entry.title.as_str());
            assert_eq!(
                item["url"],
                site.entry_url(EntryRef {
                    kind: EntryKind::Partner,
                    index: i
                })
            );
            assert_eq!(item["phone"], json!(p.phone));
            for (service, shown) in p.services.iter().zip(item["services"].as_array().unwrap()) {
                assert_eq!(shown["referral"], json!(service.referral));
            }
        }
        // A regulation says who decides.
        let with_mandate = site.entries[EntryKind::Regulation]
            .iter()
            .find_map(|n| match &n.entry.details {
                EntryDetails::Regulation(r) => r.mandate.clone().map(|m| (n.entry.id(), m)),
                _ => None,
            })
            .expect("the example site has a regulation with a mandate");
        assert_eq!(
            entries[&entry_key(EntryKind::Regulation, with_mandate.0)]["mandate"],
            with_mandate.1.as_str()
        );
        // A partner names the regulations it carries out, whose mandates say who decides.
        let (regulation, partner) = site.entries[EntryKind::Regulation]
            .iter()
            .find_map(|n| match &n.entry.details {
                EntryDetails::Regulation(r) => {
                    r.partners.first().map(|p| (n.entry.id(), p.value.as_str()))
                }
                _ => None,
            })
            .expect("the example site has a regulation carried out by a partner");
        let decides = &entries[&entry_key(EntryKind::Partner, partner)]["decides"];
        assert!(
            decides
                .as_array()
                .unwrap()
                .contains(&json!(entry_key(EntryKind::Regulation, regulation))),
            "{decides}"
        );
    }

    #[test]
    fn the_script_twin_hands_over_the_same_directory() {
        let (site, t) = example_site();
        let files = files(&site, &t);
        assert_eq!(files[1].path, "plan/directory.json.js");
        let script = std::str::from_utf8(&files[1].bytes).unwrap();
        let inner = script
            .strip_prefix("kaartenbakPlanDirectory(")
            .and_then(|s| s.strip_suffix(");\n"))
            .expect("one call with the directory");
        assert!(!inner.contains('<'));
        let twin: Value = serde_json::from_str(inner).unwrap();
        let file: Value = serde_json::from_slice(&files[0].bytes).unwrap();
        assert_eq!(twin, file);
    }
}
