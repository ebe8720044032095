//! Markdown: `@/KIND/ID#anchor` links, heading anchors, rendering to sanitised HTML and to plain text.
//!
//! Validation uses each text's `outline` (heading anchors and `@/` links) to check links; the model renders
//! with `render_marked` once every entry's URL is known, marking first mentions of glossary terms (`terms`).

mod embeds;
mod terms;

pub use embeds::RemoteEmbed;
pub use terms::{MarkedTerm, TermMarker};

use crate::diagnostics::Position;
use crate::kinds::EntryKind;
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::sync::OnceLock;

fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_STRIKETHROUGH
}

/// A parsed `@/KIND/ID#anchor` link.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    pub kind: EntryKind,
    pub id: String,
    pub anchor: Option<String>,
}

/// `Ok(None)` for ordinary links, `Err(message)` for a malformed `@/` link.
pub fn parse_internal_link(destination: &str) -> Result<Option<InternalLink>, String> {
    let Some(rest) = destination.strip_prefix("@/") else {
        return Ok(None);
    };
    let (path, anchor) = match rest.split_once('#') {
        Some((path, anchor)) => (path, Some(anchor.to_string())),
        None => (rest, None),
    };
    let path = path.trim_end_matches('/');
    let (folder, id) = path
        .split_once('/')
        .ok_or_else(|| format!("`{destination}` does not name a kind and an id"))?;
    let kind = EntryKind::from_folder(folder)
        .ok_or_else(|| format!("`{folder}` in `{destination}` is not a kind of entry"))?;
    let id = id
        .strip_suffix(".md")
        .or_else(|| id.strip_suffix(".yaml"))
        .unwrap_or(id);
    if id.is_empty() || id.contains('/') {
        return Err(format!("`{destination}` does not name one entry"));
    }
    Ok(Some(InternalLink {
        kind,
        id: id.to_string(),
        anchor,
    }))
}

/// A link destination found in Markdown, with its position inside the text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FoundLink {
    pub destination: String,
    pub at: Position,
}

/// What validation needs of a Markdown text, from one parse: its heading anchors as `render` will write
/// them, every link and image destination that starts with `@/`, and what it embeds from other sites.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Outline {
    /// Each heading's anchor before it is made unique on its page (see `Outline::anchors`).
    heading_bases: Vec<String>,
    pub links: Vec<FoundLink>,
    pub remote_embeds: Vec<RemoteEmbed>,
}

impl Outline {
    /// The heading anchors as `render_marked` writes them on a page whose other texts and parts already
    /// use `taken`.
    pub fn anchors(&self, taken: &HashSet<String>) -> Vec<String> {
        unique_anchors(self.heading_bases.iter().cloned(), taken)
    }
}

pub fn outline(text: &str) -> Outline {
    let (events, ranges): (Vec<Event>, Vec<std::ops::Range<usize>>) =
        Parser::new_ext(text, options()).into_offset_iter().unzip();
    let links = events
        .iter()
        .zip(&ranges)
        .filter_map(|(event, range)| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if dest_url.starts_with("@/") =>
            {
                let start = text[range.clone()]
                    .find("@/")
                    .map_or(range.start, |i| range.start + i);
                Some(FoundLink {
                    destination: dest_url.to_string(),
                    at: Position::at_offset(text, start),
                })
            }
            _ => None,
        })
        .collect();
    let remote_embeds = embeds::remote_embeds(text, events.iter().zip(&ranges));
    Outline {
        heading_bases: headings(&events)
            .into_iter()
            .map(|(_, base)| base)
            .collect(),
        links,
        remote_embeds,
    }
}

/// Every heading as (index of its start event, its anchor before it is made unique): its explicit id or
/// the slug of its text. A number at the end cannot take an anchor out of a series of the layout's
/// ("Letter A" gets `kop-letter-a`, not `letter-a`).
fn headings(events: &[Event]) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { id, .. }) = &events[i] {
            let mut text = String::new();
            let mut j = i + 1;
            while j < events.len() && !matches!(events[j], Event::End(TagEnd::Heading(_))) {
                if let Event::Text(t) | Event::Code(t) = &events[j] {
                    text.push_str(t);
                }
                j += 1;
            }
            let base = match id {
                Some(explicit) => explicit.to_string(),
                None => slugify(&text),
            };
            let base = if crate::layout_ids::in_layout_series(&base) {
                format!("kop-{base}")
            } else {
                base
            };
            found.push((i, base));
            i = j;
        }
        i += 1;
    }
    found
}

/// Unique anchors for heading `bases`, in order: none twice, none of the layout's own ids (a heading
/// "Inhoud" gets `inhoud-1`: `inhoud` is the `<main>`), and none of `taken`, the anchors the page's other
/// texts and parts use already.
fn unique_anchors(bases: impl Iterator<Item = String>, taken: &HashSet<String>) -> Vec<String> {
    let mut used: HashSet<String> = HashSet::new();
    bases
        .map(|base| {
            let base = if base.is_empty() {
                "kop".to_string()
            } else {
                base
            };
            let mut anchor = base.clone();
            let mut n = 1;
            while used.contains(&anchor)
                || taken.contains(&anchor)
                || crate::layout_ids::LAYOUT_IDS.contains(&anchor.as_str())
            {
                anchor = format!("{base}-{n}");
                n += 1;
            }
            used.insert(anchor.clone());
            anchor
        })
        .collect()
}

/// Lowercase ASCII words joined by hyphens: "Beslistermijn & bezwaar" → "beslistermijn-bezwaar".
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut push = |c: char| {
        if c.is_ascii_alphanumeric() {
            slug.push(c);
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    };
    for c in text.chars() {
        // Most names are ASCII, which lower-cases without Unicode tables and has no accents to fold.
        if c.is_ascii() {
            push(c.to_ascii_lowercase());
        } else {
            c.to_lowercase().for_each(|lower| push(fold_accent(lower)));
        }
    }
    let end = slug.trim_end_matches('-').len();
    slug.truncate(end);
    slug
}

fn fold_accent(c: char) -> char {
    match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ç' => 'c',
        'ñ' => 'n',
        'ý' | 'ÿ' => 'y',
        other => other,
    }
}

/// Rendered Markdown: sanitised HTML and the plain text for the search index.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RenderedMarkdown {
    pub html: String,
    pub text: String,
    /// The ids its headings got, so that the page's next text avoids them.
    pub anchors: Vec<String>,
}

/// The first sentences of `text` up to `max_chars`, cut at a sentence or word end: summaries for cards.
pub fn first_sentences(text: &str, max_chars: usize) -> String {
    // Whitespace is collapsed only as far as the cut can reach: a body is much longer than its summary.
    let mut collapsed = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !collapsed.is_empty() {
            collapsed.push(' ');
            chars += 1;
        }
        collapsed.push_str(word);
        chars += word.chars().count();
        if chars > max_chars {
            break;
        }
    }
    cut_at_sentence(collapsed, max_chars)
}

/// `text` (whitespace collapsed) when it has at most `max_chars` characters, or else its start up to the
/// last sentence or word end within them.
fn cut_at_sentence(text: String, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text,
        Some((end, _)) => {
            let cut = &text[..end];
            let at = cut
                .rfind(". ")
                .map(|i| i + 1)
                .or_else(|| cut.rfind(' '))
                .unwrap_or(end);
            let mut short = cut[..at].trim_end().to_string();
            if !short.ends_with('.') {
                short.push('…');
            }
            short
        }
    }
}

/// Where on its page a text is shown: the ids the page uses already (its parts', its earlier texts'
/// headings), which the text's headings avoid, and the level of its top headings: `<h2>` under the page
/// title, deeper for a part shown under a heading of its own.
#[derive(Debug, Clone)]
pub struct PagePlace {
    pub taken: HashSet<String>,
    pub top_level: usize,
}

impl PagePlace {
    /// A text right under the page title.
    pub fn below_title(taken: HashSet<String>) -> Self {
        PagePlace {
            taken,
            top_level: 2,
        }
    }
}

/// Renders `text`; `resolve` turns an `@/` link into its URL (unresolvable links become plain text).
/// Headings move one level down (`#` → `<h2>`) because the page title is the only `<h1>`. The model
/// always marks glossary terms (`render_marked`); this is the plain case its tests start from.
#[cfg(test)]
pub fn render(text: &str, resolve: &dyn Fn(&InternalLink) -> Option<String>) -> RenderedMarkdown {
    let place = PagePlace::below_title(HashSet::new());
    render_marked(text, resolve, &TermMarker::default(), &[], &place).0
}

/// `render`, with the first mention of each glossary term of `marker` marked, except the terms in
/// `already` (marked in an earlier text of the same entry), and its headings placed at `place`. Returns
/// the terms it marked, in order.
pub fn render_marked(
    text: &str,
    resolve: &dyn Fn(&InternalLink) -> Option<String>,
    marker: &TermMarker,
    already: &[usize],
    place: &PagePlace,
) -> (RenderedMarkdown, Vec<usize>) {
    let mut events: Vec<Event> = Parser::new_ext(text, options()).collect();
    let found = headings(&events);
    let ids = unique_anchors(found.iter().map(|(_, base)| base.clone()), &place.taken);
    let anchors: Vec<(usize, String)> = found
        .iter()
        .map(|(i, _)| *i)
        .zip(ids.iter().cloned())
        .collect();
    // The page title is the `<h1>`; a text's headings follow it without skipping a level and keep
    // their relations: headings written at one level stay siblings, one written deeper is a child of
    // the heading before it (`## A`, `## B` become two `<h2>`; `# A`, `### B` become `<h2>`, `<h3>`),
    // as a screen reader's outline expects.
    let mut open: Vec<(HeadingLevel, usize)> = Vec::new();
    for (i, anchor) in anchors {
        if let Event::Start(Tag::Heading {
            level,
            classes,
            attrs,
            ..
        }) = &events[i]
        {
            while open.last().is_some_and(|(written, _)| written >= level) {
                open.pop();
            }
            let shown = open
                .last()
                .map_or(place.top_level, |(_, shown)| shown + 1)
                .min(6);
            open.push((*level, shown));
            events[i] = Event::Start(Tag::Heading {
                level: HeadingLevel::try_from(shown).unwrap_or(HeadingLevel::H6),
                id: Some(CowStr::from(anchor)),
                classes: classes.clone(),
                attrs: attrs.clone(),
            });
        }
    }
    let mut plain = String::with_capacity(text.len());
    let mut broken_link_depth = 0usize;
    let mut rewritten = Vec::with_capacity(events.len());
    let mut marking = terms::MarkingState::starting_with(already);
    // Headings do not nest: an end closes the heading last opened, at the level it was written with.
    let mut open_heading = HeadingLevel::H2;
    for event in events {
        match &event {
            Event::Text(t) | Event::Code(t) => {
                plain.push_str(t);
            }
            Event::Start(Tag::Heading { level, .. }) => open_heading = *level,
            Event::SoftBreak | Event::HardBreak => plain.push(' '),
            Event::End(
                TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell,
            ) => plain.push('\n'),
            _ => {}
        }
        match event {
            Event::Start(Tag::Link {
                link_type,
                dest_url,
                title,
                id,
            }) if dest_url.starts_with("@/") => {
                let url = parse_internal_link(&dest_url)
                    .ok()
                    .flatten()
                    .and_then(|l| resolve(&l));
                let start = Event::Start(Tag::Link {
                    link_type,
                    dest_url: CowStr::from(url.clone().unwrap_or_default()),
                    title,
                    id,
                });
                match url {
                    Some(_) => marking.push(marker, start, &mut rewritten),
                    None => {
                        // Its text stays, as plain text that is still no place for a mark.
                        let mut dropped = Vec::new();
                        marking.push(marker, start, &mut dropped);
                        broken_link_depth += 1;
                    }
                }
            }
            Event::End(TagEnd::Link) if broken_link_depth > 0 => {
                broken_link_depth -= 1;
                marking.push(marker, Event::End(TagEnd::Link), &mut Vec::new());
            }
            Event::End(TagEnd::Heading(_)) => marking.push(
                marker,
                Event::End(TagEnd::Heading(open_heading)),
                &mut rewritten,
            ),
            other => marking.push(marker, other, &mut rewritten),
        }
    }
    let mut html = String::with_capacity(text.len() * 3 / 2);
    pulldown_cmark::html::push_html(&mut html, rewritten.into_iter());
    let html = alignment_as_classes(&html);
    let marked = marking.marked.split_off(already.len());
    (
        RenderedMarkdown {
            html: sanitizer().clean(&html).to_string(),
            text: plain.trim().to_string(),
            anchors: ids,
        },
        marked,
    )
}

/// Table cell alignment as pulldown-cmark writes it (`style="text-align: left"`) becomes a class: the
/// pages' Content-Security-Policy refuses `style` attributes, and the sanitizer drops every other one.
fn alignment_as_classes(html: &str) -> String {
    if !html.contains(" style=\"text-align: ") {
        return html.to_string();
    }
    ["left", "center", "right"]
        .into_iter()
        .fold(html.to_string(), |html, side| {
            html.replace(
                &format!(" style=\"text-align: {side}\""),
                &format!(" class=\"align-{side}\""),
            )
        })
}

/// Content is untrusted: keep structure, ids for anchors and footnotes, drop scripts, styles (`style`
/// attributes too: the pages' Content-Security-Policy refuses them) and handlers.
fn sanitizer() -> &'static ammonia::Builder<'static> {
    static SANITIZER: OnceLock<ammonia::Builder<'static>> = OnceLock::new();
    SANITIZER.get_or_init(|| {
        let mut builder = ammonia::Builder::default();
        builder
            .add_generic_attributes(["id"])
            .add_tag_attributes("div", ["class"])
            // Marks of glossary terms (`terms`); `abbr` and its `title` are allowed by default.
            .add_allowed_classes("a", ["term"])
            .add_tag_attributes("sup", ["class"])
            .add_allowed_classes("th", ["align-left", "align-center", "align-right"])
            .add_allowed_classes("td", ["align-left", "align-center", "align-right"])
            .link_rel(Some("noopener noreferrer"));
        builder
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Summaries by definition: all whitespace of the text collapsed, then cut.
    fn first_sentences_by_definition(text: &str, max_chars: usize) -> String {
        cut_at_sentence(
            text.split_whitespace().collect::<Vec<_>>().join(" "),
            max_chars,
        )
    }

    proptest::proptest! {
        #[test]
        fn summaries_match_their_definition(
            text in "([a-zë]{1,8}[ .\n\t]{1,3}){0,40}",
            max_chars in 0usize..60,
        ) {
            proptest::prop_assert_eq!(
                first_sentences(&text, max_chars),
                first_sentences_by_definition(&text, max_chars)
            );
        }
    }

    /// Slugs by definition: every character lower-cased by Unicode's rules, accents folded.
    fn slug_by_definition(text: &str) -> String {
        let mut slug = String::new();
        for c in text.chars().flat_map(char::to_lowercase) {
            let folded = fold_accent(c);
            if folded.is_ascii_alphanumeric() {
                slug.push(folded);
            } else if !slug.ends_with('-') && !slug.is_empty() {
                slug.push('-');
            }
        }
        slug.trim_end_matches('-').to_string()
    }

    #[test]
    fn slugs_fold_accents_and_join_words() {
        assert_eq!(
            slugify("Schuldhulp & Budgetcoaching"),
            "schuldhulp-budgetcoaching"
        );
        assert_eq!(slugify("Financiën: Één loket!"), "financien-een-loket");
        assert_eq!(slugify("  --  "), "");
    }

    proptest::proptest! {
        #[test]
        fn slugs_match_their_definition(text in "[A-Za-z0-9 &:ÀÉËÏÖÜàéëïöüçñİẞ\u{80}-\u{10ffff}-]{0,30}") {
            proptest::prop_assert_eq!(slugify(&text), slug_by_definition(&text));
        }
    }

    fn resolve(link: &InternalLink) -> Option<String> {
        (link.id == "voedselbank").then(|| {
            let anchor = link
                .anchor
                .as_ref()
                .map(|a| format!("#{a}"))
                .unwrap_or_default();
            format!("/{}/{}/{anchor}", link.kind.folder(), link.id)
        })
    }

    #[test]
    fn internal_links_are_parsed() {
        assert_eq!(
            parse_internal_link("@/regulations/wmo#beslistermijn").unwrap(),
            Some(InternalLink {
                kind: EntryKind::Regulation,
                id: "wmo".into(),
                anchor: Some("beslistermijn".into())
            })
        );
        assert_eq!(parse_internal_link("https://x.example/").unwrap(), None);
        assert!(parse_internal_link("@/partner/x").is_err());
        assert!(parse_internal_link("@/partners").is_err());
    }

    #[test]
    fn finds_links_with_positions() {
        let links = outline("Zie ook\nde [voedselbank](@/partners/voedselbank).\n").links;
        assert_eq!(links.len(), 1);
        assert_eq!(links[0].destination, "@/partners/voedselbank");
        assert_eq!(links[0].at, Position::new(2, 18));
    }

    #[test]
    fn renders_links_anchors_and_demoted_headings() {
        let out = render(
            "# Beslistermijn & bezwaar\n## Kop {#eigen}\nNaar de [voedselbank](@/partners/voedselbank#open).\n",
            &resolve,
        );
        assert!(
            out.html.contains("<h2 id=\"beslistermijn-bezwaar\">"),
            "{}",
            out.html
        );
        assert!(out.html.contains("<h3 id=\"eigen\">"), "{}", out.html);
        assert!(
            out.html.contains("href=\"/partners/voedselbank/#open\""),
            "{}",
            out.html
        );
        assert!(out.text.contains("Naar de voedselbank."), "{}", out.text);
    }

    #[test]
    fn raw_html_is_sanitised() {
        let out = render(
            "<script>alert(1)</script><img src=x onerror=alert(1)><a href=\"javascript:alert(1)\">x</a>",
            &resolve,
        );
        assert!(!out.html.contains("script"), "{}", out.html);
        assert!(!out.html.contains("onerror"), "{}", out.html);
        assert!(!out.html.contains("javascript:"), "{}", out.html);
    }

    #[test]
    fn anchors_are_unique_and_match_rendering() {
        let text = "## Aanvraag\n## Aanvraag\n## Één stap\n";
        let none = HashSet::new();
        assert_eq!(
            outline(text).anchors(&none),
            ["aanvraag", "aanvraag-1", "een-stap"]
        );
        assert_eq!(render(text, &resolve).anchors, outline(text).anchors(&none));
        // On a page whose other texts use `aanvraag` already.
        let taken: HashSet<String> = ["aanvraag".to_string()].into();
        assert_eq!(
            outline(text).anchors(&taken),
            ["aanvraag-1", "aanvraag-2", "een-stap"]
        );
        let place = PagePlace::below_title(taken);
        let (html, _) = render_marked(text, &resolve, &TermMarker::default(), &[], &place);
        assert!(
            html.html.contains("<h2 id=\"aanvraag-2\">"),
            "{}",
            html.html
        );
        assert!(!html.html.contains("id=\"aanvraag\""), "{}", html.html);
    }

    #[test]
    fn table_alignment_is_a_class_and_no_style_attribute_survives() {
        let out = render(
            "| a | b |\n|:--|--:|\n| 1 | 2 |\n\n<p style=\"color: red\">x</p><td style=\"text-align: center\">\n",
            &resolve,
        );
        assert!(
            out.html.contains("<th class=\"align-left\">"),
            "{}",
            out.html
        );
        assert!(
            out.html.contains("<td class=\"align-right\">"),
            "{}",
            out.html
        );
        assert!(!out.html.contains("style"), "{}", out.html);
    }

    #[test]
    fn headings_follow_the_page_title_without_skipping_a_level() {
        let html = render("## Eerst\n#### Dan\n# Later\n### Daaronder\n", &resolve).html;
        let levels: Vec<&str> = html
            .match_indices("<h")
            .map(|(i, _)| &html[i..i + 3])
            .collect();
        assert_eq!(levels, ["<h2", "<h3", "<h2", "<h3"], "{html}");
        let siblings = render(
            "## Aanvraag\n### Termijn\n## Bezwaar\n## Beroep\n",
            &resolve,
        )
        .html;
        let levels: Vec<&str> = siblings
            .match_indices("<h")
            .map(|(i, _)| &siblings[i..i + 3])
            .collect();
        assert_eq!(levels, ["<h2", "<h3", "<h2", "<h2"], "{siblings}");
        assert!(html.contains("</h3>\n<h2"), "{html}");
    }

    #[test]
    fn heading_anchors_avoid_the_layouts_ids() {
        let text = "# Inhoud\n## Partners {#partners}\n## Letter A\n";
        assert_eq!(
            outline(text).anchors(&HashSet::new()),
            ["inhoud-1", "partners-1", "kop-letter-a"]
        );
        let html = render(text, &resolve).html;
        assert!(html.contains("<h2 id=\"inhoud-1\">"), "{html}");
        assert!(!html.contains("id=\"inhoud\""), "{html}");
    }

    #[test]
    fn tables_and_footnotes_render() {
        let out = render(
            "| a | b |\n|---|---|\n| 1 | 2 |\n\nTekst[^1]\n\n[^1]: Bron.\n",
            &resolve,
        );
        assert!(out.html.contains("<table>"), "{}", out.html);
        assert!(out.html.contains("footnote-definition"), "{}", out.html);
    }
}
