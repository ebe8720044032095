//! Cards of lists (listings, domain and wijk pages), rendered one by one with the theme's `_card.html` and
//! kept by a hash of what each shows: a card on many pages is rendered once, and in a session a list page
//! that changed renders only its changed cards (a domain page of a big site has thousands).

use super::{template_error, RenderError};
use rustc_hash::FxHashMap;
use serde::{Serialize, Serializer};
use std::sync::{Arc, Mutex};
use tera::{Context, Tera};
use xxhash_rust::xxh3::Xxh3;

/// An entry in a list: listings, domain and wijk pages.
#[derive(Debug, Clone, Serialize)]
pub struct Card {
    pub title: String,
    pub url: String,
    pub kind: Option<String>,
    pub summary: String,
    pub stale: bool,
    /// A partner's phone number and its `tel:` link: what a printed handout of a domain page is for.
    pub phone: Option<String>,
    pub phone_href: Option<String>,
    /// Service lines relevant where the card is shown (name and referral).
    pub lines: Vec<CardLine>,
    /// A partner's temporary notice (waiting list, closed intake), unless it ended.
    pub notice: Option<super::views::NoticeView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct CardLine {
    pub name: String,
    pub url: String,
    pub referral: Option<String>,
}

const CARD_TEMPLATE: &str = "_card.html";

/// A rendered card; in a template, a string to output with `| safe`.
#[derive(Debug, Clone)]
pub struct CardHtml(Arc<str>);

impl Serialize for CardHtml {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

/// Rendered cards by the hash of their data and heading level (keys are hashes already, so the map only
/// mixes them once more).
pub type CardCache = FxHashMap<u64, Arc<str>>;

pub struct CardRenderer<'r> {
    tera: &'r Tera,
    base: &'r Context,
    previous: Option<&'r CardCache>,
    made: Mutex<CardCache>,
    /// Contexts ready for a card, so the translations are not copied for every card.
    contexts: Mutex<Vec<Context>>,
    failure: Mutex<Option<RenderError>>,
}

impl<'r> CardRenderer<'r> {
    pub fn new(tera: &'r Tera, base: &'r Context, previous: Option<&'r CardCache>) -> Self {
        CardRenderer {
            tera,
            base,
            previous,
            made: Mutex::default(),
            contexts: Mutex::default(),
            failure: Mutex::default(),
        }
    }

    pub fn html(&self, card: &Card, heading_level: u8) -> CardHtml {
        let key = card_key(card, heading_level);
        if let Some(known) = self.previous.and_then(|p| p.get(&key)) {
            lock(&self.made).insert(key, Arc::clone(known));
            return CardHtml(Arc::clone(known));
        }
        if let Some(made) = lock(&self.made).get(&key) {
            return CardHtml(Arc::clone(made));
        }
        let html = self.render(card, heading_level);
        lock(&self.made).insert(key, Arc::clone(&html));
        CardHtml(html)
    }

    fn render(&self, card: &Card, heading_level: u8) -> Arc<str> {
        let mut context = lock(&self.contexts)
            .pop()
            .unwrap_or_else(|| self.base.clone());
        context.insert("card", card);
        context.insert("heading_level", &heading_level);
        let html: Arc<str> = match self.tera.render(CARD_TEMPLATE, &context) {
            Ok(html) => html.trim().into(),
            Err(error) => {
                lock(&self.failure).get_or_insert(template_error(CARD_TEMPLATE, error));
                "".into()
            }
        };
        lock(&self.contexts).push(context);
        html
    }

    /// The card of an entry, found by `inputs` (a hash of what the card is made of, see
    /// `ViewBuilder::entry_card`) without building it; built with `card` when it is not known. Debug builds
    /// build it anyway and check that the kept card is the same.
    pub fn html_by_inputs(
        &self,
        inputs: u64,
        heading_level: u8,
        card: impl FnOnce() -> Card,
    ) -> CardHtml {
        let key = {
            let mut hasher = Xxh3::new();
            hasher.update(b"inputs");
            hasher.update(&inputs.to_le_bytes());
            hasher.update(&[heading_level]);
            hasher.digest()
        };
        let known = self
            .previous
            .and_then(|p| p.get(&key))
            .cloned()
            .or_else(|| lock(&self.made).get(&key).cloned());
        if let Some(html) = known {
            if cfg!(debug_assertions) {
                let now = self.render(&card(), heading_level);
                assert_eq!(
                    &*now, &*html,
                    "a card kept for its inputs differs from the card built now"
                );
            }
            lock(&self.made).insert(key, Arc::clone(&html));
            return CardHtml(html);
        }
        // Not looked up by its data as well: a card found by inputs is one entry's card in one place, which
        // no other inputs make.
        let html = self.render(&card(), heading_level);
        lock(&self.made).insert(key, Arc::clone(&html));
        CardHtml(html)
    }

    /// The cards this build used, for the next build; or the first template error.
    pub fn finish(self) -> Result<CardCache, RenderError> {
        match lock(&self.failure).take() {
            Some(error) => Err(error),
            None => Ok(std::mem::take(&mut *lock(&self.made))),
        }
    }
}

fn card_key(card: &Card, heading_level: u8) -> u64 {
    super::view_keys::json_key(&[heading_level], card)
}

/// Every lock here guards a single insert, take or pop; a poisoned one still holds consistent data.
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn card() -> Card {
        Card {
            title: "Schuldhulp".into(),
            url: "/partners/schuldhulp/".into(),
            kind: None,
            summary: "Helpt bij schulden.".into(),
            stale: false,
            phone: None,
            phone_href: None,
            lines: Vec::new(),
            notice: None,
        }
    }

    fn card_template(source: &str) -> Tera {
        let mut tera = Tera::default();
        tera.add_raw_template(CARD_TEMPLATE, source).unwrap();
        tera
    }

    #[test]
    fn a_card_is_rendered_once_and_kept_for_the_next_build() {
        let base = Context::new();
        let tera = card_template("<li>{{ card.title }} h{{ heading_level }}</li>\n");
        let first = CardRenderer::new(&tera, &base, None);
        assert_eq!(&*first.html(&card(), 3).0, "<li>Schuldhulp h3</li>");
        assert_eq!(&*first.html(&card(), 2).0, "<li>Schuldhulp h2</li>");
        assert_eq!(&*first.html(&card(), 3).0, "<li>Schuldhulp h3</li>");
        let kept = first.finish().unwrap();
        assert_eq!(kept.len(), 2);

        // A template that renders otherwise shows that the next build takes the kept card.
        let other = card_template("anders");
        let second = CardRenderer::new(&other, &base, Some(&kept));
        assert_eq!(&*second.html(&card(), 3).0, "<li>Schuldhulp h3</li>");
        let mut changed = card();
        changed.summary = "Nieuw.".into();
        assert_eq!(&*second.html(&changed, 3).0, "anders");
        assert_eq!(
            second.finish().unwrap().len(),
            2,
            "the cache holds the cards this build showed"
        );
    }

    #[test]
    fn a_broken_card_template_fails_the_build() {
        let base = Context::new();
        let tera = card_template("{{ card.nonexistent.field }}");
        let renderer = CardRenderer::new(&tera, &base, None);
        renderer.html(&card(), 3);
        let error = renderer.finish().unwrap_err().to_string();
        assert!(error.contains(CARD_TEMPLATE), "{error}");
    }
}
