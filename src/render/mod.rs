//! Render stage: turns the model into HTML pages with the theme's Tera templates, plus the sitemap.
//! Hands each file to the output stage as soon as it is made.

mod cache;
mod calendar;
mod cards;
mod collation;
mod constant_texts;
mod csp;
mod feed;
mod inputs;
mod prerequisite_graph;
mod qr;
mod relative_links;
mod routes;
mod shared_context;
mod sitemap;
mod view_keys;
pub mod views;

pub use cache::RenderCache;
pub use shared_context::{strings_script, STRINGS_SCRIPT};

use crate::i18n::Translations;
use crate::model::Site;
use crate::theme::Theme;
use cards::CardRenderer;
use constant_texts::inline_translations;
use rayon::prelude::*;
use routes::{PageJob, Route};
use serde::Serialize;
use shared_context::{search_config, section_chrome, Chrome, SiteView};
use std::borrow::Cow;
use std::collections::HashMap;
use std::error::Error as _;
use std::sync::Arc;
use tera::{Context, Tera};
use unicode_segmentation::UnicodeSegmentation;
use views::ViewBuilder;

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

/// What a render thread reuses from page to page: the template context, whose shared part (translations,
/// site settings) is not copied for every page, and the buffer pages are rendered into, which grows to the
/// biggest page once instead of for every page.
struct PageWork {
    context: Context,
    buffer: Vec<u8>,
    /// The template's output before its links are made relative.
    rendered: Vec<u8>,
}

#[derive(Serialize)]
struct PageInfo<'a> {
    title: &'a str,
    /// Root-relative URL of the page, for the canonical link and the active menu item.
    url: String,
    section: &'static str,
    /// The page's summary for the meta description, at most `META_DESCRIPTION_LENGTH` characters.
    description: Option<Cow<'a, str>>,
}

/// Search engines show about this much of a description.
const META_DESCRIPTION_LENGTH: usize = 200;

/// `text` cut after `length` characters with an ellipsis, as Tera's `truncate` cuts: characters are
/// grapheme clusters, so an accent or emoji is never split. Done here rather than in the template, where
/// Tera segments every page's description, short or not.
fn truncated(text: &str, length: usize) -> Cow<'_, str> {
    // A text of at most `length` bytes has at most `length` graphemes.
    if text.len() <= length {
        return Cow::Borrowed(text);
    }
    match text.grapheme_indices(true).nth(length) {
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
        None => Cow::Borrowed(text),
    }
}

pub struct Renderer<'a> {
    tera: Tera,
    base_context: Context,
    /// The header and footer of each section's pages, rendered once (see `section_chrome`).
    chrome: HashMap<routes::Section, Chrome>,
    /// Hash of the templates and of what every page shares: a render cache is valid only for the same key.
    base_key: u64,
    /// Own-site URLs start with it; `relative_links` takes it off.
    base_path: String,
    site: &'a Site,
    translations: &'a Translations,
}

impl<'a> Renderer<'a> {
    pub fn new(
        site: &'a Site,
        theme: &Theme,
        translations: &'a Translations,
    ) -> Result<Self, RenderError> {
        Renderer::with_texts_inlined(site, theme, translations, true)
    }

    fn with_texts_inlined(
        site: &'a Site,
        theme: &Theme,
        translations: &'a Translations,
        inline: bool,
    ) -> Result<Self, RenderError> {
        let mut tera = Tera::default();
        tera.add_raw_templates(theme.templates.iter().map(|(name, source)| {
            let source = if inline {
                inline_translations(source, translations, kaartenbak_shared::escape_html)
            } else {
                source.as_str().into()
            };
            (name.as_str(), source)
        }))
        .map_err(|e| template_error("(theme)", e))?;
        tera.autoescape_on(vec![".html", ".xml"]);
        // Tera's default also escapes `/`, which turns every URL into `&#x2F;…`; these five suffice.
        tera.set_escape_fn(kaartenbak_shared::escape_html);
        let mut base_context = Context::new();
        base_context.insert("site", &SiteView::new(site, translations));
        base_context.insert("t", translations);
        base_context.insert("search_config", &search_config(site));
        base_context.insert("content_security_policy", csp::POLICY);
        let base_key = view_keys::base_key(&theme.templates, &base_context);
        let chrome = section_chrome(&tera, &base_context)?;
        Ok(Renderer {
            tera,
            base_context,
            chrome,
            base_key,
            base_path: site.config.base_path(),
            site,
            translations,
        })
    }

    /// Renders one page; with a cache, a page whose view is unchanged since the last build keeps its bytes.
    fn page<V: Serialize>(
        &self,
        route: &Route,
        view: impl FnOnce() -> V,
        cache: CacheUse,
        work: &mut PageWork,
    ) -> Result<Rendered, RenderError> {
        let template = route.template;
        let page = PageInfo {
            title: &route.title,
            url: self.site.url(&route.segments),
            section: route.section.name(),
            description: route
                .description
                .map(|d| truncated(d, META_DESCRIPTION_LENGTH)),
        };
        let path = route.output_path();
        // Unchanged inputs: the page is kept without building its view.
        if let (Some(previous), Some(inputs)) = (cache.previous, cache.inputs) {
            if let Some((bytes, key)) = previous.get_by_inputs(&path, inputs) {
                if cfg!(debug_assertions) {
                    let now = view_keys::view_key(template, &page, &view());
                    assert_eq!(
                        now, key,
                        "{path}: its inputs did not change but its view did; render::inputs misses something this page shows"
                    );
                }
                return Ok(Rendered {
                    path,
                    bytes: Some(bytes),
                    key: Some(key),
                    inputs: Some(inputs),
                    fresh: false,
                });
            }
        }
        let view = view();
        // Hashing the serialised view is far cheaper than running the template, so a warm session only
        // pays the template for pages whose view changed.
        let key = cache
            .keys
            .then(|| view_keys::view_key(template, &page, &view));
        if let (Some(previous), Some(key)) = (cache.previous, key) {
            if let Some(bytes) = previous.get(&path, key) {
                return Ok(Rendered {
                    path,
                    bytes: Some(bytes),
                    key: Some(key),
                    inputs: cache.inputs,
                    fresh: false,
                });
            }
        }
        work.context.insert("page", &page);
        work.context
            .insert("chrome", &self.chrome.get(&route.section));
        work.context.insert("view", &view);
        work.rendered.clear();
        self.tera
            .render_to(template, &work.context, &mut work.rendered)
            .map_err(|e| template_error(template, e))?;
        if route.relative_links {
            relative_links::relativize(&work.rendered, &path, &self.base_path, &mut work.buffer);
        } else {
            std::mem::swap(&mut work.buffer, &mut work.rendered);
        }
        Ok(Rendered {
            path,
            // A one-off build writes the page from the buffer; only a session keeps a copy for the next build.
            bytes: cache.keys.then(|| {
                let hash = xxhash_rust::xxh3::xxh3_64(&work.buffer);
                (Arc::from(work.buffer.as_slice()), hash)
            }),
            key,
            inputs: cache.inputs,
            fresh: true,
        })
    }

    fn render_job(
        &self,
        job: PageJob,
        v: &ViewBuilder,
        cache: CacheUse,
        work: &mut PageWork,
    ) -> Result<Rendered, RenderError> {
        let site = self.site;
        let cache = CacheUse {
            inputs: if cache.keys {
                inputs::input_key(site, self.base_key, job)
            } else {
                None
            },
            ..cache
        };
        let route = routes::route(site, self.translations, job);
        let title = route.title.to_string();
        match job {
            PageJob::Home | PageJob::Search | PageJob::NotFound => {
                self.page(&route, || v.home(), cache, work)
            }
            PageJob::Entry(entry) => self.page(&route, || v.entry(entry), cache, work),
            PageJob::Domain(d) => self.page(&route, || v.domain(d), cache, work),
            PageJob::Area(a) => self.page(&route, || v.area(a), cache, work),
            PageJob::Listing(crate::content::EntryKind::Module) => {
                let catalogue = v.module_catalogue(None, title);
                self.page(&route, || &catalogue, cache, work)
            }
            PageJob::ModuleFilter(filter) => {
                let catalogue = v.module_catalogue(Some(filter), title);
                self.page(&route, || &catalogue, cache, work)
            }
            PageJob::PathListing => self.page(&route, || v.path_listing(), cache, work),
            PageJob::Path(p) => self.page(&route, || v.path(p), cache, work),
            PageJob::Listing(kind) => {
                let listing = v.listing(kind, title);
                self.page(&route, || &listing, cache, work)
            }
            PageJob::DomainListing => {
                let domains = v.domain_listing(title);
                self.page(&route, || &domains, cache, work)
            }
            PageJob::MunicipalityWide => {
                let everywhere = v.municipality_wide_listing(title);
                self.page(&route, || &everywhere, cache, work)
            }
            PageJob::AreaListing => {
                let areas = v.area_listing(title);
                self.page(&route, || &areas, cache, work)
            }
            PageJob::Matrix => self.page(&route, || v.matrix(), cache, work),
            PageJob::Glossary => self.page(&route, || v.glossary(), cache, work),
            PageJob::Plan => self.page(&route, || v.plan(), cache, work),
            PageJob::Editorial => self.page(&route, || v.editorial(), cache, work),
        }
    }

    /// Every page of the site and the sitemap, rendered in parallel and handed to `emit` as each is made
    /// (the output stage writes it; a page need not wait in memory for the others). With `keep`, also
    /// returns a cache for the next build; pages whose view did not change since the build that filled
    /// `previous` keep their bytes without running the template.
    pub fn render_pages(
        &self,
        previous: Option<&RenderCache>,
        keep: bool,
        emit: &Emit<'_>,
    ) -> Result<(Option<RenderCache>, RenderStats), RenderError> {
        let site = self.site;
        let jobs = PageJob::all(site);
        // A cache filled with other templates or site settings says nothing about these pages.
        let previous = previous.filter(|c| c.base == self.base_key);
        let cache = CacheUse {
            previous,
            keys: keep,
            inputs: None,
        };
        let cards = CardRenderer::new(&self.tera, &self.base_context, previous.map(|c| &c.cards));
        let views = ViewBuilder {
            site,
            t: self.translations,
            cards: &cards,
        };
        // The pages that list many entries first: started last, one of them would finish alone.
        let mut order: Vec<usize> = (0..jobs.len()).collect();
        order.sort_by_key(|&i| !jobs[i].lists_many());
        let mut rendered: Vec<(usize, Rendered)> = order
            .into_par_iter()
            .map_init(
                || PageWork {
                    context: self.base_context.clone(),
                    buffer: Vec::with_capacity(64 * 1024),
                    rendered: Vec::with_capacity(64 * 1024),
                },
                |work, i| {
                    let page = self.render_job(jobs[i], &views, cache, work)?;
                    // Without a copy of its own, a page just rendered is still in the buffer.
                    match &page.bytes {
                        Some((bytes, hash)) => emit(&page.path, bytes, Some(*hash)),
                        None => emit(&page.path, &work.buffer, None),
                    }
                    Ok((i, page))
                },
            )
            .collect::<Result<_, RenderError>>()?;
        rendered.sort_unstable_by_key(|(i, _)| *i);
        let cards = cards.finish()?;
        let mut next = keep.then(|| RenderCache::new(self.base_key, cards));
        let mut stats = RenderStats::default();
        for (_, page) in &rendered {
            if page.fresh {
                stats.rendered += 1;
            } else {
                stats.reused += 1;
            }
            if let (Some(next), Some(key), Some(bytes)) = (&mut next, page.key, &page.bytes) {
                next.insert(&page.path, bytes, key, page.inputs);
            }
        }
        let sitemap = sitemap::sitemap(
            site,
            jobs.iter()
                .map(|&job| routes::route(site, self.translations, job))
                .filter(|route| route.in_sitemap),
        );
        emit(&sitemap.path, &sitemap.bytes, None);
        calendar::CalendarJob::all(site)
            .into_par_iter()
            .for_each(|job| {
                let text = calendar::calendar(site, self.translations, job);
                emit(&calendar::output_path(site, job), text.as_bytes(), None);
            });
        emit(
            feed::FEED_FILE,
            feed::feed(site, self.translations).as_bytes(),
            None,
        );
        Ok((next, stats))
    }
}

/// Where pages go as they are made: path, bytes, and their `xxh3_64` hash when it is known already.
pub type Emit<'a> = dyn Fn(&str, &[u8], Option<u64>) + Sync + 'a;

/// How a build uses the render cache: the previous build's pages, and whether to compute the keys that
/// the next build compares against (a one-off `build` skips hashing its views).
#[derive(Clone, Copy)]
struct CacheUse<'c> {
    previous: Option<&'c RenderCache>,
    keys: bool,
    /// The inputs of the page at hand (see `inputs`), in a session.
    inputs: Option<u64>,
}

struct Rendered {
    path: String,
    /// The page's bytes and their hash, when kept from the previous build or copied for the next one.
    bytes: Option<cache::HashedBytes>,
    key: Option<u64>,
    inputs: Option<u64>,
    /// False when the bytes came from the cache.
    fresh: bool,
}

/// How many pages ran their template and how many kept the bytes of the previous build.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    pub rendered: usize,
    pub reused: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    /// What Tera's own `truncate(length=…)` makes of `text`.
    fn tera_truncate(text: &str, length: usize) -> String {
        let tera = Tera::default();
        let arguments = HashMap::from([("length".to_string(), tera::Value::from(length))]);
        let cut = tera
            .get_filter("truncate")
            .unwrap()
            .filter(&tera::Value::from(text), &arguments)
            .unwrap();
        cut.as_str().unwrap().to_string()
    }

    #[test]
    fn descriptions_are_cut_like_teras_truncate() {
        let long = "Schuldhulp voor gezinnen in Noord. ".repeat(10);
        assert_eq!(truncated(&long, 200), tera_truncate(&long, 200));
        assert!(truncated(&long, 200).ends_with('…'));
        assert_eq!(truncated("Kort.", 200), "Kort.");
    }

    proptest::proptest! {
        #[test]
        fn descriptions_are_cut_like_teras_truncate_whatever_the_text(
            text in "[a-zé ]{0,12}(e\u{301}|👩‍👧|🇳🇱|[a-z .,ë]){0,40}",
            length in 0usize..30,
        ) {
            proptest::prop_assert_eq!(truncated(&text, length), tera_truncate(&text, length));
        }
    }

    /// Every page of the example site, as `renderer` writes it.
    fn pages(renderer: &Renderer) -> HashMap<String, Vec<u8>> {
        let written = Mutex::new(HashMap::new());
        renderer
            .render_pages(None, false, &|path, bytes, _| {
                written
                    .lock()
                    .unwrap()
                    .insert(path.to_string(), bytes.to_vec());
            })
            .unwrap();
        written.into_inner().unwrap()
    }

    #[test]
    fn inlined_translations_change_no_page() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let checked = crate::build::check(root, today);
        let config = checked.config.expect("the example site has a config");
        let theme = crate::theme::load_theme(root, &config.theme).unwrap();
        for language in [crate::config::Language::Nl, crate::config::Language::En] {
            let translations = Translations::load(&theme, language).unwrap();
            let mut config = config.clone();
            config.language = language;
            let site = crate::model::build_site(config, checked.content.clone(), today);
            let inlined =
                pages(&Renderer::with_texts_inlined(&site, &theme, &translations, true).unwrap());
            let looked_up =
                pages(&Renderer::with_texts_inlined(&site, &theme, &translations, false).unwrap());
            assert!(inlined.len() > 50, "the example site has pages");
            assert_eq!(inlined.len(), looked_up.len());
            for (path, bytes) in &looked_up {
                assert!(
                    inlined[path] == *bytes,
                    "{path} differs with inlined translations"
                );
            }
        }
    }
}
