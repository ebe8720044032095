//! Typed reading of YAML mappings: each call reads one field, records it as known, and reports a wrong type
//! or format at the value's position. `finish` reports every field nobody asked for, with a "did you mean".

use super::{At, PositionIndex};
use crate::diagnostics::{suggestion_hint, Diagnostic, Diagnostics, Position};
use crate::formats::{self, FormatError};
use chrono::NaiveDate;
use serde_yaml::{Mapping, Value};
use std::sync::Arc;

/// A value with the position it was written at, for diagnostics found in later stages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Spanned<T> {
    pub value: T,
    pub at: At,
}

impl<T> Spanned<T> {
    pub fn new(value: T, at: impl Into<At>) -> Self {
        Spanned {
            value,
            at: at.into(),
        }
    }

    /// Where the value was written, for a diagnostic about it.
    pub fn position(&self) -> Position {
        self.at.position()
    }
}

/// Where diagnostics of one file go while it is read.
pub struct ReadContext<'a> {
    pub file: &'a str,
    /// Hash of the file's text, recorded in what is read from it.
    pub source: u64,
    pub positions: &'a Arc<PositionIndex>,
    pub diagnostics: &'a mut Diagnostics,
}

impl ReadContext<'_> {
    /// The place of the value at `path`, to look up if a diagnostic needs it.
    pub fn at(&self, path: String) -> At {
        At::Path(Arc::clone(self.positions), path.into_boxed_str())
    }

    pub fn error(&mut self, code: &'static str, at: Position, message: String, hint: String) {
        self.diagnostics
            .push(Diagnostic::error(code, self.file, at, message).with_hint(hint));
    }

    pub fn warning(&mut self, code: &'static str, at: Position, message: String, hint: String) {
        self.diagnostics
            .push(Diagnostic::warning(code, self.file, at, message).with_hint(hint));
    }

    fn format_error(&mut self, at: Position, error: FormatError) {
        self.error("invalid-format", at, error.message, error.hint);
    }
}

/// Reads the fields of one mapping (a partner, a service, an address …).
pub struct FieldReader<'v> {
    path: String,
    map: &'v Mapping,
    what: &'static str,
    known: Vec<&'static str>,
}

fn type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "nothing",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Sequence(_) => "a list",
        Value::Mapping(_) => "a mapping",
        Value::Tagged(_) => "a tagged value",
    }
}

/// Text of a scalar, as the editor wrote it (numbers and booleans included: `postal_code: 5641` is text).
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// A plausible value for an item of the list `key`, for hints.
fn example_item(key: &str) -> &'static str {
    match key {
        "domains" => "financien",
        "areas" => "centrum",
        "partners" => "voedselbank",
        "regulations" => "participatiewet",
        "modules" | "prerequisites" => "geldzorgen-basis",
        "languages" => "Nederlands",
        _ => "…",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}/{key}")
    }
}

impl<'v> FieldReader<'v> {
    /// A reader for `value` at `path`; reports an error and returns None when it is not a mapping.
    pub fn new(
        ctx: &mut ReadContext,
        value: &'v Value,
        path: &str,
        what: &'static str,
    ) -> Option<Self> {
        match value {
            Value::Mapping(map) => Some(FieldReader {
                path: path.to_string(),
                map,
                what,
                known: Vec::new(),
            }),
            other => {
                let at = ctx.positions.value(path);
                ctx.error(
                    "wrong-type",
                    at,
                    format!(
                        "a {what} must be a mapping of fields, found {}",
                        type_name(other)
                    ),
                    "write one `field: value` per line".into(),
                );
                None
            }
        }
    }

    pub fn path_of(&self, key: &str) -> String {
        child(&self.path, key)
    }

    /// Where the mapping itself stands, looked up only if a diagnostic needs it.
    pub fn at(&self, ctx: &ReadContext) -> At {
        ctx.at(self.path.clone())
    }

    /// Position of the mapping itself, where a missing field is reported.
    pub fn position(&self, ctx: &ReadContext) -> Position {
        ctx.positions.value(&self.path)
    }

    /// Whether the mapping has a non-empty value for `key`.
    pub fn has(&self, key: &str) -> bool {
        self.map.get(key).is_some_and(|v| !v.is_null())
    }

    /// Whether the mapping writes `key` as an empty list (`steps: []`).
    pub fn is_empty_list(&self, key: &str) -> bool {
        matches!(self.map.get(key), Some(Value::Sequence(items)) if items.is_empty())
    }

    /// Reports that a required field is absent, at the mapping's position.
    pub fn report_missing(&self, ctx: &mut ReadContext, key: &str, hint: String) {
        let at = self.position(ctx);
        ctx.error(
            "missing-field",
            at,
            format!("{} has no `{key}`", article(self.what)),
            hint,
        );
    }

    fn get(&mut self, key: &'static str) -> Option<&'v Value> {
        self.known.push(key);
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(value) => Some(value),
        }
    }

    fn wrong_type(&self, ctx: &mut ReadContext, key: &str, expected: &str, found: &Value) {
        let at = ctx.positions.value(&self.path_of(key));
        ctx.error(
            "wrong-type",
            at,
            format!("`{key}` must be {expected}, found {}", type_name(found)),
            format!("see the {} fields in `kaartenbak help content`", self.what),
        );
    }

    pub fn text(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<String>> {
        let value = self.get(key)?;
        let at = ctx.at(self.path_of(key));
        match scalar_text(value) {
            Some(text) if text.trim().is_empty() => None,
            Some(text) => Some(Spanned::new(text, at)),
            None => {
                self.wrong_type(ctx, key, "text", value);
                None
            }
        }
    }

    pub fn required_text(
        &mut self,
        ctx: &mut ReadContext,
        key: &'static str,
    ) -> Option<Spanned<String>> {
        let present = self.map.get(key).is_some_and(|v| !v.is_null());
        let text = self.text(ctx, key);
        if text.is_none() && !present {
            let at = self.position(ctx);
            ctx.error(
                "missing-field",
                at,
                format!("{} has no `{key}`", article(self.what)),
                format!("add `{key}: …`; it is required"),
            );
        } else if text.is_none() {
            let at = ctx.positions.value(&self.path_of(key));
            ctx.error(
                "missing-field",
                at,
                format!("`{key}` is empty"),
                format!("fill in `{key}`; it is required"),
            );
        }
        text
    }

    /// A text checked by `check`; an invalid value is reported and dropped.
    pub fn checked_text(
        &mut self,
        ctx: &mut ReadContext,
        key: &'static str,
        check: fn(&str) -> Result<(), FormatError>,
    ) -> Option<Spanned<String>> {
        let text = self.text(ctx, key)?;
        match check(text.value.trim()) {
            Ok(()) => Some(Spanned::new(text.value.trim().to_string(), text.at)),
            Err(error) => {
                ctx.format_error(text.position(), error);
                None
            }
        }
    }

    pub fn email(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<String>> {
        self.checked_text(ctx, key, formats::check_email)
    }

    pub fn url(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<String>> {
        self.checked_text(ctx, key, formats::check_url)
    }

    pub fn phone(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<String>> {
        self.checked_text(ctx, key, formats::check_phone)
    }

    pub fn date(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<NaiveDate>> {
        let text = self.text(ctx, key)?;
        match formats::parse_date(&text.value) {
            Ok(date) => Some(Spanned::new(date, text.at)),
            Err(error) => {
                ctx.format_error(text.position(), error);
                None
            }
        }
    }

    /// One of `allowed`, compared case-insensitively and returned in its canonical spelling.
    pub fn choice(
        &mut self,
        ctx: &mut ReadContext,
        key: &'static str,
        allowed: &'static [&'static str],
    ) -> Option<Spanned<&'static str>> {
        let text = self.text(ctx, key)?;
        let wanted = text.value.trim().to_lowercase();
        match allowed.iter().find(|a| **a == wanted) {
            Some(choice) => Some(Spanned::new(*choice, text.at)),
            None => {
                ctx.error(
                    "invalid-value",
                    text.position(),
                    format!("`{}` is not a valid {key}", text.value),
                    format!("{key} is one of: {}", allowed.join(", ")),
                );
                None
            }
        }
    }

    /// `true` or `false`.
    pub fn flag(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<bool>> {
        let value = self.get(key)?;
        let at = ctx.at(self.path_of(key));
        match value {
            Value::Bool(b) => Some(Spanned::new(*b, at)),
            other => {
                self.wrong_type(ctx, key, "`true` or `false`", other);
                None
            }
        }
    }

    pub fn whole_number(
        &mut self,
        ctx: &mut ReadContext,
        key: &'static str,
    ) -> Option<Spanned<u32>> {
        let value = self.get(key)?;
        let at = ctx.at(self.path_of(key));
        match value.as_u64().and_then(|n| u32::try_from(n).ok()) {
            Some(n) => Some(Spanned::new(n, at)),
            None => {
                ctx.error(
                    "wrong-type",
                    at.position(),
                    format!("`{key}` must be a whole number, found {}", describe(value)),
                    format!("write a number without quotes, e.g. `{key}: 18`"),
                );
                None
            }
        }
    }

    pub fn number(&mut self, ctx: &mut ReadContext, key: &'static str) -> Option<Spanned<f64>> {
        let value = self.get(key)?;
        let at = ctx.at(self.path_of(key));
        match value.as_f64().filter(|n| n.is_finite() && *n >= 0.0) {
            Some(n) => Some(Spanned::new(n, at)),
            None => {
                ctx.error(
                    "wrong-type",
                    at.position(),
                    format!("`{key}` must be a number, found {}", describe(value)),
                    format!("write a number without quotes, e.g. `{key}: 4.5`"),
                );
                None
            }
        }
    }

    /// A list of texts. A single bare value counts as a one-item list, so `areas: gemeentebreed` works.
    pub fn text_list(&mut self, ctx: &mut ReadContext, key: &'static str) -> Vec<Spanned<String>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let path = self.path_of(key);
        if let Some(text) = scalar_text(value) {
            return vec![Spanned::new(text, ctx.at(path))];
        }
        let Value::Sequence(items) = value else {
            self.wrong_type(ctx, key, "a list", value);
            return Vec::new();
        };
        let mut texts = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let item_path = child(&path, &i.to_string());
            let at = ctx.at(item_path);
            match scalar_text(item) {
                Some(text) if !text.trim().is_empty() => texts.push(Spanned::new(text, at)),
                // A bare `-` (as the scaffolds leave for a required list) would otherwise count as nothing.
                None if item.is_null() => ctx.error(
                    "empty-item",
                    at.position(),
                    format!("`{key}` has an empty item"),
                    format!(
                        "write a value after the `-` (e.g. `- {}`), or remove the line",
                        example_item(key)
                    ),
                ),
                Some(_) => ctx.error(
                    "empty-item",
                    at.position(),
                    format!("`{key}` has an empty item"),
                    "write a value between the quotes, or remove the line".to_string(),
                ),
                _ => ctx.error(
                    "wrong-type",
                    at.position(),
                    format!("items of `{key}` must be text, found {}", type_name(item)),
                    format!("write one value per line as `- value` under `{key}:`"),
                ),
            }
        }
        texts
    }

    /// A list of ids (domains, areas, partners …), each checked for the id format.
    pub fn id_list(&mut self, ctx: &mut ReadContext, key: &'static str) -> Vec<Spanned<String>> {
        self.text_list(ctx, key)
            .into_iter()
            .filter_map(|id| {
                let trimmed = id.value.trim().to_string();
                match formats::check_id(&trimmed) {
                    Ok(()) => Some(Spanned::new(trimmed, id.at)),
                    Err(error) => {
                        ctx.format_error(id.position(), error);
                        None
                    }
                }
            })
            .collect()
    }

    /// A nested mapping, such as `address`.
    pub fn mapping(
        &mut self,
        ctx: &mut ReadContext,
        key: &'static str,
        what: &'static str,
    ) -> Option<FieldReader<'v>> {
        let value = self.get(key)?;
        FieldReader::new(ctx, value, &self.path_of(key), what)
    }

    /// A list of mappings, such as `services`; items that are not mappings are reported and skipped.
    pub fn mapping_list(
        &mut self,
        ctx: &mut ReadContext,
        key: &'static str,
        what: &'static str,
    ) -> Vec<FieldReader<'v>> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let path = self.path_of(key);
        match value {
            Value::Sequence(items) => items
                .iter()
                .enumerate()
                .filter_map(|(i, item)| {
                    FieldReader::new(ctx, item, &child(&path, &i.to_string()), what)
                })
                .collect(),
            other => {
                self.wrong_type(ctx, key, &format!("a list of {what}s"), other);
                Vec::new()
            }
        }
    }

    /// Reports every field that was not read: a typo or a field from another kind.
    pub fn finish(self, ctx: &mut ReadContext) {
        for key in self.map.keys() {
            let name = scalar_text(key).unwrap_or_else(|| "?".into());
            if self.known.iter().any(|k| *k == name) {
                continue;
            }
            let at = ctx.positions.key(&self.path_of(&name));
            let hint = suggestion_hint(&name, self.known.iter().copied(), "fields");
            ctx.error(
                "unknown-field",
                at,
                format!("unknown field `{name}` in {}", article(self.what)),
                hint,
            );
        }
    }
}

fn describe(value: &Value) -> String {
    match scalar_text(value) {
        Some(text) => format!("`{text}`"),
        None => type_name(value).to_string(),
    }
}

fn article(what: &str) -> String {
    let vowel = what.starts_with(['a', 'e', 'i', 'o', 'u']);
    format!("{} {what}", if vowel { "an" } else { "a" })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml;

    fn read(text: &str, body: impl FnOnce(&mut ReadContext, FieldReader)) -> Vec<Diagnostic> {
        let kept = yaml::PositionText::Kept(text.into());
        let doc = yaml::parse(text, "p.yaml", Position::START, kept).unwrap();
        let mut diagnostics = Diagnostics::default();
        let mut ctx = ReadContext {
            file: "p.yaml",
            source: 0,
            positions: &doc.positions,
            diagnostics: &mut diagnostics,
        };
        let reader = FieldReader::new(&mut ctx, &doc.value, "", "partner").unwrap();
        body(&mut ctx, reader);
        diagnostics.sorted()
    }

    #[test]
    fn unknown_fields_get_a_did_you_mean() {
        let found = read("name: x\nwebsit: https://a.example/\n", |ctx, mut r| {
            r.text(ctx, "name");
            r.url(ctx, "website");
            r.finish(ctx);
        });
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].code, "unknown-field");
        assert_eq!((found[0].line, found[0].column), (2, 1));
        assert_eq!(found[0].hint.as_deref(), Some("did you mean `website`?"));
    }

    #[test]
    fn every_problem_of_a_mapping_is_reported() {
        let found = read(
            "email: nope\nphone: bel ons\nlast_verified: 2026-13-01\nminimum_age: achttien\n",
            |ctx, mut r| {
                r.email(ctx, "email");
                r.phone(ctx, "phone");
                r.date(ctx, "last_verified");
                r.whole_number(ctx, "minimum_age");
                r.required_text(ctx, "name");
                r.finish(ctx);
            },
        );
        let codes: Vec<_> = found.iter().map(|d| (d.line, d.code)).collect();
        assert_eq!(
            codes,
            [
                (1, "missing-field"),
                (1, "invalid-format"),
                (2, "invalid-format"),
                (3, "invalid-format"),
                (4, "wrong-type")
            ]
        );
    }

    #[test]
    fn a_bare_value_is_a_one_item_list() {
        read("areas: gemeentebreed\n", |ctx, mut r| {
            let areas = r.id_list(ctx, "areas");
            assert_eq!(areas.len(), 1);
            assert_eq!(areas[0].value, "gemeentebreed");
        });
    }
}
