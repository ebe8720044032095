//! `kaartenbak import hsds PATH`: partner files from HSDS 3.0 — a JSON file (a list of organizations with
//! their services nested, a paged `contents` list, or one organization) or the CSV tabular package (a
//! folder, or its `datapackage.json`). The CSV rows are first put together into the same nested records as
//! the JSON, so both go through one mapping.
//!
//! Everything is read, checked and rendered before the first file is written: malformed input (not JSON,
//! a value of the wrong type, a file over `MAX_FILE_BYTES`, a CSV without a required column) is an error
//! and writes nothing. A value that is well-formed but cannot be used (coordinates out of range, a phone
//! number in quotes, a taxonomy term that is no domain of the site, a service without its organization)
//! is a warning naming the record and what was done instead; fields Kaartenbak has no place for are
//! counted in notes. Files are named after stable ids, so importing the same data again writes the same
//! bytes and changes nothing; an existing file that differs is kept unless `force`.

use super::mapping;
use super::yaml_out::{quoted, scalar};
use crate::content::{Area, Cost, Domain, EntryKind, HoursRow};
use serde_json::{Map, Value};
use std::collections::{BTreeMap, BTreeSet};
use std::fmt;
use std::path::{Path, PathBuf};

/// The largest input file read: 32 MiB of JSON holds about 3,000 organizations (600 export to 6.1 MB), the
/// CSV package, split per table, about 10,000; a larger file is more likely a mistake than a sociale kaart,
/// and is refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is {size} bytes; the import reads files up to {limit} bytes (32 MiB); split the data or check that this is the right file", limit = MAX_FILE_BYTES)]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{path}:{line}:{column}: not valid JSON: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {at}: expected {expected}, found {found}")]
    Type {
        path: PathBuf,
        at: String,
        expected: &'static str,
        found: String,
    },
    #[error("{path}: {message}")]
    Csv { path: PathBuf, message: String },
    #[error("{path}: the required column `{column}` is missing (columns found: {found})")]
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        found: String,
    },
    #[error("{path}: {message}")]
    NotHsds { path: PathBuf, message: String },
    #[error("{0}")]
    Site(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// A JSON file, a CSV package folder, or a package's `datapackage.json`.
    pub source: PathBuf,
    /// The site to write into (holding kaartenbak.toml).
    pub into: PathBuf,
    pub force: bool,
    /// The domain for partners none of whose taxonomy terms is a domain of the site.
    pub default_domain: Option<String>,
}

/// A value that could not be used: which record, what, and what was done instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// e.g. `location 3a19ff88-4620-4d17-9830-ac1d859eb5d5`
    pub record: String,
    pub message: String,
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.record, self.message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Partner files written (new or replaced), relative to the site.
    pub written: Vec<String>,
    /// Files that already held exactly what the import would write.
    pub unchanged: Vec<String>,
    /// Files that exist with other content and were kept (no `force`).
    pub kept: Vec<String>,
    pub warnings: Vec<ImportWarning>,
    /// Fields and tables Kaartenbak has no place for, with how many values each had.
    pub not_carried: BTreeMap<String, usize>,
}

impl ImportReport {
    /// Whether anything was skipped: the exit code is 1 then.
    pub fn skipped_anything(&self) -> bool {
        !self.warnings.is_empty() || !self.kept.is_empty()
    }
}

/// The site an import writes into: what the mapping needs of it.
struct Target {
    base_url: String,
    domains: Vec<Domain>,
    areas: Vec<Area>,
    partners: BTreeSet<String>,
}

pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let target = read_target(&options.into)?;
    if let Some(domain) = &options.default_domain {
        if !target.domains.iter().any(|d| &d.id == domain) {
            return Err(ImportError::Site(format!(
                "--domain {domain}: the site has no such domain (content/_data/domains.yaml)"
            )));
        }
    }
    let mut report = ImportReport::default();
    let organizations = read_source(&options.source, &mut report)?;
    let files = map_all(&organizations, &target, options, &mut report)?;
    write_files(&options.into, files, options.force, &mut report)?;
    Ok(report)
}

fn read_target(into: &Path) -> Result<Target, ImportError> {
    if !into.join(crate::config::CONFIG_FILE).is_file() {
        return Err(ImportError::Site(format!(
            "{} is not a Kaartenbak site (no {}); create the site first, with its domains and wijken",
            into.display(),
            crate::config::CONFIG_FILE
        )));
    }
    let config = crate::config::load_config(into).map_err(|d| ImportError::Site(d.to_string()))?;
    let today = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default();
    let checked = crate::build::check(into, today);
    Ok(Target {
        base_url: config.base_url.to_string(),
        domains: checked.content.domains,
        areas: checked.content.areas,
        partners: checked.content.entries[EntryKind::Partner]
            .iter()
            .map(|e| e.id().to_string())
            .collect(),
    })
}

fn read_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
    let read_error = |source| ImportError::Read {
        path: path.to_path_buf(),
        source,
    };
    let size = std::fs::metadata(path).map_err(read_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(ImportError::TooLarge {
            path: path.to_path_buf(),
            size,
        });
    }
    std::fs::read(path).map_err(read_error)
}

/// The organizations of the source, as JSON records with everything nested.
fn read_source(source: &Path, report: &mut ImportReport) -> Result<Vec<Value>, ImportError> {
    let is_package = source.is_dir()
        || source
            .file_name()
            .is_some_and(|name| name == "datapackage.json");
    if is_package {
        let folder = if source.is_dir() {
            source
        } else {
            source.parent().unwrap_or(Path::new("."))
        };
        return csv_package::read(folder, report);
    }
    let bytes = read_bytes(source)?;
    let value: Value = serde_json::from_slice(&bytes).map_err(|e| ImportError::Json {
        path: source.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    })?;
    let not_hsds = |message: &str| ImportError::NotHsds {
        path: source.to_path_buf(),
        message: message.to_string(),
    };
    let list = match value {
        Value::Array(items) => items,
        Value::Object(mut map) => match map.remove("contents") {
            Some(Value::Array(items)) => items,
            Some(_) => return Err(not_hsds("`contents` is not a list of organizations")),
            None if map.contains_key("name") => vec![Value::Object(map)],
            None => {
                return Err(not_hsds(
                    "expected a list of HSDS organizations, a paged list with `contents`, or one organization",
                ))
            }
        },
        _ => {
            return Err(not_hsds(
                "expected a list of HSDS organizations, a paged list with `contents`, or one organization",
            ))
        }
    };
    for (n, item) in list.iter().enumerate() {
        if !item.is_object() {
            return Err(ImportError::Type {
                path: source.to_path_buf(),
                at: format!("[{n}]"),
                expected: "an organization (object)",
                found: kind_of(item),
            });
        }
    }
    for (n, item) in list.iter().enumerate() {
        check_types(item, &format!("[{n}]"), source)?;
    }
    Ok(list)
}

fn kind_of(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("the boolean {b}"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) => format!(
            "the text {}",
            quoted(&s.chars().take(40).collect::<String>())
        ),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object".into(),
    }
}

/// Keys whose values are lists of records, numbers, or single records; every other key is text.
const LISTS: [&str; 17] = [
    "services",
    "required_documents",
    "service_at_locations",
    "locations",
    "addresses",
    "contacts",
    "phones",
    "schedules",
    "service_areas",
    "languages",
    "cost_options",
    "attributes",
    "funding",
    "programs",
    "organization_identifiers",
    "accessibility",
    "metadata",
];
const NUMBERS: [&str; 9] = [
    "minimum_age",
    "maximum_age",
    "latitude",
    "longitude",
    "amount",
    "extension",
    "timezone",
    "count",
    "interval",
];
const RECORDS: [&str; 5] = [
    "taxonomy_term",
    "taxonomy_detail",
    "organization",
    "location",
    "program",
];

/// Every value the mapping reads has the type HSDS gives it; a wrong type is malformed input.
fn check_types(value: &Value, at: &str, path: &Path) -> Result<(), ImportError> {
    let Some(map) = value.as_object() else {
        return Err(ImportError::Type {
            path: path.to_path_buf(),
            at: at.to_string(),
            expected: "an object",
            found: kind_of(value),
        });
    };
    for (key, v) in map {
        let here = format!("{at}.{key}");
        let wrong = |expected: &'static str| ImportError::Type {
            path: path.to_path_buf(),
            at: here.clone(),
            expected,
            found: kind_of(v),
        };
        if v.is_null() {
            continue;
        }
        if LISTS.contains(&key.as_str()) {
            let items = v.as_array().ok_or_else(|| wrong("a list"))?;
            for (n, item) in items.iter().enumerate() {
                check_types(item, &format!("{here}[{n}]"), path)?;
            }
        } else if RECORDS.contains(&key.as_str()) {
            check_types(v, &here, path)?;
        } else if NUMBERS.contains(&key.as_str()) || key == "year_incorporated" {
            if !v.is_number() {
                return Err(wrong("a number"));
            }
        } else if !(v.is_string() || v.is_number() || v.is_boolean()) {
            return Err(wrong("text"));
        }
    }
    Ok(())
}

/// Keys that tie records together rather than hold content: used by the nesting, never "not carried".
const STRUCTURAL: [&str; 12] = [
    "id",
    "organization_id",
    "service_id",
    "location_id",
    "contact_id",
    "phone_id",
    "service_at_location_id",
    "link_id",
    "link_type",
    "link_entity",
    "taxonomy_term_id",
    "taxonomy_id",
];

/// One record being read: what it is for warnings, and which of its keys the mapping used, so the rest
/// can be reported as not carried.
struct Record<'a> {
    kind: &'static str,
    map: &'a Map<String, Value>,
    read: BTreeSet<&'static str>,
}

impl<'a> Record<'a> {
    fn new(kind: &'static str, value: &'a Value) -> Option<Record<'a>> {
        value.as_object().map(|map| Record {
            kind,
            map,
            read: STRUCTURAL.into_iter().collect(),
        })
    }

    /// A Markdown field as written (HSDS text is Markdown-compatible); None when absent or blank.
    fn markdown(&mut self, key: &'static str) -> Option<String> {
        self.read.insert(key);
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => {
                Some(s.trim_start_matches('\n').to_string())
            }
            _ => None,
        }
    }

    fn id(&self) -> String {
        match self.map.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            _ => "(without id)".into(),
        }
    }

    fn label(&self) -> String {
        format!("{} {}", self.kind, self.id())
    }

    /// A text field, trimmed; None when absent or empty. Numbers read as their text.
    fn text(&mut self, key: &'static str) -> Option<String> {
        self.read.insert(key);
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    fn number(&mut self, key: &'static str) -> Option<f64> {
        self.read.insert(key);
        self.map.get(key).and_then(Value::as_f64)
    }

    fn list(&mut self, key: &'static str, kind: &'static str) -> Vec<Record<'a>> {
        self.read.insert(key);
        let map: &'a Map<String, Value> = self.map;
        map.get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(|v| Record::new(kind, v)).collect())
            .unwrap_or_default()
    }

    fn record(&mut self, key: &'static str, kind: &'static str) -> Option<Record<'a>> {
        self.read.insert(key);
        let map: &'a Map<String, Value> = self.map;
        map.get(key).and_then(|v| Record::new(kind, v))
    }

    /// Counts the keys with a value that the mapping did not read.
    fn finish(self, report: &mut ImportReport) {
        for (key, value) in self.map {
            let empty = match value {
                Value::Null => true,
                Value::String(s) => s.trim().is_empty(),
                Value::Array(items) => items.is_empty(),
                _ => false,
            };
            if !empty && !self.read.contains(key.as_str()) {
                *report
                    .not_carried
                    .entry(format!("{}.{key}", self.kind))
                    .or_default() += 1;
            }
        }
    }
}

/// (role, phone, e-mail)
type ContactPoint = (String, Option<String>, Option<String>);

impl Partner {
    /// Adds a contact point from an HSDS contact unless one with the same number and address is there
    /// already: HSDS JSON repeats a contact under the organization, its location and its service.
    fn add_contact(&mut self, point: ContactPoint) {
        let known = self
            .contact_points
            .iter()
            .any(|(_, phone, email)| *phone == point.1 && *email == point.2);
        if !known {
            self.contact_points.push(point);
        }
    }

    /// Adds a further phone number (of a service or location) as a contact point, unless it is the
    /// partner's own number or one it has.
    fn add_phone(&mut self, role: String, number: String) {
        let known = self.phone.as_ref() == Some(&number)
            || self
                .contact_points
                .iter()
                .any(|(_, phone, _)| phone.as_ref() == Some(&number));
        if !known {
            self.contact_points.push((role, Some(number), None));
        }
    }
}

/// A partner as the import puts it together, before it is written.
#[derive(Default)]
struct Partner {
    name: String,
    alternate_name: Option<String>,
    description: Option<String>,
    website: Option<String>,
    email: Option<String>,
    phone: Option<String>,
    street: Option<String>,
    postal_code: Option<String>,
    city: Option<String>,
    /// None: gemeentebreed.
    areas: Option<Vec<String>>,
    domains: Vec<String>,
    services: Vec<Service>,
    opening_hours: Vec<String>,
    hours: Vec<HoursRow>,
    contact_points: Vec<ContactPoint>,
    last_verified: Option<chrono::NaiveDate>,
    verified_by: Option<String>,
}

#[derive(Default)]
struct Service {
    name: String,
    description: Option<String>,
    target_group: Option<String>,
    minimum_age: Option<u32>,
    maximum_age: Option<u32>,
    eligibility: Option<String>,
    referral: Option<String>,
    fees: Option<String>,
    wait_time: Option<String>,
    /// Dutch names (what editors write; `check` maps them to codes).
    languages: Vec<String>,
    domains: Vec<String>,
    cost: Option<Cost>,
    referral_required: Option<bool>,
    home_visits: Option<bool>,
    hours: Vec<HoursRow>,
}

struct Mapper<'t> {
    target: &'t Target,
    /// The ids of the partners this import writes, with those already in the site, for `@/` links.
    known: BTreeSet<String>,
    report: &'t mut ImportReport,
}

impl Mapper<'_> {
    /// A warning, once: HSDS JSON repeats a record wherever it applies (the same phone under the
    /// organization, its location and its service).
    fn warn(&mut self, record: String, message: String) {
        let warning = ImportWarning { record, message };
        if !self.report.warnings.contains(&warning) {
            self.report.warnings.push(warning);
        }
    }

    fn email(&mut self, r: &mut Record, key: &'static str) -> Option<String> {
        let value = r.text(key)?;
        match crate::formats::check_email(&value) {
            Ok(()) => Some(value),
            Err(e) => {
                self.warn(r.label(), format!("{key}: {}; not carried", e.message));
                None
            }
        }
    }

    fn url(&mut self, r: &mut Record, key: &'static str) -> Option<String> {
        let value = r.text(key)?;
        match crate::formats::check_url(&value) {
            Ok(()) => Some(value),
            Err(e) => {
                self.warn(r.label(), format!("{key}: {}; not carried", e.message));
                None
            }
        }
    }

    /// A phone record's number as people dial it; quotes around it are removed (and said).
    fn phone(&mut self, mut p: Record) -> Option<String> {
        let label = p.label();
        let number = p.text("number");
        p.finish(self.report);
        let number = number?;
        let unquoted = number
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_string();
        match crate::formats::check_phone(&unquoted) {
            Ok(()) if unquoted != number => {
                self.warn(
                    label,
                    format!(
                        "phone number {} is written in quotes; imported as {}",
                        quoted(&number),
                        quoted(&unquoted)
                    ),
                );
                Some(unquoted)
            }
            Ok(()) => Some(unquoted),
            Err(e) => {
                self.warn(label, format!("{}; not carried", e.message));
                None
            }
        }
    }

    fn domains(&mut self, r: &mut Record) -> Vec<String> {
        self.terms(r).0
    }

    /// The domain ids of a record's attributes, and the service facts of its terms in the taxonomy
    /// *Kaartenbak dienstkenmerken*.
    fn terms(&mut self, r: &mut Record) -> (Vec<String>, Vec<mapping::Characteristic>) {
        let mut found = Vec::new();
        let mut characteristics = Vec::new();
        for mut attribute in r.list("attributes", "attribute") {
            let term = attribute.record("taxonomy_term", "taxonomy_term");
            attribute.text("taxonomy_term_id");
            attribute.text("link_id");
            attribute.text("link_type");
            attribute.text("link_entity");
            let label = attribute.label();
            attribute.finish(self.report);
            let Some(mut term) = term else {
                self.warn(label, "names no taxonomy term; not carried".into());
                continue;
            };
            let code = term.text("code");
            let name = term.text("name");
            term.text("id");
            term.text("description");
            let mut taxonomy = term.text("taxonomy");
            term.text("taxonomy_id");
            term.text("term_uri");
            if let Some(mut detail) = term.record("taxonomy_detail", "taxonomy") {
                let name = detail.text("name");
                taxonomy = taxonomy.or(name);
                for key in ["id", "description", "uri", "version"] {
                    detail.text(key);
                }
                detail.finish(self.report);
            }
            let term_label = term.label();
            term.finish(self.report);
            if taxonomy.as_deref() == Some(mapping::CHARACTERISTICS_TAXONOMY_NAME) {
                match code.as_deref().and_then(mapping::characteristic) {
                    Some(c) => characteristics.push(c),
                    None => self.warn(
                        term_label,
                        format!(
                            "service characteristic {} is unknown; not carried",
                            quoted(code.as_deref().unwrap_or(""))
                        ),
                    ),
                }
                continue;
            }
            let matches = |d: &&Domain| {
                code.as_deref() == Some(d.id.as_str())
                    || name.as_deref().is_some_and(|n| {
                        n.eq_ignore_ascii_case(&d.label) || n.eq_ignore_ascii_case(&d.id)
                    })
            };
            match self.target.domains.iter().find(matches) {
                Some(domain) if !found.contains(&domain.id) => found.push(domain.id.clone()),
                Some(_) => {}
                None => self.warn(
                    term_label,
                    format!(
                        "taxonomy term {} (code {}) is not a domain of this site; not carried",
                        quoted(name.as_deref().unwrap_or("")),
                        quoted(code.as_deref().unwrap_or(""))
                    ),
                ),
            }
        }
        (found, characteristics)
    }

    /// The wijk ids of a service's areas; Err(()) when one of them is the whole municipality.
    fn areas(&mut self, s: &mut Record) -> Result<Vec<String>, ()> {
        let mut found = Vec::new();
        let mut municipality = false;
        for mut area in s.list("service_areas", "service_area") {
            let name = area.text("name");
            let uri = area.text("uri");
            area.text("id");
            area.text("service_id");
            area.text("description");
            area.text("extent");
            area.text("extent_type");
            let label = area.label();
            area.finish(self.report);
            let from_uri = uri.as_deref().and_then(|u| {
                let mut segments = u.trim_end_matches('/').rsplit('/');
                let id = segments.next()?;
                (segments.next()? == "areas").then(|| id.to_string())
            });
            let wide = kaartenbak_shared::MUNICIPALITY_WIDE;
            if from_uri.as_deref() == Some(wide) || name.as_deref() == Some(wide) {
                municipality = true;
                continue;
            }
            let known = self.target.areas.iter().find(|a| {
                from_uri.as_deref() == Some(a.id.as_str())
                    || name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&a.name) || n == a.id)
            });
            match known {
                Some(a) if !found.contains(&a.id) => found.push(a.id.clone()),
                Some(_) => {}
                None => self.warn(
                    label,
                    format!(
                        "service area {} is not a wijk of this site; not carried",
                        quoted(
                            &name
                                .unwrap_or_default()
                                .chars()
                                .take(60)
                                .collect::<String>()
                        )
                    ),
                ),
            }
        }
        if municipality {
            Err(())
        } else {
            Ok(found)
        }
    }

    fn contact_points(&mut self, r: &mut Record, prefix: Option<&str>, into: &mut Partner) {
        for mut contact in r.list("contacts", "contact") {
            let role = contact
                .text("title")
                .or_else(|| contact.text("department"))
                .or_else(|| contact.text("name"));
            let email = self.email(&mut contact, "email");
            let mut phones = contact.list("phones", "phone").into_iter();
            let phone = phones.next().and_then(|p| self.phone(p));
            for extra in phones {
                let label = extra.label();
                let number = self.phone(extra);
                if let Some(number) = number {
                    self.warn(
                        label,
                        format!(
                            "a contact keeps one phone number; {} not carried",
                            quoted(&number)
                        ),
                    );
                }
            }
            for key in [
                "id",
                "organization_id",
                "service_id",
                "location_id",
                "service_at_location_id",
            ] {
                contact.text(key);
            }
            let label = contact.label();
            contact.finish(self.report);
            let role = match (role, prefix) {
                (Some(role), Some(p)) => format!("{p}: {role}"),
                (Some(role), None) => role,
                (None, Some(p)) => p.to_string(),
                (None, None) => "Contact".to_string(),
            };
            if phone.is_none() && email.is_none() {
                self.warn(
                    label,
                    "has no usable phone number or e-mail address; not carried".into(),
                );
                continue;
            }
            into.add_contact((role, phone, email));
        }
    }

    fn whole_age(&mut self, label: &str, key: &str, value: Option<f64>) -> Option<u32> {
        let value = value?;
        if value >= 0.0 && value.fract() == 0.0 && value <= 150.0 {
            Some(value as u32)
        } else {
            self.warn(
                label.to_string(),
                format!("{key} {value} is not an age in whole years; not carried"),
            );
            None
        }
    }

    fn service(&mut self, mut s: Record, partner: &mut Partner) -> Option<Service> {
        let label = s.label();
        let Some(name) = s.text("name") else {
            self.warn(label, "service without a name; skipped".into());
            s.finish(self.report);
            return None;
        };
        let base = self.target.base_url.clone();
        let known = self.known.clone();
        let description = s
            .markdown("description")
            .map(|d| mapping::partner_links(&d, &base, |id| known.contains(id)));
        let (target_group, eligibility) = s
            .text("eligibility_description")
            .map(|t| mapping::split_eligibility(&t))
            .unwrap_or_default();
        let min = s.number("minimum_age");
        let max = s.number("maximum_age");
        let mut minimum_age = self.whole_age(&label, "minimum_age", min);
        let mut maximum_age = self.whole_age(&label, "maximum_age", max);
        if let (Some(a), Some(b)) = (minimum_age, maximum_age) {
            if a > b {
                self.warn(
                    label.clone(),
                    format!("minimum_age {a} is above maximum_age {b}; neither carried"),
                );
                minimum_age = None;
                maximum_age = None;
            }
        }
        let fees = s.text("fees_description").or_else(|| {
            let options: Vec<String> = s
                .list("cost_options", "cost_option")
                .into_iter()
                .filter_map(|mut o| {
                    let text = o.text("option").or_else(|| o.text("amount_description"));
                    let amount = o.number("amount");
                    let currency = o.text("currency");
                    o.text("id");
                    o.text("service_id");
                    o.finish(self.report);
                    match (text, amount) {
                        (Some(t), _) => Some(t),
                        (None, Some(a)) => Some(
                            format!("{a} {}", currency.unwrap_or_default())
                                .trim()
                                .to_string(),
                        ),
                        (None, None) => None,
                    }
                })
                .collect();
            (!options.is_empty()).then(|| options.join("; "))
        });
        if fees.is_some() && !s.read.contains("cost_options") {
            // Cost options say in parts what fees_description says in words; they count as read only when
            // they are the fees themselves.
            for mut o in s.list("cost_options", "cost_option") {
                for key in ["id", "service_id"] {
                    o.text(key);
                }
                o.finish(self.report);
            }
        }
        let languages = self.service_languages(&mut s);
        match self.areas(&mut s) {
            Err(()) => partner.areas = None,
            Ok(found) if !found.is_empty() => {
                if let Some(areas) = partner.areas.as_mut() {
                    for a in found {
                        if !areas.contains(&a) {
                            areas.push(a);
                        }
                    }
                }
            }
            Ok(_) => {}
        }
        let mut hours = Vec::new();
        let mut service_hours = Vec::new();
        self.schedules(&mut s, &mut hours, &mut service_hours);
        for h in hours {
            if !partner.opening_hours.contains(&h) {
                partner.opening_hours.push(h);
            }
        }
        if let Some(date) = s.text("assured_date") {
            match crate::formats::parse_date(&date) {
                Ok(date) if partner.last_verified.is_none_or(|d| d < date) => {
                    partner.last_verified = Some(date);
                }
                Ok(_) => {}
                Err(e) => self.warn(
                    label.clone(),
                    format!("assured_date: {}; not carried", e.message),
                ),
            }
        }
        if let Some(email) = self.email(&mut s, "assurer_email") {
            partner.verified_by.get_or_insert(email);
        }
        let phones = s.list("phones", "phone");
        for p in phones {
            if let Some(number) = self.phone(p) {
                partner.add_phone(name.clone(), number);
            }
        }
        self.contact_points(&mut s, Some(&name), partner);
        let (domains, characteristics) = self.terms(&mut s);
        if let Some(status) = s.text("status") {
            if status != "active" {
                self.warn(
                    label.clone(),
                    format!(
                        "status {}: Kaartenbak has no status; imported as a current service",
                        quoted(&status)
                    ),
                );
            }
        }
        let service = Service {
            name,
            description,
            target_group,
            minimum_age,
            maximum_age,
            eligibility,
            referral: s.text("application_process"),
            fees,
            wait_time: s.text("wait_time"),
            languages,
            domains,
            cost: characteristics.iter().find_map(|c| match c {
                mapping::Characteristic::Cost(cost) => Some(*cost),
                _ => None,
            }),
            referral_required: characteristics.iter().find_map(|c| match c {
                mapping::Characteristic::ReferralRequired(r) => Some(*r),
                _ => None,
            }),
            home_visits: characteristics.iter().find_map(|c| match c {
                mapping::Characteristic::HomeVisits(h) => Some(*h),
                _ => None,
            }),
            hours: service_hours,
        };
        s.finish(self.report);
        Some(service)
    }

    fn organization(&mut self, mut o: Record, default_domain: Option<&str>) -> Option<Partner> {
        let label = o.label();
        let mut partner = Partner {
            areas: Some(Vec::new()),
            ..Partner::default()
        };
        let base = self.target.base_url.clone();
        let known = self.known.clone();
        partner.name = o.text("name").unwrap_or_default();
        partner.alternate_name = o.text("alternate_name");
        partner.description = o
            .markdown("description")
            .map(|d| mapping::partner_links(&d, &base, |id| known.contains(id)));
        partner.email = self.email(&mut o, "email");
        partner.website = self.url(&mut o, "website");
        o.text("id");
        o.text("uri");
        let mut phones = o.list("phones", "phone").into_iter();
        partner.phone = phones.by_ref().find_map(|p| self.phone(p));
        for p in phones {
            let role = p
                .map
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            if let Some(number) = self.phone(p) {
                partner.add_phone(role.unwrap_or_else(|| "Telefoon".into()), number);
            }
        }
        self.contact_points(&mut o, None, &mut partner);
        let mut hours = Vec::new();
        let mut partner_rows = Vec::new();
        let mut address_taken = false;
        for mut location in o.list("locations", "location") {
            let location_label = location.label();
            for key in ["latitude", "longitude"] {
                let limit = if key == "latitude" { 90.0 } else { 180.0 };
                if let Some(value) = location.number(key) {
                    if value.abs() > limit {
                        self.warn(
                            location_label.clone(),
                            format!("{key} {value} is outside -{limit}..{limit}; not carried"),
                        );
                    } else {
                        location.read.remove(key);
                    }
                }
            }
            let addresses = location.list("addresses", "address");
            for mut address in addresses {
                let street = match (address.text("address_1"), address.text("address_2")) {
                    (Some(a), Some(b)) => Some(format!("{a}, {b}")),
                    (a, b) => a.or(b),
                };
                let postal_code = address.text("postal_code");
                let city = address.text("city");
                for key in ["id", "location_id", "address_type"] {
                    address.text(key);
                }
                let address_label = address.label();
                address.finish(self.report);
                if address_taken {
                    self.warn(
                        address_label,
                        "a partner has one address; this further address is not carried".into(),
                    );
                    continue;
                }
                address_taken = true;
                partner.street = street;
                partner.postal_code = postal_code;
                partner.city = city;
            }
            let mut location_phones = location.list("phones", "phone").into_iter();
            for p in location_phones.by_ref() {
                if let Some(number) = self.phone(p) {
                    if partner.phone.is_none() {
                        partner.phone = Some(number);
                    } else if partner.phone.as_deref() != Some(number.as_str()) {
                        partner.add_phone("Locatie".into(), number);
                    }
                }
            }
            self.contact_points(&mut location, None, &mut partner);
            self.schedules(&mut location, &mut hours, &mut partner_rows);
            for key in ["id", "organization_id", "location_type", "name"] {
                location.text(key);
            }
            location.finish(self.report);
        }
        partner.opening_hours = hours;
        partner.hours = partner_rows;
        partner.domains = self.domains(&mut o);
        let services = o.list("services", "service");
        for s in services {
            if let Some(service) = self.service(s, &mut partner) {
                partner.services.push(service);
            }
        }
        o.finish(self.report);
        if partner.name.is_empty() {
            self.warn(label, "organization without a name; skipped".into());
            return None;
        }
        if partner.services.is_empty() {
            self.warn(
                label,
                format!(
                    "organization {} has no services; Kaartenbak needs at least one; skipped",
                    quoted(&partner.name)
                ),
            );
            return None;
        }
        if partner.domains.is_empty() {
            for service in &partner.services {
                for d in &service.domains {
                    if !partner.domains.contains(d) {
                        partner.domains.push(d.clone());
                    }
                }
            }
        }
        if partner.domains.is_empty() {
            match default_domain {
                Some(domain) => partner.domains.push(domain.to_string()),
                None => {
                    self.warn(
                        label,
                        format!(
                            "no taxonomy term of {} is a domain of this site; skipped (pass --domain ID to file such partners under a domain)",
                            quoted(&partner.name)
                        ),
                    );
                    return None;
                }
            }
        }
        // `check` refuses a partner a coach can neither refer to nor reach (see docs/content-model.md).
        let reachable = partner.phone.is_some()
            || partner.email.is_some()
            || partner.website.is_some()
            || partner
                .contact_points
                .iter()
                .any(|(_, p, e)| p.is_some() || e.is_some())
            || partner.services.iter().any(|s| s.referral.is_some());
        if !reachable {
            self.warn(
                label,
                format!(
                    "organization {} has no phone, e-mail, website, contact or referral text; Kaartenbak needs a way to reach it; skipped",
                    quoted(&partner.name)
                ),
            );
            return None;
        }
        Some(partner)
    }
}

/// The partner id of an organization: from a Kaartenbak page address in `uri` (`…/partners/ID/`), else from
/// its name, else from its HSDS id.
fn partner_id(org: &Value) -> String {
    let text = |key: &str| org.get(key).and_then(Value::as_str).unwrap_or("").trim();
    let from_uri = {
        let mut segments = text("uri").trim_end_matches('/').rsplit('/');
        match (segments.next(), segments.next()) {
            (Some(id), Some("partners")) if crate::formats::check_id(id).is_ok() => {
                Some(id.to_string())
            }
            _ => None,
        }
    };
    from_uri
        .or_else(|| mapping::id_from_name(text("name")))
        .or_else(|| mapping::id_from_name(&format!("organisatie {}", text("id"))))
        .unwrap_or_else(|| "organisatie".into())
}

/// Every organization mapped and rendered: (file relative to the site, bytes).
fn map_all(
    organizations: &[Value],
    target: &Target,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    let mut ordered: Vec<&Value> = organizations.iter().collect();
    ordered.sort_by_key(|o| {
        o.get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    });
    // Ids first (repeated names get -2, -3 in HSDS id order), so links between imported partners resolve.
    let mut used = BTreeSet::new();
    let ids: Vec<String> = ordered
        .iter()
        .map(|org| {
            let base = partner_id(org);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            id
        })
        .collect();
    let mut known = target.partners.clone();
    known.extend(ids.iter().cloned());
    let mut mapper = Mapper {
        target,
        known,
        report,
    };
    let mut files = Vec::new();
    for (org, id) in ordered.into_iter().zip(ids) {
        let Some(record) = Record::new("organization", org) else {
            continue;
        };
        let hsds_id = record.id();
        if let Some(partner) = mapper.organization(record, options.default_domain.as_deref()) {
            files.push((
                format!("content/partners/{id}.yaml"),
                render(&partner, &hsds_id).into_bytes(),
            ));
        }
    }
    Ok(files)
}

/// The partner file, fields in the content model's order.
fn render(p: &Partner, hsds_id: &str) -> String {
    // The id is foreign text: quoted, so a line break or a control character in it cannot end the
    // comment early (a smuggled key) or make the whole file unreadable YAML.
    let mut out = format!(
        "# Imported from Open Referral HSDS, organization {}\n",
        quoted(hsds_id)
    );
    let mut line = |indent: usize, key: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.push_str(&format!(
                "{}{key}: {}\n",
                " ".repeat(indent),
                scalar(value, indent)
            ));
        }
    };
    line(0, "name", Some(&p.name));
    line(0, "alternate_name", p.alternate_name.as_deref());
    line(0, "description", p.description.as_deref());
    line(0, "website", p.website.as_deref());
    line(0, "email", p.email.as_deref());
    line(0, "phone", p.phone.as_deref());
    let has_address = p.street.is_some() || p.postal_code.is_some() || p.city.is_some();
    if has_address {
        out.push_str("address:\n");
        for (key, value) in [
            ("street", &p.street),
            ("postal_code", &p.postal_code),
            ("city", &p.city),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("  {key}: {}\n", quoted(value)));
            }
        }
    }
    match &p.areas {
        Some(areas) if !areas.is_empty() => {
            out.push_str("areas:\n");
            for a in areas {
                out.push_str(&format!("  - {a}\n"));
            }
        }
        _ => out.push_str(&format!(
            "areas: {}\n",
            kaartenbak_shared::MUNICIPALITY_WIDE
        )),
    }
    out.push_str("domains:\n");
    for d in &p.domains {
        out.push_str(&format!("  - {d}\n"));
    }
    out.push_str("services:\n");
    for s in &p.services {
        out.push_str(&format!("  - name: {}\n", scalar(&s.name, 4)));
        let mut field = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {}\n", scalar(&value, 4)));
            }
        };
        field("description", s.description.clone());
        field("target_group", s.target_group.clone());
        if let Some(age) = s.minimum_age {
            out.push_str(&format!("    minimum_age: {age}\n"));
        }
        if let Some(age) = s.maximum_age {
            out.push_str(&format!("    maximum_age: {age}\n"));
        }
        let mut field = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {}\n", scalar(&value, 4)));
            }
        };
        field("eligibility", s.eligibility.clone());
        field("referral", s.referral.clone());
        field("fees", s.fees.clone());
        field("cost", s.cost.map(|c| c.keyword().to_string()));
        field("wait_time", s.wait_time.clone());
        // Booleans unquoted: a quoted "true" is text, which `check` refuses for these fields.
        for (key, value) in [
            ("referral_required", s.referral_required),
            ("home_visits", s.home_visits),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {value}\n"));
            }
        }
        if !s.languages.is_empty() {
            out.push_str("    languages:\n");
            for l in &s.languages {
                out.push_str(&format!("      - {}\n", quoted(l)));
            }
        }
        if !s.domains.is_empty() {
            out.push_str("    domains:\n");
            for d in &s.domains {
                out.push_str(&format!("      - {d}\n"));
            }
        }
        write_hours(&mut out, &s.hours, 4);
    }
    if !p.opening_hours.is_empty() {
        out.push_str(&format!(
            "opening_hours: {}\n",
            quoted(&p.opening_hours.join("; "))
        ));
    }
    write_hours(&mut out, &p.hours, 0);
    if !p.contact_points.is_empty() {
        out.push_str("contact_points:\n");
        for (role, phone, email) in &p.contact_points {
            out.push_str(&format!("  - role: {}\n", quoted(role)));
            if let Some(phone) = phone {
                out.push_str(&format!("    phone: {}\n", quoted(phone)));
            }
            if let Some(email) = email {
                out.push_str(&format!("    email: {}\n", quoted(email)));
            }
        }
    }
    if let Some(date) = p.last_verified {
        out.push_str(&format!("last_verified: {date}\n"));
    }
    if let Some(by) = &p.verified_by {
        out.push_str(&format!("verified_by: {}\n", quoted(by)));
    }
    out
}

/// Writes the files that are new or differ (each under a temporary name, then renamed); an existing file
/// with other content is kept unless `force`.
fn write_files(
    into: &Path,
    files: Vec<(String, Vec<u8>)>,
    force: bool,
    report: &mut ImportReport,
) -> Result<(), ImportError> {
    let write_error = |path: &Path, source| ImportError::Write {
        path: path.to_path_buf(),
        source,
    };
    for (relative, bytes) in files {
        let path = into.join(&relative);
        match std::fs::read(&path) {
            Ok(existing) if existing == bytes => {
                report.unchanged.push(relative);
                continue;
            }
            Ok(_) if !force => {
                report.warnings.push(ImportWarning {
                    record: relative.clone(),
                    message: "exists with other content; kept (pass --force to replace it)".into(),
                });
                report.kept.push(relative);
                continue;
            }
            _ => {}
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| write_error(parent, e))?;
        }
        let temporary = path.with_extension("yaml.importing");
        std::fs::write(&temporary, &bytes).map_err(|e| write_error(&temporary, e))?;
        std::fs::rename(&temporary, &path).map_err(|e| write_error(&path, e))?;
        report.written.push(relative);
    }
    Ok(())
}

mod csv_package;
mod service_facts;

use service_facts::write_hours;
