//! `kaartenbak serve` for tests: start it on a free loopback port, fetch pages, follow its build events.
#![allow(dead_code)]

use super::TestSite;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::{Duration, Instant};

pub struct Serving {
    child: Child,
    pub port: u16,
}

impl Drop for Serving {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One GET on a fresh connection that asks the server to close it afterwards: (status, body).
pub fn get(port: u16, path: &str) -> (u16, String) {
    let response = Connection::open(port).request("GET", path, &[("Connection", "close")]);
    let body = String::from_utf8_lossy(&response.body).into_owned();
    (response.status, body)
}

/// One response as read off the wire: header names in lower case.
#[derive(Debug)]
pub struct Response {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Response {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// A raw HTTP/1.1 connection that reads each response exactly (by Content-Length or chunks, none after
/// HEAD, 204 or 304), so the next request can go over the same connection: what keep-alive tests need.
pub struct Connection {
    reader: BufReader<TcpStream>,
}

impl Connection {
    pub fn open(port: u16) -> Connection {
        let stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
        // A response that never ends fails the test instead of hanging it.
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        Connection {
            reader: BufReader::new(stream),
        }
    }

    /// Sends `METHOD target` with a Host header and `headers`, and reads the response.
    pub fn request(&mut self, method: &str, target: &str, headers: &[(&str, &str)]) -> Response {
        let mut request = format!("{method} {target} HTTP/1.1\r\nHost: localhost\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        self.reader.get_mut().write_all(request.as_bytes()).unwrap();
        self.read_response(method == "HEAD")
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        line.trim_end_matches(['\r', '\n']).to_string()
    }

    fn read_response(&mut self, head: bool) -> Response {
        let status_line = self.line();
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not an HTTP/1.1 status line: {status_line:?}"));
        let mut headers = Vec::new();
        loop {
            let line = self.line();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').expect("a header line");
            headers.push((name.to_ascii_lowercase(), value.trim().to_string()));
        }
        let mut response = Response {
            status,
            headers,
            body: Vec::new(),
        };
        if head || status == 204 || status == 304 {
            return response;
        }
        if response.header("transfer-encoding") == Some("chunked") {
            loop {
                let size = usize::from_str_radix(&self.line(), 16).expect("a chunk size");
                let mut chunk = vec![0; size + 2];
                self.reader.read_exact(&mut chunk).unwrap();
                response.body.extend_from_slice(&chunk[..size]);
                if size == 0 {
                    return response;
                }
            }
        }
        let length: usize = response
            .header("content-length")
            .expect("a response with a body has Content-Length")
            .parse()
            .unwrap();
        response.body = vec![0; length];
        self.reader.read_exact(&mut response.body).unwrap();
        response
    }
}

pub fn start(site: &TestSite) -> Serving {
    start_with(site, &[])
}

pub fn start_with(site: &TestSite, extra: &[&str]) -> Serving {
    start_binary(Path::new(env!("CARGO_BIN_EXE_kaartenbak")), site, extra)
}

/// `start_with` for another `kaartenbak` binary (benchmarks compare one built from an earlier commit).
pub fn start_binary(binary: &Path, site: &TestSite, extra: &[&str]) -> Serving {
    // Port 0: the server binds a free port itself and prints it, so parallel tests cannot race for one.
    let mut child = Command::new(binary)
        .args(["serve", "--port", "0"])
        .args(extra)
        .current_dir(site.path())
        .env("KAARTENBAK_TODAY", super::TODAY)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let stdout = child.stdout.take().unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        // Keep reading, so the server never blocks on a full pipe.
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let started = Instant::now();
    let port = loop {
        let line = rx
            .recv_timeout(Duration::from_secs(30).saturating_sub(started.elapsed()))
            .expect("serve did not start");
        let address = line
            .strip_prefix("serving ")
            .and_then(|rest| rest.split_once("http://"))
            .and_then(|(_, url)| url.split('/').next())
            .and_then(|host| host.rsplit_once(':'))
            .and_then(|(_, port)| port.parse::<u16>().ok());
        if let Some(port) = address {
            break port;
        }
    };
    Serving { child, port }
}

/// Build events as (name, data), read from the server's event stream.
pub fn events(port: u16) -> Receiver<(String, Value)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(
        stream,
        "GET /_kaartenbak/events HTTP/1.1\r\nHost: localhost\r\n\r\n"
    )
    .unwrap();
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        let mut name = String::new();
        for line in BufReader::new(stream).lines() {
            let Ok(line) = line else { return };
            if let Some(event) = line.strip_prefix("event: ") {
                name = event.to_string();
            } else if let Some(data) = line.strip_prefix("data: ") {
                if tx
                    .send((name.clone(), serde_json::from_str(data).unwrap()))
                    .is_err()
                {
                    return;
                }
            }
        }
    });
    rx
}
