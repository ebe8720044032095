//! Live reload for `kaartenbak serve`: the state of the last build, the events every open page is sent,
//! and the small script that reloads the page or shows the diagnostics overlay. Injected only by the
//! server, never written into a built site. How events travel (Server-Sent Events) is `http`'s job.

use crate::diagnostics::Diagnostic;
use serde::Serialize;
use std::sync::{Arc, Mutex};
// Unbounded: the build thread publishes without blocking or a runtime, and each page's stream reads
// asynchronously; a page gets a handful of events per save, so nothing piles up.
use tokio::sync::mpsc::{unbounded_channel, UnboundedReceiver, UnboundedSender};

pub const EVENTS_PATH: &str = "/_kaartenbak/events";
pub const SCRIPT_PATH: &str = "/_kaartenbak/live.js";

/// What the pages learn after each build.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "state", rename_all = "lowercase")]
pub enum BuildState {
    /// The site is current; `generation` counts successful builds.
    Ok { generation: u64 },
    /// The last build failed; the pages keep the last good site and show these.
    Failed {
        generation: u64,
        diagnostics: Vec<Diagnostic>,
        message: Option<String>,
    },
}

/// One event for the pages: its name (`ok`, `reload`, `failed`) and the build state as JSON.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LiveEvent {
    pub name: &'static str,
    pub data: String,
}

impl BuildState {
    fn event(&self, reload: bool) -> LiveEvent {
        let data = serde_json::to_string(self).expect("build state serialises");
        let name = match (self, reload) {
            (BuildState::Ok { .. }, true) => "reload",
            (BuildState::Ok { .. }, false) => "ok",
            (BuildState::Failed { .. }, _) => "failed",
        };
        LiveEvent { name, data }
    }
}

/// Keeps the last build state and the open event streams.
#[derive(Clone)]
pub struct LiveReload {
    inner: Arc<Mutex<Inner>>,
}

struct Inner {
    state: BuildState,
    subscribers: Vec<UnboundedSender<LiveEvent>>,
}

impl LiveReload {
    pub fn new(state: BuildState) -> Self {
        LiveReload {
            inner: Arc::new(Mutex::new(Inner {
                state,
                subscribers: Vec::new(),
            })),
        }
    }

    /// A new event stream; it first receives the current state.
    pub fn subscribe(&self) -> UnboundedReceiver<LiveEvent> {
        let (tx, rx) = unbounded_channel();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let _ = tx.send(inner.state.event(false));
        inner.subscribers.push(tx);
        rx
    }

    /// Records a finished build and tells every page: reload after a good build (the output is complete by
    /// now), or show the diagnostics after a failed one.
    pub fn publish(&self, state: BuildState) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        let event = state.event(true);
        inner.state = state;
        inner.subscribers.retain(|s| s.send(event.clone()).is_ok());
    }
}

/// Adds the live-reload script to an HTML page served in serve mode.
pub fn inject(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{SCRIPT_PATH}\"></script>");
    let text = String::from_utf8_lossy(html);
    match text.rfind("</body>") {
        Some(i) => format!("{}{tag}{}", &text[..i], &text[i..]).into_bytes(),
        None => format!("{text}{tag}").into_bytes(),
    }
}

/// The page script: reload on `reload`, show or hide the overlay on `failed` / `ok`. Text only, no HTML
/// from diagnostics.
pub const SCRIPT: &str = include_str!("live.js");

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let page = inject(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(page).unwrap(),
            "<html><body><p>x</p><script src=\"/_kaartenbak/live.js\"></script></body></html>"
        );
    }

    #[test]
    fn subscribers_get_the_current_state_then_each_build() {
        let live = LiveReload::new(BuildState::Ok { generation: 1 });
        let mut events = live.subscribe();
        assert_eq!(events.blocking_recv().unwrap().name, "ok");
        live.publish(BuildState::Failed {
            generation: 1,
            diagnostics: Vec::new(),
            message: None,
        });
        assert_eq!(events.blocking_recv().unwrap().name, "failed");
        live.publish(BuildState::Ok { generation: 2 });
        let reload = events.blocking_recv().unwrap();
        assert_eq!(reload.name, "reload");
        assert_eq!(reload.data, r#"{"state":"ok","generation":2}"#);
    }
}
