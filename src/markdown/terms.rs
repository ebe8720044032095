//! First mentions of glossary terms: in plain text (not in links, code, headings, images or raw `<a>` and
//! `<abbr>`), the first occurrence of a term's abbreviation (as written, a whole word) becomes a link to
//! the term on the glossary page, `<a href="…" class="term"><abbr title="…">Bbz</abbr></a>`. Works on
//! pulldown-cmark's events, so Markdown syntax and escaping stay pulldown-cmark's.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};
use rustc_hash::FxHashMap;

/// A term as marking needs it.
pub struct MarkedTerm<'a> {
    pub abbreviations: &'a [String],
    /// Where the mark links to: the glossary page with the term's anchor.
    pub href: String,
    /// The full name, for the `abbr` title.
    pub title: &'a str,
}

/// The abbreviations of a glossary, ready for looking them up in texts.
#[derive(Debug, Default)]
pub struct TermMarker {
    /// By their first character, longest first: (abbreviation, term index).
    candidates: FxHashMap<char, Vec<(String, usize)>>,
    /// The opening HTML of each term's mark.
    openings: Vec<String>,
}

const CLOSING: &str = "</abbr></a>";

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric()
}

impl TermMarker {
    /// Term `i` of `terms` is marked as term `i`.
    pub fn new<'a>(terms: impl IntoIterator<Item = MarkedTerm<'a>>) -> Self {
        let mut marker = TermMarker::default();
        for (index, term) in terms.into_iter().enumerate() {
            let escape = kaartenbak_shared::escape_html;
            marker.openings.push(format!(
                "<a href=\"{}\" class=\"term\"><abbr title=\"{}\">",
                escape(&term.href),
                escape(term.title)
            ));
            for abbreviation in term.abbreviations {
                if let Some(first) = abbreviation.chars().next() {
                    marker
                        .candidates
                        .entry(first)
                        .or_default()
                        .push((abbreviation.clone(), index));
                }
            }
        }
        for list in marker.candidates.values_mut() {
            list.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then_with(|| a.0.cmp(&b.0)));
        }
        marker
    }

    pub fn is_empty(&self) -> bool {
        self.candidates.is_empty()
    }

    /// Pushes `text` to `out` with the first occurrence of each term not yet in `marked` marked, and adds
    /// those terms to `marked`. `before` is the character just before the text, if it continues a word.
    fn mark_text<'e>(
        &self,
        text: CowStr<'e>,
        before: Option<char>,
        marked: &mut Vec<usize>,
        out: &mut Vec<Event<'e>>,
    ) {
        let mut done = 0;
        let mut previous = before;
        for (i, c) in text.char_indices() {
            let starts_word = !previous.is_some_and(is_word_char);
            previous = Some(c);
            if i < done || !starts_word {
                continue;
            }
            let Some(candidates) = self.candidates.get(&c) else {
                continue;
            };
            let found = candidates.iter().find(|(abbreviation, term)| {
                !marked.contains(term)
                    && text[i..].starts_with(abbreviation.as_str())
                    && !text[i + abbreviation.len()..]
                        .chars()
                        .next()
                        .is_some_and(is_word_char)
            });
            if let Some((abbreviation, term)) = found {
                if done < i {
                    out.push(Event::Text(text[done..i].to_string().into()));
                }
                out.push(Event::InlineHtml(self.openings[*term].clone().into()));
                out.push(Event::Text(abbreviation.clone().into()));
                out.push(Event::InlineHtml(CLOSING.into()));
                done = i + abbreviation.len();
                marked.push(*term);
            }
        }
        match done {
            0 => out.push(Event::Text(text)),
            _ if done < text.len() => out.push(Event::Text(text[done..].to_string().into())),
            _ => {}
        }
    }
}

/// Where in the event stream marking is off: inside links, images, headings, code blocks and raw HTML
/// elements that must not hold a link.
#[derive(Debug, Default)]
pub(super) struct MarkingState {
    /// Open Markdown elements where nothing is marked.
    closed: usize,
    /// Open raw HTML elements where nothing is marked (`<a>`, `<abbr>`, `<code>` …).
    raw: usize,
    /// The last character of the previous text event, when it directly precedes the next.
    previous: Option<char>,
    /// The terms marked so far in the entry, in the order they were marked.
    pub marked: Vec<usize>,
}

/// Raw HTML elements inside which no mark may stand.
const RAW_CLOSED: &[&str] = &["a", "abbr", "code", "kbd", "samp", "pre", "dfn"];

/// +1 for an opening tag of one of `RAW_CLOSED`, -1 for its closing tag, 0 otherwise.
fn raw_depth_change(html: &str) -> isize {
    let html = html.trim_start();
    let (closing, rest) = match html.strip_prefix("</") {
        Some(rest) => (true, rest),
        None => match html.strip_prefix('<') {
            Some(rest) => (false, rest),
            None => return 0,
        },
    };
    let name: String = rest
        .chars()
        .take_while(|c| c.is_ascii_alphanumeric())
        .collect::<String>()
        .to_ascii_lowercase();
    if !RAW_CLOSED.contains(&name.as_str()) || rest.trim_end().ends_with("/>") {
        return 0;
    }
    if closing {
        -1
    } else {
        1
    }
}

impl MarkingState {
    pub(super) fn starting_with(marked: &[usize]) -> Self {
        MarkingState {
            marked: marked.to_vec(),
            ..MarkingState::default()
        }
    }

    /// Pushes `event` to `out`, a text event with its marks.
    pub(super) fn push<'e>(
        &mut self,
        marker: &TermMarker,
        event: Event<'e>,
        out: &mut Vec<Event<'e>>,
    ) {
        match &event {
            Event::Start(
                Tag::Link { .. }
                | Tag::Image { .. }
                | Tag::Heading { .. }
                | Tag::CodeBlock(_)
                | Tag::MetadataBlock(_),
            ) => self.closed += 1,
            Event::End(
                TagEnd::Link
                | TagEnd::Image
                | TagEnd::Heading(_)
                | TagEnd::CodeBlock
                | TagEnd::MetadataBlock(_),
            ) => self.closed = self.closed.saturating_sub(1),
            Event::InlineHtml(html) => {
                self.raw = self.raw.saturating_add_signed(raw_depth_change(html));
            }
            _ => {}
        }
        let Event::Text(text) = event else {
            self.previous = None;
            out.push(event);
            return;
        };
        let before = self.previous;
        self.previous = text.chars().next_back();
        if self.closed > 0 || self.raw > 0 || marker.is_empty() {
            out.push(Event::Text(text));
        } else {
            marker.mark_text(text, before, &mut self.marked, out);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::markdown::{render_marked, InternalLink};

    fn marker() -> super::TermMarker {
        let bbz = ["Bbz".to_string()];
        let wmo = ["Wmo".to_string(), "WMO".to_string()];
        let poh = ["POH-GGZ".to_string()];
        super::TermMarker::new([
            super::MarkedTerm {
                abbreviations: &bbz,
                href: "/glossary/#bbz".into(),
                title: "Besluit bijstandverlening zelfstandigen",
            },
            super::MarkedTerm {
                abbreviations: &wmo,
                href: "/glossary/#wmo".into(),
                title: "Wet maatschappelijke ondersteuning 2015",
            },
            super::MarkedTerm {
                abbreviations: &poh,
                href: "/glossary/#poh-ggz".into(),
                title: "Praktijkondersteuner huisarts ggz",
            },
        ])
    }

    fn resolve(_: &InternalLink) -> Option<String> {
        Some("/partners/x/".into())
    }

    fn marked(text: &str) -> (String, Vec<usize>) {
        let (rendered, marked) = render_marked(
            text,
            &resolve,
            &marker(),
            &[],
            &crate::markdown::PagePlace::below_title(Default::default()),
        );
        (rendered.html, marked)
    }

    const BBZ: &str = "<a href=\"/glossary/#bbz\" class=\"term\" rel=\"noopener noreferrer\"><abbr title=\"Besluit bijstandverlening zelfstandigen\">Bbz</abbr></a>";

    #[test]
    fn only_the_first_mention_is_marked() {
        let (html, marked) = marked("De Bbz helpt.\n\nOok de Bbz en de Wmo, en weer de Wmo.\n");
        assert_eq!(html.matches("class=\"term\"").count(), 2, "{html}");
        assert!(html.contains(&format!("<p>De {BBZ} helpt.</p>")), "{html}");
        assert!(html.contains("Ook de Bbz en de <a"), "{html}");
        assert!(html.contains("Wmo</abbr></a>, en weer de Wmo."), "{html}");
        assert_eq!(marked, [0, 1]);
    }

    #[test]
    fn whole_words_only_and_case_sensitive() {
        let (html, marked) = marked("Bbzz, ABbz, bbz, BBZ, Bbz2 en Wmo-loket; de POH-GGZ.\n");
        assert!(!html.contains("#bbz"), "{html}");
        assert!(html.contains("\">Wmo</abbr></a>-loket"), "{html}");
        assert!(html.contains("\">POH-GGZ</abbr></a>."), "{html}");
        assert_eq!(marked, [1, 2]);
    }

    #[test]
    fn not_in_links_code_headings_or_existing_abbr() {
        let (html, marked) = marked(
            "# De Bbz\n\n[de Bbz](@/partners/x), `Bbz`, <abbr title=\"x\">Bbz</abbr>, <a href=\"/y\">Bbz</a>, ![Bbz](/b.png)\n\n```\nBbz\n```\n\nTot slot de Bbz.\n",
        );
        assert_eq!(html.matches("class=\"term\"").count(), 1, "{html}");
        assert!(
            html.contains(&format!("<p>Tot slot de {BBZ}.</p>")),
            "{html}"
        );
        assert!(html.contains("<h2 id=\"de-bbz\">De Bbz</h2>"), "{html}");
        assert_eq!(marked, [0]);
    }

    #[test]
    fn terms_marked_before_in_the_entry_stay_unmarked() {
        let (rendered, marked) = render_marked(
            "De Bbz en de Wmo.",
            &resolve,
            &marker(),
            &[0],
            &crate::markdown::PagePlace::below_title(Default::default()),
        );
        assert!(!rendered.html.contains("#bbz"), "{}", rendered.html);
        assert!(rendered.html.contains("#wmo"), "{}", rendered.html);
        assert_eq!(marked, [1], "only the terms marked in this text");
        assert_eq!(rendered.text, "De Bbz en de Wmo.");
    }
}
