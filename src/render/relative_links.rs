//! Relative links: rewrites a rendered page's own-site URLs (root-relative, under the base path) into
//! paths relative to the page, naming `index.html` where a URL names a folder.
//!
//! Why: a municipality puts the same `site/` folder on a web server, a network share or a USB stick. From
//! disk (`file://`) a root-relative link goes to the root of the drive, and a link to a folder opens a
//! directory listing instead of its page. Relative links to files resolve the same way over http(s) and on
//! disk. Views and cards keep producing root-relative URLs (cards are rendered once and shown on pages at
//! every depth); this pass runs once per page, after its template.
//!
//! Only attribute values that hold URLs are touched (`href`, `src`, `action`, ...), never text: the page is
//! our own serialised HTML, in which content text and attribute values are escaped, so a `<` always opens
//! a tag, and the content of `<script>` and `<style>` elements (data, such as JSON) is passed as it is.

/// Attributes whose value is one URL.
const URL_ATTRIBUTES: [&str; 6] = [
    "href",
    "src",
    "action",
    "formaction",
    "poster",
    "xlink:href",
];

/// `html` with every URL under `base_path` made relative to the page at `page_path` (its output path
/// relative to the output folder, such as `partners/veilig-thuis/index.html`).
pub fn relativize(html: &[u8], page_path: &str, base_path: &str, out: &mut Vec<u8>) {
    let from_dir: Vec<&str> = match page_path.rfind('/') {
        Some(slash) => page_path[..slash].split('/').collect(),
        None => Vec::new(),
    };
    let rewriter = Rewriter {
        from_dir,
        page_path,
        base_path,
    };
    out.clear();
    out.reserve(html.len() + html.len() / 16);
    let mut rest = html;
    while let Some(open) = memchr::memchr(b'<', rest) {
        out.extend_from_slice(&rest[..open]);
        rest = &rest[open..];
        let consumed = if rest.starts_with(b"<!--") {
            copy_through(rest, b"-->", out)
        } else if rest.len() > 1 && rest[1].is_ascii_alphabetic() {
            rewriter.start_tag(rest, out)
        } else {
            // `</x>`, `<!DOCTYPE>`: nothing to rewrite.
            copy_through(rest, b">", out)
        };
        rest = &rest[consumed..];
    }
    out.extend_from_slice(rest);
}

/// Copies `input` up to and including the first `end` (or all of it); returns the bytes consumed.
fn copy_through(input: &[u8], end: &[u8], out: &mut Vec<u8>) -> usize {
    let length = memchr::memmem::find(input, end)
        .map(|at| at + end.len())
        .unwrap_or(input.len());
    out.extend_from_slice(&input[..length]);
    length
}

struct Rewriter<'a> {
    from_dir: Vec<&'a str>,
    page_path: &'a str,
    base_path: &'a str,
}

impl Rewriter<'_> {
    /// Copies one start tag (and, for `script` and `style`, its content and end tag) with its URL
    /// attributes rewritten; returns the bytes consumed. `input` starts with `<` and a letter.
    fn start_tag(&self, input: &[u8], out: &mut Vec<u8>) -> usize {
        let name_end = input[1..]
            .iter()
            .position(|b| !(b.is_ascii_alphanumeric() || *b == b'-' || *b == b':'))
            .map(|p| p + 1)
            .unwrap_or(input.len());
        let name = &input[1..name_end];
        out.extend_from_slice(&input[..name_end]);
        let mut at = name_end;
        loop {
            let Some(&byte) = input.get(at) else {
                return at;
            };
            match byte {
                b'>' => {
                    out.push(b'>');
                    at += 1;
                    break;
                }
                b if b.is_ascii_whitespace() || b == b'/' => {
                    out.push(b);
                    at += 1;
                }
                _ => at = self.attribute(input, at, out),
            }
        }
        let raw_text_end: &[u8] = if name.eq_ignore_ascii_case(b"script") {
            b"</script"
        } else if name.eq_ignore_ascii_case(b"style") {
            b"</style"
        } else {
            return at;
        };
        let content = &input[at..];
        let length = memchr::memmem::find(content, raw_text_end).unwrap_or(content.len());
        out.extend_from_slice(&content[..length]);
        at + length
    }

    /// Copies the attribute at `at` (name, and `=value` if any); returns where it ends.
    fn attribute(&self, input: &[u8], mut at: usize, out: &mut Vec<u8>) -> usize {
        let start = at;
        while let Some(&b) = input.get(at) {
            if b.is_ascii_whitespace() || b == b'=' || b == b'>' || b == b'/' {
                break;
            }
            at += 1;
        }
        let name = &input[start..at];
        out.extend_from_slice(name);
        if input.get(at) != Some(&b'=') {
            if at == start {
                // A stray byte such as a lone quote: copy it and go on, so the loop always advances.
                if let Some(&b) = input.get(at) {
                    out.push(b);
                    at += 1;
                }
            }
            return at;
        }
        out.push(b'=');
        at += 1;
        let (value, quote, end) = match input.get(at) {
            Some(&q @ (b'"' | b'\'')) => {
                let value_start = at + 1;
                let length =
                    memchr::memchr(q, &input[value_start..]).unwrap_or(input.len() - value_start);
                let value_end = value_start + length;
                (
                    &input[value_start..value_end],
                    Some(q),
                    (value_end + 1).min(input.len()),
                )
            }
            _ => {
                let length = input[at..]
                    .iter()
                    .position(|b| b.is_ascii_whitespace() || *b == b'>')
                    .unwrap_or(input.len() - at);
                (&input[at..at + length], None, at + length)
            }
        };
        let rewritten = if URL_ATTRIBUTES
            .iter()
            .any(|a| name.eq_ignore_ascii_case(a.as_bytes()))
        {
            std::str::from_utf8(value)
                .ok()
                .and_then(|v| self.relative_url(v))
        } else if name.eq_ignore_ascii_case(b"srcset") {
            std::str::from_utf8(value)
                .ok()
                .and_then(|v| self.relative_srcset(v))
        } else {
            None
        };
        if let Some(q) = quote {
            out.push(q);
        }
        match rewritten {
            Some(url) => out.extend_from_slice(url.as_bytes()),
            None => out.extend_from_slice(value),
        }
        if let Some(q) = quote {
            if end <= input.len() && input.get(end - 1) == Some(&q) {
                out.push(q);
            }
        }
        end
    }

    /// The relative form of `url`, or `None` when it is not a URL of this site (another site, a
    /// protocol-relative `//host/` URL, a path outside the base path, a fragment or query of this page).
    fn relative_url(&self, url: &str) -> Option<String> {
        if url.starts_with("//") {
            return None;
        }
        let site_path = url.strip_prefix(self.base_path)?;
        let split = site_path.find(['?', '#']).unwrap_or(site_path.len());
        let (path, suffix) = site_path.split_at(split);
        let mut target: Vec<&str> = path.split('/').collect();
        // A folder (`partners/x/`, or the home page's empty path) is its index.html.
        if target.last().is_some_and(|last| last.is_empty()) {
            target.pop();
            target.push("index.html");
        }
        let target_path = target.join("/");
        if target_path == self.page_path && suffix.starts_with('#') {
            // A fragment of this page: no reload, whatever URL the page was opened under.
            return Some(suffix.to_string());
        }
        let (folders, file) = target.split_at(target.len() - 1);
        let shared = self
            .from_dir
            .iter()
            .zip(folders)
            .take_while(|(a, b)| a == b)
            .count();
        let mut relative = "../".repeat(self.from_dir.len() - shared);
        for folder in &folders[shared..] {
            relative.push_str(folder);
            relative.push('/');
        }
        relative.push_str(file[0]);
        relative.push_str(suffix);
        Some(relative)
    }

    /// `srcset`: a comma-separated list of `URL descriptor` candidates.
    fn relative_srcset(&self, srcset: &str) -> Option<String> {
        let mut changed = false;
        let candidates: Vec<String> = srcset
            .split(',')
            .map(|candidate| {
                let trimmed = candidate.trim_start();
                let lead = &candidate[..candidate.len() - trimmed.len()];
                let url_end = trimmed.find(char::is_whitespace).unwrap_or(trimmed.len());
                match self.relative_url(&trimmed[..url_end]) {
                    Some(url) => {
                        changed = true;
                        format!("{lead}{url}{}", &trimmed[url_end..])
                    }
                    None => candidate.to_string(),
                }
            })
            .collect();
        changed.then(|| candidates.join(","))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn on_page(page: &str, html: &str) -> String {
        let mut out = Vec::new();
        relativize(html.as_bytes(), page, "/", &mut out);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn links_become_relative_files() {
        let page = "partners/veilig-thuis/index.html";
        assert_eq!(
            on_page(page, r#"<a href="/partners/uwv/">UWV</a>"#),
            r#"<a href="../uwv/index.html">UWV</a>"#
        );
        assert_eq!(
            on_page(page, r#"<a href="/">Home</a>"#),
            r#"<a href="../../index.html">Home</a>"#
        );
        assert_eq!(
            on_page(page, r#"<link rel="stylesheet" href="/static/style.css">"#),
            r#"<link rel="stylesheet" href="../../static/style.css">"#
        );
        assert_eq!(
            on_page(
                "index.html",
                r#"<a href="/domains/financien/#partners">x</a>"#
            ),
            r#"<a href="domains/financien/index.html#partners">x</a>"#
        );
        assert_eq!(
            on_page(
                "search/index.html",
                r#"<form action="/search/" method="get">"#
            ),
            r#"<form action="index.html" method="get">"#
        );
    }

    #[test]
    fn a_fragment_of_the_same_page_stays_a_fragment() {
        let page = "regulations/wmo/index.html";
        assert_eq!(
            on_page(page, r#"<a href="/regulations/wmo/#artikel-2">2</a>"#),
            r##"<a href="#artikel-2">2</a>"##
        );
        assert_eq!(
            on_page(page, r#"<a href="/regulations/wmo/?print=1">p</a>"#),
            r#"<a href="index.html?print=1">p</a>"#
        );
    }

    #[test]
    fn other_sites_fragments_and_text_are_untouched() {
        let page = "pages/x/index.html";
        for html in [
            r#"<a href="https://www.uwv.nl/" rel="noopener noreferrer">uwv</a>"#,
            r#"<a href="//cdn.example.com/x.js">x</a>"#,
            r##"<a href="#inhoud">skip</a>"##,
            r#"<a href="tel:+31401234567">bel</a>"#,
            r#"<p>Ga naar href="/partners/" of src=/x</p>"#,
            r#"<script type="application/json">{"searchPage":"/search/","a":"<b href=\"/x/\">"}</script>"#,
            r#"<!-- <a href="/partners/"> -->"#,
            r#"<div data-url="/partners/">x</div>"#,
        ] {
            assert_eq!(on_page(page, html), html);
        }
    }

    #[test]
    fn a_base_path_is_taken_off_and_paths_outside_it_are_kept() {
        let mut out = Vec::new();
        relativize(
            br#"<a href="/wijkteam/partners/uwv/">a</a><a href="/intranet/">b</a>"#,
            "partners/x/index.html",
            "/wijkteam/",
            &mut out,
        );
        assert_eq!(
            String::from_utf8(out).unwrap(),
            r#"<a href="../uwv/index.html">a</a><a href="/intranet/">b</a>"#
        );
    }

    #[test]
    fn quoting_srcset_and_svg_links() {
        let page = "domains/werk/index.html";
        assert_eq!(
            on_page(page, "<img src='/static/logo.svg' alt=''>"),
            "<img src='../../static/logo.svg' alt=''>"
        );
        assert_eq!(
            on_page(page, "<img src=/static/a.png alt=x>"),
            "<img src=../../static/a.png alt=x>"
        );
        assert_eq!(
            on_page(
                page,
                r#"<img srcset="/static/a.png 1x, /static/b.png 2x" alt="">"#
            ),
            r#"<img srcset="../../static/a.png 1x, ../../static/b.png 2x" alt="">"#
        );
        assert_eq!(
            on_page(
                page,
                r#"<svg><a href="/modules/m/"><text>m</text></a></svg>"#
            ),
            r#"<svg><a href="../../modules/m/index.html"><text>m</text></a></svg>"#
        );
    }

    #[test]
    fn broken_markup_is_copied_without_loss() {
        for html in [
            "<a href=\"/partners/",
            "<a href",
            "<a \"x\" href=\"/\">",
            "<",
            "a < b",
            "<!-- open",
            "<script>if (a < b) {}",
        ] {
            let out = on_page("index.html", html);
            assert!(out.len() >= html.len() - 1, "{html:?} became {out:?}");
        }
        assert_eq!(on_page("index.html", "a < b"), "a < b");
        assert_eq!(
            on_page("index.html", "<a \"x\" href=\"/\">"),
            "<a \"x\" href=\"index.html\">"
        );
    }
}
