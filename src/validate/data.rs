//! Reads the shared data files: the domain taxonomy and the wijken with their postcodes (learning paths
//! are read in `paths`, with the same list helpers).

use crate::content::{Area, Domain, PostcodeRange};
use crate::formats;
use crate::yaml::{FieldReader, ReadContext, Spanned};
use serde_yaml::Value;
use std::collections::HashMap;

/// The items of a data file, which must be a YAML list of mappings.
pub(super) fn list_items<'v>(
    ctx: &mut ReadContext,
    value: &'v Value,
    what: &'static str,
) -> Vec<FieldReader<'v>> {
    match value {
        Value::Sequence(items) => items
            .iter()
            .enumerate()
            .filter_map(|(i, item)| FieldReader::new(ctx, item, &i.to_string(), what))
            .collect(),
        Value::Null => Vec::new(),
        _ => {
            let at = ctx.positions.value("");
            ctx.error(
                "wrong-type",
                at,
                format!("this file must be a list of {what}s"),
                format!("start each {what} with `- id: …`"),
            );
            Vec::new()
        }
    }
}

/// A list field as set, for an item that may override another's fields (a site's glossary term or need):
/// None when absent (or empty, `key:`), the items when written (`[]` clears it); `ids` checks each item
/// for the id format.
pub(super) fn optional_list(
    ctx: &mut ReadContext,
    r: &mut FieldReader,
    key: &'static str,
    ids: bool,
) -> Option<Vec<Spanned<String>>> {
    let set = r.has(key);
    let items = if ids {
        r.id_list(ctx, key)
    } else {
        r.text_list(ctx, key)
    };
    set.then(|| {
        items
            .into_iter()
            .map(|t| Spanned::new(t.value.trim().to_string(), t.at))
            .collect()
    })
}

/// A text field as set, for an item that may override another's fields: None when absent. Written but
/// empty it is an error, and `Some("")`, so that a merge does not report it missing as well.
pub(super) fn optional_text(
    ctx: &mut ReadContext,
    r: &mut FieldReader,
    key: &'static str,
) -> Option<Spanned<String>> {
    let set = r.has(key);
    let text = r.text(ctx, key);
    if set && text.is_none() {
        let path = r.path_of(key);
        let at = ctx.positions.value(&path);
        ctx.error(
            "missing-field",
            at,
            format!("`{key}` is empty"),
            format!("fill in `{key}`, or leave the field out"),
        );
        return Some(Spanned::new(String::new(), ctx.at(path)));
    }
    text.map(|t| Spanned::new(t.value.trim().to_string(), t.at))
}

/// Reads the id of a data item and reports duplicates.
pub(super) fn read_id(
    ctx: &mut ReadContext,
    reader: &mut FieldReader,
    seen: &mut HashMap<String, usize>,
) -> Option<Spanned<String>> {
    let id = reader.required_text(ctx, "id")?;
    if let Err(error) = formats::check_id(&id.value) {
        ctx.error("invalid-format", id.position(), error.message, error.hint);
        return None;
    }
    if let Some(line) = seen.insert(id.value.clone(), id.position().line) {
        ctx.error(
            "duplicate-id",
            id.position(),
            format!("the id `{}` is already used on line {line}", id.value),
            "give every item its own id".into(),
        );
        return None;
    }
    Some(id)
}

pub fn read_domains(ctx: &mut ReadContext, value: &Value) -> Vec<Domain> {
    let mut seen = HashMap::new();
    let mut domains = Vec::new();
    for mut r in list_items(ctx, value, "domain") {
        let id = read_id(ctx, &mut r, &mut seen);
        let label = r.required_text(ctx, "label");
        let description = r.text(ctx, "description").map(|t| t.value);
        let synonyms = r
            .text_list(ctx, "synonyms")
            .into_iter()
            .map(|s| s.value)
            .collect();
        let signals = r
            .text_list(ctx, "signals")
            .into_iter()
            .map(|s| s.value)
            .collect();
        r.finish(ctx);
        if let (Some(id), Some(label)) = (id, label) {
            domains.push(Domain {
                at: id.position(),
                id: id.value,
                label: label.value,
                description,
                synonyms,
                signals,
            });
        }
    }
    domains
}

pub fn read_areas(ctx: &mut ReadContext, value: &Value) -> Vec<Area> {
    let mut seen = HashMap::new();
    let mut areas = Vec::new();
    for mut r in list_items(ctx, value, "area") {
        let id = read_id(ctx, &mut r, &mut seen);
        if let Some(reserved) = id
            .as_ref()
            .filter(|id| id.value == super::MUNICIPALITY_WIDE)
        {
            ctx.error(
                "invalid-value",
                reserved.position(),
                format!(
                    "`{}` is reserved for partners that work in every wijk",
                    reserved.value
                ),
                "give the wijk its own id, such as its name in lowercase with hyphens".into(),
            );
        }
        let name = r.required_text(ctx, "name");
        let description = r.text(ctx, "description").map(|t| t.value);
        let postcodes = r
            .text_list(ctx, "postcodes")
            .into_iter()
            .filter_map(|code| match parse_postcode_range(&code.value) {
                Some(range) => Some(Spanned::new(range, code.position())),
                None => {
                    ctx.error(
                        "invalid-format",
                        code.position(),
                        format!("`{}` is not a PC4 postcode or range", code.value),
                        "write four digits (`\"5641\"`) or an inclusive range (`\"5641-5643\"`)"
                            .into(),
                    );
                    None
                }
            })
            .collect();
        r.finish(ctx);
        if let (Some(id), Some(name)) = (id, name) {
            areas.push(Area {
                at: id.position(),
                id: id.value,
                name: name.value,
                description,
                postcodes,
            });
        }
    }
    areas
}

pub fn parse_postcode_range(text: &str) -> Option<PostcodeRange> {
    let pc4 = |s: &str| {
        let s = s.trim();
        (s.len() == 4 && s.chars().all(|c| c.is_ascii_digit()) && !s.starts_with('0'))
            .then(|| s.parse::<u16>().ok())
            .flatten()
    };
    match text.split_once('-') {
        Some((first, last)) => {
            let (first, last) = (pc4(first)?, pc4(last)?);
            (first <= last).then_some(PostcodeRange { first, last })
        }
        None => pc4(text).map(|code| PostcodeRange {
            first: code,
            last: code,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcode_ranges() {
        assert_eq!(
            parse_postcode_range("5641"),
            Some(PostcodeRange {
                first: 5641,
                last: 5641
            })
        );
        assert_eq!(
            parse_postcode_range("5641-5643"),
            Some(PostcodeRange {
                first: 5641,
                last: 5643
            })
        );
        assert_eq!(parse_postcode_range("5643-5641"), None);
        assert_eq!(parse_postcode_range("564"), None);
        assert_eq!(parse_postcode_range("5641 AB"), None);
    }
}
