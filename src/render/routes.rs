//! The route table: every page of the site (`PageJob`), and for each its template, output path, URL,
//! section, title, description and whether the sitemap lists it; and the sections with their place in
//! the menu. Render, its input keys, the sitemap, the menu and every view's links read it here, so a
//! page's address is written once.

use crate::content::EntryKind;
use crate::i18n::Translations;
use crate::model::{EntryRef, Site, GLOSSARY_SEGMENT};
use kaartenbak_shared::MUNICIPALITY_WIDE;
use std::borrow::Cow;

/// The part of the site a page belongs to: its header marks that menu item, and its chrome (header and
/// footer) is rendered once per section.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Section {
    Home,
    Domains,
    Matrix,
    Partners,
    Regulations,
    Modules,
    /// Learning paths and the prerequisite graph.
    Paths,
    Pages,
    Glossary,
    Areas,
    Search,
    /// The household plan (`/plan/`): a tool that keeps its data in the visitor's browser.
    Plan,
    Editorial,
    NotFound,
}

impl Section {
    pub const ALL: [Section; 14] = [
        Section::Home,
        Section::Domains,
        Section::Matrix,
        Section::Partners,
        Section::Regulations,
        Section::Modules,
        Section::Paths,
        Section::Pages,
        Section::Glossary,
        Section::Areas,
        Section::Search,
        Section::Plan,
        Section::Editorial,
        Section::NotFound,
    ];

    /// The menu, in order; the glossary and the learning paths only on a site that has them.
    pub const NAV: [Section; 10] = [
        Section::Domains,
        Section::Matrix,
        Section::Partners,
        Section::Regulations,
        Section::Modules,
        Section::Paths,
        Section::Pages,
        Section::Glossary,
        Section::Areas,
        Section::Plan,
    ];

    /// What templates see as `page.section`, and the key of its menu text (`nav_NAME`).
    pub fn name(self) -> &'static str {
        match self {
            Section::Home => "home",
            Section::NotFound => "404",
            other => other.folder(),
        }
    }

    /// The URL folder of the section's pages (the home and 404 pages live at the root).
    pub fn folder(self) -> &'static str {
        match self {
            Section::Home | Section::NotFound => "",
            Section::Domains => "domains",
            Section::Matrix => "matrix",
            Section::Partners => EntryKind::Partner.folder(),
            Section::Regulations => EntryKind::Regulation.folder(),
            Section::Modules => EntryKind::Module.folder(),
            Section::Paths => PATHS_SEGMENT,
            Section::Pages => EntryKind::Page.folder(),
            Section::Glossary => GLOSSARY_SEGMENT,
            Section::Areas => "areas",
            Section::Search => "search",
            Section::Plan => crate::plan_directory::PLAN_DIR,
            Section::Editorial => "redactie",
        }
    }

    pub fn of_kind(kind: EntryKind) -> Section {
        match kind {
            EntryKind::Partner => Section::Partners,
            EntryKind::Regulation => Section::Regulations,
            EntryKind::Module => Section::Modules,
            EntryKind::Page => Section::Pages,
        }
    }
}

/// The URL folder of the learning paths.
const PATHS_SEGMENT: &str = "leerroutes";

/// A filter of the module catalogue (`/modules/`): one dimension at a time, so a site with D domains,
/// L levels and F formats has D + L + F filter pages, not their product.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ModuleFilter {
    /// A domain, by its index among the domains.
    Domain(usize),
    /// A level, by its index in `Site::module_facets.levels`.
    Level(usize),
    /// A format, by its index in `Site::module_facets.formats`.
    Format(usize),
}

impl ModuleFilter {
    /// The URL segment of the dimension, below `/modules/`.
    pub fn dimension(self) -> &'static str {
        match self {
            ModuleFilter::Domain(_) => "domein",
            ModuleFilter::Level(_) => "niveau",
            ModuleFilter::Format(_) => "vorm",
        }
    }

    /// Every filter with at least one module: the domains that have modules, every level and format.
    pub fn all(site: &Site) -> Vec<ModuleFilter> {
        let domains = (0..site.domains.len())
            .filter(|&d| !site.domains[d].entries[EntryKind::Module].is_empty())
            .map(ModuleFilter::Domain);
        let levels = (0..site.module_facets.levels.len()).map(ModuleFilter::Level);
        let formats = (0..site.module_facets.formats.len()).map(ModuleFilter::Format);
        domains.chain(levels).chain(formats).collect()
    }

    /// The value's URL segment and its shown name.
    pub fn value(self, site: &Site) -> (&str, &str) {
        match self {
            ModuleFilter::Domain(d) => {
                let domain = &site.domains[d].domain;
                (&domain.id, &domain.label)
            }
            ModuleFilter::Level(i) => {
                let value = &site.module_facets.levels[i];
                (&value.slug, &value.label)
            }
            ModuleFilter::Format(i) => {
                let value = &site.module_facets.formats[i];
                (&value.slug, &value.label)
            }
        }
    }
}

/// One page of the site, by what it shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageJob {
    Home,
    Entry(EntryRef),
    Domain(usize),
    Area(usize),
    Listing(EntryKind),
    DomainListing,
    MunicipalityWide,
    AreaListing,
    Matrix,
    Search,
    /// The household plan page.
    Plan,
    Editorial,
    NotFound,
    Glossary,
    /// The module catalogue narrowed to one domain, level or format.
    ModuleFilter(ModuleFilter),
    /// The learning paths and the prerequisite graph.
    PathListing,
    /// One learning path, by its index in `Site::paths`.
    Path(usize),
}

impl PageJob {
    /// Every page of `site`, in the order the sitemap lists them.
    pub fn all(site: &Site) -> Vec<PageJob> {
        let mut jobs =
            Vec::with_capacity(site.entry_count() + site.domains.len() + site.areas.len() + 16);
        jobs.push(PageJob::Home);
        jobs.extend(site.entry_refs().map(PageJob::Entry));
        jobs.extend((0..site.domains.len()).map(PageJob::Domain));
        jobs.extend((0..site.areas.len()).map(PageJob::Area));
        jobs.extend(EntryKind::ALL.into_iter().map(PageJob::Listing));
        jobs.extend([
            PageJob::DomainListing,
            PageJob::MunicipalityWide,
            PageJob::AreaListing,
            PageJob::Matrix,
            PageJob::Search,
            PageJob::Plan,
            PageJob::Editorial,
            PageJob::NotFound,
        ]);
        if !site.glossary.is_empty() {
            jobs.push(PageJob::Glossary);
        }
        jobs.extend(
            ModuleFilter::all(site)
                .into_iter()
                .map(PageJob::ModuleFilter),
        );
        if has_path_listing(site) {
            jobs.push(PageJob::PathListing);
        }
        jobs.extend((0..site.paths.len()).map(PageJob::Path));
        jobs
    }

    /// Pages that show many entries, each as long to render as hundreds of entry pages.
    pub fn lists_many(self) -> bool {
        !matches!(self, PageJob::Entry(_))
    }
}

/// Whether the site has the learning paths page (and its menu item): when it has modules, whose graph of
/// prerequisites is worth a page even before the first path is written.
pub fn has_path_listing(site: &Site) -> bool {
    !site.paths.is_empty() || site.count_of(EntryKind::Module) > 0
}

/// Where a page is and what its head says.
pub struct Route<'s> {
    pub template: &'static str,
    /// The URL path below the base path; the page is written to `SEGMENTS/index.html` unless `file` says.
    pub segments: Vec<&'s str>,
    /// A page a file server finds by its own name instead (`404.html`).
    pub file: Option<&'static str>,
    pub section: Section,
    pub title: Cow<'s, str>,
    /// For the meta description, before it is cut to length.
    pub description: Option<&'s str>,
    /// Search and the dashboard are tools, not content: the sitemap leaves them out.
    pub in_sitemap: bool,
    /// Links relative to the page, so the site also works from disk. Not on the 404 page: a server
    /// sends it for any missing URL, at any depth, where only root-relative links resolve.
    pub relative_links: bool,
}

impl Route<'_> {
    /// The page's file, relative to the output folder.
    pub fn output_path(&self) -> String {
        if let Some(file) = self.file {
            return file.to_string();
        }
        let mut path: String = self.segments.iter().map(|s| format!("{s}/")).collect();
        path.push_str("index.html");
        path
    }
}

/// The URL path of `job` below the base path.
pub fn segments(site: &Site, job: PageJob) -> Vec<&str> {
    let section = |section: Section| section.folder();
    match job {
        PageJob::Home | PageJob::NotFound => Vec::new(),
        PageJob::Entry(entry) => vec![entry.kind.folder(), site.entry_id(entry)],
        PageJob::Domain(d) => vec![section(Section::Domains), &site.domains[d].domain.id],
        PageJob::Area(a) => vec![section(Section::Areas), &site.areas[a].area.id],
        PageJob::Listing(kind) => vec![kind.folder()],
        PageJob::DomainListing => vec![section(Section::Domains)],
        PageJob::MunicipalityWide => vec![section(Section::Areas), MUNICIPALITY_WIDE],
        PageJob::AreaListing => vec![section(Section::Areas)],
        PageJob::Matrix => vec![section(Section::Matrix)],
        PageJob::Search => vec![section(Section::Search)],
        PageJob::Plan => vec![section(Section::Plan)],
        PageJob::Editorial => vec![section(Section::Editorial)],
        PageJob::Glossary => vec![section(Section::Glossary)],
        PageJob::ModuleFilter(filter) => vec![
            EntryKind::Module.folder(),
            filter.dimension(),
            filter.value(site).0,
        ],
        PageJob::PathListing => vec![section(Section::Paths)],
        PageJob::Path(p) => vec![section(Section::Paths), &site.paths[p].id],
    }
}

/// The URL of the page `job`.
pub fn url(site: &Site, job: PageJob) -> String {
    site.url(&segments(site, job))
}

/// The route of `job`: the table itself.
pub fn route<'s>(site: &'s Site, t: &'s Translations, job: PageJob) -> Route<'s> {
    let segments = segments(site, job);
    let page = |template, section, title: &'s str, description| Route {
        template,
        segments: segments.clone(),
        file: None,
        section,
        title: Cow::Borrowed(title),
        description,
        in_sitemap: true,
        relative_links: true,
    };
    match job {
        PageJob::Home => page(
            "home.html",
            Section::Home,
            &site.config.title,
            site.config.description.as_deref(),
        ),
        PageJob::Entry(entry) => {
            let node = site.entry(entry);
            let template = match entry.kind {
                EntryKind::Partner => "partner.html",
                EntryKind::Regulation => "regulation.html",
                EntryKind::Module => "module.html",
                EntryKind::Page => "article.html",
            };
            // Partners have no summary field: their description's first sentences stand in.
            let description = match entry.kind {
                EntryKind::Partner => Some(node.summary.as_str()),
                _ => node.entry.summary.as_deref(),
            };
            page(
                template,
                Section::of_kind(entry.kind),
                &node.entry.title,
                description,
            )
        }
        PageJob::Domain(d) => {
            let domain = &site.domains[d].domain;
            page(
                "domain.html",
                Section::Domains,
                &domain.label,
                domain.description.as_deref(),
            )
        }
        PageJob::Area(a) => {
            let area = &site.areas[a].area;
            page(
                "area.html",
                Section::Areas,
                &area.name,
                area.description.as_deref(),
            )
        }
        PageJob::Listing(kind) => {
            let key = format!("kind_{}", kind.folder());
            // Modules have a catalogue of their own: next sessions, filters and gaps.
            let template = match kind {
                EntryKind::Module => "modules.html",
                _ => "listing.html",
            };
            Route {
                title: t.lookup(&key).map_or(Cow::Owned(key), Cow::Borrowed),
                ..page(template, Section::of_kind(kind), "", None)
            }
        }
        PageJob::ModuleFilter(filter) => Route {
            title: Cow::Owned(format!(
                "{}: {}",
                t.get("kind_modules"),
                filter.value(site).1
            )),
            // The same modules as the catalogue, narrowed: not worth a place in the sitemap.
            in_sitemap: false,
            ..page("modules.html", Section::Modules, "", None)
        },
        PageJob::PathListing => page(
            "paths.html",
            Section::Paths,
            t.get("paths_title"),
            Some(t.get("paths_lead")),
        ),
        PageJob::Path(p) => {
            let path = &site.paths[p];
            page(
                "path.html",
                Section::Paths,
                &path.title,
                path.summary.as_deref(),
            )
        }
        PageJob::DomainListing => page(
            "listing.html",
            Section::Domains,
            t.get("domains_title"),
            None,
        ),
        PageJob::MunicipalityWide => page(
            "listing.html",
            Section::Areas,
            t.get("area_municipality_partners"),
            None,
        ),
        PageJob::AreaListing => page("listing.html", Section::Areas, t.get("areas_title"), None),
        PageJob::Matrix => page("matrix.html", Section::Matrix, t.get("matrix_title"), None),
        PageJob::Search => Route {
            in_sitemap: false,
            ..page("search.html", Section::Search, t.get("search_title"), None)
        },
        // A tool with no content of its own: not in the sitemap.
        PageJob::Plan => Route {
            in_sitemap: false,
            ..page(
                "plan.html",
                Section::Plan,
                t.get("plan_title"),
                Some(t.get("plan_lead")),
            )
        },
        PageJob::Glossary => page(
            "glossary.html",
            Section::Glossary,
            t.get("glossary_title"),
            Some(t.get("glossary_lead")),
        ),
        PageJob::Editorial => Route {
            in_sitemap: false,
            ..page(
                "editorial.html",
                Section::Editorial,
                t.get("editorial_title"),
                None,
            )
        },
        PageJob::NotFound => Route {
            file: Some("404.html"),
            in_sitemap: false,
            relative_links: false,
            ..page(
                "404.html",
                Section::NotFound,
                t.get("not_found_title"),
                None,
            )
        },
    }
}
