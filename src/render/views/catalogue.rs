//! The module catalogue (opleidingsaanbod, `/modules/`): every module with its next session, filters by
//! domain, level and format that are plain links to pre-rendered pages (`/modules/domein/ID/`,
//! `/modules/niveau/SLUG/`, `/modules/vorm/SLUG/`: a static site has no server to filter, and a link works
//! without script), and the gaps: domains that have partners or regulations but no module.

use super::super::routes::ModuleFilter;
use super::paths::DateView;
use super::*;

#[derive(Debug, Clone, Serialize)]
pub struct CatalogueModule {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub level: Option<String>,
    pub format: Option<String>,
    pub duration_hours: Option<String>,
    pub domains: Vec<String>,
    pub next_session: Option<DateView>,
    /// No dated session ahead, but an undated e-learning: "Altijd beschikbaar", not "no session".
    pub always_available: bool,
    pub stale: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterOption {
    pub label: String,
    pub url: String,
    pub count: usize,
    /// The filter of this page: the template marks it `aria-current="page"`.
    pub current: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct FilterGroup {
    /// "Leefgebied", "Niveau", "Vorm".
    pub label: String,
    pub options: Vec<FilterOption>,
}

/// The filter a page shows: its dimension and value, and the catalogue without it.
#[derive(Debug, Clone, Serialize)]
pub struct ActiveFilter {
    pub dimension: String,
    pub value: String,
    pub clear_url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ModuleCatalogueView {
    pub title: String,
    pub active: Option<ActiveFilter>,
    pub filters: Vec<FilterGroup>,
    pub modules: Vec<CatalogueModule>,
    /// Domains with partners or regulations but no module (on the unfiltered catalogue only).
    pub gaps: Vec<Link>,
    pub paths_url: Option<String>,
}

impl ViewBuilder<'_> {
    /// The modules of `filter` (all without one), in entry order.
    fn filtered_modules(&self, filter: Option<ModuleFilter>) -> Vec<usize> {
        let site = self.site;
        match filter {
            None => (0..site.count_of(EntryKind::Module)).collect(),
            Some(ModuleFilter::Domain(d)) => site.domains[d].entries[EntryKind::Module].clone(),
            Some(ModuleFilter::Level(i)) => site.module_facets.levels[i].modules.clone(),
            Some(ModuleFilter::Format(i)) => site.module_facets.formats[i].modules.clone(),
        }
    }

    fn dimension_label(&self, filter: ModuleFilter) -> &str {
        self.t.get(match filter {
            ModuleFilter::Domain(_) => "filter_domain",
            ModuleFilter::Level(_) => "filter_level",
            ModuleFilter::Format(_) => "filter_format",
        })
    }

    pub fn module_catalogue(
        &self,
        filter: Option<ModuleFilter>,
        title: String,
    ) -> ModuleCatalogueView {
        let site = self.site;
        let modules = &site.entries[EntryKind::Module];
        let mut shown = self.filtered_modules(filter);
        shown.sort_by_cached_key(|&i| {
            crate::render::collation::dutch_sort_key(&modules[i].entry.title)
        });
        let cards = shown
            .into_iter()
            .map(|i| {
                let node = &modules[i];
                let module = node.entry.as_module();
                CatalogueModule {
                    title: node.entry.title.clone(),
                    url: site.entry_url(EntryRef {
                        kind: EntryKind::Module,
                        index: i,
                    }),
                    summary: node.summary.clone(),
                    level: module.and_then(|m| m.level.clone()),
                    format: module.and_then(|m| m.format.clone()),
                    duration_hours: module
                        .and_then(|m| m.duration_hours)
                        .map(|h| self.decimal(h)),
                    domains: node
                        .domains
                        .iter()
                        .map(|&d| site.domains[d].domain.label.clone())
                        .collect(),
                    next_session: self.next_session_of(i),
                    always_available: self.always_available(i),
                    stale: node.stale,
                }
            })
            .collect();
        let all = ModuleFilter::all(site);
        let group = |label: &str, pick: fn(&ModuleFilter) -> bool| FilterGroup {
            label: label.to_string(),
            options: all
                .iter()
                .filter(|f| pick(f))
                .map(|&f| FilterOption {
                    label: f.value(site).1.to_string(),
                    url: routes::url(site, PageJob::ModuleFilter(f)),
                    count: self.filtered_modules(Some(f)).len(),
                    current: filter == Some(f),
                })
                .collect(),
        };
        let filters = vec![
            group(self.t.get("filter_domain"), |f| {
                matches!(f, ModuleFilter::Domain(_))
            }),
            group(self.t.get("filter_level"), |f| {
                matches!(f, ModuleFilter::Level(_))
            }),
            group(self.t.get("filter_format"), |f| {
                matches!(f, ModuleFilter::Format(_))
            }),
        ]
        .into_iter()
        .filter(|g| !g.options.is_empty())
        .collect();
        ModuleCatalogueView {
            title,
            active: filter.map(|f| ActiveFilter {
                dimension: self.dimension_label(f).to_string(),
                value: f.value(site).1.to_string(),
                clear_url: routes::url(site, PageJob::Listing(EntryKind::Module)),
            }),
            filters,
            modules: cards,
            gaps: if filter.is_none() {
                self.module_gaps()
            } else {
                Vec::new()
            },
            paths_url: routes::has_path_listing(site)
                .then(|| routes::url(site, PageJob::PathListing)),
        }
    }

    /// Domains where coaches meet partners or rules but no module teaches them, in taxonomy order.
    fn module_gaps(&self) -> Vec<Link> {
        let gaps: Vec<usize> = self
            .site
            .domains
            .iter()
            .enumerate()
            .filter(|(_, d)| {
                d.entries[EntryKind::Module].is_empty()
                    && !(d.entries[EntryKind::Partner].is_empty()
                        && d.entries[EntryKind::Regulation].is_empty())
            })
            .map(|(i, _)| i)
            .collect();
        self.domain_links(&gaps)
    }
}
