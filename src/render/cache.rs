//! Render cache: the bytes of each page of the previous build, keyed by a hash of exactly what its template
//! received. A page is re-rendered only when its view changed, which is what makes `serve` rebuilds after an
//! edit cheap, and the invalidation is right by construction: no dependency list to keep in sync.

use super::cards::CardCache;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Debug, Default)]
pub struct RenderCache {
    pub(super) base: u64,
    /// The cards the pages of the previous build showed.
    pub(super) cards: CardCache,
    pages: HashMap<String, CachedPage>,
}

#[derive(Debug)]
struct CachedPage {
    /// Hash of the view the template got.
    view: u64,
    /// Hash of what the view was built from, for pages that have one (see `inputs`).
    inputs: Option<u64>,
    bytes: Arc<[u8]>,
    /// `xxh3_64` of the bytes, so the output stage need not hash a kept page again.
    hash: u64,
}

/// A page's bytes and their `xxh3_64` hash.
pub(super) type HashedBytes = (Arc<[u8]>, u64);

impl RenderCache {
    pub(super) fn new(base: u64, cards: CardCache) -> Self {
        RenderCache {
            base,
            cards,
            pages: HashMap::new(),
        }
    }

    /// The page, if its view was the same.
    pub(super) fn get(&self, path: &str, view: u64) -> Option<HashedBytes> {
        match self.pages.get(path) {
            Some(cached) if cached.view == view => Some((Arc::clone(&cached.bytes), cached.hash)),
            _ => None,
        }
    }

    /// The page and its view key, if it was built from the same inputs.
    pub(super) fn get_by_inputs(&self, path: &str, inputs: u64) -> Option<(HashedBytes, u64)> {
        match self.pages.get(path) {
            Some(cached) if cached.inputs == Some(inputs) => {
                Some(((Arc::clone(&cached.bytes), cached.hash), cached.view))
            }
            _ => None,
        }
    }

    pub(super) fn insert(
        &mut self,
        path: &str,
        (bytes, hash): &HashedBytes,
        view: u64,
        inputs: Option<u64>,
    ) {
        self.pages.insert(
            path.to_string(),
            CachedPage {
                view,
                inputs,
                bytes: Arc::clone(bytes),
                hash: *hash,
            },
        );
    }
}

#[cfg(test)]
mod tests {
    use super::super::view_keys::view_key;
    use super::*;
    use serde_json::json;

    #[test]
    fn a_page_is_reused_only_for_the_same_view() {
        let page = json!({"title": "Schuldhulp", "url": "/partners/a/"});
        let key = view_key("partner.html", &page, &json!({"phone": "010 123"}));
        let mut cache = RenderCache::new(1, CardCache::default());
        cache.insert(
            "partners/a/index.html",
            &(Arc::from(&b"<p>010 123</p>"[..]), 1),
            key,
            Some(7),
        );
        assert!(cache.get("partners/a/index.html", key).is_some());
        assert_eq!(
            cache
                .get_by_inputs("partners/a/index.html", 7)
                .map(|(_, view)| view),
            Some(key)
        );
        assert!(cache.get_by_inputs("partners/a/index.html", 8).is_none());
        let changed = view_key("partner.html", &page, &json!({"phone": "010 124"}));
        assert_ne!(key, changed);
        assert!(cache.get("partners/a/index.html", changed).is_none());
        let other_template = view_key("module.html", &page, &json!({"phone": "010 123"}));
        assert_ne!(key, other_template);
        assert!(cache.get("partners/b/index.html", key).is_none());
    }
}
