//! `kaartenbak serve` for tests: start it on a free loopback port, fetch pages, follow its build events.
#![allow(dead_code)]

use super::browser::free_port;
use super::TestSite;
use serde_json::Value;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
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

pub fn get(port: u16, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).unwrap();
    let status = response[9..12].parse().unwrap();
    let body = response
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    (status, body)
}

pub fn start(site: &TestSite) -> Serving {
    start_with(site, &[])
}

pub fn start_with(site: &TestSite, extra: &[&str]) -> Serving {
    let port = free_port();
    let child = Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
        .args(["serve", "--port", &port.to_string()])
        .args(extra)
        .current_dir(site.path())
        .env("KAARTENBAK_TODAY", super::TODAY)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "serve did not start"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
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
