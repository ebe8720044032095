//! The open data every build writes next to the site, under `api/`: `partners.json`, `regulations.json` and
//! `modules.json` (versioned documents, JSON Schema in docs/api-schema/) and `partners.csv` for spreadsheet
//! users (UTF-8 with BOM, `;`, CRLF, as Dutch Excel opens it; cells that a spreadsheet would run as a
//! formula are prefixed with `'`). docs/open-data.md describes them.

use crate::content::attributes::{clock_text, languages};
use crate::content::{AreaScope, Entry, EntryKind, HoursRow, Module};
use crate::model::Site;
use crate::output_file::OutputFile;
use serde::ser::{Serialize, SerializeMap as _};
use serde_json::{json, Value};

pub const API_DIR: &str = "api";
/// Raised when a field changes meaning or goes away; new fields keep the version.
pub const VERSION: u32 = 1;

/// Whether a file of the output (a path relative to it) is open data.
pub fn is_open_data(path: &str) -> bool {
    path.strip_prefix(API_DIR)
        .is_some_and(|rest| rest.starts_with('/'))
}

/// Every open data file of the site.
pub fn files(site: &Site) -> Vec<OutputFile> {
    let json = |name: &'static str, kind: EntryKind, item: ItemFn| {
        let document = Document {
            name,
            items: Items { site, kind, item },
        };
        // About the size of a partner; the text is written out once, so no growth copies it again and again.
        let mut text = Vec::with_capacity(site.entries[kind].len() * 4096);
        let mut serializer = serde_json::Serializer::pretty(&mut text);
        document
            .serialize(&mut serializer)
            .expect("a JSON value always serialises to memory");
        text.push(b'\n');
        OutputFile::new(format!("{API_DIR}/{name}.json"), text)
    };
    vec![
        json("partners", EntryKind::Partner, partner),
        json("regulations", EntryKind::Regulation, regulation),
        json("modules", EntryKind::Module, module),
        OutputFile::new(format!("{API_DIR}/partners.csv"), partners_csv(site)),
    ]
}

type ItemFn = fn(&Site, &Entry) -> Value;

/// One open data document, written as the map of a `json!` document would be (keys in order): each item is
/// made, written and dropped in turn, so a large site never holds all of them as JSON values at once.
struct Document<'a> {
    name: &'static str,
    items: Items<'a>,
}

struct Items<'a> {
    site: &'a Site,
    kind: EntryKind,
    item: ItemFn,
}

impl Serialize for Items<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(
            self.site.entries[self.kind]
                .iter()
                .map(|node| (self.item)(self.site, &node.entry)),
        )
    }
}

impl Serialize for Document<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let site = self.items.site;
        // serde_json's maps keep their keys sorted; the list's name sorts between these two.
        debug_assert!("generated" < self.name && self.name < "schema");
        let mut map = serializer.serialize_map(Some(5))?;
        map.serialize_entry("generated", &site.today.to_string())?;
        map.serialize_entry(self.name, &self.items)?;
        map.serialize_entry("schema", &format!("kaartenbak-{}", self.name))?;
        map.serialize_entry(
            "site",
            &json!({ "title": site.config.title, "base_url": site.config.base_url.as_str() }),
        )?;
        map.serialize_entry("version", &VERSION)?;
        map.end()
    }
}

fn page_url(site: &Site, kind: EntryKind, id: &str) -> String {
    format!("{}{}/{id}/", site.config.base_url, kind.folder())
}

fn ids(list: &[crate::yaml::Spanned<String>]) -> Vec<&str> {
    list.iter().map(|s| s.value.as_str()).collect()
}

fn areas(entry: &Entry) -> Value {
    match &entry.areas {
        Some(AreaScope::Areas(list)) => json!(ids(list)),
        _ => json!(kaartenbak_shared::MUNICIPALITY_WIDE),
    }
}

fn common(site: &Site, entry: &Entry) -> serde_json::Map<String, Value> {
    let mut map = serde_json::Map::new();
    map.insert("id".into(), entry.id().into());
    map.insert(
        "url".into(),
        page_url(site, entry.kind(), entry.id()).into(),
    );
    map.insert("title".into(), entry.title.clone().into());
    map.insert("summary".into(), json!(entry.summary));
    map.insert("body".into(), entry.body.text.clone().into());
    map.insert("domains".into(), json!(ids(&entry.domains)));
    map.insert(
        "last_verified".into(),
        json!(entry
            .meta
            .last_verified
            .as_ref()
            .map(|d| d.value.to_string())),
    );
    map.insert("verified_by".into(), json!(entry.meta.verified_by));
    map
}

fn partner(site: &Site, entry: &Entry) -> Value {
    let mut map = common(site, entry);
    let Some(p) = entry.as_partner() else {
        return Value::Object(map);
    };
    map.insert("alternate_name".into(), json!(p.alternate_name));
    map.insert("kind".into(), json!(p.kind));
    map.insert("website".into(), json!(p.website));
    map.insert("email".into(), json!(p.email));
    map.insert("phone".into(), json!(p.phone));
    map.insert(
        "address".into(),
        json!(p.address.as_ref().map(|a| json!({
            "street": a.street, "postal_code": a.postal_code, "city": a.city
        }))),
    );
    map.insert("areas".into(), areas(entry));
    map.insert("opening_hours".into(), json!(p.opening_hours));
    map.insert("hours".into(), hours_json(&p.hours));
    let services: Vec<Value> = p
        .services
        .iter()
        .map(|s| {
            json!({
                "name": s.name,
                "description": s.description.as_ref().map(|d| d.text.clone()),
                "target_group": s.target_group,
                "minimum_age": s.minimum_age,
                "maximum_age": s.maximum_age,
                "eligibility": s.eligibility,
                "referral": s.referral,
                "fees": s.fees,
                "wait_time": s.wait_time,
                // Names as before (version 1); the ISO 639 codes beside them.
                "languages": s.languages.iter().map(|c| languages::dutch_name(c)).collect::<Vec<_>>(),
                "language_codes": s.languages,
                "cost": s.cost.map(|c| c.keyword()),
                "referral_required": s.referral_required,
                "home_visits": s.home_visits,
                "hours": hours_json(&s.hours),
                "domains": ids(&s.domains),
            })
        })
        .collect();
    map.insert("services".into(), services.into());
    let contacts: Vec<Value> = p
        .contact_points
        .iter()
        .map(|c| json!({ "role": c.role, "phone": c.phone, "email": c.email }))
        .collect();
    map.insert("contact_points".into(), contacts.into());
    Value::Object(map)
}

fn regulation(site: &Site, entry: &Entry) -> Value {
    let mut map = common(site, entry);
    if let crate::content::EntryDetails::Regulation(r) = &entry.details {
        map.insert("law".into(), r.law.clone().into());
        map.insert("articles".into(), json!(r.articles));
        map.insert("level".into(), r.level.into());
        map.insert("instrument".into(), json!(r.instrument));
        map.insert("mandate".into(), json!(r.mandate));
        map.insert(
            "effective_from".into(),
            json!(r.effective_from.map(|d| d.to_string())),
        );
        map.insert("source".into(), json!(r.source));
        map.insert("partners".into(), json!(ids(&r.partners)));
    }
    Value::Object(map)
}

fn module(site: &Site, entry: &Entry) -> Value {
    let mut map = common(site, entry);
    if let Some(m) = entry.as_module() {
        map.insert("level".into(), json!(m.level));
        map.insert("format".into(), json!(m.format));
        map.insert("duration_hours".into(), json!(m.duration_hours));
        map.insert("trainers".into(), json!(m.trainers));
        map.insert("learning_goals".into(), json!(m.learning_goals));
        map.insert("prerequisites".into(), json!(ids(&m.prerequisites)));
        map.insert("partners".into(), json!(ids(&m.partners)));
        map.insert("regulations".into(), json!(ids(&m.regulations)));
        map.insert("sessions".into(), sessions(m));
    }
    Value::Object(map)
}

/// A module's sessions: local day, instants with their offset, and what the module page shows.
fn sessions(module: &Module) -> Value {
    module
        .sessions
        .iter()
        .map(|s| {
            let instants = s.instants();
            json!({
                "id": s.id,
                "date": s.date().map(|d| d.to_string()),
                "start": instants.map(|(start, _)| start.to_rfc3339()),
                "end": instants.map(|(_, end)| end.to_rfc3339()),
                "time": s.time_label(),
                "format": s.format.name(),
                "status": s.status.name(),
                "location": s.location,
                "online": s.online,
                "seats": s.seats,
                "signup": s.signup,
                "trainer": s.trainer,
            })
        })
        .collect()
}

/// The columns of partners.csv: one row per partner, lists joined with ", ".
const CSV_COLUMNS: [&str; 17] = [
    "id",
    "naam",
    "andere_naam",
    "soort",
    "telefoon",
    "e-mail",
    "website",
    "straat",
    "postcode",
    "plaats",
    "wijken",
    "domeinen",
    "diensten",
    "openingstijden",
    "laatst_gecontroleerd",
    "gecontroleerd_door",
    "url",
];

/// A cell a spreadsheet would read as a formula (`=`, `+`, `-`, `@`, or a tab or carriage return first)
/// gets a `'` in front, so opening the file never runs content.
pub fn defuse(cell: &str) -> String {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{cell}")
    } else {
        cell.to_string()
    }
}

fn partners_csv(site: &Site) -> Vec<u8> {
    let mut writer = csv::WriterBuilder::new()
        .delimiter(b';')
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xEF\xBB\xBF".to_vec());
    let _ = writer.write_record(CSV_COLUMNS);
    for node in &site.entries[EntryKind::Partner] {
        let entry = &node.entry;
        let Some(p) = entry.as_partner() else {
            continue;
        };
        let address = p.address.clone().unwrap_or_default();
        let wijken = match &entry.areas {
            Some(AreaScope::Areas(list)) => ids(list).join(", "),
            _ => kaartenbak_shared::MUNICIPALITY_WIDE.to_string(),
        };
        let row = [
            entry.id().to_string(),
            entry.title.clone(),
            p.alternate_name.clone().unwrap_or_default(),
            p.kind.clone().unwrap_or_default(),
            p.phone.clone().unwrap_or_default(),
            p.email.clone().unwrap_or_default(),
            p.website.clone().unwrap_or_default(),
            address.street.unwrap_or_default(),
            address.postal_code.unwrap_or_default(),
            address.city.unwrap_or_default(),
            wijken,
            node.domains
                .iter()
                .filter_map(|&d| site.domains.get(d))
                .map(|d| d.domain.id.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            p.services
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            p.opening_hours.clone().unwrap_or_default(),
            entry
                .meta
                .last_verified
                .as_ref()
                .map(|d| d.value.to_string())
                .unwrap_or_default(),
            entry.meta.verified_by.clone().unwrap_or_default(),
            page_url(site, EntryKind::Partner, entry.id()),
        ];
        let _ = writer.write_record(row.iter().map(|c| defuse(c)));
    }
    writer.into_inner().unwrap_or_default()
}

/// Structured opening hours as written: days 1 = Monday … 7 = Sunday, times `HH:MM` local time.
fn hours_json(rows: &[HoursRow]) -> Value {
    rows.iter()
        .map(|r| json!({ "days": r.days, "opens": clock_text(r.open), "closes": clock_text(r.close) }))
        .collect::<Vec<_>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_cells_are_defused_and_others_kept() {
        assert_eq!(defuse("=HYPERLINK(\"x\")"), "'=HYPERLINK(\"x\")");
        assert_eq!(defuse("+31 40 123 4567"), "'+31 40 123 4567");
        assert_eq!(defuse("-1"), "'-1");
        assert_eq!(defuse("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(defuse("0493-312400"), "0493-312400");
        assert_eq!(defuse("Gratis"), "Gratis");
    }
}
