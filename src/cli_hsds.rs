//! `kaartenbak export hsds` and `kaartenbak import hsds`: options, printing and exit codes around
//! `kaartenbak::hsds`.

use anyhow::{Context, Result};
use clap::Subcommand;
use kaartenbak::hsds::{self, ImportOptions};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Subcommand)]
pub enum ExportFormat {
    /// The partners as HSDS 3.0: DIR/organizations.json and the CSV package in DIR/csv/
    Hsds {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write; relative paths are relative to --root
        #[arg(long, default_value = "hsds")]
        out: PathBuf,
    },
}

#[derive(Subcommand)]
pub enum ImportFormat {
    /// Partner files from HSDS 3.0 JSON (a file) or the CSV package (a folder or its datapackage.json).
    /// Exit 1 when any value was skipped (each is listed), 2 on malformed input (nothing written).
    Hsds {
        /// The JSON file, the CSV package folder, or its datapackage.json
        path: PathBuf,
        /// The site to write into (it holds kaartenbak.toml and the domains and wijken)
        #[arg(long, default_value = ".")]
        into: PathBuf,
        /// Replace partner files that exist with other content
        #[arg(long)]
        force: bool,
        /// The domain for partners none of whose taxonomy terms is a domain of the site
        #[arg(long)]
        domain: Option<String>,
    },
}

pub fn export(format: ExportFormat, today: chrono::NaiveDate) -> Result<ExitCode> {
    let ExportFormat::Hsds { root, out } = format;
    let checked = kaartenbak::build::check(&root, today);
    if checked.has_errors() {
        for d in &checked.diagnostics {
            eprintln!("{d}");
        }
        eprintln!("export failed: fix the errors above first (`kaartenbak check`)");
        return Ok(ExitCode::from(1));
    }
    let config = checked
        .config
        .context("a site without errors has a config")?;
    let out = root.join(out);
    let report = hsds::export(&config, &checked.content, &out)?;
    println!(
        "wrote {} organizations with {} services as HSDS 3.0 to {} ({})",
        report.organizations,
        report.services,
        out.display(),
        report.files.join(", ")
    );
    Ok(ExitCode::SUCCESS)
}

pub fn import(format: ImportFormat) -> Result<ExitCode> {
    let ImportFormat::Hsds {
        path,
        into,
        force,
        domain,
    } = format;
    let report = hsds::import(&ImportOptions {
        source: path,
        into,
        force,
        default_domain: domain,
    })?;
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    if !report.not_carried.is_empty() {
        let fields: Vec<String> = report
            .not_carried
            .iter()
            .map(|(field, n)| format!("{field} ({n})"))
            .collect();
        eprintln!(
            "note: not carried (Kaartenbak has no field for them; see docs/hsds.md): {}",
            fields.join(", ")
        );
    }
    println!(
        "imported {} partner file(s): {} written, {} unchanged, {} kept; {} warning(s)",
        report.written.len() + report.unchanged.len() + report.kept.len(),
        report.written.len(),
        report.unchanged.len(),
        report.kept.len(),
        report.warnings.len()
    );
    for file in &report.written {
        println!("  wrote {file}");
    }
    Ok(if report.skipped_anything() {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
