//! `kaartenbak export hsds`: the partners as HSDS 3.0 — `organizations.json` (every organization with its
//! services, locations, phones, contacts, service areas, schedules and domain terms nested) and the CSV
//! tabular package (`csv/*.csv` with `datapackage.json`), both from the same records. Ids are UUID v5 of our
//! ids and records come in id order, so a re-export of unchanged content writes the same bytes.

use super::mapping::{self, stable_id};
use super::tables::{self, Table};
use crate::config::SiteConfig;
use crate::content::attributes::{clock_text, languages};
use crate::content::{AreaScope, Content, Cost, Domain, Entry, EntryKind, HoursRow, Partner};
use serde_json::{json, Map, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use terms::{attributes, characteristics};

mod terms;

#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    #[error("kaartenbak.toml has no `province`; HSDS addresses require one (`state_province`)")]
    MissingProvince,
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone, Default)]
pub struct ExportReport {
    pub organizations: usize,
    pub services: usize,
    /// Files written, relative to the output folder.
    pub files: Vec<String>,
}

/// What an export needs of a site.
struct Directory<'a> {
    config: &'a SiteConfig,
    /// The base URL as written, the prefix of every id name.
    site: String,
    domains: &'a [Domain],
    content: &'a Content,
}

/// The HSDS organizations of a site's partners, in id order, each with its services nested.
pub fn organizations(config: &SiteConfig, content: &Content) -> Result<Vec<Value>, ExportError> {
    let province = config
        .province
        .as_deref()
        .ok_or(ExportError::MissingProvince)?;
    let directory = Directory {
        config,
        site: config.base_url.to_string(),
        domains: &content.domains,
        content,
    };
    Ok(content.entries[EntryKind::Partner]
        .iter()
        .filter_map(|entry| {
            entry
                .as_partner()
                .map(|p| organization(&directory, entry, p, province))
        })
        .collect())
}

/// Writes `organizations.json` and `csv/` into `out`.
pub fn export(
    config: &SiteConfig,
    content: &Content,
    out: &Path,
) -> Result<ExportReport, ExportError> {
    let organizations = organizations(config, content)?;
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let mut text = serde_json::to_string_pretty(&organizations).unwrap_or_default();
    text.push('\n');
    files.push(("organizations.json".into(), text.into_bytes()));
    for (name, bytes) in csv_package(&organizations) {
        files.push((format!("csv/{name}"), bytes));
    }
    let write = |relative: &str, bytes: &[u8]| {
        let path = out.join(relative);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| ExportError::Write {
                path: parent.to_path_buf(),
                source,
            })?;
        }
        // Beside the file, then renamed over it: a full disk or a crash never leaves half a file where a
        // previous export was whole.
        let staged = path.with_extension("kaartenbak-tmp");
        std::fs::write(&staged, bytes)
            .and_then(|()| std::fs::rename(&staged, &path))
            .map_err(|source| {
                let _ = std::fs::remove_file(&staged);
                ExportError::Write { path, source }
            })
    };
    for (name, bytes) in &files {
        write(name, bytes)?;
    }
    Ok(ExportReport {
        organizations: organizations.len(),
        services: organizations
            .iter()
            .map(|o| o["services"].as_array().map_or(0, Vec::len))
            .sum(),
        files: files.into_iter().map(|(name, _)| name).collect(),
    })
}

/// Inserts `value` under `key` when there is one.
fn put(object: &mut Map<String, Value>, key: &str, value: Option<impl Into<Value>>) {
    if let Some(value) = value {
        object.insert(key.to_string(), value.into());
    }
}

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn organization(d: &Directory, entry: &Entry, partner: &Partner, province: &str) -> Value {
    let id = entry.id();
    let org_id = stable_id(&d.site, &format!("partner:{id}"));
    let page = format!("{}partners/{id}/", d.site);
    let mut org = object(json!({
        "id": org_id,
        "name": entry.title,
        "description": mapping::absolute_links(&entry.body.text, &d.site),
        "uri": page,
    }));
    put(&mut org, "alternate_name", partner.alternate_name.clone());
    put(&mut org, "email", partner.email.clone());
    put(&mut org, "website", partner.website.clone());
    let phones: Vec<Value> = partner
        .phone
        .iter()
        .map(|number| {
            json!({
                "id": stable_id(&d.site, &format!("partner:{id}/phone")),
                "organization_id": org_id,
                "number": number,
            })
        })
        .collect();
    org.insert("phones".into(), phones.into());
    let contacts: Vec<Value> = partner
        .contact_points
        .iter()
        .enumerate()
        .map(|(n, point)| {
            let contact_id = stable_id(&d.site, &format!("partner:{id}/contact:{n}"));
            let mut contact = object(json!({
                "id": contact_id,
                "organization_id": org_id,
                "title": point.role,
            }));
            put(&mut contact, "email", point.email.clone());
            let phones: Vec<Value> = point
                .phone
                .iter()
                .map(|number| {
                    json!({
                        "id": stable_id(&d.site, &format!("partner:{id}/contact:{n}/phone")),
                        "contact_id": contact_id,
                        "number": number,
                    })
                })
                .collect();
            contact.insert("phones".into(), phones.into());
            contact.insert(
                "attributes".into(),
                json!([terms::contact_purpose(d, &contact_id, point.purpose)]),
            );
            Value::Object(contact)
        })
        .collect();
    org.insert("contacts".into(), contacts.into());
    let schedule = |owner_key: &str, owner_id: &str, name: &str, rows: &[HoursRow]| -> Vec<Value> {
        let prose = partner.opening_hours.iter().map(|hours| {
            json!({
                "id": stable_id(&d.site, &format!("partner:{id}/{name}/opening_hours")),
                owner_key: owner_id,
                "description": mapping::schedule_description(hours),
            })
        });
        // One weekly schedule per row of structured hours, as RFC 5545 rules in HSDS's own fields.
        let weekly = rows.iter().map(|row| {
            json!({
                "id": stable_id(&d.site, &format!("partner:{id}/{name}/hours:{}/{}", row.byday(), row.time_text())),
                owner_key: owner_id,
                "freq": "WEEKLY",
                "wkst": "MO",
                "byday": row.byday(),
                "opens_at": clock_text(row.open),
                "closes_at": clock_text(row.close),
            })
        });
        prose.chain(weekly).collect()
    };
    let location = partner.address.as_ref().map(|address| {
        let location_id = stable_id(&d.site, &format!("partner:{id}/location"));
        let mut location = object(json!({
            "id": location_id,
            "organization_id": org_id,
            "location_type": "physical",
            "name": entry.title,
        }));
        match (&address.street, &address.postal_code, &address.city) {
            (Some(street), Some(postal_code), Some(city)) => {
                location.insert(
                    "addresses".into(),
                    json!([{
                        "id": stable_id(&d.site, &format!("partner:{id}/address")),
                        "location_id": location_id,
                        "address_1": street,
                        "city": city,
                        "state_province": province,
                        "postal_code": postal_code,
                        "country": "NL",
                        "address_type": "physical",
                    }]),
                );
            }
            // HSDS requires street, city and postal code of an address; a partial one is said in words.
            _ => {
                let parts: Vec<&str> = [&address.street, &address.postal_code, &address.city]
                    .into_iter()
                    .flatten()
                    .map(String::as_str)
                    .collect();
                location.insert("description".into(), parts.join(", ").into());
            }
        }
        location.insert(
            "schedules".into(),
            schedule(
                "location_id",
                &location_id,
                "location",
                partner.hours.as_slice(),
            )
            .into(),
        );
        Value::Object(location)
    });
    let has_location = location.is_some();
    org.insert(
        "locations".into(),
        location.into_iter().collect::<Vec<_>>().into(),
    );
    org.insert(
        "attributes".into(),
        attributes(d, &org_id, "organization", &entry.domains).into(),
    );
    let mut slugs: BTreeMap<String, usize> = BTreeMap::new();
    let services: Vec<Value> = partner
        .services
        .iter()
        .map(|service| {
            // The slug names the service (stable when others are added); a repeated name gets its number.
            let slug = crate::markdown::slugify(&service.name);
            let seen = slugs.entry(slug.clone()).or_default();
            *seen += 1;
            let name = if *seen == 1 {
                format!("partner:{id}/service:{slug}")
            } else {
                format!("partner:{id}/service:{slug}:{seen}")
            };
            let service_id = stable_id(&d.site, &name);
            let mut s = object(json!({
                "id": service_id,
                "organization_id": org_id,
                "name": service.name,
                "status": "active",
            }));
            put(
                &mut s,
                "description",
                service
                    .description
                    .as_ref()
                    .map(|md| mapping::absolute_links(&md.text, &d.site)),
            );
            put(&mut s, "application_process", service.referral.clone());
            // HSDS has `alert` on services only: the partner's notice goes to each of its services,
            // beside the service's own. The dates go into the text, since a reader may hold the file for
            // weeks (the site's pages drop ended notices at build time).
            let alert: Vec<String> = partner
                .notice
                .iter()
                .chain(&service.notice)
                .map(mapping::alert_text)
                .collect();
            put(
                &mut s,
                "alert",
                (!alert.is_empty()).then(|| alert.join("\n")),
            );
            put(
                &mut s,
                "eligibility_description",
                mapping::eligibility_description(
                    service.target_group.as_deref(),
                    service.eligibility.as_deref(),
                ),
            );
            put(&mut s, "minimum_age", service.minimum_age);
            put(&mut s, "maximum_age", service.maximum_age);
            put(&mut s, "wait_time", service.wait_time.clone());
            put(&mut s, "fees_description", service.fees.clone());
            put(
                &mut s,
                "assured_date",
                entry
                    .meta
                    .last_verified
                    .as_ref()
                    .map(|date| date.value.to_string()),
            );
            put(&mut s, "assurer_email", assurer_email(d, entry));
            let option = service
                .fees
                .clone()
                .or_else(|| service.cost.map(|c| mapping::cost_label(c).to_string()));
            let cost_options: Vec<Value> = option
                .iter()
                .map(|option_text| {
                    let mut option = object(json!({
                        "id": stable_id(&d.site, &format!("{name}/cost")),
                        "service_id": service_id,
                        "option": option_text,
                    }));
                    // Only a free service is an amount (a plain "Gratis" in older content); any other text
                    // stays words.
                    let free = match service.cost {
                        Some(cost) => cost == Cost::Free,
                        None => option_text.trim().eq_ignore_ascii_case("gratis"),
                    };
                    if free {
                        option.insert("amount".into(), 0.into());
                        option.insert("currency".into(), "EUR".into());
                    }
                    Value::Object(option)
                })
                .collect();
            s.insert("cost_options".into(), cost_options.into());
            let languages: Vec<Value> = service
                .languages
                .iter()
                .enumerate()
                .map(|(n, code)| {
                    json!({
                        "id": stable_id(&d.site, &format!("{name}/language:{n}")),
                        "service_id": service_id,
                        "name": languages::dutch_name(code),
                        "code": code,
                    })
                })
                .collect();
            s.insert("languages".into(), languages.into());
            s.insert(
                "service_areas".into(),
                service_areas(d, entry, &name, &service_id).into(),
            );
            if !has_location {
                let rows = if service.hours.is_empty() {
                    partner.hours.as_slice()
                } else {
                    service.hours.as_slice()
                };
                s.insert(
                    "schedules".into(),
                    schedule("service_id", &service_id, &name, rows).into(),
                );
            } else if !service.hours.is_empty() {
                // The location carries the partner's hours; a service's own come with the service.
                let own: Vec<Value> =
                    schedule("service_id", &service_id, &name, service.hours.as_slice())
                        .into_iter()
                        .filter(|s| s.get("byday").is_some())
                        .collect();
                s.insert("schedules".into(), own.into());
            }
            let mut service_attributes = attributes(d, &service_id, "service", &service.domains);
            service_attributes.extend(characteristics(d, &service_id, service));
            s.insert("attributes".into(), service_attributes.into());
            Value::Object(s)
        })
        .collect();
    org.insert("services".into(), services.into());
    Value::Object(org)
}

/// For a checked entry: `verified_by` when it is an e-mail address, else the site's editors' address when
/// that is one (HSDS wants an e-mail address of who checked, and the editors are who checks).
fn assurer_email(d: &Directory, entry: &Entry) -> Option<String> {
    let email = |text: &str| crate::formats::check_email(text).is_ok();
    // An entry nobody checked has no assurer.
    if entry.meta.verified_by.is_none() && entry.meta.last_verified.is_none() {
        return None;
    }
    entry
        .meta
        .verified_by
        .clone()
        .filter(|v| email(v))
        .or_else(|| d.config.editors_contact.clone().filter(|c| email(c)))
}

/// A service's wijken: one area each with its PC4 codes as the extent, or the whole municipality (every
/// wijk's codes) for a partner that works gemeentebreed.
fn service_areas(d: &Directory, entry: &Entry, service: &str, service_id: &str) -> Vec<Value> {
    let areas = &d.content.areas;
    let codes = |area: &crate::content::Area| -> Vec<String> {
        area.postcodes.iter().map(|r| r.value.label()).collect()
    };
    match &entry.areas {
        Some(AreaScope::Areas(ids)) => ids
            .iter()
            .filter_map(|id| areas.iter().find(|a| a.id == id.value))
            .map(|area| {
                let mut sa = object(json!({
                    "id": stable_id(&d.site, &format!("{service}/area:{}", area.id)),
                    "service_id": service_id,
                    "name": area.name,
                    "uri": format!("{}areas/{}/", d.site, area.id),
                }));
                put(&mut sa, "description", area.description.clone());
                let codes = codes(area);
                if !codes.is_empty() {
                    sa.insert("extent".into(), codes.join(",").into());
                    sa.insert("extent_type".into(), "postcode".into());
                }
                Value::Object(sa)
            })
            .collect(),
        _ => {
            let codes: Vec<String> = areas.iter().flat_map(codes).collect();
            let mut sa = object(json!({
                "id": stable_id(&d.site, &format!("{service}/area:{}", kaartenbak_shared::MUNICIPALITY_WIDE)),
                "service_id": service_id,
                "name": kaartenbak_shared::MUNICIPALITY_WIDE,
                "description": format!("Gemeentebreed: {}", d.config.title),
                "uri": format!("{}areas/{}/", d.site, kaartenbak_shared::MUNICIPALITY_WIDE),
            }));
            if !codes.is_empty() {
                sa.insert("extent".into(), codes.join(",").into());
                sa.insert("extent_type".into(), "postcode".into());
            }
            vec![Value::Object(sa)]
        }
    }
}

/// The CSV tabular package of `organizations`: one file per table (header only when empty) and
/// `datapackage.json` describing them.
pub fn csv_package(organizations: &[Value]) -> Vec<(String, Vec<u8>)> {
    let mut rows: BTreeMap<&'static str, TableRows> = BTreeMap::new();
    for org in organizations {
        flatten(&tables::ORGANIZATIONS, org, &mut rows);
    }
    let mut files = Vec::new();
    for table in tables::TABLES {
        let mut writer = csv::Writer::from_writer(Vec::new());
        let _ = writer.write_record(table.columns);
        for row in rows.get(table.name).into_iter().flat_map(|r| &r.rows) {
            let _ = writer.write_record(row);
        }
        files.push((table.file_name(), writer.into_inner().unwrap_or_default()));
    }
    let mut package = serde_json::to_string_pretty(&datapackage()).unwrap_or_default();
    package.push('\n');
    files.push(("datapackage.json".into(), package.into_bytes()));
    files
}

/// The key under which a nested record lives in its parent, and the table it goes to.
const NESTED: [(&str, &Table); 11] = [
    ("services", &tables::SERVICES),
    ("locations", &tables::LOCATIONS),
    ("addresses", &tables::ADDRESSES),
    ("contacts", &tables::CONTACTS),
    ("phones", &tables::PHONES),
    ("schedules", &tables::SCHEDULES),
    ("service_areas", &tables::SERVICE_AREAS),
    ("languages", &tables::LANGUAGES),
    ("cost_options", &tables::COST_OPTIONS),
    ("attributes", &tables::ATTRIBUTES),
    ("taxonomy_term", &tables::TAXONOMY_TERMS),
];

/// A table's rows in the order the records come (a partner's services in the order written), each id once.
#[derive(Default)]
struct TableRows {
    rows: Vec<Vec<String>>,
    ids: std::collections::BTreeSet<String>,
}

/// One record's row into its table (once per id, so a taxonomy term named by many attributes is written
/// once), then its nested records into theirs.
fn flatten(table: &'static Table, record: &Value, rows: &mut BTreeMap<&'static str, TableRows>) {
    let Some(fields) = record.as_object() else {
        return;
    };
    let cell = |column: &str| match fields.get(column) {
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => n.to_string(),
        Some(Value::Bool(b)) => b.to_string(),
        _ => String::new(),
    };
    let row: Vec<String> = table.columns.iter().map(|c| cell(c)).collect();
    let table_rows = rows.entry(table.name).or_default();
    if table_rows.ids.insert(cell("id")) {
        table_rows.rows.push(row);
    }
    for (key, value) in fields {
        if key == "taxonomy_detail" {
            flatten(&tables::TAXONOMIES, value, rows);
            continue;
        }
        let Some((_, child)) = NESTED.iter().find(|(k, _)| k == key) else {
            continue;
        };
        match value {
            Value::Array(items) => items.iter().for_each(|item| flatten(child, item, rows)),
            Value::Object(_) => flatten(child, value, rows),
            _ => {}
        }
    }
}

/// A Frictionless data package naming each table with its fields.
fn datapackage() -> Value {
    let resources: Vec<Value> = tables::TABLES
        .iter()
        .map(|table| {
            let fields: Vec<Value> = table
                .columns
                .iter()
                .map(|column| {
                    let kind = if table.numbers.contains(column) {
                        "number"
                    } else {
                        "string"
                    };
                    json!({ "name": column, "type": kind })
                })
                .collect();
            json!({
                "name": table.name,
                "path": table.file_name(),
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": { "fields": fields, "primaryKey": "id" },
            })
        })
        .collect();
    json!({
        "name": "hsds",
        "profile": "tabular-data-package",
        "title": "Open Referral HSDS 3.0",
        "resources": resources,
    })
}
