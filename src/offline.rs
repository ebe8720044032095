//! The site's offline copy and installability: the service worker `sw.js` at the site root, with the list
//! of files it caches on install and the content print of each, the map of the files it may keep beyond
//! them (`map`), and the web app manifest `manifest.webmanifest`.
//!
//! A first visit downloads the precache, chosen within the site's budget (`precache`); anything else is
//! kept when a page fetches it. A new build's worker copies every kept file whose content print is
//! unchanged from the previous build's cache and downloads only the precached files whose bytes changed,
//! so a returning visitor pays for what the rebuild changed, not for the site.

mod map;
mod precache;

use crate::config::SiteConfig;
use crate::index::SEARCH_DIR;
use crate::output_file::OutputFile;
use crate::theme::Theme;
use serde_json::json;
use std::collections::{BTreeMap, HashSet};

#[cfg(test)]
pub(crate) use map::MAP_DIR;

pub const SERVICE_WORKER: &str = "sw.js";
pub const WEB_MANIFEST: &str = "manifest.webmanifest";

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

impl BuiltFile {
    /// What the worker compares: the content hash (the fingerprint's last word).
    fn print(&self) -> &str {
        self.fingerprint
            .rsplit(' ')
            .next()
            .unwrap_or(&self.fingerprint)
    }
}

/// The files of the offline copy for a build whose other files are `files`: the map's shards, and last
/// `sw.js` (which names them). With `enabled` false (`offline = false`, or `serve`), only a worker that
/// removes an earlier offline copy from browsers that installed one.
pub fn worker_files(config: &SiteConfig, files: &[BuiltFile], enabled: bool) -> Vec<OutputFile> {
    let scope = config.base_path();
    if !enabled {
        let header = json!({ "scope": scope });
        let code = format!("var OFFLINE = {header};\n{RETIRED_WORKER_CODE}");
        return vec![OutputFile::new(SERVICE_WORKER, code.into_bytes())];
    }
    let mut sorted: Vec<&BuiltFile> = files.iter().collect();
    sorted.sort_by(|a, b| a.path.cmp(&b.path));
    // The version covers every file of the build, so any change installs the worker again; what it then
    // downloads is only what changed.
    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for file in &sorted {
        hasher.update(file.path.as_bytes());
        hasher.update(b" ");
        hasher.update(file.fingerprint.as_bytes());
        hasher.update(b"\n");
    }
    let version = format!("{:016x}", hasher.digest());
    let chosen = precache::choose(&sorted, config.offline_budget);
    let precached = prints(&scope, chosen.files.iter().copied());
    let paths: HashSet<&str> = sorted.iter().map(|f| f.path.as_str()).collect();
    let kept_on_fetch = prints(
        &scope,
        sorted.iter().copied().filter(|file| {
            precache::role(&file.path, &paths) != precache::Role::Never
                && !precached.contains_key(&url_of(&scope, &file.path))
        }),
    );
    let (shards, mut out) = map::shards(&kept_on_fetch);
    let header = json!({
        "scope": scope,
        "version": version,
        "precache": precached,
        "precache_bytes": chosen.bytes,
        "shards": shards,
    });
    let code = format!("var OFFLINE = {header};\n{WORKER_CODE}");
    out.push(OutputFile::new(SERVICE_WORKER, code.into_bytes()));
    out
}

/// URL → content print. A part of the search index is named after its bytes, so its URL is its print: it
/// gets an empty one, which keeps `sw.js` (thousands of parts on a large site) a third smaller.
fn prints<'a>(scope: &str, files: impl Iterator<Item = &'a BuiltFile>) -> BTreeMap<String, String> {
    files
        .map(|file| {
            let part = file
                .path
                .strip_prefix(SEARCH_DIR)
                .and_then(|name| name.strip_prefix('/'))
                .is_some_and(kaartenbak_search::is_part_name);
            let print = if part { "" } else { file.print() };
            (url_of(scope, &file.path), print.to_string())
        })
        .collect()
}

/// The URL a browser asks for: a folder's `index.html` by the folder, as every link names it, in the
/// form a browser writes it (`URL.pathname`, percent-encoded), which is how the worker looks it up.
fn url_of(scope: &str, path: &str) -> String {
    let path = if path == "index.html" {
        ""
    } else {
        path.strip_suffix("index.html").unwrap_or(path)
    };
    let raw = format!("{scope}{path}");
    url::Url::parse("http://site.invalid/")
        .and_then(|base| base.join(&raw))
        .map_or(raw, |url| url.path().to_string())
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

    fn file(path: &str, size: u64, hash: u64) -> BuiltFile {
        BuiltFile {
            path: path.into(),
            size,
            fingerprint: format!("{size} {hash:016x}"),
        }
    }

    fn config(base_url: &str) -> SiteConfig {
        crate::config::parse_config(&format!("title = \"T\"\nbase_url = \"{base_url}\"\n")).unwrap()
    }

    /// The `OFFLINE` header of `sw.js` among `files`.
    fn header(files: &[OutputFile]) -> serde_json::Value {
        let worker = files.last().unwrap();
        assert_eq!(worker.path, SERVICE_WORKER);
        let text = std::str::from_utf8(&worker.bytes).unwrap();
        let json = text
            .strip_prefix("var OFFLINE = ")
            .and_then(|rest| rest.split(";\n").next())
            .unwrap();
        serde_json::from_str(json).unwrap()
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
        // As `URL.pathname` has it in the worker.
        assert_eq!(url_of("/", "pages/één/index.html"), "/pages/%C3%A9%C3%A9n/");
    }

    #[test]
    fn a_part_of_the_index_is_listed_without_a_print_its_name_is_one() {
        let config = config("https://x.example/");
        let files = [
            file("index.html", 10, 1),
            file("_search/manifest.json.gz", 10, 2),
            file("_search/idx-00000000000000ab.gz", 10, 3),
            file("_search/text-0001.json.gz", 10, 4),
        ];
        let out = worker_files(&config, &files, true);
        let precache = &header(&out)["precache"];
        assert_eq!(precache["/_search/idx-00000000000000ab.gz"], "");
        assert_eq!(precache["/_search/manifest.json.gz"], format!("{:016x}", 2));
        assert_eq!(
            precache["/_search/text-0001.json.gz"],
            format!("{:016x}", 4)
        );
    }

    #[test]
    fn the_worker_lists_the_precache_with_prints_and_maps_the_rest_in_shards() {
        let config = config("https://x.example/kaart/");
        let files = [
            file("index.html", 10, 1),
            file("static/style.css", 10, 2),
            file("_search/manifest.json.gz", 10, 3),
            file("_search/manifest.json.gz.js", 14, 4),
            file("partners/a/index.html", 10, 5),
            file("partners/a/sessies.ics", 10, 6),
        ];
        let out = worker_files(&config, &files, true);
        let offline = header(&out);
        assert_eq!(offline["scope"], "/kaart/");
        assert_eq!(offline["precache"]["/kaart/"], format!("{:016x}", 1));
        assert_eq!(
            offline["precache"]["/kaart/partners/a/"],
            format!("{:016x}", 5)
        );
        assert_eq!(offline["precache_bytes"], 40);
        assert!(offline["precache"]
            .get("/kaart/_search/manifest.json.gz.js")
            .is_none());
        // The calendar is kept when fetched, so the map has it; the twin is never cached.
        let shards: Vec<&OutputFile> = out[..out.len() - 1].iter().collect();
        assert_eq!(offline["shards"].as_array().unwrap().len(), 1);
        assert_eq!(
            shards[0].path,
            format!("_offline/{}.json", offline["shards"][0].as_str().unwrap())
        );
        let map: serde_json::Value = serde_json::from_slice(&shards[0].bytes).unwrap();
        assert_eq!(
            map,
            json!({ "/kaart/partners/a/sessies.ics": format!("{:016x}", 6) })
        );
    }

    #[test]
    fn a_changed_file_changes_its_print_and_the_version_and_nothing_else() {
        let config = config("https://x.example/");
        let before = header(&worker_files(
            &config,
            &[file("index.html", 10, 1), file("static/a.css", 10, 2)],
            true,
        ));
        let after = header(&worker_files(
            &config,
            &[file("index.html", 10, 9), file("static/a.css", 10, 2)],
            true,
        ));
        assert_ne!(before["version"], after["version"]);
        assert_ne!(before["precache"]["/"], after["precache"]["/"]);
        assert_eq!(
            before["precache"]["/static/a.css"],
            after["precache"]["/static/a.css"]
        );
    }

    #[test]
    fn an_opted_out_site_gets_only_the_retiring_worker() {
        let out = worker_files(
            &config("https://x.example/"),
            &[file("index.html", 1, 1)],
            false,
        );
        assert_eq!(out.len(), 1);
        assert!(std::str::from_utf8(&out[0].bytes)
            .unwrap()
            .contains("unregister()"));
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
