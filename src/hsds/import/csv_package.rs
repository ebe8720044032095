//! Reading the HSDS CSV tabular package into nested organization records, as the JSON form has them: each
//! row goes under the record its foreign-key columns name (most specific first, see `tables`); a row whose
//! parent is missing is a warning, skipped with what hangs under it.

use super::read::read_bytes;
use super::{ImportError, ImportReport, ImportWarning};
use crate::hsds::tables::{self, Table};
use serde_json::{Map, Value};
use std::collections::BTreeMap;
use std::path::Path;

/// A table's rows by id, in file order (a partner's services keep the order they were written in).
#[derive(Default)]
struct Rows {
    order: Vec<String>,
    by_id: BTreeMap<String, Map<String, Value>>,
}

impl Rows {
    fn get(&self, id: &str) -> Option<&Map<String, Value>> {
        self.by_id.get(id)
    }

    fn get_mut(&mut self, id: &str) -> Option<&mut Map<String, Value>> {
        self.by_id.get_mut(id)
    }

    fn contains_key(&self, id: &str) -> bool {
        self.by_id.contains_key(id)
    }

    fn insert(&mut self, id: String, row: Map<String, Value>) {
        self.order.push(id.clone());
        self.by_id.insert(id, row);
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut Map<String, Value>> {
        self.by_id.values_mut()
    }

    /// The rows in file order.
    fn into_rows(mut self) -> Vec<(String, Map<String, Value>)> {
        let order = std::mem::take(&mut self.order);
        order
            .into_iter()
            .filter_map(|id| self.by_id.remove(&id).map(|row| (id, row)))
            .collect()
    }
}

pub fn read(folder: &Path, report: &mut ImportReport) -> Result<Vec<Value>, ImportError> {
    let paths = resource_paths(folder, report);
    let mut tables_read: BTreeMap<&'static str, Rows> = BTreeMap::new();
    let organizations = folder.join(
        paths
            .get("organizations")
            .map_or("organizations.csv", String::as_str),
    );
    if !organizations.is_file() {
        return Err(ImportError::NotHsds {
            path: folder.to_path_buf(),
            message: "no organizations.csv: not an HSDS tabular package".into(),
        });
    }
    for table in tables::TABLES {
        let file = paths
            .get(table.name)
            .cloned()
            .unwrap_or_else(|| table.file_name());
        let path = folder.join(file);
        if path.is_file() {
            tables_read.insert(table.name, read_table(table, &path, report)?);
        }
    }
    for name in tables::NOT_CARRIED_TABLES {
        let path = folder.join(format!("{name}.csv"));
        if path.is_file() {
            let rows = count_rows(&path)?;
            if rows > 0 {
                *report.not_carried.entry(format!("{name}.csv")).or_default() += rows;
            }
        }
    }
    Ok(assemble(tables_read, report))
}

/// The CSV file of each resource a readable `datapackage.json` names; the HSDS file names otherwise.
fn resource_paths(folder: &Path, report: &mut ImportReport) -> BTreeMap<String, String> {
    let path = folder.join("datapackage.json");
    let mut paths = BTreeMap::new();
    let Ok(bytes) = read_bytes(&path) else {
        return paths;
    };
    let resources = serde_json::from_slice::<Value>(&bytes)
        .ok()
        .and_then(|v| v.get("resources").and_then(Value::as_array).cloned());
    match resources {
        Some(resources) => {
            for r in resources {
                let name = r.get("name").and_then(Value::as_str);
                let file = r.get("path").and_then(Value::as_str);
                if let (Some(name), Some(file)) = (name, file) {
                    // Only plain file names inside the package folder.
                    if !file.contains(['/', '\\']) && !file.starts_with('.') {
                        let table = if name == "organization" { "organizations" } else { name };
                        paths.insert(table.to_string(), file.to_string());
                    }
                }
            }
        }
        None => report.warnings.push(ImportWarning {
            record: "datapackage.json".into(),
            message: "is not a data package (no `resources` list); read the CSV files by their HSDS names"
                .into(),
        }),
    }
    paths
}

fn csv_error(path: &Path, error: csv::Error) -> ImportError {
    let message = match error.position() {
        Some(p) => format!("line {}: {error}", p.line()),
        None => error.to_string(),
    };
    ImportError::Csv {
        path: path.to_path_buf(),
        message,
    }
}

fn reader(path: &Path) -> Result<csv::Reader<std::io::Cursor<Vec<u8>>>, ImportError> {
    let mut bytes = read_bytes(path)?;
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        bytes.drain(..3);
    }
    let delimiter = match bytes.iter().position(|&b| b == b'\n') {
        // A spreadsheet's `;` package: a header with more semicolons than commas.
        Some(end) => {
            let header = &bytes[..end];
            let count = |c| header.iter().filter(|&&b| b == c).count();
            if count(b';') > count(b',') {
                b';'
            } else {
                b','
            }
        }
        None => b',',
    };
    Ok(csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .from_reader(std::io::Cursor::new(bytes)))
}

fn count_rows(path: &Path) -> Result<usize, ImportError> {
    let mut r = reader(path)?;
    let mut n = 0;
    for record in r.records() {
        record.map_err(|e| csv_error(path, e))?;
        n += 1;
    }
    Ok(n)
}

fn read_table(table: &Table, path: &Path, report: &mut ImportReport) -> Result<Rows, ImportError> {
    let mut r = reader(path)?;
    let headers: Vec<String> = r
        .headers()
        .map_err(|e| csv_error(path, e))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    for column in table.required {
        if !headers.iter().any(|h| h == column) {
            return Err(ImportError::MissingColumn {
                path: path.to_path_buf(),
                column,
                found: headers.join(", "),
            });
        }
    }
    let mut rows = Rows::default();
    for record in r.records() {
        let record = record.map_err(|e| csv_error(path, e))?;
        let line = record.position().map_or(0, |p| p.line());
        let mut row = Map::new();
        for (header, cell) in headers.iter().zip(record.iter()) {
            // Kept as written (a Markdown description ends in a newline); blank cells are absent.
            if cell.trim().is_empty() {
                continue;
            }
            if !table.columns.contains(&header.as_str()) {
                *report
                    .not_carried
                    .entry(format!("{}.csv:{header}", table.name))
                    .or_default() += 1;
                continue;
            }
            let value = if table.numbers.contains(&header.as_str()) {
                let number: f64 = cell.trim().parse().map_err(|_| ImportError::Csv {
                    path: path.to_path_buf(),
                    message: format!(
                        "line {line}: column `{header}` holds {}, not a number",
                        super::super::yaml_out::quoted(cell)
                    ),
                })?;
                serde_json::Number::from_f64(number)
                    .map(|n| {
                        if number.fract() == 0.0 && number.abs() < 1e15 {
                            Value::from(number as i64)
                        } else {
                            Value::Number(n)
                        }
                    })
                    .unwrap_or(Value::Null)
            } else {
                Value::String(cell.to_string())
            };
            row.insert(header.clone(), value);
        }
        let id = row
            .get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .trim()
            .to_string();
        if id.is_empty() {
            report.warnings.push(ImportWarning {
                record: format!("{} line {line}", table.file_name()),
                message: "row without an id; skipped".into(),
            });
            continue;
        }
        if rows.contains_key(&id) {
            report.warnings.push(ImportWarning {
                record: format!("{} {id}", singular(table.name)),
                message: format!(
                    "{} has this id twice; line {line} skipped",
                    table.file_name()
                ),
            });
            continue;
        }
        rows.insert(id, row);
    }
    Ok(rows)
}

fn singular(table: &str) -> &str {
    match table {
        "addresses" => "address",
        "taxonomies" => "taxonomy",
        "service_areas" => "service_area",
        "cost_options" => "cost_option",
        "taxonomy_terms" => "taxonomy_term",
        other => other.strip_suffix('s').unwrap_or(other),
    }
}

/// Tables whose rows go under others, leaves first, so a record is complete before it moves into its parent.
const ATTACH_ORDER: [&str; 11] = [
    "attributes",
    "languages",
    "phones",
    "contacts",
    "addresses",
    "schedules",
    "service_areas",
    "cost_options",
    "locations",
    "services",
    "organizations",
];

fn assemble(mut read: BTreeMap<&'static str, Rows>, report: &mut ImportReport) -> Vec<Value> {
    // Taxonomies into their terms, terms into the attributes that name them.
    let taxonomies = read.remove("taxonomies").unwrap_or_default();
    let mut terms = read.remove("taxonomy_terms").unwrap_or_default();
    for term in terms.values_mut() {
        if let Some(taxonomy) = term
            .get("taxonomy_id")
            .and_then(Value::as_str)
            .and_then(|id| taxonomies.get(id))
        {
            term.insert("taxonomy_detail".into(), Value::Object(taxonomy.clone()));
        }
    }
    if let Some(attributes) = read.get_mut("attributes") {
        for (id, attribute) in attributes.by_id.iter_mut() {
            let term_id = attribute
                .get("taxonomy_term_id")
                .and_then(Value::as_str)
                .unwrap_or("");
            match terms.get(term_id) {
                Some(term) => {
                    attribute.insert("taxonomy_term".into(), Value::Object(term.clone()));
                }
                None => report.warnings.push(ImportWarning {
                    record: format!("attribute {id}"),
                    message: format!("names taxonomy term {term_id}, which is not in taxonomy_terms.csv; not carried"),
                }),
            }
        }
    }
    for child in ATTACH_ORDER {
        let Some(table) = tables::by_name(child) else {
            continue;
        };
        if table.parents.is_empty() {
            continue;
        }
        let rows = read.remove(child).unwrap_or_default();
        for (id, row) in rows.into_rows() {
            let mut placed = false;
            for (column, parent_table, key) in table.parents {
                let Some(parent_id) = row.get(*column).and_then(Value::as_str) else {
                    continue;
                };
                if let Some(parent) = read
                    .get_mut(parent_table)
                    .and_then(|t| t.get_mut(parent_id))
                {
                    let list = parent
                        .entry(key.to_string())
                        .or_insert_with(|| Value::Array(Vec::new()));
                    if let Value::Array(items) = list {
                        items.push(Value::Object(row.clone()));
                    }
                    placed = true;
                    break;
                }
            }
            if !placed {
                // One phrase per column: `link_id` names a record of either of two tables.
                let mut named: Vec<String> = Vec::new();
                for (column, _, _) in table.parents {
                    let Some(value) = row.get(*column).and_then(Value::as_str) else {
                        continue;
                    };
                    let files: Vec<String> = table
                        .parents
                        .iter()
                        .filter(|(c, _, _)| c == column)
                        .map(|(_, parent, _)| format!("{parent}.csv"))
                        .collect();
                    let phrase =
                        format!("{column} {value}, which is not in {}", files.join(" or "));
                    if !named.contains(&phrase) {
                        named.push(phrase);
                    }
                }
                let holds: Vec<String> = row
                    .iter()
                    .filter_map(|(k, v)| v.as_array().map(|a| format!("{k}: {}", a.len())))
                    .collect();
                let with = if holds.is_empty() {
                    String::new()
                } else {
                    format!(" with what it holds ({})", holds.join(", "))
                };
                let names = if named.is_empty() {
                    "belongs to no record".to_string()
                } else {
                    format!("names {}", named.join(", "))
                };
                report.warnings.push(ImportWarning {
                    record: format!("{} {id}", singular(child)),
                    message: format!("{names}; skipped{with}"),
                });
            }
        }
    }
    read.remove("organizations")
        .unwrap_or_default()
        .into_rows()
        .into_iter()
        .map(|(_, row)| Value::Object(row))
        .collect()
}
