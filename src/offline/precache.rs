//! Which files the offline copy downloads on a first visit (the precache), within the site's budget
//! (`offline_budget_mb`), and which it only keeps once a page has fetched them.
//!
//! In order: the shell (styles, scripts, the web app manifest, the home and search pages, the search
//! module and the index's manifest) always; then the rest of the search index, whole, if it fits; then
//! pages and other files shallowest first (home, listings, domains, then entries), each as long as it fits.
//! A file left out is cached when a page first fetches it, the index's parts included, so a search run
//! online once answers the same query offline.

use super::BuiltFile;
use crate::index::{SEARCH_DIR, SEARCH_WASM_FILE};
use std::collections::HashSet;

/// What a file is to the offline copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Never cached: the script twins are only for pages opened from disk, where no worker runs.
    Never,
    /// Precached whatever the budget: without these no page or search works offline.
    Shell,
    /// The search index beyond the shell: precached whole when it fits, otherwise kept as fetched.
    Search,
    /// Kept when fetched, never precached: for programs and calendar apps, not for reading offline
    /// (the sitemap, the feed, the calendars).
    OnFetch,
    /// Pages and the plan page's directory: precached shallowest first while they fit.
    Budgeted,
}

/// The role of `path` in a build whose files are `paths`.
pub(super) fn role(path: &str, paths: &HashSet<&str>) -> Role {
    // A twin is `NAME.js` beside `NAME` (`_search/x.gz.js`, `plan/directory.json.js`); a script of the
    // theme (`static/search-base.js`) has no `static/search` beside it.
    if path
        .strip_suffix(".js")
        .is_some_and(|carried| paths.contains(carried))
    {
        return Role::Never;
    }
    let search = path
        .strip_prefix(SEARCH_DIR)
        .and_then(|rest| rest.strip_prefix('/'));
    if let Some(name) = search {
        // The page reads the index's manifest compressed (`manifest.json.gz`); the plain one is for the
        // command line and other programs, so it is kept only if something fetches it.
        if name == kaartenbak_search::MANIFEST_FILE {
            return Role::OnFetch;
        }
        let compressed = name.strip_suffix(".gz");
        let starts_every_search = compressed == Some(kaartenbak_search::MANIFEST_FILE)
            || compressed == Some(SEARCH_WASM_FILE);
        return if starts_every_search {
            Role::Shell
        } else {
            Role::Search
        };
    }
    if path.starts_with("static/")
        || matches!(
            path,
            super::WEB_MANIFEST | "index.html" | "search/index.html"
        )
    {
        return Role::Shell;
    }
    if path == "sitemap.xml" || path.ends_with(".atom") || path.ends_with(".ics") {
        return Role::OnFetch;
    }
    Role::Budgeted
}

/// The files a first visit downloads, and their total size.
pub(super) struct Precache<'a> {
    pub files: Vec<&'a BuiltFile>,
    pub bytes: u64,
}

/// The precache of a build whose files are `files`, in `budget` bytes (the shell may exceed it).
pub(super) fn choose<'a>(files: &[&'a BuiltFile], budget: u64) -> Precache<'a> {
    let paths: HashSet<&str> = files.iter().map(|f| f.path.as_str()).collect();
    let of_role = |wanted: Role| -> Vec<&'a BuiltFile> {
        files
            .iter()
            .copied()
            .filter(|f| role(&f.path, &paths) == wanted)
            .collect()
    };
    let mut chosen = of_role(Role::Shell);
    let mut used: u64 = chosen.iter().map(|f| f.size).sum();
    // The index whole or not at all: a part of it answers some queries offline and not others, which a
    // coach cannot tell apart; parts left out are kept as searches fetch them.
    let search = of_role(Role::Search);
    let search_size: u64 = search.iter().map(|f| f.size).sum();
    if used + search_size <= budget {
        used += search_size;
        chosen.extend(search);
    }
    let mut rest = of_role(Role::Budgeted);
    rest.sort_by_key(|f| (f.path.matches('/').count(), f.path.as_str()));
    for file in rest {
        // A listing too big for what is left does not keep the smaller pages after it out.
        if used + file.size <= budget {
            used += file.size;
            chosen.push(file);
        }
    }
    Precache {
        files: chosen,
        bytes: used,
    }
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

    fn chosen(files: &[BuiltFile], budget: u64) -> Vec<String> {
        let refs: Vec<&BuiltFile> = files.iter().collect();
        let mut paths: Vec<String> = choose(&refs, budget)
            .files
            .iter()
            .map(|f| f.path.clone())
            .collect();
        paths.sort();
        paths
    }

    fn site() -> Vec<BuiltFile> {
        vec![
            file("index.html", 10),
            file("search/index.html", 10),
            file("static/search-base.js", 10),
            file("manifest.webmanifest", 10),
            file("_search/manifest.json", 30),
            file("_search/manifest.json.gz", 10),
            file("_search/manifest.json.gz.js", 14),
            file("_search/kaartenbak-search.wasm.gz", 100),
            file("_search/part-a.gz", 300),
            file("_search/part-a.gz.js", 400),
            file("_search/part-b.gz", 300),
            file("partners/index.html", 500),
            file("partners/a/index.html", 50),
            file("partners/b/index.html", 50),
            file("partners/a/sessies.ics", 5),
            file("sitemap.xml", 5),
            file("plan/directory.json", 40),
            file("plan/directory.json.js", 54),
        ]
    }

    #[test]
    fn everything_but_twins_feeds_and_calendars_is_precached_when_it_fits() {
        let all = chosen(&site(), 10_000);
        assert_eq!(all.len(), 12, "{all:?}");
        for left_out in [
            "_search/part-a.gz.js",
            "_search/manifest.json",
            "_search/manifest.json.gz.js",
            "plan/directory.json.js",
            "partners/a/sessies.ics",
            "sitemap.xml",
        ] {
            assert!(!all.contains(&left_out.to_string()), "{left_out}");
        }
    }

    #[test]
    fn the_index_is_precached_whole_or_not_at_all_and_big_listings_give_way_to_small_pages() {
        // Shell 150; the index's parts (600) do not fit in 400; the 500-byte listing does not either, the
        // 40-byte directory and the 50-byte pages do.
        let some = chosen(&site(), 400);
        assert!(some.contains(&"_search/manifest.json.gz".to_string()));
        assert!(some.contains(&"_search/kaartenbak-search.wasm.gz".to_string()));
        assert!(
            !some.iter().any(|p| p.starts_with("_search/part")),
            "{some:?}"
        );
        assert!(!some.contains(&"partners/index.html".to_string()));
        assert!(some.contains(&"partners/a/index.html".to_string()));
        assert!(some.contains(&"partners/b/index.html".to_string()));
        assert!(some.contains(&"plan/directory.json".to_string()));
        // With room for the index, it comes before any page beyond the shell.
        let index_first = chosen(&site(), 800);
        assert!(index_first.contains(&"_search/part-b.gz".to_string()));
        assert!(!index_first.contains(&"partners/a/index.html".to_string()));
        assert!(index_first.contains(&"plan/directory.json".to_string()));
    }

    #[test]
    fn the_shell_is_precached_even_beyond_the_budget() {
        let none = chosen(&site(), 0);
        assert_eq!(
            none,
            [
                "_search/kaartenbak-search.wasm.gz",
                "_search/manifest.json.gz",
                "index.html",
                "manifest.webmanifest",
                "search/index.html",
                "static/search-base.js"
            ]
        );
    }
}
