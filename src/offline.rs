//! The site's offline copy and installability: the service worker `sw.js` at the site root, with the
//! content-hashed list of files it caches on install, and the web app manifest `manifest.webmanifest`.
//!
//! What is cached on install: every file but the HTML pages (styles, scripts, the search module and every
//! index file, the lazily loaded ones too, so search answers offline exactly as online), then the pages,
//! shallowest first (home, listings, then entries), as long as they fit in `PAGE_BUDGET`. A page beyond
//! the budget is cached when it is first visited. The example site fits whole; at 10,000+ entries the
//! list stays a few thousand URLs and a first visit downloads tens of MB rather than every page.

use crate::config::SiteConfig;
use crate::theme::Theme;
use serde_json::json;

pub const SERVICE_WORKER: &str = "sw.js";
pub const WEB_MANIFEST: &str = "manifest.webmanifest";

/// The HTML cached on install: enough for thousands of pages, small enough for a phone on a first visit.
pub const PAGE_BUDGET: u64 = 24 << 20;

const WORKER_CODE: &str = include_str!("offline/service-worker.js");
const RETIRED_WORKER_CODE: &str = include_str!("offline/retired-worker.js");

/// Used when the theme's stylesheet names no `--brand` colour.
const DEFAULT_THEME_COLOUR: &str = "#00507a";

/// One file of the build, as the output writer received it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BuiltFile {
    /// Relative to the output folder, `/`-separated.
    pub path: String,
    pub size: u64,
    /// Size and content hash: changes whenever the file does.
    pub fingerprint: String,
}

/// The service worker for a build whose other files are `files`. With `enabled` false (`offline =
/// false`, or `serve`), a worker that removes an earlier offline copy from browsers that installed one.
pub fn service_worker(config: &SiteConfig, files: &[BuiltFile], enabled: bool) -> String {
    let scope = config.base_path();
    if !enabled {
        let header = json!({ "scope": scope });
        return format!("var OFFLINE = {header};\n{RETIRED_WORKER_CODE}");
    }
    let mut sorted: Vec<&BuiltFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    // The version covers every file of the build, cached on install or not, so any change makes a new
    // cache and the pages kept on visit are fetched again too.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for file in &sorted {
        hasher.update(file.path.as_bytes());
        hasher.update(b" ");
        hasher.update(file.fingerprint.as_bytes());
        hasher.update(b"\n");
    }
    let version = format!("{:016x}", hasher.digest());
    let urls: Vec<String> = precached(&sorted)
        .into_iter()
        .map(|path| url_of(&scope, path))
        .collect();
    let header = json!({ "scope": scope, "version": version, "files": urls });
    format!("var OFFLINE = {header};\n{WORKER_CODE}")
}

fn is_page(path: &str) -> bool {
    path.ends_with(".html")
}

/// The index's script twins are for pages opened from disk, where no service worker runs.
fn is_script_twin(path: &str) -> bool {
    path.strip_prefix(crate::index::SEARCH_DIR)
        .is_some_and(|rest| {
            rest.starts_with('/') && rest.ends_with(crate::index_files::SCRIPT_TWIN_SUFFIX)
        })
}

/// The files cached on install: all but the pages, and the pages in order of depth up to the budget.
fn precached<'a>(files: &[&'a BuiltFile]) -> Vec<&'a str> {
    let mut chosen: Vec<&str> = files
        .iter()
        .filter(|f| !is_page(&f.path) && !is_script_twin(&f.path))
        .map(|f| f.path.as_str())
        .collect();
    let mut pages: Vec<&BuiltFile> = files.iter().copied().filter(|f| is_page(&f.path)).collect();
    pages.sort_by_key(|f| (f.path.matches('/').count(), f.path.as_str()));
    let mut used = 0;
    for page in pages {
        if used + page.size > PAGE_BUDGET {
            break;
        }
        used += page.size;
        chosen.push(&page.path);
    }
    chosen
}

/// The URL a browser asks for: a folder's `index.html` by the folder, as every link names it.
fn url_of(scope: &str, path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("index.html").unwrap_or(path)
    };
    format!("{scope}{path}")
}

/// The web app manifest: a phone installs the site under its title, with the theme's icon and colour.
pub fn web_manifest(config: &SiteConfig, theme: &Theme) -> String {
    let scope = config.base_path();
    let manifest = json!({
        "name": config.title,
        "short_name": config.title,
        "description": config.description,
        "lang": config.language.code(),
        "start_url": scope,
        "scope": scope,
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": theme_colour(theme),
        "icons": [{
            "src": format!("{scope}static/favicon.svg"),
            "sizes": "any",
            "type": "image/svg+xml",
            "purpose": "any"
        }]
    });
    serde_json::to_string_pretty(&manifest).expect("JSON values serialize")
}

/// The theme's `--brand` colour from its stylesheet: the theme owns its colours in one place.
fn theme_colour(theme: &Theme) -> String {
    let css = theme
        .static_files
        .get("style.css")
        .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
        .unwrap_or_default();
    css.split("--brand:")
        .nth(1)
        .and_then(|rest| rest.split(';').next())
        .map(str::trim)
        .filter(|value| value.starts_with('#') && value.len() <= 9)
        .unwrap_or(DEFAULT_THEME_COLOUR)
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(path: &str, size: u64) -> BuiltFile {
        BuiltFile {
            path: path.into(),
            size,
            fingerprint: format!("{size} 0"),
        }
    }

    fn config(base_url: &str) -> SiteConfig {
        crate::config::parse_config(&format!("title = \"T\"\nbase_url = \"{base_url}\"\n")).unwrap()
    }

    #[test]
    fn urls_are_the_ones_links_name_under_the_base_path() {
        assert_eq!(url_of("/kaart/", "index.html"), "/kaart/");
        assert_eq!(
            url_of("/kaart/", "partners/x/index.html"),
            "/kaart/partners/x/"
        );
        assert_eq!(url_of("/", "404.html"), "/404.html");
        assert_eq!(
            url_of("/", "_search/manifest.json"),
            "/_search/manifest.json"
        );
    }

    #[test]
    fn pages_beyond_the_budget_are_left_to_the_first_visit_but_search_files_never_are() {
        let big = PAGE_BUDGET / 3;
        let files = [
            file("index.html", big),
            file("partners/index.html", big),
            file("partners/a/index.html", big),
            file("partners/b/index.html", big),
            file("_search/text-0.bin.gz", 3 * PAGE_BUDGET),
            file("_search/text-0.bin.gz.js", 4 * PAGE_BUDGET),
            file("static/search-base.js", 10),
        ];
        let refs: Vec<&BuiltFile> = files.iter().collect();
        let chosen = precached(&refs);
        assert!(chosen.contains(&"_search/text-0.bin.gz"));
        assert!(chosen.contains(&"index.html") && chosen.contains(&"partners/index.html"));
        assert!(chosen.contains(&"static/search-base.js"));
        assert!(
            !chosen.contains(&"_search/text-0.bin.gz.js"),
            "the twins for pages on disk are not downloaded by the worker"
        );
        assert_eq!(chosen.len(), 5, "{chosen:?}");
    }

    #[test]
    fn a_changed_file_changes_the_version_and_the_worker() {
        let config = config("https://x.example/");
        let before = service_worker(&config, &[file("index.html", 10)], true);
        let after = service_worker(&config, &[file("index.html", 11)], true);
        assert_ne!(before, after);
        assert!(before.starts_with("var OFFLINE = {"));
    }

    #[test]
    fn the_manifest_names_the_site_and_its_icon_under_the_base_path() {
        let manifest: serde_json::Value = serde_json::from_str(&web_manifest(
            &config("https://x.example/kaart"),
            &Theme::default(),
        ))
        .unwrap();
        assert_eq!(manifest["name"], "T");
        assert_eq!(manifest["start_url"], "/kaart/");
        assert_eq!(manifest["display"], "standalone");
        assert_eq!(manifest["icons"][0]["src"], "/kaart/static/favicon.svg");
        assert_eq!(manifest["theme_color"], DEFAULT_THEME_COLOUR);
    }
}
