//! `kaartenbak serve`: builds the site, serves it on loopback, and rebuilds on every change with the same
//! build driver as `kaartenbak build`. Pages reload once the new output is completely in place; a failed
//! build keeps the last good site and shows its diagnostics over the page. Content errors never end it.

mod hosts;
mod http;
pub mod live;
mod pages;
mod site;

use crate::build::{build_in, BuildError, BuildOptions, BuildSession};
use crate::watch::watch;
use live::{BuildState, LiveReload};
use std::net::TcpListener;
use std::time::Instant;

#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    // The cause (e.g. "Address already in use") follows from the error chain, printed once.
    #[error("cannot listen on {address}")]
    Bind {
        address: String,
        source: std::io::Error,
    },
    #[error("cannot watch {path} for changes")]
    Watch { path: String, source: notify::Error },
    #[error("the HTTP server stopped")]
    Http(#[source] std::io::Error),
}

/// Where `serve` builds unless told otherwise, relative to the site's root: its own folder, so a preview
/// (no offline copy, live-reload builds) never lands in the `site/` that `build` publishes. Kept between
/// runs, so the first build of a session finds the previous preview's files to link.
pub const PREVIEW_FOLDER: &str = ".kaartenbak/preview";

pub struct ServeOptions {
    pub build: BuildOptions,
    pub bind: String,
    /// Host names accepted besides loopback names and the bound address (`--allow-host`).
    pub allow_hosts: Vec<String>,
    pub port: u16,
    /// Poll the file system instead of relying on change events (network drives, containers).
    pub poll: bool,
    /// Open the site in the default browser once it is served.
    pub open: bool,
}

/// Best effort: a missing opener only means the editor opens the address by hand.
fn open_in_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let _ = std::process::Command::new(opener)
        .arg(url)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
}

/// Runs one build and turns its outcome into what the pages are told, printing it for the editor. None when
/// a good build follows a good build and changed no file (the tail of a save that came in two bursts, or a
/// save without changes): the pages are current, and reloading them would only disturb the editor.
fn rebuild(
    options: &BuildOptions,
    session: &mut BuildSession,
    generation: &mut u64,
    previous_ok: bool,
) -> Option<BuildState> {
    let started = Instant::now();
    match build_in(options, session) {
        Ok(report) => {
            for warning in &report.warnings {
                eprintln!("{warning}");
            }
            println!(
                "built in {} ms ({}; {} pages rendered, {} unchanged; {} files written)",
                started.elapsed().as_millis(),
                report.stage_summary(),
                report.pages_rendered,
                report.pages_reused,
                report.files_written
            );
            if previous_ok && report.files_written == 0 && report.files_removed == 0 {
                return None;
            }
            *generation += 1;
            Some(BuildState::Ok {
                generation: *generation,
            })
        }
        Err(BuildError::Content(diagnostics)) => {
            for diagnostic in &diagnostics {
                eprintln!("{diagnostic}");
            }
            eprintln!("build failed; still serving the last good site");
            Some(BuildState::Failed {
                generation: *generation,
                diagnostics,
                message: None,
            })
        }
        Err(other) => {
            eprintln!("build failed: {other}; still serving the last good site");
            Some(BuildState::Failed {
                generation: *generation,
                diagnostics: Vec::new(),
                message: Some(other.to_string()),
            })
        }
    }
}

pub fn serve(options: ServeOptions) -> Result<(), ServeError> {
    let address = format!("{}:{}", options.bind, options.port);
    let listener = TcpListener::bind(&address).map_err(|source| ServeError::Bind {
        address: address.clone(),
        source,
    })?;
    let mut generation = 0;
    let mut session = BuildSession::repeated();
    let first = rebuild(&options.build, &mut session, &mut generation, false);
    let mut previous_ok = !matches!(first, Some(BuildState::Failed { .. }));
    let live = LiveReload::new(first.unwrap_or(BuildState::Ok { generation }));
    let watcher =
        watch(&options.build.root, &options.build.output, options.poll).map_err(|source| {
            ServeError::Watch {
                path: options.build.root.display().to_string(),
                source,
            }
        })?;
    let local = listener
        .local_addr()
        .map(|a| a.to_string())
        .unwrap_or(address);
    println!(
        "serving {} on http://{local}/ (Ctrl+C stops); watching for changes",
        options.build.output.display()
    );
    println!(
        "the preview is built in {}, apart from the site that `kaartenbak build` publishes",
        options.build.output.display()
    );
    if options.open {
        open_in_browser(&format!("http://{local}/"));
    }
    let builder = live.clone();
    let build_options = options.build.clone();
    // The first build swapped a whole tree in, which also repairs whatever a killed session left; the
    // preview is not published, so the builds after a save only replace what changed (issue 22: the swap's
    // links and removals of every unchanged file tripled save-to-reload).
    session.update_in_place();
    std::thread::spawn(move || {
        // Batches that arrive during a build wait for the next one: builds never overlap.
        for _changes in watcher.batches.iter() {
            if let Some(state) = rebuild(&build_options, &mut session, &mut generation, previous_ok)
            {
                previous_ok = matches!(state, BuildState::Ok { .. });
                builder.publish(state);
            }
        }
    });
    let hosts = hosts::AllowedHosts::new(&options.bind, &options.allow_hosts);
    http::serve(listener, options.build.output, live, hosts).map_err(ServeError::Http)
}
