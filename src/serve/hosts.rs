//! Which `Host` names the preview answers to. A web page the editor visits can point a name of its own at
//! 127.0.0.1 (DNS rebinding) and then read the preview as same-origin; checking the name the browser sends
//! stops that, since the browser sends the attacker's name. Loopback names pass, and so does the address
//! the server is bound to; a LAN preview (`--bind 192.168.1.20`) adds names with `--allow-host`.

use axum::extract::Request;
use axum::http::header::{CONTENT_TYPE, HOST};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

/// The host names (without port, lowercase) that may reach the preview.
#[derive(Debug, Clone)]
pub struct AllowedHosts {
    names: Vec<String>,
}

impl AllowedHosts {
    pub fn new(bind: &str, extra: &[String]) -> Self {
        let mut names: Vec<String> = ["localhost", "127.0.0.1", "::1"]
            .iter()
            .map(|n| n.to_string())
            .collect();
        names.push(bare(bind));
        names.extend(extra.iter().map(|n| bare(n)));
        AllowedHosts { names }
    }

    /// Whether a `Host` header value (name, optionally `:port`; IPv6 in brackets) is allowed. Any port
    /// passes: the name is what a rebinding page cannot choose.
    pub fn allows(&self, host: &str) -> bool {
        let name = strip_port(host.trim());
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        name.ends_with(".localhost") || self.names.contains(&name)
    }

    pub async fn check(&self, request: Request, next: Next) -> Response {
        let host = request
            .headers()
            .get(HOST)
            .and_then(|h| h.to_str().ok())
            .map(str::to_string)
            // HTTP/1.0 clients without Host (curl --http1.0 -H 'Host:') get the preview of this machine only.
            .or_else(|| request.uri().host().map(str::to_string));
        match host {
            Some(host) if !self.allows(&host) => refused(&host),
            _ => next.run(request).await,
        }
    }
}

fn refused(host: &str) -> Response {
    (
        StatusCode::MISDIRECTED_REQUEST,
        [(CONTENT_TYPE, "text/plain; charset=utf-8")],
        format!(
            "421 Misdirected Request: this Kaartenbak preview does not answer to the host name \"{host}\". \
             Open it as http://localhost:PORT/ or http://127.0.0.1:PORT/; to reach it by another name, \
             start it with `kaartenbak serve --allow-host NAME`.\n"
        ),
    )
        .into_response()
}

/// A configured name or address without brackets or port, lowercase.
fn bare(name: &str) -> String {
    strip_port(name.trim())
        .trim_end_matches('.')
        .to_ascii_lowercase()
}

/// `name:port` → `name`, `[::1]:80` → `::1`, `::1` → `::1`.
fn strip_port(host: &str) -> &str {
    if let Some(rest) = host.strip_prefix('[') {
        return rest.split(']').next().unwrap_or(rest);
    }
    match host.rsplit_once(':') {
        // More than one colon without brackets: a bare IPv6 address.
        Some((name, _)) if !name.contains(':') => name,
        _ => host,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_bound_and_named_hosts_pass_others_do_not() {
        let local = AllowedHosts::new("127.0.0.1", &[]);
        for host in [
            "localhost",
            "localhost:1111",
            "127.0.0.1:1111",
            "[::1]:1111",
            "LOCALHOST",
        ] {
            assert!(local.allows(host), "{host}");
        }
        for host in ["evil.example", "evil.example:1111", "192.168.1.20:1111", ""] {
            assert!(!local.allows(host), "{host}");
        }
        let lan = AllowedHosts::new("192.168.1.20", &["laptop.local".into()]);
        assert!(lan.allows("192.168.1.20:1111"));
        assert!(lan.allows("laptop.local:1111"));
        assert!(!lan.allows("evil.example"));
    }
}
