//! Watching a site for changes. Which changed paths matter is a pure function (`classify`); the watcher
//! turns the file system's event stream into debounced batches, so one save (which editors perform as
//! write + rename + chmod, or via a swap file) becomes one rebuild.

use crate::load::is_editor_temp_file;
use notify::{Event, EventKind, PollWatcher, RecommendedWatcher, RecursiveMode, Watcher as _};
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Change {
    Content,
    Config,
    Theme,
}

/// What a changed path means for the site in `root` that builds into `output`; None for paths to ignore
/// (the output itself, editor swap and backup files, version control, anything else).
pub fn classify(root: &Path, output: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(output) {
        return None;
    }
    let relative = path.strip_prefix(root).ok()?;
    let name = relative.file_name()?.to_string_lossy();
    if is_editor_temp_file(&name) || relative.components().any(|c| c.as_os_str() == ".git") {
        return None;
    }
    // Staging and old copies of the output sit beside it (`.site.kaartenbak-staging-123`), and `serve` builds into `.kaartenbak/preview/`.
    if relative
        .components()
        .next()?
        .as_os_str()
        .to_string_lossy()
        .starts_with('.')
    {
        return None;
    }
    match relative.components().next()?.as_os_str().to_str()? {
        "content" => Some(Change::Content),
        "themes" => Some(Change::Theme),
        "kaartenbak.toml" => Some(Change::Config),
        _ => None,
    }
}

/// A running watcher; `batches` yields the changes of each burst of activity.
pub struct SiteWatcher {
    _watcher: Box<dyn notify::Watcher + Send>,
    pub batches: Receiver<Vec<Change>>,
}

/// Quiet time that ends a burst of events, and the longest a burst may delay a rebuild. An editor's save
/// (temporary file, rename, backup) arrives within a few milliseconds; the quiet time is part of every
/// save-to-reload, so it is kept short.
const QUIET: Duration = Duration::from_millis(20);
const MAX_DELAY: Duration = Duration::from_millis(500);

pub fn watch(root: &Path, output: &Path, poll: bool) -> notify::Result<SiteWatcher> {
    let (events_tx, events) = channel::<notify::Result<Event>>();
    let mut watcher: Box<dyn notify::Watcher + Send> = if poll {
        let config = notify::Config::default().with_poll_interval(Duration::from_millis(250));
        Box::new(PollWatcher::new(events_tx, config)?)
    } else {
        Box::new(RecommendedWatcher::new(
            events_tx,
            notify::Config::default(),
        )?)
    };
    // Native events carry absolute paths and the poll watcher reports paths as they were given: watch and
    // compare absolute paths.
    let absolute = |p: &Path| std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let (root, output): (PathBuf, PathBuf) = (absolute(root), absolute(output));
    // Watch the root itself (not only content/), so a folder or config replaced by rename is still seen.
    watcher.watch(&root, RecursiveMode::Recursive)?;
    let (batches_tx, batches) = channel();
    std::thread::spawn(move || loop {
        let mut batch = Vec::new();
        let mut started: Option<Instant> = None;
        loop {
            let timeout = match started {
                None => Duration::from_secs(3600),
                Some(start) => QUIET.min(MAX_DELAY.saturating_sub(start.elapsed())),
            };
            match events.recv_timeout(timeout) {
                // Reads (the build's own, an editor opening a file) are not changes.
                Ok(Ok(event)) if matches!(event.kind, EventKind::Access(_)) => {}
                Ok(Ok(event)) => {
                    for path in &event.paths {
                        if let Some(change) = classify(&root, &output, path) {
                            batch.push(change);
                            started.get_or_insert_with(Instant::now);
                        }
                    }
                }
                Ok(Err(_)) => {}
                Err(RecvTimeoutError::Timeout) if started.is_some() => break,
                Err(RecvTimeoutError::Timeout) => {}
                Err(RecvTimeoutError::Disconnected) => return,
            }
        }
        batch.sort_unstable();
        batch.dedup();
        if batches_tx.send(batch).is_err() {
            return;
        }
    });
    Ok(SiteWatcher {
        _watcher: watcher,
        batches,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_changes_and_ignores_noise() {
        let root = Path::new("/site");
        let output = Path::new("/site/site");
        let c = |p: &str| classify(root, output, Path::new(p));
        assert_eq!(
            c("/site/content/partners/voedselbank.yaml"),
            Some(Change::Content)
        );
        assert_eq!(c("/site/content/partners"), Some(Change::Content));
        assert_eq!(
            c("/site/content/_data/glossary.yaml"),
            Some(Change::Content),
            "a change of the glossary rebuilds"
        );
        assert_eq!(
            c("/site/content/_data/lexicon.yaml"),
            Some(Change::Content),
            "a change of the lexicon rebuilds"
        );
        assert_eq!(c("/site/kaartenbak.toml"), Some(Change::Config));
        assert_eq!(
            c("/site/themes/huisstijl/templates/base.html"),
            Some(Change::Theme)
        );
        for ignored in [
            "/site/site/partners/voedselbank/index.html",
            "/site/content/partners/.voedselbank.yaml.swp",
            "/site/content/partners/voedselbank.yaml~",
            "/site/content/partners/4913",
            "/site/content/partners/x.yaml___jb_tmp___",
            "/site/.site.kaartenbak-staging-12/index.html",
            "/site/.kaartenbak/preview/index.html",
            "/site/.git/index",
            "/site/README.md",
            "/elsewhere/content/x.yaml",
        ] {
            assert_eq!(c(ignored), None, "{ignored}");
        }
    }
}
