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
    Pages,
    Glossary,
    Areas,
    Search,
    Editorial,
    NotFound,
}

impl Section {
    pub const ALL: [Section; 12] = [
        Section::Home,
        Section::Domains,
        Section::Matrix,
        Section::Partners,
        Section::Regulations,
        Section::Modules,
        Section::Pages,
        Section::Glossary,
        Section::Areas,
        Section::Search,
        Section::Editorial,
        Section::NotFound,
    ];

    /// The menu, in order; the glossary only on a site that has one.
    pub const NAV: [Section; 8] = [
        Section::Domains,
        Section::Matrix,
        Section::Partners,
        Section::Regulations,
        Section::Modules,
        Section::Pages,
        Section::Glossary,
        Section::Areas,
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
            Section::Pages => EntryKind::Page.folder(),
            Section::Glossary => GLOSSARY_SEGMENT,
            Section::Areas => "areas",
            Section::Search => "search",
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
    Editorial,
    NotFound,
    Glossary,
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
            PageJob::Editorial,
            PageJob::NotFound,
        ]);
        if !site.glossary.is_empty() {
            jobs.push(PageJob::Glossary);
        }
        jobs
    }

    /// Pages that show many entries, each as long to render as hundreds of entry pages.
    pub fn lists_many(self) -> bool {
        !matches!(self, PageJob::Entry(_))
    }
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
        PageJob::Editorial => vec![section(Section::Editorial)],
        PageJob::Glossary => vec![section(Section::Glossary)],
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
            Route {
                title: t.lookup(&key).map_or(Cow::Owned(key), Cow::Borrowed),
                ..page("listing.html", Section::of_kind(kind), "", None)
            }
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
