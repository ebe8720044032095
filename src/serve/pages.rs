//! The HTML that `kaartenbak serve` sends: a page of the site with the live-reload script added, its ETag
//! and 304 answer, and the site's 404 page. ServeFile cannot change a body, so HTML is answered here.

use super::live;
use axum::http::header::{CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::path::Path;

const HTML: &str = "text/html; charset=utf-8";

/// Before the first good build there is no site: a page that only carries the overlay.
const NO_SITE_YET: &[u8] = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kaartenbak</title></head><body><p>No site has been built yet.</p></body></html>";

/// A page of the site as served: 200 with the script injected, or 304 when the browser's copy is current.
/// HEAD gets the same headers; axum drops the body. A Range header is ignored (allowed for any resource):
/// pages are small and are never resumed.
pub async fn page(root: &Path, path: &Path, request: &HeaderMap) -> Response {
    let Ok(file) = tokio::fs::read(path).await else {
        // Gone between the look-up and the read: a build swapping the output in.
        return not_found(root).await;
    };
    let body = live::inject(&file);
    let etag = etag(&body);
    if request
        .get(IF_NONE_MATCH)
        .is_some_and(|tags| none_match(tags, &etag))
    {
        return (StatusCode::NOT_MODIFIED, [(ETAG, etag)]).into_response();
    }
    (
        [(CONTENT_TYPE, HeaderValue::from_static(HTML)), (ETAG, etag)],
        body,
    )
        .into_response()
}

/// The site's 404 page (with the script, so a page that appears after a rebuild reloads too), status 404.
pub async fn not_found(root: &Path) -> Response {
    let page = tokio::fs::read(root.join("404.html"))
        .await
        .unwrap_or_else(|_| NO_SITE_YET.to_vec());
    (
        StatusCode::NOT_FOUND,
        [(CONTENT_TYPE, HTML)],
        live::inject(&page),
    )
        .into_response()
}

/// A strong ETag over the bytes sent, not the file: it changes with the page and with the injected script
/// tag (another kaartenbak version), and stays when a rebuild writes the same page again. No Last-Modified:
/// the file's time says nothing about the injected part, and If-None-Match is all a browser needs.
fn etag(body: &[u8]) -> HeaderValue {
    let hash = xxhash_rust::xxh3::xxh3_128(body);
    HeaderValue::from_str(&format!("\"{hash:032x}\"")).expect("hex is a valid header value")
}

/// If-None-Match compares weakly (RFC 9110 13.1.2): `W/"x"` matches `"x"`; `*` matches any page.
fn none_match(header: &HeaderValue, etag: &HeaderValue) -> bool {
    let Ok(tags) = header.to_str() else {
        return false;
    };
    let ours = etag.to_str().unwrap_or_default();
    tags.trim() == "*"
        || tags
            .split(',')
            .map(|tag| tag.trim().trim_start_matches("W/"))
            .any(|tag| tag == ours)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_etag_follows_the_bytes_sent() {
        let a = etag(b"<p>a</p>");
        assert_eq!(a, etag(b"<p>a</p>"));
        assert_ne!(a, etag(b"<p>b</p>"));
        assert!(a.to_str().unwrap().starts_with('"'));
    }

    #[test]
    fn if_none_match_compares_weakly_and_takes_lists() {
        let ours = HeaderValue::from_static("\"abc\"");
        let matches = |h: &'static str| none_match(&HeaderValue::from_static(h), &ours);
        assert!(matches("\"abc\""));
        assert!(matches("W/\"abc\""));
        assert!(matches("\"x\", \"abc\""));
        assert!(matches("*"));
        assert!(!matches("\"abd\""));
        assert!(!matches("abc"));
    }
}
