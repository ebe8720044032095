//! Which file of the built site a request means, and its response: a file inside the output folder only
//! (no `..`, no listings), HTML through `pages` (which adds the live-reload script), every other file
//! through tower-http's `ServeFile`, and the site's 404 page for everything else.

use super::pages;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::header::{ALLOW, CONTENT_TYPE, LOCATION};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::response::{IntoResponse, Response};
use percent_encoding::percent_decode_str;
use std::path::{Component, Path, PathBuf};
use std::sync::Arc;
use tower::ServiceExt as _;
use tower_http::services::ServeFile;

/// What a request path leads to.
#[derive(Debug, PartialEq, Eq)]
enum Target {
    File(PathBuf),
    /// A folder with an index.html, asked for without the trailing slash: relative links on its page only
    /// work from `folder/`.
    Redirect(String),
    Missing,
    /// The path tries to leave the output folder, or does not decode.
    Refused,
}

pub async fn respond(State(root): State<Arc<PathBuf>>, request: Request) -> Response {
    if request.method() != Method::GET && request.method() != Method::HEAD {
        return (StatusCode::METHOD_NOT_ALLOWED, [(ALLOW, "GET, HEAD")]).into_response();
    }
    match locate(&root, request.uri().path()).await {
        Target::Refused => (StatusCode::BAD_REQUEST, "bad request").into_response(),
        Target::Redirect(location) => {
            let location = match request.uri().query() {
                Some(query) => format!("{location}?{query}"),
                None => location,
            };
            (StatusCode::MOVED_PERMANENTLY, [(LOCATION, location)]).into_response()
        }
        Target::Missing => pages::not_found(&root).await,
        Target::File(path) if is_html(&path) => pages::page(&root, &path, request.headers()).await,
        Target::File(path) => file(&root, &path, request).await,
    }
}

fn is_html(path: &Path) -> bool {
    mime_guess::from_path(path).first() == Some(mime_guess::mime::TEXT_HTML)
}

/// The file under `root` for a URL path (percent-encoded, without the query), or None when the decoded path
/// tries to leave the root. Leading slashes are dropped, so `//etc/passwd` stays inside too.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode_str(url_path).decode_utf8().ok()?;
    let mut path = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            // `..`, and on Windows a drive or UNC prefix.
            Component::ParentDir | Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(path)
}

async fn locate(root: &Path, url_path: &str) -> Target {
    let Some(path) = resolve(root, url_path) else {
        return Target::Refused;
    };
    // Metadata through tokio: on a network drive (where `--poll` is used) a stat can take a while.
    match tokio::fs::metadata(&path).await {
        Ok(meta) if meta.is_file() => Target::File(path),
        Ok(meta) if meta.is_dir() => {
            let index = path.join("index.html");
            if !tokio::fs::metadata(&index).await.is_ok_and(|m| m.is_file()) {
                // No listings: a folder without a page is not there.
                Target::Missing
            } else if url_path.ends_with('/') {
                Target::File(index)
            } else {
                Target::Redirect(format!("{url_path}/"))
            }
        }
        _ => Target::Missing,
    }
}

/// Any file but HTML, as it is on disk.
async fn file(root: &Path, path: &Path, request: Request) -> Response {
    let Ok(mut response) = ServeFile::new(path).oneshot(request).await;
    // The file went away between the look-up and the read (a build swapping the output in).
    if response.status() == StatusCode::NOT_FOUND {
        return pages::not_found(root).await;
    }
    if let Some(with_charset) = response.headers().get(CONTENT_TYPE).and_then(utf8_charset) {
        response.headers_mut().insert(CONTENT_TYPE, with_charset);
    }
    response.map(Body::new)
}

/// A text type with `; charset=utf-8` added: a site is written as UTF-8 throughout, and without the
/// parameter a browser may read a `.txt` or `.ics` file as Windows-1252. None for other types, or when a
/// charset is given.
fn utf8_charset(content_type: &HeaderValue) -> Option<HeaderValue> {
    let text = content_type.to_str().ok()?;
    let is_text = text.starts_with("text/") || text == "application/javascript";
    if !is_text || text.contains("charset=") {
        return None;
    }
    HeaderValue::from_str(&format!("{text}; charset=utf-8")).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(
            resolve(root, "/partners/x/"),
            Some(PathBuf::from("/srv/site/partners/x"))
        );
        assert_eq!(
            resolve(root, "//etc/passwd"),
            Some(PathBuf::from("/srv/site/etc/passwd"))
        );
        for escape in [
            "/../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E/etc/passwd",
            "/static/..%2f..%2fetc/passwd",
            "/a/./../../etc",
        ] {
            assert_eq!(resolve(root, escape), None, "{escape}");
        }
        assert_eq!(resolve(root, "/%ff"), None, "not UTF-8");
        assert_eq!(
            resolve(root, "/zoeken%20hulp"),
            Some(PathBuf::from("/srv/site/zoeken hulp"))
        );
    }

    #[test]
    fn text_types_say_utf_8() {
        let with = |t: &'static str| utf8_charset(&HeaderValue::from_static(t));
        assert_eq!(
            with("text/calendar").unwrap(),
            "text/calendar; charset=utf-8"
        );
        assert_eq!(with("text/css").unwrap(), "text/css; charset=utf-8");
        assert_eq!(with("text/css; charset=utf-8"), None);
        assert_eq!(with("application/wasm"), None);
        assert_eq!(with("application/json"), None);
        assert_eq!(with("image/svg+xml"), None);
    }
}
