//! The build driver: the only place that runs the stages in order. `check` runs load and validate;
//! `build` runs all stages and swaps the new site in only when every stage succeeded.

use crate::background::drop_in_background;
use crate::config::SiteConfig;
use crate::content::{Content, EntryKind};
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use crate::index::{update_search_index, SearchDocumentCache};
use crate::index_files::{write_index_files, CompressedFiles};
use crate::load::{load_site_cached, DocumentCache};
use crate::model::Site;
use crate::model::{build_site_cached, MarkdownCache};
use crate::offline;
use crate::output::{OutputError, SiteWriter, Update, WriteOptions};
use crate::render::{Emit, RenderCache, RenderError, RenderStats, Renderer};
use crate::theme::{load_theme, Theme};
use crate::validate::{read_file, validate, ReadFile, ValidationSettings};
use chrono::NaiveDate;
use kaartenbak_search::IndexFiles;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Debug, thiserror::Error)]
pub enum BuildError {
    #[error("the content has {} error(s)", .0.iter().filter(|d| d.is_error()).count())]
    Content(Vec<Diagnostic>),
    #[error(transparent)]
    Render(#[from] RenderError),
    #[error("cannot build the search index: {0}")]
    Index(#[from] kaartenbak_search::SearchError),
    #[error(transparent)]
    Output(#[from] OutputError),
}

/// The result of loading and validating a site.
pub struct Checked {
    pub config: Option<SiteConfig>,
    pub content: Content,
    /// Sorted by file and position.
    pub diagnostics: Vec<Diagnostic>,
}

impl Checked {
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(Diagnostic::is_error)
    }
}

/// Load and validate: every problem of the site, nothing written.
pub fn check(root: &Path, today: NaiveDate) -> Checked {
    check_cached(root, today, None)
}

/// `check`, reusing and updating a session's files read before. Each file's YAML is read into fields as
/// soon as it is parsed and then dropped; a session keeps the fields of unchanged files.
fn check_cached(
    root: &Path,
    today: NaiveDate,
    cache: Option<&mut DocumentCache<ReadFile>>,
) -> Checked {
    let mut one_off = DocumentCache::one_off();
    let cache = cache.unwrap_or(&mut one_off);
    let (loaded, mut diagnostics) = load_site_cached(root, cache, read_file);
    let settings = ValidationSettings::from_config(loaded.config.as_ref(), today);
    let (content, found) = validate(loaded.documents, &loaded.unloaded, settings);
    diagnostics.extend(found);
    if let Some(crisis) = loaded.config.as_ref().and_then(|c| c.crisis.as_ref()) {
        if let Some(error) = crate::validate::check_crisis_link(crisis, &content) {
            diagnostics.push(error);
        }
    }
    Checked {
        config: loaded.config,
        content,
        diagnostics: diagnostics.sorted(),
    }
}

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    pub output: PathBuf,
    pub today: NaiveDate,
    /// A preview for `serve`: no offline copy, since a service worker answering from its cache would
    /// hide the pages that live reload asks the browser to load anew.
    pub preview: bool,
    /// Sync the new site to disk before it replaces the old one (see `output::WriteOptions`).
    pub durable: bool,
}

#[derive(Debug, Clone, Default)]
pub struct BuildReport {
    pub partners: usize,
    pub regulations: usize,
    pub modules: usize,
    pub pages: usize,
    pub domains: usize,
    pub areas: usize,
    pub files_written: usize,
    pub files_unchanged: usize,
    pub files_removed: usize,
    pub html_pages: usize,
    /// Pages whose template ran; the others kept their bytes from the previous build of the session.
    pub pages_rendered: usize,
    pub pages_reused: usize,
    pub index_bytes: u64,
    pub index_documents: u64,
    pub warnings: Vec<Diagnostic>,
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
}

/// What one build keeps for the next in the same process (`serve`): the fields read from each file, rendered
/// Markdown, rendered pages, the search index and its compressed files. The stages are the same with or
/// without it; a cache only lets a stage skip work whose inputs did not change, so a build with a warm
/// session produces the same pages as a cold one.
#[derive(Default)]
pub struct BuildSession {
    /// Whether builds keep what the next one can reuse; a one-off `build` does not pay for it.
    keep: bool,
    documents: DocumentCache<ReadFile>,
    markdown: MarkdownCache,
    pages: Option<RenderCache>,
    index: Option<kaartenbak_search::LiveIndex>,
    search_documents: SearchDocumentCache,
    compressed: CompressedFiles,
    /// How builds replace the output: a swap unless the caller chose otherwise (`serve`, once its preview
    /// exists).
    update: Update,
}

impl BuildSession {
    /// A session for repeated builds of one site (`serve`).
    pub fn repeated() -> Self {
        BuildSession {
            keep: true,
            ..BuildSession::default()
        }
    }

    /// Later builds of this session update the output in place instead of swapping a whole tree in: only for
    /// an output nobody publishes (`serve`'s preview), see `output::Update::InPlace`.
    pub fn update_in_place(&mut self) {
        self.update = Update::InPlace;
    }
}

/// Builds the site; on any error the previous output stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let mut session = BuildSession::default();
    let report = build_in(options, &mut session);
    drop_in_background(session);
    report
}

/// The theme the config names and its translations for the site's language.
fn theme_of(root: &Path, config: &SiteConfig) -> Result<(Theme, Translations), BuildError> {
    let theme = load_theme(root, &config.theme).map_err(|d| BuildError::Content(vec![d]))?;
    let translations =
        Translations::load(&theme, config.language).map_err(|d| BuildError::Content(vec![d]))?;
    Ok((theme, translations))
}

/// `build`, reusing and updating what `session` kept from the previous build.
pub fn build_in(
    options: &BuildOptions,
    session: &mut BuildSession,
) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let mut lap = Instant::now();
    // The time since the previous lap.
    let mut next_lap = || {
        let elapsed = lap.elapsed();
        lap = Instant::now();
        elapsed
    };

    let keep = session.keep;
    let checked = check_cached(
        &options.root,
        options.today,
        keep.then_some(&mut session.documents),
    );
    stages.push(("load+validate", next_lap()));
    if checked.has_errors() {
        return Err(BuildError::Content(checked.diagnostics));
    }
    let mut config = checked.config.expect("a site without errors has a config");
    config.offline &= !options.preview;
    let (theme, translations) = theme_of(&options.root, &config)?;
    let site = build_site_cached(
        config,
        checked.content,
        options.today,
        keep.then_some(&mut session.markdown),
    );
    stages.push(("model", next_lap()));

    let renderer = Renderer::new(&site, &theme, &translations)?;
    // Opened before rendering, so each page is written as soon as it is made; the previous site stays as it
    // was until `finish`, and a failure below drops the writer, which removes what it wrote.
    let writer = SiteWriter::open(
        &options.output,
        WriteOptions {
            durable: options.durable,
            update: session.update,
        },
    )?;
    let emit = |path: &str, bytes: &[u8], hash: Option<u64>| writer.put(path, bytes, hash);
    // The files made from the model alone are made and written while the pages render: on a large site
    // they are a second of work that would otherwise run on one core after everything else.
    let ((rendered, indexed), ()) = rayon::join(
        || render_and_index(&renderer, &site, session, &emit),
        || write_model_files(&site, &translations, &emit),
    );
    let ((pages, render_stats), render_time) = rendered?;
    let (index, index_time) = indexed?;
    let html_pages = render_stats.rendered + render_stats.reused;
    stages.push(("render", render_time));
    stages.push(("index", index_time));
    next_lap();

    // The pages and the index are on disk by now (their time is part of render and index); the rest
    // follows, then the swap.
    theme
        .static_files
        .par_iter()
        .map(|(path, bytes)| (format!("static/{path}"), bytes))
        // Made from the translations; a theme's file of that name would be the stale copy of another site.
        .filter(|(path, _)| path != crate::render::STRINGS_SCRIPT)
        .for_each(|(path, bytes)| emit(&path, bytes, None));
    emit(
        crate::render::STRINGS_SCRIPT,
        crate::render::strings_script(&translations).as_bytes(),
        None,
    );
    // Last, as the worker lists every other file. Open data is for programs and spreadsheets, not cached
    // in every visitor's browser.
    emit(
        offline::WEB_MANIFEST,
        offline::web_manifest(&site.config, &theme).as_bytes(),
        None,
    );
    let cached: Vec<offline::BuiltFile> = writer
        .listing()
        .into_iter()
        .filter(|file| !crate::open_data::is_open_data(&file.path))
        .collect();
    for file in offline::worker_files(&site.config, &cached, site.config.offline) {
        emit(&file.path, &file.bytes, None);
    }
    let written = writer.finish()?;
    stages.push(("write", next_lap()));
    // Only a build that reached the output folder may serve as the reference for the next one.
    session.pages = pages;

    let report = BuildReport {
        files_written: written.written,
        files_unchanged: written.unchanged,
        files_removed: written.removed,
        html_pages,
        pages_rendered: render_stats.rendered,
        pages_reused: render_stats.reused,
        index_bytes: index.total_size(),
        index_documents: index.manifest.documents,
        warnings: checked.diagnostics,
        stages,
        elapsed: started.elapsed(),
        ..BuildReport::counts(&site)
    };
    drop(renderer);
    drop_in_background(site);
    Ok(report)
}

/// What rendering hands on: the cache for the next build of a session, and how many pages ran a template.
type RenderedPages = (Option<RenderCache>, RenderStats);

/// Writes what follows from the model without a template: the plan page's directory (which the worker
/// lists, so the plan page works offline too) and the open data.
fn write_model_files(site: &Site, translations: &Translations, emit: &Emit<'_>) {
    let plan = || crate::plan_directory::files(site, translations);
    let (plan, open_data) = rayon::join(plan, || crate::open_data::files(site));
    for file in plan.iter().chain(&open_data) {
        emit(&file.path, &file.bytes, None);
    }
}

/// A stage's result with the time it took.
type Timed<T, E> = Result<(T, Duration), E>;

/// Render and index both read the model and nothing else, so they run side by side: tantivy indexes on
/// its own thread while the pages render on the others, and each writes its files as it makes them. Each
/// reports its own (overlapping) time.
fn render_and_index(
    renderer: &Renderer,
    site: &Site,
    session: &mut BuildSession,
    emit: &Emit<'_>,
) -> (
    Timed<RenderedPages, RenderError>,
    Timed<IndexFiles, BuildError>,
) {
    let keep = session.keep;
    let BuildSession {
        pages: previous_pages,
        index: live_index,
        search_documents,
        compressed,
        ..
    } = session;
    rayon::join(
        || {
            let started = Instant::now();
            renderer
                .render_pages(previous_pages.as_ref(), keep, emit)
                .map(|rendered| (rendered, started.elapsed()))
        },
        || {
            let started = Instant::now();
            let index = if keep {
                update_search_index(site, live_index, search_documents)
            } else {
                crate::index::build_search_index(site)
            }?;
            // Written here, beside the pages that still render.
            write_index_files(&index, keep.then_some(compressed), emit);
            Ok::<_, BuildError>((index, started.elapsed()))
        },
    )
}

impl BuildReport {
    /// A report with the site's counts and nothing done yet.
    fn counts(site: &Site) -> Self {
        BuildReport {
            partners: site.count_of(EntryKind::Partner),
            regulations: site.count_of(EntryKind::Regulation),
            modules: site.count_of(EntryKind::Module),
            pages: site.count_of(EntryKind::Page),
            domains: site.domains.len(),
            areas: site.areas.len(),
            ..BuildReport::default()
        }
    }

    /// "load+validate 12 ms, model 3 ms, …" for the build summary and the serve log.
    pub fn stage_summary(&self) -> String {
        self.stages
            .iter()
            .map(|(name, d)| format!("{name} {} ms", d.as_millis()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixture_copy() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/valid");
        for entry in walkdir::WalkDir::new(&source) {
            let entry = entry.unwrap();
            let target = dir.path().join(entry.path().strip_prefix(&source).unwrap());
            if entry.file_type().is_dir() {
                std::fs::create_dir_all(&target).unwrap();
            } else {
                std::fs::copy(entry.path(), &target).unwrap();
            }
        }
        dir
    }

    /// Every page of `options.output` equals the page a cold build of the same content writes. (A live
    /// index holds edits in segments of their own, so its files differ from a fresh index, and so do the
    /// service worker and its map, which name every file's hash.)
    fn assert_same_pages_as_a_cold_build(options: &BuildOptions) {
        let cold = tempfile::tempdir().unwrap();
        let cold_output = cold.path().join("site");
        build(&BuildOptions {
            output: cold_output.clone(),
            ..options.clone()
        })
        .unwrap();
        for entry in walkdir::WalkDir::new(&cold_output) {
            let entry = entry.unwrap();
            let relative = entry.path().strip_prefix(&cold_output).unwrap();
            let index_or_manifest = relative.starts_with(crate::index::SEARCH_DIR)
                || relative == Path::new(crate::output::MARKER)
                || relative == Path::new(offline::SERVICE_WORKER)
                || relative.starts_with(offline::MAP_DIR);
            if entry.file_type().is_file() && !index_or_manifest {
                assert!(
                    std::fs::read(entry.path()).unwrap()
                        == std::fs::read(options.output.join(relative)).unwrap(),
                    "{} differs between the warm and the cold build",
                    relative.display()
                );
            }
        }
    }

    #[test]
    fn an_edit_reaches_every_page_that_shows_the_entry() {
        // Each entry in turn gets a new title and a last check long ago (so it turns stale); after each
        // rebuild, every page equals a cold build's. A page kept because its inputs did not change is also
        // checked against its view in debug builds, so a dependency missing from `render::inputs` fails
        // here even where the cold comparison would not see it.
        let site = fixture_copy();
        // Relations that hold only one way, so that each is needed on its own: a regulation that names a
        // partner without linking to it, and that links to a page nothing else links to; a module that
        // builds on another without linking to it.
        std::fs::write(
            site.path().join("content/modules/wmo-basis.md"),
            "---\ntitle: Wmo basis\ndomains: [financien]\nprerequisites: [geldzorgen]\n\
             last_verified: 2026-09-01\n---\nDe Wmo in het kort.\n",
        )
        .unwrap();
        std::fs::write(
            site.path().join("content/regulations/wmo-verordening.md"),
            "---\ntitle: Verordening maatschappelijke ondersteuning\nlaw: Wmo 2015\nlevel: gemeentelijk\n\
             instrument: verordening\ndomains: [financien]\npartners: [woonkracht]\n\
             last_verified: 2026-06-01\n---\nZie [de route](@/pages/route-geldzorgen).\n",
        )
        .unwrap();
        let options = BuildOptions {
            root: site.path().to_path_buf(),
            output: site.path().join("site"),
            today: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            preview: false,
            durable: false,
        };
        let mut session = BuildSession::repeated();
        build_in(&options, &mut session).unwrap();
        let mut entries: Vec<PathBuf> = ["partners", "regulations", "modules", "pages"]
            .iter()
            .flat_map(|kind| std::fs::read_dir(site.path().join("content").join(kind)).unwrap())
            .map(|entry| entry.unwrap().path())
            .collect();
        entries.sort();
        assert!(entries.len() >= 6);
        for file in entries {
            let text = std::fs::read_to_string(&file).unwrap();
            let renamed = text
                .lines()
                .map(
                    |line| match line.strip_prefix("name: ").or(line.strip_prefix("title: ")) {
                        Some(title) if !line.starts_with(' ') => {
                            format!("{}: {title} (herzien)", &line[..line.find(':').unwrap()])
                        }
                        _ => line.to_string(),
                    },
                )
                .collect::<Vec<_>>()
                .join("\n");
            assert_ne!(renamed, text.trim_end(), "{} has a title", file.display());
            std::fs::write(&file, &renamed).unwrap();
            let report = build_in(&options, &mut session).unwrap();
            assert!(
                report.pages_reused > 0,
                "{}: nothing was kept",
                file.display()
            );
            assert_same_pages_as_a_cold_build(&options);

            let aged = renamed
                .lines()
                .map(|line| match line.strip_prefix("last_verified: ") {
                    Some(_) => "last_verified: 2020-01-01".to_string(),
                    None => line.to_string(),
                })
                .collect::<Vec<_>>()
                .join("\n");
            if aged != renamed {
                std::fs::write(&file, &aged).unwrap();
                build_in(&options, &mut session).unwrap();
                assert_same_pages_as_a_cold_build(&options);
            }
        }
    }

    #[test]
    fn a_glossary_edit_reaches_the_marks_and_the_glossary_page() {
        let site = fixture_copy();
        let options = BuildOptions {
            root: site.path().to_path_buf(),
            output: site.path().join("site"),
            today: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            preview: false,
            durable: false,
        };
        let read = |path: &str| std::fs::read_to_string(options.output.join(path)).unwrap();
        let mut session = BuildSession::repeated();
        build_in(&options, &mut session).unwrap();
        assert!(read("regulations/wgs/index.html")
            .contains("href=\"../../glossary/index.html#wgs\" class=\"term\""));
        assert!(read("glossary/index.html").contains("id=\"wgs\""));

        // Only links change: the marks stay, the glossary page shows who helps.
        let glossary = site.path().join("content/_data/glossary.yaml");
        std::fs::write(&glossary, "- id: wgs\n  partners: [schuldhulp]\n").unwrap();
        build_in(&options, &mut session).unwrap();
        assert!(read("glossary/index.html").contains("href=\"../partners/schuldhulp/index.html\""));
        assert_same_pages_as_a_cold_build(&options);

        // The term goes: no mark, no anchor.
        std::fs::write(&glossary, "- id: wgs\n  remove: true\n").unwrap();
        build_in(&options, &mut session).unwrap();
        assert!(!read("regulations/wgs/index.html").contains("#wgs"));
        assert!(!read("glossary/index.html").contains("id=\"wgs\""));
        assert_same_pages_as_a_cold_build(&options);

        // A broken glossary fails with its diagnostic; the fix builds again.
        std::fs::write(&glossary, "- id: wgs\n  partners: [schuldhlp]\n").unwrap();
        match build_in(&options, &mut session) {
            Err(BuildError::Content(diagnostics)) => assert!(diagnostics
                .iter()
                .any(|d| d.code == "unknown-partner" && d.file == "content/_data/glossary.yaml")),
            other => panic!("expected content errors, got {other:?}"),
        }
        std::fs::remove_file(&glossary).unwrap();
        build_in(&options, &mut session).unwrap();
        assert!(read("regulations/wgs/index.html").contains("#wgs"));
        assert_same_pages_as_a_cold_build(&options);
    }

    #[test]
    fn a_lexicon_edit_reaches_the_search_manifest() {
        let site = fixture_copy();
        let options = BuildOptions {
            root: site.path().to_path_buf(),
            output: site.path().join("site"),
            today: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            preview: false,
            durable: false,
        };
        let needs = || -> Vec<serde_json::Value> {
            let manifest = std::fs::read_to_string(options.output.join("_search/manifest.json"));
            let manifest: serde_json::Value = serde_json::from_str(&manifest.unwrap()).unwrap();
            manifest["needs"].as_array().cloned().unwrap_or_default()
        };
        let named = |needs: &[serde_json::Value], id: &str| needs.iter().any(|n| n["id"] == id);
        let mut session = BuildSession::repeated();
        build_in(&options, &mut session).unwrap();
        // The fixture has three domains: only shipped needs of those, without an error.
        let shipped = needs();
        assert!(named(&shipped, "huurachterstand") && named(&shipped, "nazorg-detentie"));
        assert!(!named(&shipped, "verslaving-cannabis"));
        assert!(shipped
            .iter()
            .all(|n| ["financien", "huisvesting", "justitie"]
                .contains(&n["domain"].as_str().unwrap())));

        let lexicon = site.path().join("content/_data/lexicon.yaml");
        std::fs::write(
            &lexicon,
            "- id: testdorpse-woorden\n  domain: financien\n  term: wgs\n  expressions: [op de pof]\n  english: [skint]\n\
             - id: huurachterstand\n  remove: true\n",
        )
        .unwrap();
        build_in(&options, &mut session).unwrap();
        let edited = needs();
        let added = edited
            .iter()
            .find(|n| n["id"] == "testdorpse-woorden")
            .expect("the site's need");
        assert_eq!(added["term"], "wgs");
        assert_eq!(
            added["expressions"],
            serde_json::json!(["op de pof", "skint"])
        );
        assert!(!named(&edited, "huurachterstand"));
        assert_same_pages_as_a_cold_build(&options);

        // A broken lexicon fails with its diagnostic; without it, the shipped needs are back.
        std::fs::write(
            &lexicon,
            "- id: x\n  domain: financein\n  expressions: [x]\n",
        )
        .unwrap();
        match build_in(&options, &mut session) {
            Err(BuildError::Content(diagnostics)) => assert!(diagnostics
                .iter()
                .any(|d| d.code == "unknown-domain" && d.file == "content/_data/lexicon.yaml")),
            other => panic!("expected content errors, got {other:?}"),
        }
        std::fs::remove_file(&lexicon).unwrap();
        build_in(&options, &mut session).unwrap();
        assert_eq!(needs(), shipped);
    }

    #[test]
    fn a_session_rerenders_only_the_pages_an_edit_touches() {
        let site = fixture_copy();
        let options = BuildOptions {
            root: site.path().to_path_buf(),
            output: site.path().join("site"),
            today: NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            preview: false,
            durable: false,
        };
        let mut session = BuildSession::repeated();
        let cold = build_in(&options, &mut session).unwrap();
        assert_eq!(cold.pages_reused, 0);

        let again = build_in(&options, &mut session).unwrap();
        assert_eq!(
            again.pages_rendered, 0,
            "nothing changed, nothing to render"
        );
        assert_eq!(again.files_written, 0, "the index files are the same too");

        let file = site.path().join("content/partners/woonkracht.yaml");
        let text = std::fs::read_to_string(&file).unwrap();
        let name = text
            .lines()
            .find_map(|l| l.strip_prefix("name: "))
            .unwrap()
            .to_string();
        // Another length, so the change shows even where file times are coarse.
        std::fs::write(&file, text.replacen(&name, &format!("{name} Oost"), 1)).unwrap();
        let edited = build_in(&options, &mut session).unwrap();
        assert!(edited.pages_rendered > 0);
        assert!(
            edited.pages_rendered < cold.html_pages / 2,
            "{} of {} pages re-rendered",
            edited.pages_rendered,
            cold.html_pages
        );
        let page =
            std::fs::read_to_string(options.output.join("partners/woonkracht/index.html")).unwrap();
        assert!(page.contains(&format!("{name} Oost")));
        // The live index has the edit: the new word finds the partner.
        let index = crate::index_files::read_index(&options.output).unwrap();
        let engine = kaartenbak_search::SearchEngine::open(&index).unwrap();
        let found = engine
            .search(&kaartenbak_search::SearchRequest {
                query: "oost".into(),
                limit: 5,
                ..Default::default()
            })
            .unwrap();
        assert_eq!(
            found.hits.first().map(|h| h.id.as_str()),
            Some("partners/woonkracht")
        );
        assert_eq!(found.total, 1);

        // A new page that links to the partner: every text resolves against a new set of entries, and the
        // partner's page lists the new page under "Genoemd in".
        std::fs::write(
            site.path().join("content/pages/wonen-in-oost.md"),
            "---\ntitle: Wonen in Oost\nsummary: Huisvesting in Oost.\ndomains: [financien]\n---\nBel [Woonkracht](@/partners/woonkracht).\n",
        )
        .unwrap();
        let added = build_in(&options, &mut session).unwrap();
        assert!(added.pages_rendered > 0);
        let page =
            std::fs::read_to_string(options.output.join("partners/woonkracht/index.html")).unwrap();
        assert!(page.contains("Wonen in Oost"), "backlink to the new page");

        // An invalid edit fails with its diagnostic even though the file was read before, and the fix
        // builds again.
        let broken = site.path().join("content/partners/schuldhulp.yaml");
        let good = std::fs::read_to_string(&broken).unwrap();
        std::fs::write(&broken, format!("{good}\nwebsite: geen-url\n")).unwrap();
        match build_in(&options, &mut session) {
            Err(BuildError::Content(diagnostics)) => assert!(diagnostics
                .iter()
                .any(|d| d.is_error() && d.file.ends_with("schuldhulp.yaml"))),
            other => panic!("expected content errors, got {other:?}"),
        }
        std::fs::write(&broken, &good).unwrap();
        build_in(&options, &mut session).unwrap();

        // A cold build of the edited site gives the same pages.
        assert_same_pages_as_a_cold_build(&options);
    }
}
