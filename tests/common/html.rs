//! Built pages read back with html5ever's tokenizer: the start tags and their attributes, as a browser
//! reads them.

use html5ever::tendril::StrTendril;
pub use html5ever::tokenizer::Tag;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer};
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

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

/// Every start tag of `html`, in order.
pub fn start_tags(html: &str) -> Vec<Tag> {
    let input = BufferQueue::default();
    input.push_back(StrTendril::from_slice(html));
    let tokenizer = Tokenizer::new(StartTags(RefCell::new(Vec::new())), Default::default());
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.0.take()
}

pub fn attribute(tag: &Tag, name: &str) -> Option<String> {
    tag.attrs
        .iter()
        .find(|a| &*a.name.local == name)
        .map(|a| a.value.to_string())
}

/// The HTML files of a built site.
pub fn pages(site: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(site)
        .into_iter()
        .map(|e| e.unwrap().into_path())
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// The URLs a page loads or links to, as written.
fn urls_of(tags: &[Tag]) -> Vec<String> {
    let mut urls = Vec::new();
    for tag in tags {
        for name in ["href", "src", "action", "poster"] {
            urls.extend(attribute(tag, name));
        }
        if let Some(srcset) = attribute(tag, "srcset") {
            urls.extend(
                srcset
                    .split(',')
                    .filter_map(|c| c.split_whitespace().next().map(str::to_string)),
            );
        }
    }
    urls
}

fn ids_of(tags: &[Tag]) -> HashSet<String> {
    tags.iter().filter_map(|t| attribute(t, "id")).collect()
}

/// A URL with a scheme (`https:`, `tel:`, `mailto:`) leaves the site; `#x` stays on the page.
fn is_own_file_link(url: &str) -> bool {
    let scheme = url.find(':').is_some_and(|colon| {
        url[..colon]
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
            && !url[..colon].contains('/')
    });
    !scheme && !url.starts_with('#')
}

/// Every own link and resource of every page of the site in `site_dir` that does not resolve the way a
/// browser resolves it from disk: to a file of the site (a folder is no page there), and its `#fragment` to
/// an id of that page. Returns how many were checked, and one line per broken one.
pub fn broken_links(site_dir: &Path) -> (usize, Vec<String>) {
    let out = site_dir.canonicalize().unwrap();
    let mut parsed: HashMap<PathBuf, Vec<Tag>> = HashMap::new();
    for page in pages(&out) {
        let html = std::fs::read_to_string(&page).unwrap();
        parsed.insert(page.canonicalize().unwrap(), start_tags(&html));
    }
    let mut checked = 0;
    let mut broken = Vec::new();
    for (page, tags) in &parsed {
        // The 404 page is sent for any missing URL, at any depth: only root-relative links work there.
        if page.file_name().is_some_and(|n| n == "404.html") {
            continue;
        }
        for url in urls_of(tags) {
            if let Some(fragment) = url.strip_prefix('#') {
                if !fragment.is_empty() && !ids_of(tags).contains(fragment) {
                    broken.push(format!(
                        "{}: {url} (no such id on the page)",
                        page.display()
                    ));
                }
                continue;
            }
            if !is_own_file_link(&url) {
                continue;
            }
            let (path, fragment) = match url.split_once('#') {
                Some((path, fragment)) => (path, Some(fragment)),
                None => (url.as_str(), None),
            };
            let path = path.split('?').next().unwrap();
            if path.starts_with('/') || path.ends_with('/') || path.is_empty() {
                broken.push(format!("{}: {url} (not a relative file)", page.display()));
                continue;
            }
            let target = page.parent().unwrap().join(path);
            let Ok(target) = target.canonicalize() else {
                broken.push(format!("{}: {url} (no such file)", page.display()));
                continue;
            };
            if !target.starts_with(&out) || !target.is_file() {
                broken.push(format!(
                    "{}: {url} (outside the site or a folder)",
                    page.display()
                ));
                continue;
            }
            if let (Some(fragment), Some(target_tags)) = (fragment, parsed.get(&target)) {
                if !fragment.is_empty() && !ids_of(target_tags).contains(fragment) {
                    broken.push(format!(
                        "{}: {url} (no id {fragment:?} there)",
                        page.display()
                    ));
                }
            }
            checked += 1;
        }
    }
    (checked, broken)
}
