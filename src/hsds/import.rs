//! `kaartenbak import hsds PATH`: partner files from HSDS 3.0 — a JSON file (a list of organizations with
//! their services nested, a paged `contents` list, or one organization) or the CSV tabular package (a
//! folder, or its `datapackage.json`). The CSV rows are first put together into the same nested records as
//! the JSON, so both go through one mapping.
//!
//! Everything is read, checked and rendered before the first file is written: malformed input (not JSON,
//! a value of the wrong type, a file over `MAX_FILE_BYTES`, a CSV without a required column) is an error
//! and writes nothing. A value that is well-formed but cannot be used (coordinates out of range, a phone
//! number in quotes, a taxonomy term that is no domain of the site, a service without its organization)
//! is a warning naming the record and what was done instead; fields Kaartenbak has no place for are
//! counted in notes. Files are named after stable ids, so importing the same data again writes the same
//! bytes and changes nothing; an existing file that differs is kept unless `force`.
//!
//! By job: `read` (the site and the source), `types` (the types of the source's values), `record`,
//! `mapper`, `service` and `organization` (mapping records into partners), `render` and `write` (the
//! partner files).

use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

mod csv_package;
mod mapper;
mod organization;
mod read;
mod record;
mod render;
mod service;
mod service_facts;
mod types;
mod write;

use organization::map_all;
use read::{read_source, read_target};
use write::write_files;

/// The largest input file read: 32 MiB of JSON holds about 3,000 organizations (600 export to 6.1 MB), the
/// CSV package, split per table, about 10,000; a larger file is more likely a mistake than a sociale kaart,
/// and is refused before it is read into memory.
pub const MAX_FILE_BYTES: u64 = 32 * 1024 * 1024;

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("cannot read {path}: {source}")]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("{path} is {size} bytes; the import reads files up to {limit} bytes (32 MiB); split the data or check that this is the right file", limit = MAX_FILE_BYTES)]
    TooLarge { path: PathBuf, size: u64 },
    #[error("{path}:{line}:{column}: not valid JSON: {message}")]
    Json {
        path: PathBuf,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{path}: {at}: expected {expected}, found {found}")]
    Type {
        path: PathBuf,
        at: String,
        expected: &'static str,
        found: String,
    },
    #[error("{path}: {message}")]
    Csv { path: PathBuf, message: String },
    #[error("{path}: the required column `{column}` is missing (columns found: {found})")]
    MissingColumn {
        path: PathBuf,
        column: &'static str,
        found: String,
    },
    #[error("{path}: {message}")]
    NotHsds { path: PathBuf, message: String },
    #[error("{0}")]
    Site(String),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// A JSON file, a CSV package folder, or a package's `datapackage.json`.
    pub source: PathBuf,
    /// The site to write into (holding kaartenbak.toml).
    pub into: PathBuf,
    pub force: bool,
    /// The domain for partners none of whose taxonomy terms is a domain of the site.
    pub default_domain: Option<String>,
}

/// A value that could not be used: which record, what, and what was done instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    /// e.g. `location 3a19ff88-4620-4d17-9830-ac1d859eb5d5`
    pub record: String,
    pub message: String,
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.record, self.message)
    }
}

#[derive(Debug, Clone, Default)]
pub struct ImportReport {
    /// Partner files written (new or replaced), relative to the site.
    pub written: Vec<String>,
    /// Files that already held exactly what the import would write.
    pub unchanged: Vec<String>,
    /// Files that exist with other content and were kept (no `force`).
    pub kept: Vec<String>,
    pub warnings: Vec<ImportWarning>,
    /// Fields and tables Kaartenbak has no place for, with how many values each had.
    pub not_carried: BTreeMap<String, usize>,
}

impl ImportReport {
    /// Whether anything was skipped: the exit code is 1 then.
    pub fn skipped_anything(&self) -> bool {
        !self.warnings.is_empty() || !self.kept.is_empty()
    }
}

pub fn import(options: &ImportOptions) -> Result<ImportReport, ImportError> {
    let target = read_target(&options.into)?;
    if let Some(domain) = &options.default_domain {
        if !target.domains.iter().any(|d| &d.id == domain) {
            return Err(ImportError::Site(format!(
                "--domain {domain}: the site has no such domain (content/_data/domains.yaml)"
            )));
        }
    }
    let mut report = ImportReport::default();
    let organizations = read_source(&options.source, &mut report)?;
    let files = map_all(&organizations, &target, options, &mut report)?;
    write_files(&options.into, files, options.force, &mut report)?;
    Ok(report)
}
