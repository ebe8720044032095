//! Remote embeds in Markdown: images, frames, media and CSS `url()` whose URL points at another site.
//!
//! A page that loads anything from another host leaks every visitor's visit to that host, so content may
//! link to other sites but never embed from them (validation turns each find into an error). Markdown
//! images come from pulldown-cmark's events; raw HTML goes through html5ever's tokenizer, so attribute
//! values are read as a browser reads them (entities decoded, any quoting). Positions: the URL's start
//! where it can be found as written, otherwise the tag's start.

use crate::diagnostics::Position;
use html5ever::tendril::StrTendril;
use html5ever::tokenizer::{
    BufferQueue, Tag, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer,
};
use pulldown_cmark::{Event, Tag as MdTag};
use std::cell::RefCell;
use std::ops::Range;

/// Something in a text that a browser would load from another site.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RemoteEmbed {
    /// What embeds it, for the message: "the image" (Markdown) or "`<video poster>`" (raw HTML).
    pub what: String,
    pub url: String,
    pub at: Position,
}

/// The attributes of each element that make the browser fetch a URL as the page loads.
fn fetching_attributes(element: &str) -> &'static [&'static str] {
    match element {
        "img" | "source" => &["src", "srcset"],
        "iframe" | "frame" | "embed" | "audio" | "track" | "input" | "script" => &["src"],
        "video" => &["src", "poster"],
        "object" => &["data"],
        "link" => &["href"],
        _ => &[],
    }
}

/// Whether a browser would go to another host for `url`: any URL with a scheme (except `data:`, which
/// carries its content inline) and protocol-relative `//host/…`. Browsers drop tabs and newlines inside
/// URLs and read `\` as `/`, so `/\host` is protocol-relative too.
pub fn is_remote(url: &str) -> bool {
    let cleaned: String = url
        .trim_matches(|c: char| c.is_ascii_whitespace() || c.is_control())
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .map(|c| if c == '\\' { '/' } else { c })
        .collect();
    if cleaned.starts_with("//") {
        return true;
    }
    match cleaned.split_once(':') {
        Some((scheme, _)) if is_scheme(scheme) => !scheme.eq_ignore_ascii_case("data"),
        _ => false,
    }
}

fn is_scheme(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// The URLs of a `srcset`: candidates are separated by commas, each a URL and an optional descriptor.
fn srcset_urls(value: &str) -> impl Iterator<Item = &str> {
    value
        .split(',')
        .filter_map(|candidate| candidate.split_whitespace().next())
}

/// The arguments of every `url(…)` in a CSS declaration list, unquoted.
fn css_urls(style: &str) -> Vec<String> {
    let lower = style.to_ascii_lowercase();
    let mut urls = Vec::new();
    let mut from = 0;
    while let Some(i) = lower[from..].find("url(") {
        let start = from + i + 4;
        let end = lower[start..].find(')').map_or(style.len(), |j| start + j);
        let argument = style[start..end]
            .trim()
            .trim_matches(|c| c == '"' || c == '\'');
        urls.push(argument.to_string());
        from = end;
    }
    urls
}

/// Every remote embed of the Markdown `text`, in order, from its parsed `events` with their ranges.
pub fn remote_embeds<'e>(
    text: &str,
    events: impl Iterator<Item = (&'e Event<'e>, &'e Range<usize>)>,
) -> Vec<RemoteEmbed> {
    let mut found = Vec::new();
    let mut html: Option<Range<usize>> = None;
    for (event, range) in events {
        let range = range.clone();
        // The lines of one HTML block come as one event each; they are read as one piece of HTML.
        if let Event::Html(_) = event {
            html = Some(match html {
                Some(open) if open.end <= range.start => open.start..range.end,
                _ => range,
            });
            continue;
        }
        if let Some(block) = html.take() {
            scan_html(text, block, &mut found);
        }
        match event {
            Event::InlineHtml(_) => scan_html(text, range, &mut found),
            Event::Start(MdTag::Image { dest_url, .. }) if is_remote(dest_url) => {
                let start = text[range.clone()]
                    .find(dest_url.as_ref())
                    .map_or(range.start, |i| range.start + i);
                found.push(RemoteEmbed {
                    what: "the image".to_string(),
                    url: dest_url.to_string(),
                    at: Position::at_offset(text, start),
                });
            }
            _ => {}
        }
    }
    if let Some(block) = html {
        scan_html(text, block, &mut found);
    }
    found
}

/// Start tags as the tokenizer reads them.
struct StartTags(RefCell<Vec<Tag>>);

impl TokenSink for StartTags {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        if let Token::TagToken(tag) = token {
            if tag.kind == TagKind::StartTag {
                self.0.borrow_mut().push(tag);
            }
        }
        TokenSinkResult::Continue
    }
}

/// Finds the remote embeds in the raw HTML at `range` of `text`.
fn scan_html(text: &str, range: Range<usize>, found: &mut Vec<RemoteEmbed>) {
    let html = &text[range.clone()];
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(StartTags(RefCell::new(Vec::new())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    let tags = tokenizer.sink.0.take();
    let lower = html.to_ascii_lowercase();
    // Where the tokenizer's tags stand in the source: each found after the previous one.
    let mut cursor = 0;
    for tag in tags {
        let name: &str = &tag.name;
        let tag_start = lower[cursor..]
            .find(&format!("<{name}"))
            .map_or(cursor, |i| cursor + i);
        cursor = (tag_start + 1).min(html.len());
        let mut report = |what: String, url: &str| {
            let at = html[tag_start..]
                .find(url)
                .map_or(tag_start, |i| tag_start + i);
            found.push(RemoteEmbed {
                what,
                url: url.to_string(),
                at: Position::at_offset(text, range.start + at),
            });
        };
        for attribute in &tag.attrs {
            let attribute_name: &str = &attribute.name.local;
            let value: &str = &attribute.value;
            if attribute_name == "style" {
                for url in css_urls(value).iter().filter(|u| is_remote(u)) {
                    report("CSS `url()` in `style`".to_string(), url);
                }
            } else if fetching_attributes(name).contains(&attribute_name) {
                let what = format!("`<{name} {attribute_name}>`");
                if attribute_name == "srcset" {
                    for url in srcset_urls(value).filter(|u| is_remote(u)) {
                        report(what.clone(), url);
                    }
                } else if is_remote(value) {
                    report(what, value);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use pulldown_cmark::Parser;

    fn embeds(text: &str) -> Vec<RemoteEmbed> {
        let parsed: Vec<_> = Parser::new_ext(text, crate::markdown::options())
            .into_offset_iter()
            .collect();
        remote_embeds(text, parsed.iter().map(|(e, r)| (e, r)))
    }

    #[test]
    fn remote_means_another_host() {
        for remote in [
            "https://x.example/p.png",
            "HTTP://x.example/",
            "//x.example/p.png",
            " /\\x.example/p.png",
            "ftp://x.example/",
        ] {
            assert!(is_remote(remote), "{remote}");
        }
        for local in [
            "/static/logo.png",
            "logo.png",
            "../static/a.png",
            "data:image/png;base64,AAAA",
            "#kop",
            "a/b:c.png",
        ] {
            assert!(!is_remote(local), "{local}");
        }
    }

    #[test]
    fn finds_markdown_images_and_raw_html_with_positions() {
        let text = "Logo ![x](https://t.example/p.png) en ![lokaal](/static/a.png).\n\n\
                    <div>\n  <iframe src=\"//v.example/e\"></iframe>\n</div>\n\n\
                    Tekst <img srcset=\"/a.png 1x, https://c.example/b.png 2x\"> \
                    <span style=\"background: url('https://s.example/x.gif')\">s</span>\n";
        let found = embeds(text);
        let summary: Vec<(&str, &str, Position)> = found
            .iter()
            .map(|e| (e.what.as_str(), e.url.as_str(), e.at))
            .collect();
        assert_eq!(
            summary,
            [
                ("the image", "https://t.example/p.png", Position::new(1, 11)),
                ("`<iframe src>`", "//v.example/e", Position::new(4, 16)),
                (
                    "`<img srcset>`",
                    "https://c.example/b.png",
                    Position::new(7, 31)
                ),
                (
                    "CSS `url()` in `style`",
                    "https://s.example/x.gif",
                    Position::new(7, 90)
                ),
            ]
        );
    }

    #[test]
    fn entities_do_not_hide_a_remote_url() {
        let found = embeds("<video poster=\"&#47;&#47;x.example/p.jpg\"></video>\n");
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].url, "//x.example/p.jpg");
        // Not found as written: the tag's start.
        assert_eq!(found[0].at, Position::new(1, 1));
    }

    #[test]
    fn links_to_other_sites_are_no_embeds() {
        assert!(
            embeds("[site](https://x.example/) <a href=\"https://y.example/\">y</a>\n").is_empty()
        );
    }
}
