//! `cargo xtask search-eval [--binary PATH] [--queries FILE] [--verbose] [--json]`: measures search
//! quality. Builds the example site with a `kaartenbak` binary, runs every coach query of
//! `tests/search_eval.yaml` through `kaartenbak search --json` and prints per query class hits@3,
//! primary@3 and, for the two-needs class, whether every need is answered in the top 5. A measurement,
//! not a test: it exits 0 whatever the figures are.

use crate::eval_file::{EvalQuery, Score, CLASSES, TWO_NEEDS};
use crate::eval_report::{Outcome, Report};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

/// How many results each search asks for (more than `NEEDS_TOP`, so a miss shows where things went).
const LIMIT: &str = "10";

/// "Today" of the eval build, so staleness (and anything that depends on it) is reproducible.
const TODAY: &str = "2026-12-01";

#[derive(Deserialize)]
struct SearchOutput {
    hits: Vec<SearchHit>,
}

#[derive(Deserialize)]
struct SearchHit {
    id: String,
}

/// The arguments of `cargo xtask search-eval`.
#[derive(clap::Args)]
pub struct Options {
    /// The `kaartenbak` binary to measure [default: target/release/kaartenbak, built first].
    #[arg(long, value_name = "PATH")]
    binary: Option<PathBuf>,
    /// The eval queries [default: tests/search_eval.yaml].
    #[arg(long, value_name = "FILE")]
    queries: Option<PathBuf>,
    /// Print each miss (of hits@3, primary or all@5): the top 5 it got, what was expected and why.
    #[arg(long)]
    verbose: bool,
    /// Print the figures and every query's outcome as one JSON object instead of the table.
    #[arg(long)]
    json: bool,
}

fn score(query: &EvalQuery, outcome: &Outcome) -> Score {
    match outcome {
        Ok(found) => query.score(found),
        Err(_) => query.score(&[]),
    }
}

pub fn run(root: &Path, options: Options) -> Result<()> {
    let queries_path = options
        .queries
        .unwrap_or_else(|| root.join("tests/search_eval.yaml"));
    let text = std::fs::read_to_string(&queries_path)
        .with_context(|| format!("cannot read {}", queries_path.display()))?;
    let queries: Vec<EvalQuery> = serde_yaml::from_str(&text)
        .with_context(|| format!("{} is not a list of eval queries", queries_path.display()))?;
    if let Some(query) = queries
        .iter()
        .find(|q| !CLASSES.contains(&q.class.as_str()))
    {
        bail!(
            "query {:?} has unknown class `{}` (known: {})",
            query.query,
            query.class,
            CLASSES.join(", ")
        );
    }
    // Scored as any-of, a two-needs query without its needs would pass with one need answered.
    if let Some(query) = queries
        .iter()
        .find(|q| (q.class == TWO_NEEDS) == q.needs.is_empty())
    {
        bail!(
            "query {:?}: a {TWO_NEEDS} query, and only such a query, lists `needs`",
            query.query
        );
    }
    let binary = match options.binary {
        Some(binary) => binary,
        None => crate::release_binary()?,
    };

    let site = tempfile::tempdir()?;
    let build = Command::new(&binary)
        .env("KAARTENBAK_TODAY", TODAY)
        .arg("build")
        .arg("--root")
        .arg(root)
        .arg("--output")
        .arg(site.path())
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !build.status.success() {
        bail!(
            "building the example site failed:\n{}",
            String::from_utf8_lossy(&build.stderr)
        );
    }

    let outcomes: Vec<Outcome> = queries
        .iter()
        .map(|query| search(&binary, root, site.path(), query))
        .collect::<Result<_>>()?;
    let scores: Vec<Score> = queries
        .iter()
        .zip(&outcomes)
        .map(|(query, outcome)| score(query, outcome))
        .collect();
    let report = Report {
        queries_file: &queries_path,
        binary: &binary,
        today: TODAY,
        queries: &queries,
        outcomes: &outcomes,
        scores: &scores,
    };
    if options.json {
        report.print_json()?;
    } else {
        report.print_text(options.verbose);
    }
    Ok(())
}

/// Runs one query; `Err` of the outer result only when the binary cannot be started at all.
fn search(binary: &Path, root: &Path, site: &Path, query: &EvalQuery) -> Result<Outcome> {
    let mut command = Command::new(binary);
    command
        .arg("search")
        .args(["--json", "--limit", LIMIT])
        .arg("--root")
        .arg(root)
        .arg("--site")
        .arg(site);
    for (flag, value) in [
        ("--kind", &query.kind),
        ("--domain", &query.domain),
        ("--area", &query.area),
    ] {
        if let Some(value) = value {
            command.args([flag, value]);
        }
    }
    let output = command
        .arg("--")
        .arg(&query.query)
        .output()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    if !output.status.success() {
        return Ok(Err(String::from_utf8_lossy(&output.stderr)
            .trim()
            .to_string()));
    }
    match serde_json::from_slice::<SearchOutput>(&output.stdout) {
        Ok(parsed) => Ok(Ok(parsed.hits.into_iter().map(|hit| hit.id).collect())),
        Err(error) => Ok(Err(format!("unreadable JSON: {error}"))),
    }
}
