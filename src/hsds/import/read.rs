//! Reading an import's two sides: the site it writes into (its domains, wijken and partners) and the
//! source, a JSON file of organizations or a CSV package, each at most `MAX_FILE_BYTES`.

use super::types::{check_types, kind_of};
use super::{csv_package, ImportError, ImportReport, MAX_FILE_BYTES};
use crate::content::{Area, Domain, EntryKind};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

/// The site an import writes into: what the mapping needs of it.
pub(super) struct Target {
    pub(super) base_url: String,
    pub(super) domains: Vec<Domain>,
    pub(super) areas: Vec<Area>,
    pub(super) partners: BTreeSet<String>,
}

pub(super) fn read_target(into: &Path) -> Result<Target, ImportError> {
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

pub(super) fn read_bytes(path: &Path) -> Result<Vec<u8>, ImportError> {
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
pub(super) fn read_source(
    source: &Path,
    report: &mut ImportReport,
) -> Result<Vec<Value>, ImportError> {
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

#[cfg(test)]
mod tests {
    use super::*;

    fn read(json: &str) -> Result<Vec<Value>, ImportError> {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("in.json");
        std::fs::write(&path, json).unwrap();
        read_source(&path, &mut ImportReport::default())
    }

    #[test]
    fn a_list_a_paged_list_or_one_organization_is_read_and_anything_else_is_said() {
        assert_eq!(read(r#"[{"name": "A"}, {"name": "B"}]"#).unwrap().len(), 2);
        assert_eq!(read(r#"{"contents": [{"name": "A"}]}"#).unwrap().len(), 1);
        assert_eq!(read(r#"{"name": "A"}"#).unwrap().len(), 1);
        let message = read(r#"{"total_items": 0}"#).unwrap_err().to_string();
        assert!(message.ends_with("expected a list of HSDS organizations, a paged list with `contents`, or one organization"), "{message}");
        let message = read("[1]").unwrap_err().to_string();
        assert!(
            message.ends_with("[0]: expected an organization (object), found the number 1"),
            "{message}"
        );
        let message = read("[{\"name\": \"A\",}]").unwrap_err().to_string();
        assert!(message.contains("in.json:1:"), "{message}");
    }
}
