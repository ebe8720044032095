//! Render cache: the bytes of each page of the previous build, keyed by a hash of exactly what its template
//! received. A page is re-rendered only when its view changed, which is what makes `serve` rebuilds after an
//! edit cheap, and the invalidation is right by construction: no dependency list to keep in sync.

use super::cards::CardCache;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

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

/// Feeds serialized JSON straight into the hash, without building the text.
struct HashWriter(Xxh3);

impl Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.update(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

fn hash_json(hasher: &mut HashWriter, value: &impl serde::Serialize) {
    // Serializing a serde_json::Value or a Tera context into a writer that never fails cannot fail.
    let _ = serde_json::to_writer(&mut *hasher, value);
    hasher.0.update(&[0]);
}

/// A hash of `value` serialized as JSON, after `seed`.
pub(super) fn json_key(seed: &[u8], value: &impl serde::Serialize) -> u64 {
    let mut hasher = HashWriter(Xxh3::new());
    hasher.0.update(seed);
    hash_json(&mut hasher, value);
    hasher.0.digest()
}

/// The key of one page: its template and what the template gets besides the shared context.
pub(super) fn view_key(
    template: &str,
    page: &impl serde::Serialize,
    view: &impl serde::Serialize,
) -> u64 {
    let mut hasher = HashWriter(Xxh3::new());
    hasher.0.update(template.as_bytes());
    hasher.0.update(&[0]);
    hash_json(&mut hasher, page);
    hash_json(&mut hasher, view);
    hasher.0.digest()
}

/// The key of what all pages share: every template source and the shared context (site, translations).
pub(super) fn base_key(templates: &BTreeMap<String, String>, base: &tera::Context) -> u64 {
    let mut hasher = HashWriter(Xxh3::new());
    for (name, source) in templates {
        hasher.0.update(name.as_bytes());
        hasher.0.update(&[0]);
        hasher.0.update(source.as_bytes());
        hasher.0.update(&[0]);
    }
    hash_json(&mut hasher, &base.clone().into_json());
    hasher.0.digest()
}

#[cfg(test)]
mod tests {
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
