//! One HSDS record as the mapping reads it: typed field access that remembers which keys were read, so that
//! the rest can be counted as not carried.

use super::ImportReport;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

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
pub(super) struct Record<'a> {
    pub(super) kind: &'static str,
    pub(super) map: &'a Map<String, Value>,
    pub(super) read: BTreeSet<&'static str>,
}

impl<'a> Record<'a> {
    pub(super) fn new(kind: &'static str, value: &'a Value) -> Option<Record<'a>> {
        value.as_object().map(|map| Record {
            kind,
            map,
            read: STRUCTURAL.into_iter().collect(),
        })
    }

    /// A Markdown field as written (HSDS text is Markdown-compatible); None when absent or blank.
    pub(super) fn markdown(&mut self, key: &'static str) -> Option<String> {
        self.read.insert(key);
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => {
                Some(s.trim_start_matches('\n').to_string())
            }
            _ => None,
        }
    }

    pub(super) fn id(&self) -> String {
        match self.map.get("id") {
            Some(Value::String(s)) if !s.trim().is_empty() => s.trim().to_string(),
            _ => "(without id)".into(),
        }
    }

    pub(super) fn label(&self) -> String {
        format!("{} {}", self.kind, self.id())
    }

    /// A text field, trimmed; None when absent or empty. Numbers read as their text.
    pub(super) fn text(&mut self, key: &'static str) -> Option<String> {
        self.read.insert(key);
        match self.map.get(key)? {
            Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    }

    pub(super) fn number(&mut self, key: &'static str) -> Option<f64> {
        self.read.insert(key);
        self.map.get(key).and_then(Value::as_f64)
    }

    pub(super) fn list(&mut self, key: &'static str, kind: &'static str) -> Vec<Record<'a>> {
        self.read.insert(key);
        let map: &'a Map<String, Value> = self.map;
        map.get(key)
            .and_then(Value::as_array)
            .map(|items| items.iter().filter_map(|v| Record::new(kind, v)).collect())
            .unwrap_or_default()
    }

    pub(super) fn record(&mut self, key: &'static str, kind: &'static str) -> Option<Record<'a>> {
        self.read.insert(key);
        let map: &'a Map<String, Value> = self.map;
        map.get(key).and_then(|v| Record::new(kind, v))
    }

    /// Counts the keys with a value that the mapping did not read.
    pub(super) fn finish(self, report: &mut ImportReport) {
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn keys_with_a_value_that_the_mapping_did_not_read_are_counted_as_not_carried() {
        let value = json!({
            "id": "o1", "name": " Buurtteam ", "tax_id": "123", "logo": "", "funding": [],
            "legal_status": "stichting"
        });
        let mut record = Record::new("organization", &value).unwrap();
        assert_eq!(record.text("name").as_deref(), Some("Buurtteam"));
        assert_eq!(record.label(), "organization o1");
        let mut report = ImportReport::default();
        record.finish(&mut report);
        // `id` is structural, empty values are nothing, `name` was read.
        assert_eq!(
            report.not_carried.into_iter().collect::<Vec<_>>(),
            [
                ("organization.legal_status".to_string(), 1),
                ("organization.tax_id".to_string(), 1)
            ]
        );
    }
}
