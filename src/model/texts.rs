//! Renders the entries' Markdown for the model: `@/` links resolved to URLs, the first mention of each
//! glossary term marked, and what every text links to and marks collected for the reverse relations.
//! A session's cache keeps rendered texts by the hash of their source, so `serve` renders only edits.

use super::glossary;
use super::relations::IdIndex;
use super::{url_for, EntryRef};
use crate::content::Content;
use crate::markdown::{self, InternalLink, PagePlace, RenderedMarkdown, TermMarker};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

/// Rendered Markdown of the previous model, by the hash of its text: `serve` renders only edited texts.
#[derive(Debug, Default)]
pub struct MarkdownCache {
    universe: u64,
    rendered: HashMap<u64, Arc<RenderedText>>,
}

#[derive(Debug)]
struct RenderedText {
    /// Shared with every node that shows this text.
    markdown: Arc<RenderedMarkdown>,
    /// The entries its `@/` links point to.
    targets: Vec<EntryRef>,
    /// The glossary terms it marked.
    terms: Vec<usize>,
}

/// What rendering found across all texts.
pub(super) struct Found {
    /// Markdown links between entries: (source, target), never an entry to itself.
    pub mentions: Vec<(EntryRef, EntryRef)>,
    /// Glossary terms marked: (term, source).
    pub term_mentions: Vec<(usize, EntryRef)>,
}

/// Renders texts from many threads at once; collects what they link to and mark.
pub(super) struct TextRenderer<'a> {
    base_path: &'a str,
    ids: &'a IdIndex,
    marker: TermMarker,
    universe: u64,
    /// The previous model's texts, when they resolved against the same universe.
    previous: Option<HashMap<u64, Arc<RenderedText>>>,
    /// Whether to keep this model's texts for the next (a one-off build does not pay for it).
    keep: bool,
    rendered_now: Mutex<HashMap<u64, Arc<RenderedText>>>,
    mentions: Mutex<Vec<(EntryRef, EntryRef)>>,
    term_mentions: Mutex<Vec<(usize, EntryRef)>>,
}

impl<'a> TextRenderer<'a> {
    pub fn new(
        base_path: &'a str,
        content: &Content,
        ids: &'a IdIndex,
        previous: Option<MarkdownCache>,
    ) -> Self {
        let universe = link_universe(base_path, content);
        TextRenderer {
            base_path,
            ids,
            marker: glossary::marker(&content.glossary, base_path),
            universe,
            keep: previous.is_some(),
            previous: previous
                .filter(|c| c.universe == universe)
                .map(|c| c.rendered),
            rendered_now: Mutex::new(HashMap::new()),
            mentions: Mutex::new(Vec::new()),
            term_mentions: Mutex::new(Vec::new()),
        }
    }

    /// What the rendered texts depend on besides themselves (see `link_universe`).
    pub fn universe(&self) -> u64 {
        self.universe
    }

    /// Renders `text` of the entry `source`. `marked`: the terms an earlier text of the same entry
    /// marked, which this one leaves unmarked; the terms this text marks are added. `place`: where on
    /// the entry's page the text is shown; the ids its headings get are added to `place.taken`.
    pub fn render(
        &self,
        source: EntryRef,
        text: &str,
        marked: &mut Vec<usize>,
        place: &mut PagePlace,
    ) -> Arc<RenderedMarkdown> {
        let key = if marked.is_empty() && place.taken.is_empty() && place.top_level == 2 {
            xxh3_64(text.as_bytes())
        } else {
            let mut hasher = Xxh3::new();
            hasher.update(text.as_bytes());
            for term in marked.iter() {
                hasher.update(&(*term as u64).to_le_bytes());
            }
            hasher.update(&(place.top_level as u64).to_le_bytes());
            let mut ids: Vec<&String> = place.taken.iter().collect();
            ids.sort_unstable();
            for id in ids {
                hasher.update(b"\0");
                hasher.update(id.as_bytes());
            }
            hasher.digest()
        };
        let known = self.previous.as_ref().and_then(|p| p.get(&key)).cloned();
        let rendered = known.unwrap_or_else(|| self.render_new(text, marked, place));
        marked.extend_from_slice(&rendered.terms);
        place
            .taken
            .extend(rendered.markdown.anchors.iter().cloned());
        lock(&self.term_mentions).extend(rendered.terms.iter().map(|&term| (term, source)));
        lock(&self.mentions).extend(
            rendered
                .targets
                .iter()
                .filter(|&&target| target != source)
                .map(|&target| (source, target)),
        );
        let markdown = Arc::clone(&rendered.markdown);
        if self.keep {
            lock(&self.rendered_now).insert(key, rendered);
        }
        markdown
    }

    fn render_new(&self, text: &str, marked: &[usize], place: &PagePlace) -> Arc<RenderedText> {
        let targets = RefCell::new(Vec::new());
        let resolve = |link: &InternalLink| {
            let index = self.ids.entry(link.kind, &link.id)?;
            targets.borrow_mut().push(EntryRef {
                kind: link.kind,
                index,
            });
            let anchor = link
                .anchor
                .as_ref()
                .map(|a| format!("#{a}"))
                .unwrap_or_default();
            Some(format!(
                "{}{anchor}",
                url_for(self.base_path, &[link.kind.folder(), &link.id])
            ))
        };
        let (markdown, terms) =
            markdown::render_marked(text, &resolve, &self.marker, marked, place);
        Arc::new(RenderedText {
            markdown: Arc::new(markdown),
            targets: targets.into_inner(),
            terms,
        })
    }

    /// What all texts linked to and marked; with a cache, it now holds this model's texts (the previous
    /// ones are dropped).
    pub fn finish(self, cache: Option<&mut MarkdownCache>) -> Found {
        if let Some(cache) = cache {
            cache.universe = self.universe;
            cache.rendered = into_inner(self.rendered_now);
        }
        Found {
            mentions: into_inner(self.mentions),
            term_mentions: into_inner(self.term_mentions),
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().expect("no panics while holding the lock")
}

fn into_inner<T>(mutex: Mutex<T>) -> T {
    mutex
        .into_inner()
        .expect("no panics while holding the lock")
}

/// What `@/` links resolve against: the ids of every kind, and the base path; and what marks of glossary
/// terms are made of. A text renders the same as long as these are the same.
fn link_universe(base_path: &str, content: &Content) -> u64 {
    let mut hasher = Xxh3::new();
    hasher.update(base_path.as_bytes());
    glossary::hash_marking(&content.glossary, &mut hasher);
    for entries in content.entries.values() {
        hasher.update(&[1]);
        for entry in entries {
            hasher.update(entry.id().as_bytes());
            hasher.update(&[0]);
        }
    }
    hasher.digest()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::EntryKind;
    use std::collections::HashSet;

    fn content_with(ids: &[(EntryKind, &str)]) -> Content {
        let mut content = Content::default();
        for &(kind, id) in ids {
            content.entries[kind].push(Arc::new(crate::content::Entry::example(kind, id)));
        }
        content
    }

    #[test]
    fn links_resolve_to_urls_and_are_collected_as_mentions() {
        let content = content_with(&[
            (EntryKind::Partner, "schuldhulp"),
            (EntryKind::Page, "armoede"),
        ]);
        let ids = IdIndex::new(&content);
        let texts = TextRenderer::new("/", &content, &ids, None);
        let page = EntryRef {
            kind: EntryKind::Page,
            index: 0,
        };
        let html = texts.render(
            page,
            "Zie [Schuldhulp](@/partners/schuldhulp#aanmelden) en [hier](@/pages/armoede).",
            &mut Vec::new(),
            &mut PagePlace::below_title(HashSet::new()),
        );
        assert!(html
            .html
            .contains(r#"href="/partners/schuldhulp/#aanmelden""#));
        let found = texts.finish(None);
        // The link of the page to itself is no mention.
        assert_eq!(
            found.mentions,
            vec![(
                page,
                EntryRef {
                    kind: EntryKind::Partner,
                    index: 0
                }
            )]
        );
    }

    #[test]
    fn a_session_reuses_texts_while_the_same_entries_exist() {
        let content = content_with(&[(EntryKind::Partner, "schuldhulp")]);
        let ids = IdIndex::new(&content);
        let source = EntryRef {
            kind: EntryKind::Partner,
            index: 0,
        };
        let mut cache = MarkdownCache::default();
        let first = TextRenderer::new("/", &content, &ids, Some(std::mem::take(&mut cache)));
        let before = first.render(
            source,
            "Een *tekst*.",
            &mut Vec::new(),
            &mut PagePlace::below_title(HashSet::new()),
        );
        first.finish(Some(&mut cache));
        let second = TextRenderer::new("/", &content, &ids, Some(std::mem::take(&mut cache)));
        let again = second.render(
            source,
            "Een *tekst*.",
            &mut Vec::new(),
            &mut PagePlace::below_title(HashSet::new()),
        );
        assert!(Arc::ptr_eq(&before, &again), "the cached text is shared");
        second.finish(Some(&mut cache));

        // Another set of entries: links may resolve differently, so nothing is reused.
        let more = content_with(&[
            (EntryKind::Partner, "schuldhulp"),
            (EntryKind::Partner, "voedselbank"),
        ]);
        let ids = IdIndex::new(&more);
        let third = TextRenderer::new("/", &more, &ids, Some(std::mem::take(&mut cache)));
        let fresh = third.render(
            source,
            "Een *tekst*.",
            &mut Vec::new(),
            &mut PagePlace::below_title(HashSet::new()),
        );
        assert!(!Arc::ptr_eq(&before, &fresh));
    }
}
