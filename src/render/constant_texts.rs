//! Translations are constants of a build, so `{{ t.key }}` in a template is replaced by the key's escaped
//! text before the template compiles. Tera would otherwise look the key up on every use on every page (a map
//! search and several string copies each; partner pages use a few dozen). The output is the same: the text
//! is escaped by the same function Tera would apply. Anything that is not exactly `{{ t.key }}` for a known
//! key is left to Tera, and so is a whole template in which `t` could mean something else.

use crate::i18n::Translations;
use std::borrow::Cow;

const OPEN: &str = "{{ t.";
const CLOSE: &str = " }}";

/// `source` with every `{{ t.key }}` of a known key replaced by `escape(text)`.
pub fn inline_translations<'s>(
    source: &'s str,
    translations: &Translations,
    escape: fn(&str) -> String,
) -> Cow<'s, str> {
    if !source.contains(OPEN) || may_rebind_t(source) {
        return Cow::Borrowed(source);
    }
    let mut inlined = String::with_capacity(source.len());
    let mut rest = source;
    while let Some(start) = rest.find(OPEN) {
        inlined.push_str(&rest[..start]);
        let after = &rest[start + OPEN.len()..];
        let key_end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let key = &after[..key_end];
        let text = translations
            .lookup(key)
            .filter(|_| after[key_end..].starts_with(CLOSE))
            .map(escape)
            // Braces in a text would be read as template syntax once inlined.
            .filter(|text| !text.contains('{'));
        match text {
            Some(text) => {
                inlined.push_str(&text);
                rest = &after[key_end + CLOSE.len()..];
            }
            None => {
                inlined.push_str(OPEN);
                rest = after;
            }
        }
    }
    inlined.push_str(rest);
    Cow::Owned(inlined)
}

/// Whether a tag of `source` could give `t` another value than the translations: `set t`, a loop variable
/// `t`, a macro parameter `t` (a caller may pass anything), or a raw block (whose text must stay as written).
fn may_rebind_t(source: &str) -> bool {
    let mut rest = source;
    while let Some(start) = rest.find("{%") {
        let tag = &rest[start + 2..];
        let end = tag.find("%}").unwrap_or(tag.len());
        let words: Vec<&str> = tag[..end]
            .split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | ',' | '=' | '-'))
            .filter(|w| !w.is_empty())
            .collect();
        let binds_t = match words.first().copied() {
            Some("raw") => true,
            Some("set" | "set_global") => words.get(1) == Some(&"t"),
            Some("for") => words[1..]
                .iter()
                .take_while(|w| **w != "in")
                .any(|w| *w == "t"),
            Some("macro") => words[2..].contains(&"t"),
            _ => false,
        };
        if binds_t {
            return true;
        }
        rest = &tag[end..];
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn translations() -> Translations {
        Translations::from_texts([
            ("referral", "Verwijzen"),
            ("fees", "Kosten & eigen bijdrage"),
            ("braces", "Gebruik {{ naam }}"),
        ])
    }

    fn escape(text: &str) -> String {
        text.replace('&', "&amp;")
    }

    #[test]
    fn known_keys_become_their_escaped_text() {
        let source = "<dt>{{ t.referral }}</dt><dt>{{ t.fees }}</dt><p>{{ t.unknown }}</p>";
        assert_eq!(
            inline_translations(source, &translations(), escape),
            "<dt>Verwijzen</dt><dt>Kosten &amp; eigen bijdrage</dt><p>{{ t.unknown }}</p>"
        );
    }

    #[test]
    fn anything_but_a_plain_use_is_left_to_tera() {
        let source =
            "{{ t.referral | upper }} {{t.referral}} {{ t.braces }} {% if t.fees %}x{% endif %}";
        assert_eq!(inline_translations(source, &translations(), escape), source);
    }

    #[test]
    fn templates_where_t_may_mean_something_else_are_left_alone() {
        for source in [
            "{% set t = other %}{{ t.referral }}",
            "{% for t in items %}{{ t.referral }}{% endfor %}",
            "{% for key, t in map %}{{ t.referral }}{% endfor %}",
            "{% macro verification(v, t) %}{{ t.referral }}{% endmacro verification %}",
            "{% raw %}{{ t.referral }}{% endraw %}",
        ] {
            assert_eq!(
                inline_translations(source, &translations(), escape),
                source,
                "{source}"
            );
        }
        let safe = "{% for item in items %}{{ t.referral }}{% endfor %}{% macro chips(items) %}{% endmacro chips %}";
        assert_eq!(
            inline_translations(safe, &translations(), escape),
            "{% for item in items %}Verwijzen{% endfor %}{% macro chips(items) %}{% endmacro chips %}"
        );
    }
}
