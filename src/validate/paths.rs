//! Learning paths (`content/_data/paths.yaml`): reads the file (`read_paths`) and checks each path
//! against the modules (`check`): every step names a module that exists, no module is a step twice, and
//! no step comes before a module it requires.
//!
//! A prerequisite that is not in the path at all is allowed: a path is an editorial route, and one for
//! coaches who followed the basics elsewhere may leave them out. The path page names such a prerequisite
//! beside its step, so nobody misses it (see `model::paths`).

use super::data::{list_items, read_id};
use super::references::{NotLoaded, Unchecked};
use crate::content::{Content, EntryKind, LearningPath, PathStep};
use crate::diagnostics::{suggestion_hint, Diagnostic, Diagnostics};
use crate::yaml::{ReadContext, Spanned};
use serde_yaml::Value;
use std::collections::HashMap;

/// The paths of the file, each with its steps; a path without usable id or title is left out (reported).
pub fn read_paths(ctx: &mut ReadContext, value: &Value) -> Vec<LearningPath> {
    let mut seen = HashMap::new();
    let mut paths = Vec::new();
    for mut r in list_items(ctx, value, "learning path") {
        let id = read_id(ctx, &mut r, &mut seen);
        let title = r.required_text(ctx, "title");
        let summary = r.text(ctx, "summary").map(|t| t.value.trim().to_string());
        let audience = r.text(ctx, "audience").map(|t| t.value.trim().to_string());
        let steps_hint = "add `steps:` with one `- module: ID` and `why: …` per module, in order";
        if !r.has("steps") {
            r.report_missing(ctx, "steps", steps_hint.into());
        }
        if r.is_empty_list("steps") {
            let at = ctx.positions.value(&r.path_of("steps"));
            ctx.error(
                "missing-field",
                at,
                "`steps` is empty".into(),
                steps_hint.into(),
            );
        }
        let mut steps = Vec::new();
        for mut step in r.mapping_list(ctx, "steps", "step") {
            let module = step.required_text(ctx, "module");
            let why = step.required_text(ctx, "why");
            step.finish(ctx);
            let Some(module) = module else { continue };
            let trimmed = module.value.trim().to_string();
            if let Err(error) = crate::formats::check_id(&trimmed) {
                ctx.error(
                    "invalid-format",
                    module.position(),
                    error.message,
                    error.hint,
                );
                continue;
            }
            steps.push(PathStep {
                module: Spanned::new(trimmed, module.at),
                why: why.map_or_else(String::new, |w| w.value.trim().to_string()),
            });
        }
        r.finish(ctx);
        if let (Some(id), Some(title)) = (id, title) {
            paths.push(LearningPath {
                at: id.position(),
                id: id.value,
                title: title.value.trim().to_string(),
                summary,
                audience,
                steps,
            });
        }
    }
    paths
}

/// Checks every path against the modules; all problems of all paths are reported.
pub fn check(
    content: &Content,
    not_loaded: &NotLoaded,
    unchecked: &mut Unchecked,
    diagnostics: &mut Diagnostics,
) {
    let modules = &content.entries[EntryKind::Module];
    let prerequisites: HashMap<&str, &[Spanned<String>]> = modules
        .iter()
        .map(|m| {
            let required = m.as_module().map_or(&[][..], |m| &m.prerequisites[..]);
            (m.meta.id.as_str(), required)
        })
        .collect();
    let file = content.paths_file.as_str();
    for path in &content.paths {
        // Where each module stands in this path: its step number (1-based) and the step itself.
        let mut places: HashMap<&str, (usize, &PathStep)> = HashMap::new();
        for (i, step) in path.steps.iter().enumerate() {
            let id = step.module.value.as_str();
            if !prerequisites.contains_key(id) && not_loaded.contains(EntryKind::Module, id) {
                unchecked.count(EntryKind::Module, id);
                continue;
            }
            if !prerequisites.contains_key(id) {
                diagnostics.push(
                    Diagnostic::error(
                        EntryKind::Module.unknown_code(),
                        file,
                        step.module.position(),
                        format!("unknown module `{id}` in learning path `{}`", path.id),
                    )
                    .with_hint(suggestion_hint(
                        id,
                        prerequisites.keys().copied(),
                        "modules",
                    )),
                );
                continue;
            }
            if let Some((first, _)) = places.get(id) {
                diagnostics.push(
                    Diagnostic::error(
                        "duplicate-step",
                        file,
                        step.module.position(),
                        format!(
                            "module `{id}` is already step {first} of learning path `{}`",
                            path.id
                        ),
                    )
                    .with_hint("list every module once per path; remove this step or the first"),
                );
                continue;
            }
            places.insert(id, (i + 1, step));
        }
        for (i, step) in path.steps.iter().enumerate() {
            let id = step.module.value.as_str();
            // Only the first occurrence of a module counts; a repeated one is reported above.
            if places.get(id).is_none_or(|(n, _)| *n != i + 1) {
                continue;
            }
            for required in prerequisites.get(id).copied().unwrap_or_default() {
                let Some(&(later, later_step)) = places.get(required.value.as_str()) else {
                    continue;
                };
                if later > i + 1 {
                    diagnostics.push(
                        Diagnostic::error(
                            "prerequisite-order",
                            file,
                            step.module.position(),
                            format!(
                                "step {} `{id}` of learning path `{}` requires `{}`, which comes later, as step {later} (line {})",
                                i + 1,
                                path.id,
                                required.value,
                                later_step.module.position().line
                            ),
                        )
                        .with_hint(format!(
                            "move `{}` before `{id}` in the path",
                            required.value
                        )),
                    );
                }
            }
        }
    }
}
