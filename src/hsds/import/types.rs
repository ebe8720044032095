//! Checking the types of a source before anything is mapped: every value the mapping reads has the type HSDS
//! gives it (a list, a record, a number or text); a wrong one is malformed input, an error naming where.

use super::super::yaml_out::quoted;
use super::ImportError;
use serde_json::Value;
use std::path::Path;

pub(super) fn kind_of(value: &Value) -> String {
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
pub(super) fn check_types(value: &Value, at: &str, path: &Path) -> Result<(), ImportError> {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_value_of_the_wrong_type_is_named_by_where_it_is_and_what_it_is() {
        let org = json!({"name": "X", "services": [{"name": "Y", "phones": {"number": "1"}}]});
        let error = check_types(&org, "[0]", Path::new("in.json")).unwrap_err();
        assert_eq!(
            error.to_string(),
            "in.json: [0].services[0].phones: expected a list, found an object"
        );
        let age = json!({"minimum_age": "achttien"});
        assert_eq!(
            check_types(&age, "[1]", Path::new("in.json"))
                .unwrap_err()
                .to_string(),
            "in.json: [1].minimum_age: expected a number, found the text \"achttien\""
        );
        // Null stands for absent; text, numbers and booleans are all text.
        let fine = json!({"email": null, "name": 12, "website": true, "services": []});
        assert!(check_types(&fine, "[2]", Path::new("in.json")).is_ok());
    }
}
