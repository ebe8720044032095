//! What every page's template shares, built once per build: the site settings and the menu (`site`), the
//! header and footer of each section (`chrome`), and the configuration the search scripts read.

use super::routes::Section;
use super::{template_error, RenderError};
use crate::i18n::Translations;
use crate::model::Site;
use serde::Serialize;
use std::collections::HashMap;
use tera::{Context, Tera};

/// What every page's template gets besides its own view.
#[derive(Serialize)]
pub(super) struct SiteView<'a> {
    title: &'a str,
    description: Option<&'a str>,
    base: String,
    lang: &'static str,
    editors_contact: Option<String>,
    /// Whether pages register the service worker (`offline` in the config, not under `serve`).
    offline: bool,
    nav: Vec<NavItem>,
    /// The "Spoed / crisis" entry the site configures (`crisis` in kaartenbak.toml).
    crisis: Option<CrisisItem>,
}

#[derive(Serialize)]
struct CrisisItem {
    url: String,
    /// The page's title or the partner's name, for the home page's crisis block.
    title: String,
}

#[derive(Serialize)]
struct NavItem {
    section: &'static str,
    title: String,
}

impl<'a> SiteView<'a> {
    pub(super) fn new(site: &'a Site, translations: &Translations) -> Self {
        SiteView {
            title: &site.config.title,
            description: site.config.description.as_deref(),
            base: site.config.base_path(),
            lang: site.config.language.code(),
            editors_contact: site.config.editors_contact_href(),
            offline: site.config.offline,
            crisis: crisis_item(site),
            // The menu; the glossary and the learning paths only for a site that has them.
            nav: Section::NAV
                .into_iter()
                .filter(|&section| section != Section::Glossary || !site.glossary.is_empty())
                .filter(|&section| {
                    section != Section::Paths || super::routes::has_path_listing(site)
                })
                .map(|section| NavItem {
                    section: section.name(),
                    title: translations
                        .get(&format!("nav_{}", section.name()))
                        .to_string(),
                })
                .collect(),
        }
    }
}

/// The entry `crisis` names; checked to exist when the site was validated.
fn crisis_item(site: &Site) -> Option<CrisisItem> {
    let crisis = site.config.crisis.as_ref()?;
    let kind = crate::content::EntryKind::from_folder(&crisis.folder)?;
    let index = site.entries[kind]
        .iter()
        .position(|node| node.entry.meta.id == crisis.id)?;
    let entry = crate::model::EntryRef { kind, index };
    Some(CrisisItem {
        url: site.entry_url(entry),
        title: site.entry_title(entry).to_string(),
    })
}

/// The parts of the layout that are the same on every page of a section: the header with the search box
/// and menu, and the footer. Rendered once per section from the theme's `_header.html` and `_footer.html`
/// (which see `site`, `t` and `page.section`) instead of once per page: the menu alone is a few dozen
/// template lookups on each of thousands of pages.
#[derive(Debug, Serialize)]
pub(super) struct Chrome {
    header: String,
    footer: String,
}

pub(super) fn section_chrome(
    tera: &Tera,
    base: &Context,
) -> Result<HashMap<Section, Chrome>, RenderError> {
    #[derive(Serialize)]
    struct SectionOnly {
        section: &'static str,
    }
    let render = |template: &str, context: &Context| match tera.get_template(template) {
        // A theme whose layout does not use the partials may leave them out.
        Err(_) => Ok(String::new()),
        Ok(_) => tera
            .render(template, context)
            .map(|html| html.trim().to_string())
            .map_err(|e| template_error(template, e)),
    };
    Section::ALL
        .into_iter()
        .map(|section| {
            let mut context = base.clone();
            context.insert(
                "page",
                &SectionOnly {
                    section: section.name(),
                },
            );
            let chrome = Chrome {
                header: render("_header.html", &context)?,
                footer: render("_footer.html", &context)?,
            };
            Ok((section, chrome))
        })
        .collect()
}

/// What the search scripts (`static/search-*.js`) need of each page, as JSON safe to place inside
/// `<script type="application/json">`. The translated texts are not here but in [`STRINGS_SCRIPT`]: the
/// same on every page, they would be kilobytes more of each one.
pub(super) fn search_config(site: &Site) -> String {
    let base = site.config.base_path();
    // Paths below the site's root, which the script finds from its own address: the same for every page,
    // whether the site is opened over http(s) or from disk. `base` is how the index's URLs start.
    let config = serde_json::json!({
        "base": base,
        "index": format!("{}/", crate::index::SEARCH_DIR),
        "searchPage": format!("{}/", super::routes::Section::Search.folder()),
        // Only a site with a glossary has the page that search notices link to.
        "glossaryPage": (!site.glossary.is_empty())
            .then(|| format!("{}/", crate::model::GLOSSARY_SEGMENT)),
        // Every page removes the household plans untouched this long (plan-store.js), not only /plan/.
        "planExpiryDays": site.config.plan_expiry_days,
    });
    // `<` and `>` as JSON escapes: content can never close the script element.
    config
        .to_string()
        .replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// The script (below the output's root) that gives the page's scripts their translated texts: the theme's
/// `js_` and `kind_` strings, identical on every page of a site. A script rather than JSON, so that it
/// loads from `file://` too (where a page may not fetch a file), and a file rather than an inline script,
/// as the CSP runs no inline code. `base.html` loads it before the other scripts.
pub const STRINGS_SCRIPT: &str = "static/strings.js";

/// The content of [`STRINGS_SCRIPT`]: it sets `window.KaartenbakStrings` (key → text).
pub fn strings_script(translations: &Translations) -> String {
    let strings = serde_json::to_string(&translations.with_prefixes(&["js_", "kind_"]))
        .expect("strings serialize");
    format!(
        "/* The site's texts for its scripts, from the theme's translation files (written by Kaartenbak). */\n\
         window.KaartenbakStrings = {strings};\n"
    )
}
