//! Views of the learning paths: the listing with the prerequisite graph of all modules (`/leerroutes/`)
//! and the page of one path (`/leerroutes/ID/`), each step with its module's facts and why it comes here.

use super::super::prerequisite_graph::{self, GraphNode, SvgLabels};
use super::*;
use crate::content::Relation;

/// A date as shown and as `<time datetime>`.
#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub date: String,
    pub iso: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView {
    pub number: usize,
    pub title: String,
    pub url: String,
    pub summary: String,
    pub why: String,
    pub level: Option<String>,
    pub format: Option<String>,
    pub duration_hours: Option<String>,
    pub next_session: Option<DateView>,
    /// No dated session ahead, but an undated e-learning (see `always_available`).
    pub always_available: bool,
    /// Prerequisites of the module that this path leaves out.
    pub outside_prerequisites: Vec<Link>,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathView {
    pub title: String,
    pub summary: Option<String>,
    pub audience: Option<String>,
    pub steps: Vec<StepView>,
    /// The study load of all steps that state one ("12,5").
    pub total_hours: Option<String>,
    pub listing_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathSummaryView {
    pub title: String,
    pub url: String,
    pub summary: Option<String>,
    pub audience: Option<String>,
    pub steps: Vec<Link>,
}

/// One line of the graph's text alternative: a module and one module it requires.
#[derive(Debug, Clone, Serialize)]
pub struct Requirement {
    pub module: Link,
    pub requires: Link,
}

#[derive(Debug, Clone, Serialize)]
pub struct PathListingView {
    pub paths: Vec<PathSummaryView>,
    /// The prerequisite graph as inline SVG; None for a site without modules or with too many to draw.
    pub graph_svg: Option<String>,
    /// Whether the site has more modules than one figure can show readably (the list stays).
    pub graph_too_large: bool,
    pub has_modules: bool,
    /// Whether the graph is too wide to scale down to a phone: it keeps its size and scrolls instead.
    pub graph_wide: bool,
    /// The same relations as the graph, as text: its text alternative, always on the page.
    pub requirements: Vec<Requirement>,
    pub modules_url: String,
}

/// Ids in the listing page that the SVG refers to (the template writes the same ones).
const GRAPH_HEADING_ID: &str = "graaf-kop";
const GRAPH_LIST_ID: &str = "graaf-relaties";
/// Wider than this (three layers or more), the graph would shrink its text below legibility on a phone.
const SCALABLE_WIDTH: f64 = 400.0; // two columns are 368

/// Up to this many modules the graph is drawn. Beyond it nobody can read the figure (the 1,500 modules of
/// the 10,000-entry benchmark corpus made a 650 KB page of it); the relations stay as a list.
const GRAPH_MAX_MODULES: usize = 150;

impl ViewBuilder<'_> {
    fn module_ref(index: usize) -> EntryRef {
        EntryRef {
            kind: EntryKind::Module,
            index,
        }
    }

    /// The modules in the order cards list them: by title, ignoring case.
    fn modules_by_title(&self) -> Vec<usize> {
        let mut order: Vec<usize> = (0..self.site.count_of(EntryKind::Module)).collect();
        order.sort_by_cached_key(|&i| {
            crate::render::collation::dutch_sort_key(self.site.entry_title(Self::module_ref(i)))
        });
        order
    }

    /// The date of module `index`'s next session from the build date on (cancelled ones skipped; an
    /// e-learning without a date has none to show).
    pub(super) fn next_session_of(&self, index: usize) -> Option<DateView> {
        let node = &self.site.entries[EntryKind::Module][index];
        let module = node.entry.as_module()?;
        let date = module.next_session(self.site.today)?.date()?;
        Some(DateView {
            date: self.t.date(date),
            iso: date.to_string(),
        })
    }

    /// Whether module `index` has no dated session ahead but an e-learning one can start at any time: its
    /// next session is then the undated one (dated sessions sort first).
    pub(super) fn always_available(&self, index: usize) -> bool {
        let node = &self.site.entries[EntryKind::Module][index];
        node.entry
            .as_module()
            .and_then(|m| m.next_session(self.site.today))
            .is_some_and(|s| s.date().is_none())
    }

    pub fn path(&self, p: usize) -> PathView {
        let path = &self.site.paths[p];
        let modules = &self.site.entries[EntryKind::Module];
        let mut total = 0.0;
        let mut any_hours = false;
        let steps = path
            .steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let node = &modules[step.module];
                let module = node.entry.as_module();
                if let Some(hours) = module.and_then(|m| m.duration_hours) {
                    total += hours;
                    any_hours = true;
                }
                StepView {
                    number: i + 1,
                    title: node.entry.title.clone(),
                    url: self.site.entry_url(Self::module_ref(step.module)),
                    summary: node.summary.clone(),
                    why: step.why.clone(),
                    level: module.and_then(|m| m.level.clone()),
                    format: module.and_then(|m| m.format.clone()),
                    duration_hours: module
                        .and_then(|m| m.duration_hours)
                        .map(|h| self.decimal(h)),
                    next_session: self.next_session_of(step.module),
                    always_available: self.always_available(step.module),
                    outside_prerequisites: self
                        .entry_links(EntryKind::Module, &step.outside_prerequisites),
                }
            })
            .collect();
        PathView {
            title: path.title.clone(),
            summary: path.summary.clone(),
            audience: path.audience.clone(),
            steps,
            total_hours: any_hours.then(|| self.decimal(total)),
            listing_url: routes::url(self.site, PageJob::PathListing),
        }
    }

    pub fn path_listing(&self) -> PathListingView {
        let site = self.site;
        let paths = site
            .paths
            .iter()
            .enumerate()
            .map(|(p, path)| PathSummaryView {
                title: path.title.clone(),
                url: routes::url(site, PageJob::Path(p)),
                summary: path.summary.clone(),
                audience: path.audience.clone(),
                steps: path
                    .steps
                    .iter()
                    .map(|s| self.entry_link(Self::module_ref(s.module)))
                    .collect(),
            })
            .collect();
        // The graph's nodes in title order; edges from each prerequisite to the module requiring it.
        let order = self.modules_by_title();
        let mut place = vec![0; order.len()];
        for (position, &module) in order.iter().enumerate() {
            place[module] = position;
        }
        let nodes: Vec<GraphNode> = order
            .iter()
            .map(|&m| {
                let link = self.entry_link(Self::module_ref(m));
                GraphNode {
                    title: link.title,
                    url: link.url,
                }
            })
            .collect();
        let modules = &site.entries[EntryKind::Module];
        let mut edges = Vec::new();
        let mut requirements = Vec::new();
        for &m in &order {
            for &required in modules[m].relations.stated(Relation::Prerequisite) {
                edges.push((place[required], place[m]));
                requirements.push(Requirement {
                    module: self.entry_link(Self::module_ref(m)),
                    requires: self.entry_link(Self::module_ref(required)),
                });
            }
        }
        let graph_too_large = nodes.len() > GRAPH_MAX_MODULES;
        // Laid out only when drawn: the layout is the costly part at hundreds of modules.
        let drawn = (!nodes.is_empty() && !graph_too_large).then(|| {
            let layout = prerequisite_graph::layout(&nodes, &edges);
            let svg = prerequisite_graph::svg(
                &nodes,
                &layout,
                &SvgLabels {
                    labelled_by: GRAPH_HEADING_ID,
                    described_by: GRAPH_LIST_ID,
                    title: self.t.get("graph_title"),
                },
            );
            (svg, layout.width > SCALABLE_WIDTH)
        });
        let graph_wide = drawn.as_ref().is_some_and(|(_, wide)| *wide);
        let graph_svg = drawn.map(|(svg, _)| svg);
        PathListingView {
            paths,
            graph_svg,
            graph_too_large,
            has_modules: !nodes.is_empty(),
            graph_wide,
            requirements,
            modules_url: routes::url(site, PageJob::Listing(EntryKind::Module)),
        }
    }

    /// The learning paths module `index` is a step of, for its page.
    pub(super) fn paths_with_module(&self, index: usize) -> Vec<Link> {
        self.site
            .paths
            .iter()
            .enumerate()
            .filter(|(_, path)| path.steps.iter().any(|s| s.module == index))
            .map(|(p, path)| Link {
                title: path.title.clone(),
                url: routes::url(self.site, PageJob::Path(p)),
            })
            .collect()
    }
}
