//! The HTTP side of `kaartenbak serve`: GET and HEAD of the built site, correct content types (`.wasm` as
//! `application/wasm`), no directory listings, no paths outside the output folder, the site's 404 page;
//! plus the live-reload event stream and script, injected into HTML only here.

use super::live::{self, LiveReload};
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Component, Path, PathBuf};
use std::sync::mpsc::RecvTimeoutError;
use std::time::Duration;

/// Serves `root` on `listener` until the process ends; one thread per connection.
pub fn serve(listener: TcpListener, root: PathBuf, live: LiveReload) {
    for stream in listener.incoming().flatten() {
        let root = root.clone();
        let live = live.clone();
        std::thread::spawn(move || {
            let _ = handle(stream, &root, &live);
        });
    }
}

/// Streams build events to one page until it goes away; a comment every 15 s keeps proxies from closing it.
fn event_stream(stream: &mut TcpStream, live: &LiveReload) -> std::io::Result<()> {
    stream.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\n",
    )?;
    let events = live.subscribe();
    loop {
        match events.recv_timeout(Duration::from_secs(15)) {
            Ok(event) => stream.write_all(event.as_bytes())?,
            Err(RecvTimeoutError::Timeout) => stream.write_all(b": ping\n\n")?,
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        }
        stream.flush()?;
    }
}

fn content_type(path: &Path) -> &'static str {
    match path.extension().and_then(|e| e.to_str()).unwrap_or("") {
        "html" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "wasm" => "application/wasm",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file for a request path, or None when the path tries to leave the root.
fn resolve(root: &Path, url_path: &str) -> Option<PathBuf> {
    let decoded = percent_decode(url_path.split(['?', '#']).next().unwrap_or("/"))?;
    let mut path = root.to_path_buf();
    for component in Path::new(decoded.trim_start_matches('/')).components() {
        match component {
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(path)
}

fn respond(
    stream: &mut TcpStream,
    status: &str,
    headers: &[(&str, String)],
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    // While editing, every response is fresh: a reload must never show a cached page.
    let mut response = format!(
        "HTTP/1.1 {status}\r\nContent-Length: {}\r\nConnection: close\r\nX-Content-Type-Options: nosniff\r\nCache-Control: no-store\r\n",
        body.len()
    );
    for (name, value) in headers {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    stream.write_all(response.as_bytes())?;
    if !head_only {
        stream.write_all(body)?;
    }
    stream.flush()
}

/// A file of the site, with the live-reload script added to HTML.
fn file_response(path: &Path) -> std::io::Result<(Vec<u8>, &'static str)> {
    let body = std::fs::read(path)?;
    let kind = content_type(path);
    Ok(if kind.starts_with("text/html") {
        (live::inject(&body), kind)
    } else {
        (body, kind)
    })
}

/// Before the first good build there is no site: a page that only carries the overlay.
const NO_SITE_YET: &[u8] = b"<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>kaartenbak</title></head><body><p>No site has been built yet.</p></body></html>";

fn handle(mut stream: TcpStream, root: &Path, live: &LiveReload) -> std::io::Result<()> {
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request_line = String::new();
    reader.read_line(&mut request_line)?;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header == "\r\n" || header == "\n" {
            break;
        }
    }
    let mut parts = request_line.split_whitespace();
    let (method, target) = (parts.next().unwrap_or(""), parts.next().unwrap_or("/"));
    let head_only = method == "HEAD";
    if method != "GET" && !head_only {
        return respond(
            &mut stream,
            "405 Method Not Allowed",
            &[("Allow", "GET, HEAD".into())],
            b"",
            false,
        );
    }
    let path_only = target.split(['?', '#']).next().unwrap_or("/");
    if path_only == live::EVENTS_PATH {
        return event_stream(&mut stream, live);
    }
    if path_only == live::SCRIPT_PATH {
        let headers = [("Content-Type", "text/javascript; charset=utf-8".to_string())];
        return respond(
            &mut stream,
            "200 OK",
            &headers,
            live::SCRIPT.as_bytes(),
            head_only,
        );
    }
    let Some(path) = resolve(root, target) else {
        return respond(
            &mut stream,
            "400 Bad Request",
            &[],
            b"bad request",
            head_only,
        );
    };
    if path.is_dir() && !path_only.ends_with('/') {
        let location = format!("{path_only}/");
        return respond(
            &mut stream,
            "301 Moved Permanently",
            &[("Location", location)],
            b"",
            head_only,
        );
    }
    let file = if path.is_dir() {
        path.join("index.html")
    } else {
        path
    };
    if let Ok((body, kind)) = file_response(&file) {
        return respond(
            &mut stream,
            "200 OK",
            &[("Content-Type", kind.into())],
            &body,
            head_only,
        );
    }
    let body = std::fs::read(root.join("404.html")).unwrap_or_else(|_| NO_SITE_YET.to_vec());
    let headers = [("Content-Type", "text/html; charset=utf-8".to_string())];
    respond(
        &mut stream,
        "404 Not Found",
        &headers,
        &live::inject(&body),
        head_only,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_never_leave_the_root() {
        let root = Path::new("/srv/site");
        assert_eq!(
            resolve(root, "/partners/x/?q=1"),
            Some(PathBuf::from("/srv/site/partners/x"))
        );
        assert_eq!(resolve(root, "/../etc/passwd"), None);
        assert_eq!(resolve(root, "/%2e%2e/etc/passwd"), None);
        assert_eq!(
            resolve(root, "/zoeken%20hulp"),
            Some(PathBuf::from("/srv/site/zoeken hulp"))
        );
    }
}
