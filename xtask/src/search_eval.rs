//! `cargo xtask search-eval [--binary PATH] [--queries FILE] [--verbose]`: measures search quality. Builds
//! the example site with a `kaartenbak` binary, runs every coach query of `tests/search_eval.yaml` through
//! `kaartenbak search --json` and prints hits@3 per query class. A measurement, not a test: it exits 0
//! whatever the figures are.

use crate::eval_file::{EvalQuery, CLASSES};
use anyhow::{bail, Context, Result};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A query is a hit when one of its expected entries is among this many first results.
const TOP: usize = 3;

/// How many results each search asks for (more than `TOP`, so a miss shows where things went).
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
    /// Print each miss: what came first, what was expected and why.
    #[arg(long)]
    verbose: bool,
}

/// What one query returned: the ranked ids, or why the search failed.
type Outcome = std::result::Result<Vec<String>, String>;

fn is_hit(query: &EvalQuery, found: &[String]) -> bool {
    let in_top = found.iter().take(TOP).any(|id| query.expect.contains(id));
    let wrong_first = found.first().is_some_and(|id| query.not_top.contains(id));
    in_top && !wrong_first
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
    let binary = match options.binary {
        Some(binary) => binary,
        None => {
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            crate::run(Command::new(cargo).current_dir(root).args([
                "build",
                "--release",
                "-p",
                "kaartenbak",
            ]))?;
            root.join("target/release/kaartenbak")
        }
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

    println!(
        "search eval: {} queries from {}, binary {}, today {TODAY}",
        queries.len(),
        queries_path.display(),
        binary.display()
    );
    for (query, outcome) in queries.iter().zip(&outcomes) {
        match outcome {
            Err(error) => println!("search failed for {:?}: {error}", query.query),
            Ok(found) if options.verbose && !is_hit(query, found) => print_miss(query, found),
            Ok(_) => {}
        }
    }
    print_table(&queries, &outcomes);
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

fn print_miss(query: &EvalQuery, found: &[String]) {
    let mut filters = String::new();
    for (name, value) in [
        ("kind", &query.kind),
        ("domain", &query.domain),
        ("area", &query.area),
    ] {
        if let Some(value) = value {
            filters.push_str(&format!(" --{name} {value}"));
        }
    }
    let top: Vec<&str> = found.iter().take(TOP).map(String::as_str).collect();
    println!("miss [{}] {:?}{filters}", query.class, query.query);
    println!(
        "     got:      {}",
        if top.is_empty() {
            "(nothing)".to_string()
        } else {
            top.join(", ")
        }
    );
    println!("     expected: {}", query.expect.join(", "));
    if let Some(first) = found.first().filter(|id| query.not_top.contains(id)) {
        println!("     ranked first although not_top: {first}");
    }
    println!("     why:      {}", query.why);
}

fn print_table(queries: &[EvalQuery], outcomes: &[Outcome]) {
    let hit = |(query, outcome): (&EvalQuery, &Outcome)| {
        outcome.as_ref().is_ok_and(|found| is_hit(query, found))
    };
    let row = |label: &str, count: usize, hits: usize| {
        let percent = if count == 0 {
            0.0
        } else {
            100.0 * hits as f64 / count as f64
        };
        println!("{label:<14} {count:>7} {hits:>7} {percent:>6.0}%");
    };
    println!();
    println!(
        "{:<14} {:>7} {:>7} {:>7}",
        "class", "queries", "hits@3", "%"
    );
    for class in CLASSES {
        let in_class: Vec<_> = queries
            .iter()
            .zip(outcomes)
            .filter(|(query, _)| query.class == class)
            .collect();
        let hits = in_class.iter().copied().filter(|&pair| hit(pair)).count();
        row(class, in_class.len(), hits);
    }
    let hits = queries
        .iter()
        .zip(outcomes)
        .filter(|&pair| hit(pair))
        .count();
    row("total", queries.len(), hits);
}
