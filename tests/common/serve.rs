//! `kaartenbak serve` for tests: start it on a free loopback port, fetch pages, follow its build events.
#![allow(dead_code)]

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
    // Port 0: the server binds a free port itself and prints it, so parallel tests cannot race for one.
    let mut child = Command::new(env!("CARGO_BIN_EXE_kaartenbak"))
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
