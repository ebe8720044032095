//! Render stage: turns the model into HTML pages with the theme's Tera templates, plus the sitemap.
//! Produces files in memory; the output stage writes them.

mod sitemap;
pub mod views;

use crate::content::EntryKind;
use crate::i18n::Translations;
use crate::model::Site;
use crate::theme::Theme;
use serde::Serialize;
use std::error::Error as _;
use tera::{Context, Tera};
use views::ViewBuilder;

/// A file of the generated site, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

#[derive(Debug, thiserror::Error)]
pub enum RenderError {
    #[error("template {template}: {message}")]
    Template { template: String, message: String },
}

fn template_error(template: &str, error: tera::Error) -> RenderError {
    let mut message = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        message.push_str(": ");
        message.push_str(&cause.to_string());
        source = cause.source();
    }
    RenderError::Template {
        template: template.to_string(),
        message,
    }
}

/// What every page's template gets besides its own view.
#[derive(Serialize)]
struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base: String,
    lang: &'static str,
    editors_contact: Option<String>,
    nav: Vec<NavItem>,
}

#[derive(Serialize)]
struct NavItem {
    section: &'static str,
    title: String,
}

const NAV_SECTIONS: [&str; 7] = [
    "domains",
    "matrix",
    "partners",
    "regulations",
    "modules",
    "pages",
    "areas",
];

#[derive(Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    /// Root-relative URL of the page, for the canonical link and the active menu item.
    url: String,
    section: &'a str,
    description: Option<&'a str>,
}

/// What search.js needs, as JSON safe to place inside `<script type="application/json">`.
fn search_config(site: &Site, translations: &Translations) -> String {
    let base = site.config.base_path();
    let config = serde_json::json!({
        "index": format!("{base}{}/", crate::index::SEARCH_DIR),
        "static": format!("{base}static/"),
        "searchPage": format!("{base}search/"),
        "strings": translations.with_prefixes(&["js_", "kind_"]),
    });
    // `<` and `>` as JSON escapes: content can never close the script element.
    config
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

pub struct Renderer<'a> {
    tera: Tera,
    base_context: Context,
    site: &'a Site,
    views: ViewBuilder<'a>,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        translations: &'a Translations,
    ) -> Result<Self, RenderError> {
        let mut tera = Tera::default();
        tera.add_raw_templates(
            theme
                .templates
                .iter()
                .map(|(name, source)| (name.as_str(), source.as_str())),
        )
        .map_err(|e| template_error("(theme)", e))?;
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which turns every URL into `&#x2F;…`; these five suffice.
        tera.set_escape_fn(kaartenbak_search::escape_html);
        let mut base_context = Context::new();
        base_context.insert(
            "site",
            &SiteView {
                title: &site.config.title,
                description: site.config.description.as_deref(),
                base: site.config.base_path(),
                lang: site.config.language.code(),
                editors_contact: site.config.editors_contact_href(),
                nav: NAV_SECTIONS
                    .iter()
                    .map(|&section| NavItem {
                        section,
                        title: translations.get(&format!("nav_{section}")).to_string(),
                    })
                    .collect(),
            },
        );
        base_context.insert("t", translations);
        base_context.insert("search_config", &search_config(site, translations));
        Ok(Renderer {
            tera,
            base_context,
            site,
            views: ViewBuilder {
                site,
                t: translations,
            },
        })
    }

    fn page<V: Serialize>(
        &self,
        template: &str,
        segments: &[&str],
        info: (&str, &str, Option<&str>),
        view: &V,
    ) -> Result<OutputFile, RenderError> {
        let (title, section, description) = info;
        let mut context = self.base_context.clone();
        let url = self.site.url(segments);
        context.insert(
            "page",
            &PageInfo {
                title,
                url,
                section,
                description,
            },
        );
        context.insert("view", view);
        let html = self
            .tera
            .render(template, &context)
            .map_err(|e| template_error(template, e))?;
        let mut path: String = segments.iter().map(|s| format!("{s}/")).collect();
        path.push_str("index.html");
        Ok(OutputFile {
            path,
            bytes: html.into_bytes(),
        })
    }

    /// Every page of the site.
    pub fn render_all(&self) -> Result<Vec<OutputFile>, RenderError> {
        let site = self.site;
        let v = &self.views;
        let t = v.t;
        let mut files =
            Vec::with_capacity(site.entry_count() + site.domains.len() + site.areas.len() + 16);
        files.push(self.page(
            "home.html",
            &[],
            (
                &site.config.title,
                "home",
                site.config.description.as_deref(),
            ),
            &v.home(),
        )?);
        for (i, node) in site.partners.iter().enumerate() {
            let view = v.partner(i);
            let summary = views::first_sentences(&node.description.text, 200);
            files.push(self.page(
                "partner.html",
                &["partners", &node.partner.meta.id],
                (&node.partner.name, "partners", Some(&summary)),
                &view,
            )?);
        }
        for (i, node) in site.regulations.iter().enumerate() {
            let r = &node.regulation;
            files.push(self.page(
                "regulation.html",
                &["regulations", &r.meta.id],
                (&r.title, "regulations", r.summary.as_deref()),
                &v.regulation(i),
            )?);
        }
        for (i, node) in site.modules.iter().enumerate() {
            let m = &node.module;
            files.push(self.page(
                "module.html",
                &["modules", &m.meta.id],
                (&m.title, "modules", m.summary.as_deref()),
                &v.module(i),
            )?);
        }
        for (i, node) in site.pages.iter().enumerate() {
            let p = &node.page;
            files.push(self.page(
                "article.html",
                &["pages", &p.meta.id],
                (&p.title, "pages", p.summary.as_deref()),
                &v.article(i),
            )?);
        }
        for (i, node) in site.domains.iter().enumerate() {
            let d = &node.domain;
            files.push(self.page(
                "domain.html",
                &["domains", &d.id],
                (&d.label, "domains", d.description.as_deref()),
                &v.domain(i),
            )?);
        }
        for (i, node) in site.areas.iter().enumerate() {
            let a = &node.area;
            files.push(self.page(
                "area.html",
                &["areas", &a.id],
                (&a.name, "areas", a.description.as_deref()),
                &v.area(i),
            )?);
        }
        for kind in EntryKind::ALL {
            let listing = v.listing(kind);
            files.push(self.page(
                "listing.html",
                &[kind.folder()],
                (&listing.title, kind.folder(), None),
                &listing,
            )?);
        }
        let domains = v.domain_listing();
        files.push(self.page(
            "listing.html",
            &["domains"],
            (&domains.title, "domains", None),
            &domains,
        )?);
        let everywhere = v.municipality_wide_listing();
        files.push(self.page(
            "listing.html",
            &["areas", crate::validate::MUNICIPALITY_WIDE],
            (&everywhere.title, "areas", None),
            &everywhere,
        )?);
        let areas = v.area_listing();
        files.push(self.page(
            "listing.html",
            &["areas"],
            (&areas.title, "areas", None),
            &areas,
        )?);
        files.push(self.page(
            "matrix.html",
            &["matrix"],
            (t.get("matrix_title"), "matrix", None),
            &v.matrix(),
        )?);
        files.push(self.page(
            "search.html",
            &["search"],
            (t.get("search_title"), "search", None),
            &v.home(),
        )?);
        files.push(self.page(
            "editorial.html",
            &["redactie"],
            (t.get("editorial_title"), "redactie", None),
            &v.editorial(),
        )?);
        let mut not_found = self.page(
            "404.html",
            &[],
            (t.get("not_found_title"), "404", None),
            &v.home(),
        )?;
        not_found.path = "404.html".into();
        files.push(not_found);
        files.push(sitemap::sitemap(site, &files));
        Ok(files)
    }
}
