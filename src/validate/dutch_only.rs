//! The built-in glossary and lexicon of needs exist in Dutch only. A site that switches to another
//! language loses them, and every term or need its own files extend would be reported on its own (two
//! errors per glossary term). This says it once, with what to do, and leaves those extensions out.

use crate::config::Language;
use crate::content::{GlossaryItem, NeedItem};
use crate::diagnostics::{Diagnostic, Diagnostics};

/// Removes from the site's glossary and lexicon the items that extend a Dutch built-in one which the
/// site's `language` does not have, and reports them once per file.
pub fn drop_dutch_extensions(
    language: Language,
    glossary: (&mut Vec<GlossaryItem>, &str),
    lexicon: (&mut Vec<NeedItem>, &str),
    diagnostics: &mut Diagnostics,
) {
    if language == Language::Nl {
        return;
    }
    if super::default_glossary(language).is_none() {
        if let Some(dutch) = super::default_glossary(Language::Nl) {
            let (items, file) = glossary;
            // An item that brings its own term and explanation stands alone; the others extend a Dutch one.
            let extends = |item: &GlossaryItem| {
                (item.remove || item.term.is_none() || item.explanation.is_none())
                    && dutch.items.iter().any(|d| d.id.value == item.id.value)
            };
            let count = items.iter().filter(|i| extends(i)).count();
            if let Some(first) = items.iter().find(|i| extends(i)) {
                diagnostics.push(
                    Diagnostic::error(
                        "dutch-only",
                        file,
                        first.at.position(),
                        format!(
                            "the built-in glossary is Dutch only, and {count} terms of this file extend it; a site with `language = \"{}\"` has no built-in terms",
                            language.code()
                        ),
                    )
                    .with_hint("set `language = \"nl\"` in kaartenbak.toml, or give each term its own `term` and `explanation` in the site's language"),
                );
            }
            items.retain(|i| !extends(i));
            // Links to the Dutch terms left out are part of the one error above, not one error each.
            let kept: Vec<String> = items.iter().map(|i| i.id.value.clone()).collect();
            let is_dropped = |id: &str| {
                !kept.iter().any(|k| k == id) && dutch.items.iter().any(|d| d.id.value == id)
            };
            for item in items.iter_mut() {
                if let Some(see_also) = &mut item.see_also {
                    see_also.retain(|s| !is_dropped(&s.value));
                }
            }
        }
    }
    if super::default_lexicon(language).is_none() {
        if let Some(dutch) = super::default_lexicon(Language::Nl) {
            let (items, file) = lexicon;
            let extends = |item: &NeedItem| {
                (item.remove
                    || item.domain.is_none()
                    || item.term.is_none()
                    || item.expressions.is_none())
                    && dutch.items.iter().any(|d| d.id.value == item.id.value)
            };
            let count = items.iter().filter(|i| extends(i)).count();
            if let Some(first) = items.iter().find(|i| extends(i)) {
                diagnostics.push(
                    Diagnostic::error(
                        "dutch-only",
                        file,
                        first.at.position(),
                        format!(
                            "the built-in lexicon of needs is Dutch only, and {count} needs of this file extend it; a site with `language = \"{}\"` has no built-in needs",
                            language.code()
                        ),
                    )
                    .with_hint("set `language = \"nl\"` in kaartenbak.toml, or give each need its own `domain`, `term` and `expressions`"),
                );
            }
            items.retain(|i| !extends(i));
        }
    }
}
