//! Keys that identify what a template received: a hash of the serialised view, of a card, of the
//! templates and shared context. The render cache and the card cache compare them across builds.

use std::collections::BTreeMap;
use std::io::Write;
use xxhash_rust::xxh3::Xxh3;

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
