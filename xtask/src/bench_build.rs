//! `cargo xtask bench-build [N…]`: the build benchmark table. For each N (default 1,000, 10,000 and
//! 50,000) it generates the seeded corpus, runs one untimed warm-up build (see `warm_up`) and five cold
//! release builds into fresh folders (best and median, the per-stage times the build prints, peak RSS from
//! GNU time), measures the output and the index, and
//! then times incremental rebuilds in `kaartenbak serve` after a one-line edit of one partner. Built sites
//! go to `target/bench`, or to `$KAARTENBAK_BENCH_OUT` (e.g. `/dev/shm`, to leave the disk out).

use anyhow::{bail, Context, Result};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

pub(crate) struct ColdBuild {
    pub(crate) wall_ms: f64,
    pub(crate) stages: String,
    pub(crate) peak_rss_mb: Option<f64>,
    pub(crate) cpu_s: Option<f64>,
}

struct Row {
    entries: usize,
    /// The fastest of the cold builds (a VM's noise only ever adds time), and their median.
    cold: ColdBuild,
    cold_median_ms: f64,
    /// The highest of the cold builds.
    peak_rss_mb: Option<f64>,
    output_mb: f64,
    files: usize,
    index_raw_kb: f64,
    index_gzip_kb: f64,
    rebuild_ms: Vec<f64>,
    save_to_done_ms: Vec<f64>,
    rebuild_stages: String,
}

pub fn run(root: &Path, binary: &Path, sizes: &[usize]) -> Result<()> {
    let mut rows = Vec::new();
    for &entries in sizes {
        let site = crate::fresh_corpus("build-corpus", entries)?;
        // KAARTENBAK_BENCH_OUT puts the built sites elsewhere, e.g. /dev/shm to leave the disk out.
        let outputs = std::env::var_os("KAARTENBAK_BENCH_OUT")
            .map_or_else(|| root.join("target/bench"), PathBuf::from)
            .join(format!("build-output-{entries}"));
        if outputs.exists() {
            std::fs::remove_dir_all(&outputs)?;
        }
        warm_up(binary, &site, &outputs.join("warm-up"), entries)?;
        let mut best: Option<ColdBuild> = None;
        let mut walls = Vec::new();
        let mut peak_rss_mb: Option<f64> = None;
        for round in 0..COLD_ROUNDS {
            let cold = cold_build(binary, &site, &outputs.join(format!("cold-{round}")))?;
            eprintln!(
                "{entries} entries, cold build {round}: {:.0} ms ({})",
                cold.wall_ms, cold.stages
            );
            walls.push(cold.wall_ms);
            peak_rss_mb = match (peak_rss_mb, cold.peak_rss_mb) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
            if best.as_ref().is_none_or(|b| cold.wall_ms < b.wall_ms) {
                best = Some(cold);
            }
        }
        let built = outputs.join("cold-0");
        let (output_bytes, files) = folder_size(&built)?;
        let (index_raw, index_gzip) = index_size(&built)?;
        let (rebuild_ms, save_to_done_ms, rebuild_stages) =
            incremental(binary, &site, &outputs.join("serve"))?;
        rows.push(Row {
            entries,
            cold: best.expect("the rounds ran"),
            cold_median_ms: percentile(&walls, 0.5),
            peak_rss_mb,
            output_mb: output_bytes as f64 / 1e6,
            files,
            index_raw_kb: index_raw as f64 / 1024.0,
            index_gzip_kb: index_gzip as f64 / 1024.0,
            rebuild_ms,
            save_to_done_ms,
            rebuild_stages,
        });
        std::fs::remove_dir_all(&outputs)?;
    }
    print_table(&rows);
    Ok(())
}

/// One build that is not timed, after the corpus was written. On this VM the first build after writing a
/// corpus spends about twice the system time of the next ones (0.45-0.59 s against 0.25 s at 10,000
/// entries, most of it in the kernel zeroing fresh memory), whichever binary runs it. Its time is printed,
/// not counted, so the table shows the builds an editor makes on a machine in use.
fn warm_up(binary: &Path, site: &Path, output: &Path, entries: usize) -> Result<()> {
    let build = cold_build(binary, site, output)?;
    eprintln!(
        "{entries} entries, warm-up build (not counted): {:.0} ms, {}",
        build.wall_ms,
        build.cpu_s.map_or_else(
            || "CPU time unknown".to_string(),
            |s| format!("{s:.2} s CPU")
        )
    );
    std::fs::remove_dir_all(output)?;
    Ok(())
}

fn cold_build(binary: &Path, site: &Path, output: &Path) -> Result<ColdBuild> {
    timed(binary, |command| {
        command
            .arg("build")
            .arg("--root")
            .arg(site)
            .arg("--output")
            .arg(output);
    })
}

/// Runs `program` with the arguments `args` adds, under GNU time when installed (peak RSS and CPU time),
/// and times it by the wall clock; fails with the program's output when it fails.
pub(crate) fn timed(program: &Path, args: impl FnOnce(&mut Command)) -> Result<ColdBuild> {
    let gnu_time = Path::new("/usr/bin/time").exists();
    let mut command = if gnu_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "peak-rss-kb %M\ncpu-s %U %S"]).arg(program);
        c
    } else {
        Command::new(program)
    };
    args(&mut command);
    let started = Instant::now();
    let result = command
        .output()
        .with_context(|| format!("cannot run {}", program.display()))?;
    let wall_ms = started.elapsed().as_secs_f64() * 1000.0;
    let stdout = String::from_utf8_lossy(&result.stdout);
    let stderr = String::from_utf8_lossy(&result.stderr);
    if !result.status.success() {
        bail!("{} failed:\n{stdout}\n{stderr}", program.display());
    }
    let stages = stdout
        .lines()
        .find_map(|l| l.strip_prefix("done in "))
        .and_then(|l| {
            l.split_once('(')
                .map(|(_, s)| s.trim_end_matches(')').to_string())
        })
        .unwrap_or_default();
    let peak_rss_mb = stderr
        .lines()
        .find_map(|l| l.strip_prefix("peak-rss-kb "))
        .and_then(|kb| kb.trim().parse::<f64>().ok())
        .map(|kb| kb / 1024.0);
    // User plus system time of the build: on a VM whose speed drifts, less noisy than wall time.
    let cpu_s = stderr
        .lines()
        .find_map(|l| l.strip_prefix("cpu-s "))
        .and_then(|times| {
            times
                .split_whitespace()
                .map(|t| t.parse::<f64>().ok())
                .sum::<Option<f64>>()
        });
    Ok(ColdBuild {
        wall_ms,
        stages,
        peak_rss_mb,
        cpu_s,
    })
}

/// `cargo xtask compare-builds OLD NEW [N] [ROUNDS]`: cold builds of the N-entry corpus by two `kaartenbak`
/// binaries, taking turns, so both see the same state of the machine. This VM's speed drifts by 10–15%
/// within an hour, so figures taken an hour apart cannot tell a 5% improvement; turns can.
pub fn compare(binaries: [&Path; 2], entries: usize, rounds: usize) -> Result<()> {
    let site = crate::fresh_corpus("build-corpus", entries)?;
    let outputs = std::env::var_os("KAARTENBAK_BENCH_OUT")
        .map_or_else(|| crate::root().join("target/bench"), PathBuf::from)
        .join(format!("compare-output-{entries}"));
    for binary in binaries {
        warm_up(binary, &site, &outputs, entries)?;
    }
    let mut results: [Vec<ColdBuild>; 2] = [Vec::new(), Vec::new()];
    for round in 0..rounds {
        for (which, binary) in binaries.iter().enumerate() {
            if outputs.exists() {
                std::fs::remove_dir_all(&outputs)?;
            }
            let cold = cold_build(binary, &site, &outputs)?;
            eprintln!(
                "round {round}, {}: {:.0} ms",
                binary.display(),
                cold.wall_ms
            );
            results[which].push(cold);
        }
    }
    if outputs.exists() {
        std::fs::remove_dir_all(&outputs)?;
    }
    println!();
    println!("| binary | wall, min / median | CPU (user+sys), min / median |");
    println!("|---|---:|---:|");
    for (binary, builds) in binaries.iter().zip(&results) {
        let walls: Vec<f64> = builds.iter().map(|b| b.wall_ms / 1000.0).collect();
        let cpus: Vec<f64> = builds.iter().filter_map(|b| b.cpu_s).collect();
        let cpu = if cpus.is_empty() {
            "n/a".to_string()
        } else {
            format!(
                "{:.3} / {:.3} s",
                percentile(&cpus, 0.0),
                percentile(&cpus, 0.5)
            )
        };
        println!(
            "| {} | {:.3} / {:.3} s | {cpu} |",
            binary.display(),
            percentile(&walls, 0.0),
            percentile(&walls, 0.5)
        );
    }
    Ok(())
}

pub(crate) fn folder_size(dir: &Path) -> Result<(u64, usize)> {
    let mut bytes = 0;
    let mut files = 0;
    let mut pending = vec![dir.to_path_buf()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder)? {
            let entry = entry?;
            if entry.file_type()?.is_dir() {
                pending.push(entry.path());
            } else {
                bytes += entry.metadata()?.len();
                files += 1;
            }
        }
    }
    Ok((bytes, files))
}

/// (raw, gzip) bytes of the index files the page loads on first use (the manifest's `files`), without the
/// search module and the text chunks, which are loaded only for quoted phrases.
fn index_size(site: &Path) -> Result<(u64, u64)> {
    let dir = site.join("_search");
    let manifest: serde_json::Value =
        serde_json::from_slice(&std::fs::read(dir.join("manifest.json"))?)?;
    let files = manifest["files"]
        .as_array()
        .context("manifest without files")?;
    let raw = files.iter().filter_map(|f| f["size"].as_u64()).sum::<u64>();
    let mut gzip = std::fs::metadata(dir.join("manifest.json"))?.len();
    for name in files.iter().filter_map(|f| f["name"].as_str()) {
        gzip += std::fs::metadata(dir.join(format!("{name}.gz")))?.len();
    }
    Ok((raw, gzip))
}

/// Cold builds per size.
const COLD_ROUNDS: usize = 5;

/// Edits per size: enough that p95 is not simply the slowest edit.
const EDITS: usize = 40;

/// Starts `serve`, edits one partner's name `EDITS` times, and reads the rebuild times from its log.
fn incremental(binary: &Path, corpus: &Path, work: &Path) -> Result<(Vec<f64>, Vec<f64>, String)> {
    // A copy, so the corpus stays as generated.
    let site = work.join("site-root");
    copy_dir(corpus, &site)?;
    let mut child = Command::new(binary)
        .arg("serve")
        .arg("--root")
        .arg(&site)
        .args(["--port", "0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .context("cannot start kaartenbak serve")?;
    let stdout = child.stdout.take().expect("piped");
    let (lines, received) = mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if lines.send((Instant::now(), line)).is_err() {
                break;
            }
        }
    });
    let wait_for = |prefix: &str| -> Result<(Instant, String)> {
        loop {
            let (at, line) = received
                .recv_timeout(Duration::from_secs(300))
                .context("serve stopped answering")?;
            if let Some(rest) = line.strip_prefix(prefix) {
                return Ok((at, rest.to_string()));
            }
        }
    };
    let result = (|| {
        wait_for("built in ")?;
        wait_for("serving ")?;
        let file = site.join("content/partners/p-0.yaml");
        let original = std::fs::read_to_string(&file)?;
        let (mut rebuilds, mut latencies, mut stages) = (Vec::new(), Vec::new(), String::new());
        for round in 0..EDITS {
            std::thread::sleep(Duration::from_millis(400));
            let edited = original.replacen(
                "name: Organisatie 0",
                &format!("name: Organisatie 0 ({round})"),
                1,
            );
            let saved = Instant::now();
            std::fs::write(&file, edited)?;
            let (at, line) = wait_for("built in ")?;
            let ms: f64 = line
                .split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .context("a build time")?;
            rebuilds.push(ms);
            latencies.push(at.duration_since(saved).as_secs_f64() * 1000.0);
            stages = line
                .split_once('(')
                .map_or(String::new(), |(_, s)| s.trim_end_matches(')').to_string());
        }
        Ok((rebuilds, latencies, stages))
    })();
    let _ = child.kill();
    let _ = child.wait();
    result
}

fn copy_dir(from: &Path, to: &Path) -> Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let target: PathBuf = to.join(entry.file_name());
        if entry.file_name() == "site" {
            continue;
        }
        if entry.file_type()?.is_dir() {
            copy_dir(&entry.path(), &target)?;
        } else {
            std::fs::copy(entry.path(), &target)?;
        }
    }
    Ok(())
}

pub(crate) fn percentile(values: &[f64], p: f64) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

fn print_table(rows: &[Row]) {
    println!();
    println!("| entries | cold build, best / median of {COLD_ROUNDS} | entries/s | peak RSS | output | index raw / gzip | rebuild after one edit p50 / p95 | save → rebuilt p50 / p95 |");
    println!("|---:|---:|---:|---:|---:|---:|---:|---:|");
    for row in rows {
        println!(
            "| {} | {:.2} / {:.2} s | {:.0} | {} | {:.0} MB, {} files | {:.0} KB / {:.0} KB | {:.0} / {:.0} ms | {:.0} / {:.0} ms |",
            row.entries,
            row.cold.wall_ms / 1000.0,
            row.cold_median_ms / 1000.0,
            row.entries as f64 / (row.cold.wall_ms / 1000.0),
            row.peak_rss_mb
                .map_or("n/a".to_string(), |mb| format!("{mb:.0} MB")),
            row.output_mb,
            row.files,
            row.index_raw_kb,
            row.index_gzip_kb,
            percentile(&row.rebuild_ms, 0.5),
            percentile(&row.rebuild_ms, 0.95),
            percentile(&row.save_to_done_ms, 0.5),
            percentile(&row.save_to_done_ms, 0.95),
        );
    }
    println!();
    println!("Stages of the fastest cold build, and of the last incremental rebuild:");
    for row in rows {
        println!("- {} entries, cold: {}", row.entries, row.cold.stages);
        println!(
            "- {} entries, after one edit: {}",
            row.entries, row.rebuild_stages
        );
    }
}
