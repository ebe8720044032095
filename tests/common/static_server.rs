//! A plain static file server over a built site folder, as a municipality's web server would be: no live
//! reload (which `serve` adds, and under which the site registers no service worker). Stoppable, to take
//! the network away from a page.
#![allow(dead_code)]

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;

pub struct StaticServer {
    pub base: String,
    port: u16,
    stopped: Arc<AtomicBool>,
}

/// How a server labels a stored `.gz` file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GzLabel {
    /// `Content-Type: application/gzip`: the body reaches the page as stored.
    AsFile,
    /// `Content-Encoding: gzip`, as Apache does with `AddEncoding gzip .gz`: the browser unpacks the body
    /// before the page sees it.
    AsEncoding,
}

impl StaticServer {
    /// Serves `root` on a free loopback port.
    pub fn start(root: &Path) -> StaticServer {
        Self::start_labelling(root, GzLabel::AsFile)
    }

    /// Serves `root`, labelling `.gz` files as `label` says.
    pub fn start_labelling(root: &Path, label: GzLabel) -> StaticServer {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let stopped = Arc::new(AtomicBool::new(false));
        let flag = Arc::clone(&stopped);
        let root = root.to_path_buf();
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                if flag.load(Ordering::SeqCst) {
                    // The listener goes with this thread: later connections are refused.
                    break;
                }
                let root = root.clone();
                std::thread::spawn(move || answer(stream, &root, label));
            }
        });
        StaticServer {
            base: format!("http://127.0.0.1:{port}"),
            port,
            stopped,
        }
    }

    /// Stops listening: from now on connections are refused.
    pub fn stop(&self) {
        self.stopped.store(true, Ordering::SeqCst);
        // Wakes the accepting thread so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

impl Drop for StaticServer {
    fn drop(&mut self) {
        self.stop();
    }
}

fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or_default()
    {
        "html" => "text/html; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "json" => "application/json",
        "webmanifest" => "application/manifest+json",
        "svg" => "image/svg+xml",
        "xml" => "application/xml",
        // Served as stored: the page unpacks the index files itself.
        "gz" => "application/gzip",
        _ => "application/octet-stream",
    }
}

fn file_for(root: &Path, path: &str) -> Option<PathBuf> {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    if path.split('/').any(|part| part == "..") {
        return None;
    }
    let mut file = root.join(path.trim_start_matches('/'));
    if path.ends_with('/') {
        file = file.join("index.html");
    }
    file.is_file().then_some(file)
}

fn answer(stream: TcpStream, root: &Path, label: GzLabel) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        return;
    }
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
    }
    let target = line.split_whitespace().nth(1).unwrap_or("/");
    let (status, file) = match file_for(root, target) {
        Some(file) => ("200 OK", Some(file)),
        None => ("404 Not Found", file_for(root, "/404.html")),
    };
    let body = file
        .as_ref()
        .and_then(|f| std::fs::read(f).ok())
        .unwrap_or_default();
    let mut kind = file.as_deref().map_or("text/plain", content_type);
    let mut encoding = "";
    if kind == "application/gzip" && label == GzLabel::AsEncoding {
        kind = "application/octet-stream";
        encoding = "Content-Encoding: gzip\r\n";
    }
    let head = format!(
        "HTTP/1.1 {status}\r\nContent-Type: {kind}\r\n{encoding}Content-Length: {}\r\nCache-Control: no-cache\r\nConnection: close\r\n\r\n",
        body.len()
    );
    let mut stream = stream;
    let _ = stream.write_all(head.as_bytes());
    let _ = stream.write_all(&body);
}
