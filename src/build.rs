//! The build driver: the only place that runs the stages in order. `check` runs load and validate;
//! `build` runs all stages and swaps the new site in only when every stage succeeded.

use crate::config::SiteConfig;
use crate::content::Content;
use crate::diagnostics::Diagnostic;
use crate::i18n::Translations;
use crate::index::build_search_index;
use crate::index_files::index_output_files;
use crate::load::load_site;
use crate::model::build_site;
use crate::output::{write_site, OutputError};
use crate::render::{OutputFile, RenderError, Renderer};
use crate::theme::load_theme;
use crate::validate::{validate, ValidationSettings};
use chrono::NaiveDate;
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
    let (loaded, mut diagnostics) = load_site(root);
    let settings = ValidationSettings::from_config(loaded.config.as_ref(), today);
    let (content, found) = validate(&loaded, settings);
    diagnostics.extend(found);
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
}

#[derive(Debug, Clone)]
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
    pub index_bytes: u64,
    pub index_documents: u64,
    pub warnings: Vec<Diagnostic>,
    pub stages: Vec<(&'static str, Duration)>,
    pub elapsed: Duration,
}

/// Builds the site; on any error the previous output stays as it was.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildError> {
    let started = Instant::now();
    let mut stages = Vec::new();
    let mut lap = Instant::now();
    let mut stage = |name: &'static str, stages: &mut Vec<(&'static str, Duration)>| {
        stages.push((name, lap.elapsed()));
        lap = Instant::now();
    };

    let checked = check(&options.root, options.today);
    stage("load+validate", &mut stages);
    if checked.has_errors() {
        return Err(BuildError::Content(checked.diagnostics));
    }
    let config = checked.config.expect("a site without errors has a config");
    let theme =
        load_theme(&options.root, &config.theme).map_err(|d| BuildError::Content(vec![d]))?;
    let translations =
        Translations::load(&theme, config.language).map_err(|d| BuildError::Content(vec![d]))?;
    let site = build_site(config, checked.content, options.today);
    stage("model", &mut stages);

    let renderer = Renderer::new(&site, &theme, &translations)?;
    let mut files = renderer.render_all()?;
    let html_pages = files.iter().filter(|f| f.path.ends_with(".html")).count();
    files.extend(
        theme
            .static_files
            .iter()
            .map(|(path, bytes)| OutputFile::new(format!("static/{path}"), bytes.clone())),
    );
    stage("render", &mut stages);

    let index = build_search_index(&site)?;
    files.extend(index_output_files(&index));
    stage("index", &mut stages);

    let written = write_site(&options.output, &files)?;
    stage("write", &mut stages);

    Ok(BuildReport {
        partners: site.partners.len(),
        regulations: site.regulations.len(),
        modules: site.modules.len(),
        pages: site.pages.len(),
        domains: site.domains.len(),
        areas: site.areas.len(),
        files_written: written.written,
        files_unchanged: written.unchanged,
        files_removed: written.removed,
        html_pages,
        index_bytes: index.total_size(),
        index_documents: index.manifest.documents,
        warnings: checked.diagnostics,
        stages,
        elapsed: started.elapsed(),
    })
}
