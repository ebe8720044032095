//! Render cache: the bytes of each page of the previous build, keyed by a hash of exactly what its template
//! received. A page is re-rendered only when its view changed, which is what makes `serve` rebuilds after an
//! edit cheap, and the invalidation is right by construction: no dependency list to keep in sync.

use super::OutputFile;
use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::sync::Arc;
use xxhash_rust::xxh3::Xxh3;

#[derive(Debug, Default)]
pub struct RenderCache {
    pub(super) base: u64,
    pages: HashMap<String, (u64, Arc<[u8]>)>,
}

impl RenderCache {
    pub(super) fn new(base: u64) -> Self {
        RenderCache {
            base,
            pages: HashMap::new(),
        }
    }

    pub(super) fn get(&self, path: &str, key: u64) -> Option<Arc<[u8]>> {
        match self.pages.get(path) {
            Some((cached, bytes)) if *cached == key => Some(Arc::clone(bytes)),
            _ => None,
        }
    }

    pub(super) fn insert(&mut self, file: &OutputFile, key: u64) {
        self.pages
            .insert(file.path.clone(), (key, Arc::clone(&file.bytes)));
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
        let mut cache = RenderCache::new(1);
        cache.insert(
            &OutputFile::new("partners/a/index.html", b"<p>010 123</p>".to_vec()),
            key,
        );
        assert!(cache.get("partners/a/index.html", key).is_some());
        let changed = view_key("partner.html", &page, &json!({"phone": "010 124"}));
        assert_ne!(key, changed);
        assert!(cache.get("partners/a/index.html", changed).is_none());
        let other_template = view_key("module.html", &page, &json!({"phone": "010 123"}));
        assert_ne!(key, other_template);
        assert!(cache.get("partners/b/index.html", key).is_none());
    }
}
