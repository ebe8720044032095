//! `cargo xtask compare-peers N`: cold builds of an N-entry Kaartenbak corpus and of a same-size site of
//! comparable Markdown pages (`peer_corpus.rs`) by whichever of Zola and Hugo is installed, in turns, so all
//! see the same state of a machine whose speed drifts; prints best and median wall time, CPU time, peak RSS
//! and output size of each, and the ratio of Kaartenbak to the fastest peer. Sources and outputs go to
//! `$KAARTENBAK_BENCH_OUT`, else `/dev/shm` where it exists (to leave the disk out), else `target/bench`.

use crate::bench_build::{folder_size, percentile, timed, ColdBuild};
use crate::peer_corpus::{self, Peer};
use anyhow::{bail, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

/// One site builder in the comparison.
struct Tool {
    name: String,
    version: String,
    program: PathBuf,
    site: PathBuf,
    output: PathBuf,
    peer: Option<Peer>,
}

impl Tool {
    fn build(&self) -> Result<ColdBuild> {
        if self.output.exists() {
            std::fs::remove_dir_all(&self.output)?;
        }
        let (site, output) = (&self.site, &self.output);
        timed(&self.program, |command| {
            match self.peer {
                None => command
                    .arg("build")
                    .arg("--root")
                    .arg(site)
                    .arg("--output")
                    .arg(output),
                Some(Peer::Zola) => command
                    .arg("--root")
                    .arg(site)
                    .arg("build")
                    .arg("--output-dir")
                    .arg(output),
                Some(Peer::Hugo) => command
                    .arg("--source")
                    .arg(site)
                    .arg("--destination")
                    .arg(output)
                    .arg("--quiet"),
            };
        })
    }
}

/// The peer's binary: `$KAARTENBAK_ZOLA` / `$KAARTENBAK_HUGO`, else the first on `PATH`.
fn find_peer(peer: Peer) -> Option<PathBuf> {
    let variable = format!("KAARTENBAK_{}", peer.name().to_uppercase());
    if let Some(path) = std::env::var_os(&variable) {
        return Some(PathBuf::from(path));
    }
    std::env::split_paths(&std::env::var_os("PATH")?)
        .map(|dir| dir.join(peer.name()))
        .find(|candidate| candidate.is_file())
}

fn version(program: &Path) -> String {
    Command::new(program)
        .arg("version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .or_else(|| Command::new(program).arg("--version").output().ok())
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .next()
                .unwrap_or("")
                .trim()
                .to_string()
        })
        .unwrap_or_default()
}

/// Where the corpora and the built sites go.
fn work_folder(entries: usize) -> PathBuf {
    let base = std::env::var_os("KAARTENBAK_BENCH_OUT")
        .map(PathBuf::from)
        .or_else(|| Some(PathBuf::from("/dev/shm")).filter(|shm| shm.is_dir()))
        .unwrap_or_else(|| crate::root().join("target/bench"));
    base.join(format!("kaartenbak-compare-peers-{entries}"))
}

pub fn run(kaartenbak: &Path, entries: usize, rounds: usize) -> Result<()> {
    let root = crate::root();
    let work = work_folder(entries);
    if work.exists() {
        std::fs::remove_dir_all(&work)?;
    }
    std::fs::create_dir_all(&work)?;
    let mut tools = vec![Tool {
        name: "kaartenbak".into(),
        version: version(kaartenbak),
        program: kaartenbak.to_path_buf(),
        site: work.join("kaartenbak-site"),
        output: work.join("kaartenbak-out"),
        peer: None,
    }];
    crate::corpus::generate(&root, &tools[0].site, entries, 42)?;
    for peer in [Peer::Zola, Peer::Hugo] {
        let Some(program) = find_peer(peer) else {
            eprintln!(
                "{} not found (PATH or KAARTENBAK_{}): left out",
                peer.name(),
                peer.name().to_uppercase()
            );
            continue;
        };
        let site = work.join(format!("{}-site", peer.name()));
        peer_corpus::generate(&root, &site, entries, 42, peer)?;
        tools.push(Tool {
            name: peer.name().into(),
            version: version(&program),
            output: work.join(format!("{}-out", peer.name())),
            program,
            site,
            peer: Some(peer),
        });
    }
    if tools.len() == 1 {
        bail!("neither zola nor hugo found: install one, or name it in KAARTENBAK_ZOLA / KAARTENBAK_HUGO");
    }
    // The corpora are tens of megabytes of fresh files; on a disk, let the kernel write them out first.
    let _ = Command::new("sync").status();
    // One build each that is not counted: the first build after writing a corpus pays for fresh memory
    // and cold caches (see `bench_build::warm_up`), and it checks that every tool builds its site.
    for tool in &tools {
        let build = tool.build()?;
        eprintln!(
            "{}: warm-up build (not counted) {:.0} ms",
            tool.name, build.wall_ms
        );
    }
    let mut results: Vec<Vec<ColdBuild>> = tools.iter().map(|_| Vec::new()).collect();
    for round in 0..rounds {
        for (tool, builds) in tools.iter().zip(&mut results) {
            let build = tool.build()?;
            eprintln!("round {round}, {}: {:.0} ms", tool.name, build.wall_ms);
            builds.push(build);
        }
    }
    println!();
    println!(
        "{entries} entries, {rounds} cold builds each in turns, in {}",
        work.display()
    );
    println!();
    println!(
        "| builder | version | wall, best / median | CPU (user+sys), median | peak RSS | output |"
    );
    println!("|---|---|---:|---:|---:|---:|");
    let mut summary = Vec::new();
    for (tool, builds) in tools.iter().zip(&results) {
        let walls: Vec<f64> = builds.iter().map(|b| b.wall_ms / 1000.0).collect();
        let cpus: Vec<f64> = builds.iter().filter_map(|b| b.cpu_s).collect();
        let rss = builds
            .iter()
            .filter_map(|b| b.peak_rss_mb)
            .fold(None, |m: Option<f64>, r| Some(m.map_or(r, |m| m.max(r))));
        let (bytes, files) = folder_size(&tool.output)?;
        println!(
            "| {} | {} | {:.2} / {:.2} s | {} | {} | {:.0} MB, {files} files |",
            tool.name,
            tool.version,
            percentile(&walls, 0.0),
            percentile(&walls, 0.5),
            if cpus.is_empty() {
                "n/a".into()
            } else {
                format!("{:.2} s", percentile(&cpus, 0.5))
            },
            rss.map_or("n/a".into(), |mb| format!("{mb:.0} MB")),
            bytes as f64 / 1e6,
        );
        summary.push((percentile(&walls, 0.0), percentile(&walls, 0.5)));
    }
    let fastest = (1..tools.len())
        .min_by(|&a, &b| summary[a].0.total_cmp(&summary[b].0))
        .expect("at least one peer");
    println!();
    println!(
        "kaartenbak / fastest peer ({}): best {:.2}×, median {:.2}×",
        tools[fastest].name,
        summary[0].0 / summary[fastest].0,
        summary[0].1 / summary[fastest].1
    );
    // KAARTENBAK_BENCH_KEEP=1 keeps the corpora and the built sites, to look at what each builder made.
    if std::env::var_os("KAARTENBAK_BENCH_KEEP").is_none() {
        std::fs::remove_dir_all(&work)?;
    }
    Ok(())
}
