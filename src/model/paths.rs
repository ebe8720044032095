//! Learning paths resolved against the modules (each step to its module's index), and the values the
//! module catalogue filters by (levels and formats, as written in the modules, each with a URL slug).

use crate::content::{EntryKind, LearningPath, Relation};
use crate::markdown::slugify;
use crate::model::EntryNode;
use std::collections::{BTreeMap, HashMap};

/// A learning path with its steps resolved to modules.
#[derive(Debug, Clone)]
pub struct PathNode {
    pub id: String,
    pub title: String,
    pub summary: Option<String>,
    pub audience: Option<String>,
    pub steps: Vec<StepNode>,
}

#[derive(Debug, Clone)]
pub struct StepNode {
    /// The module's index among the modules.
    pub module: usize,
    pub why: String,
    /// Prerequisites of the module that the path does not contain (allowed; the page names them).
    pub outside_prerequisites: Vec<usize>,
}

/// Resolves the steps of every path; steps naming an unknown module, or a module a second time, are
/// left out (validation reported them).
pub fn path_nodes(paths: Vec<LearningPath>, modules: &[EntryNode]) -> Vec<PathNode> {
    let index: HashMap<&str, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.meta().id.as_str(), i))
        .collect();
    paths
        .into_iter()
        .map(|path| {
            let mut in_path: Vec<usize> = Vec::with_capacity(path.steps.len());
            let mut steps = Vec::with_capacity(path.steps.len());
            for step in path.steps {
                let Some(&module) = index.get(step.module.value.as_str()) else {
                    continue;
                };
                if in_path.contains(&module) {
                    continue;
                }
                in_path.push(module);
                steps.push(StepNode {
                    module,
                    why: step.why,
                    outside_prerequisites: Vec::new(),
                });
            }
            for step in &mut steps {
                step.outside_prerequisites = modules[step.module]
                    .relations
                    .stated(Relation::Prerequisite)
                    .iter()
                    .copied()
                    .filter(|p| !in_path.contains(p))
                    .collect();
            }
            PathNode {
                id: path.id,
                title: path.title,
                summary: path.summary,
                audience: path.audience,
                steps,
            }
        })
        .collect()
}

/// One value of a module field the catalogue filters by: how it is shown, its URL segment and the
/// modules that have it (in entry order).
#[derive(Debug, Clone, PartialEq)]
pub struct FacetValue {
    pub label: String,
    pub slug: String,
    pub modules: Vec<usize>,
}

/// The levels and formats the modules name, each once (spellings that make the same slug are one value,
/// shown as first written), sorted by slug.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ModuleFacets {
    pub levels: Vec<FacetValue>,
    pub formats: Vec<FacetValue>,
}

impl ModuleFacets {
    pub fn collect(modules: &[EntryNode]) -> Self {
        let values = |field: fn(&crate::content::Module) -> Option<&String>| {
            let mut by_slug: BTreeMap<String, FacetValue> = BTreeMap::new();
            for (i, node) in modules.iter().enumerate() {
                let Some(text) = node.entry.as_module().and_then(field) else {
                    continue;
                };
                let slug = slugify(text);
                if slug.is_empty() {
                    continue;
                }
                by_slug
                    .entry(slug.clone())
                    .or_insert_with(|| FacetValue {
                        label: text.trim().to_string(),
                        slug,
                        modules: Vec::new(),
                    })
                    .modules
                    .push(i);
            }
            by_slug.into_values().collect()
        };
        debug_assert!(modules.iter().all(|m| m.kind() == EntryKind::Module));
        ModuleFacets {
            levels: values(|m| m.level.as_ref()),
            formats: values(|m| m.format.as_ref()),
        }
    }
}
