//! Developer tasks, run as `cargo xtask TASK` (an alias in `.cargo/config.toml`). `cargo xtask --help` lists
//! the tasks and `cargo xtask TASK --help` their arguments; the help is the doc comments of `Task`.

mod bench_build;
mod corpus;
mod eval_file;
mod eval_report;
mod peer_corpus;
mod peers;
mod search_eval;

use anyhow::{bail, Context, Result};
use clap::{Parser, Subcommand};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The module is committed gzip-compressed: the site ships it that way (the page unpacks it), and
/// the repository keeps a third of the bytes.
const ARTIFACT: &str = "assets/kaartenbak-search.wasm.gz";

/// The corpus sizes of `bench-build` when none are given.
const BENCH_BUILD_SIZES: [usize; 3] = [1_000, 10_000, 50_000];

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// Developer tasks of Kaartenbak: the browser search module, benchmark corpora, benchmarks and the
/// search quality measurement.
#[derive(Parser)]
#[command(name = "xtask", bin_name = "cargo xtask")]
struct Cli {
    #[command(subcommand)]
    task: Task,
}

#[derive(Subcommand)]
enum Task {
    /// Build the browser's search module into assets/kaartenbak-search.wasm.gz
    ///
    /// Builds `crates/search-wasm` for wasm32-unknown-unknown (profile `wasm`), shrinks it with
    /// `wasm-opt -Oz` when that is installed and writes `assets/kaartenbak-search.wasm.gz`, which the
    /// `kaartenbak` binary embeds. Commit the result.
    Wasm,
    /// Fail when the committed search module was built from other search code
    ///
    /// Compares the fingerprint inside `assets/kaartenbak-search.wasm.gz` with the one of the sources in
    /// this checkout (`crates/search/build.rs` says what it covers). When they differ, run
    /// `cargo xtask wasm` and commit the result.
    CheckWasm,
    /// Write the Dutch word list the compound splitter embeds
    ///
    /// Writes `crates/search/data/opentaal-words.fst` from OpenTaal's list as Debian's `wdutch` ships it.
    Wordlist {
        /// The word list, one word a line.
        #[arg(default_value = "/usr/share/dict/dutch")]
        source: PathBuf,
    },
    /// Write a deterministic benchmark site with N entries into DIR
    ///
    /// DIR must not exist yet. The same N and SEED give the same site.
    Corpus {
        /// How many entries.
        #[arg(value_name = "N")]
        entries: usize,
        /// The folder to create.
        dir: PathBuf,
        /// Seed of the generator.
        #[arg(default_value_t = 42)]
        seed: u64,
    },
    /// Search sizes and in-browser search timings on an N-entry corpus
    ///
    /// Builds an N-entry corpus, prints the size of the search module and index, and runs the in-browser
    /// benchmark (`tests/search_benchmark.rs`) in headless Chromium: first-search bytes (everything the
    /// server sent until the first results) and time, later queries' bytes, keystroke timings.
    BenchSearch {
        /// Entries of the corpus.
        #[arg(value_name = "N", default_value_t = 1000)]
        entries: usize,
    },
    /// Save-to-reload latency of `kaartenbak serve` on an N-entry corpus
    ///
    /// Runs `tests/serve_benchmark.rs` (release build) on a fresh N-entry corpus.
    BenchServe {
        /// Entries of the corpus.
        #[arg(value_name = "N", default_value_t = 1000)]
        entries: usize,
    },
    /// The build benchmark table for corpora of N entries
    ///
    /// Release build; per size: cold builds (best and median), per-stage times, peak RSS, output and index
    /// sizes, and rebuilds in `serve` after one-line edits (p50 and p95). Prints a Markdown table.
    BenchBuild {
        /// Corpus sizes.
        #[arg(value_name = "N", default_values_t = BENCH_BUILD_SIZES)]
        sizes: Vec<usize>,
    },
    /// Cold builds of an N-entry corpus by two `kaartenbak` binaries in turns
    ///
    /// Prints min and median wall and CPU time of each: on a machine whose speed drifts, the way to tell
    /// whether a change made builds faster.
    CompareBuilds {
        /// The baseline `kaartenbak` binary.
        old: PathBuf,
        /// The `kaartenbak` binary to compare with it.
        new: PathBuf,
        /// Entries of the corpus.
        #[arg(value_name = "N", default_value_t = 10_000)]
        entries: usize,
        /// Builds per binary.
        #[arg(default_value_t = 10)]
        rounds: usize,
    },
    /// Cold builds of an N-entry corpus by Kaartenbak and by Zola and/or Hugo, in turns
    ///
    /// Writes the seeded Kaartenbak corpus and a same-size site of comparable Markdown pages for each
    /// peer found (`KAARTENBAK_ZOLA` / `KAARTENBAK_HUGO`, else `zola` / `hugo` on PATH), builds each ROUNDS
    /// times in turns after one warm-up, and prints best and median wall time, CPU, peak RSS, output size
    /// and the ratio of Kaartenbak to the fastest peer. Works in `$KAARTENBAK_BENCH_OUT`, else /dev/shm.
    ComparePeers {
        /// Entries (pages) of each corpus.
        #[arg(value_name = "N", default_value_t = 10_000)]
        entries: usize,
        /// Builds per builder.
        #[arg(default_value_t = 3)]
        rounds: usize,
        /// The `kaartenbak` binary to time; without it, a fresh release build of this checkout.
        #[arg(long)]
        binary: Option<PathBuf>,
    },
    /// Search quality: hits@3 and primary@3 per query class on the example site
    ///
    /// Builds the example site, runs every query of `tests/search_eval.yaml` through
    /// `kaartenbak search --json` and prints hits@3, primary@3 and (two-needs) all@5 per query class
    /// (`docs/search-eval.md`). A measurement, not a test: exits 0 whatever the figures are.
    SearchEval(search_eval::Options),
}

fn main() -> Result<()> {
    match Cli::parse().task {
        Task::Wasm => build_wasm(),
        Task::CheckWasm => check_wasm(),
        Task::Wordlist { source } => write_word_list(&source),
        Task::Corpus { entries, dir, seed } => corpus::generate(&root(), &dir, entries, seed),
        Task::BenchSearch { entries } => bench_search(entries),
        Task::BenchServe { entries } => bench_serve(entries),
        Task::BenchBuild { sizes } => bench_build::run(&root(), &release_binary()?, &sizes),
        Task::CompareBuilds {
            old,
            new,
            entries,
            rounds,
        } => bench_build::compare([&old, &new], entries, rounds),
        Task::ComparePeers {
            entries,
            rounds,
            binary,
        } => {
            let binary = match binary {
                Some(binary) => binary,
                None => release_binary()?,
            };
            peers::run(&binary, entries, rounds)
        }
        Task::SearchEval(options) => search_eval::run(&root(), options),
    }
}

fn write_word_list(source: &Path) -> Result<()> {
    let text = std::fs::read_to_string(source).with_context(|| {
        format!(
            "cannot read {}: install Debian's `wdutch` (apt-get install wdutch) or name the list",
            source.display()
        )
    })?;
    let fst = kaartenbak_search::word_list_fst(text.lines())?;
    let out = root().join("crates/search/data/opentaal-words.fst");
    std::fs::write(&out, &fst)?;
    println!(
        "{}: {} entries in, {} KB out",
        out.display(),
        text.lines().count(),
        fst.len() / 1024
    );
    Ok(())
}

fn run(command: &mut Command) -> Result<()> {
    let status = command
        .status()
        .with_context(|| format!("cannot run {command:?}"))?;
    if !status.success() {
        bail!("{command:?} failed with {status}");
    }
    Ok(())
}

fn build_wasm() -> Result<()> {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(&cargo).current_dir(&root).args([
        "build",
        "-p",
        "kaartenbak-search-wasm",
        "--target",
        "wasm32-unknown-unknown",
        "--profile",
        "wasm",
    ]))?;
    let built = root.join("target/wasm32-unknown-unknown/wasm/kaartenbak_search_wasm.wasm");
    let optimised = root.join("target/wasm32-unknown-unknown/wasm/kaartenbak_search_wasm.opt.wasm");
    let status = Command::new("wasm-opt")
        .args([
            "-Oz",
            "--strip-debug",
            "--enable-bulk-memory",
            "--enable-nontrapping-float-to-int",
            "--enable-sign-ext",
            "--enable-mutable-globals",
        ])
        .arg(&built)
        .arg("-o")
        .arg(&optimised)
        .status();
    let module = match status {
        Ok(status) if status.success() => {
            println!("wasm-opt -Oz applied");
            std::fs::read(&optimised)?
        }
        _ => {
            println!("wasm-opt not found or failed: shipping the unoptimised module");
            std::fs::read(&built)?
        }
    };
    // Zopfli writes ordinary gzip that every browser's decompressor reads, about 5% smaller than zlib's
    // best: 25 KB less for every visitor's first search, for a few seconds once per module build.
    let mut packed = Vec::new();
    zopfli::compress(
        zopfli::Options::default(),
        zopfli::Format::Gzip,
        module.as_slice(),
        &mut packed,
    )?;
    let artifact = root.join(ARTIFACT);
    std::fs::create_dir_all(artifact.parent().unwrap())?;
    std::fs::write(&artifact, &packed)?;
    println!(
        "wrote {} ({:.0} KB, {:.0} KB gzip, search code {})",
        artifact.display(),
        module.len() as f64 / 1024.0,
        packed.len() as f64 / 1024.0,
        kaartenbak_search::FINGERPRINT
    );
    check_wasm()
}

fn check_wasm() -> Result<()> {
    let path = root().join(ARTIFACT);
    let packed = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
    let mut bytes = Vec::new();
    flate2::read::GzDecoder::new(packed.as_slice()).read_to_end(&mut bytes)?;
    let fingerprint = kaartenbak_search::FINGERPRINT.as_bytes();
    if !bytes.windows(fingerprint.len()).any(|w| w == fingerprint) {
        bail!(
            "{} was not built from the search code in this checkout (fingerprint {}); run `cargo xtask wasm` and commit it",
            path.display(),
            kaartenbak_search::FINGERPRINT
        );
    }
    println!(
        "{} matches search code {}",
        path.display(),
        kaartenbak_search::FINGERPRINT
    );
    Ok(())
}

fn gzip_size(bytes: &[u8]) -> Result<usize> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes)?;
    Ok(encoder.finish()?.len())
}

/// A fresh seeded corpus of `entries` entries in `target/bench/NAME-N`.
fn fresh_corpus(name: &str, entries: usize) -> Result<PathBuf> {
    let root = root();
    let site = root.join(format!("target/bench/{name}-{entries}"));
    if site.exists() {
        std::fs::remove_dir_all(&site)?;
    }
    corpus::generate(&root, &site, entries, 42)?;
    // The generator leaves tens of megabytes of unwritten files; without this the first build competes
    // with the kernel writing them out.
    let _ = Command::new("sync").status();
    Ok(site)
}

/// Runs one ignored benchmark test of the kaartenbak package, release build, on `site`.
fn run_benchmark_test(test: &str, site: &Path) -> Result<()> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .current_dir(root())
        .env("KAARTENBAK_BENCH_SITE", site)
        .args([
            "test",
            "--release",
            "-p",
            "kaartenbak",
            "--test",
            test,
            "--",
            "--ignored",
            "--nocapture",
        ]))
}

/// Builds the release binary of this checkout and returns its path.
pub(crate) fn release_binary() -> Result<PathBuf> {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    run(Command::new(cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "kaartenbak"]))?;
    Ok(root.join("target/release/kaartenbak"))
}

fn bench_search(entries: usize) -> Result<()> {
    let site = fresh_corpus("corpus", entries)?;
    run(Command::new(release_binary()?)
        .current_dir(&site)
        .arg("build"))?;
    let index = site.join("site/_search");
    let (mut raw, mut packed) = (0u64, 0u64);
    let read_gz = |name: &str| -> Result<Vec<u8>> {
        let compressed = std::fs::read(index.join(format!("{name}.gz")))?;
        let mut bytes = Vec::new();
        flate2::read::GzDecoder::new(compressed.as_slice()).read_to_end(&mut bytes)?;
        Ok(bytes)
    };
    let manifest = std::fs::read_to_string(index.join("manifest.json"))?;
    let files: Vec<String> = kaartenbak_search::Manifest::from_json(&manifest)?
        .files
        .into_iter()
        .map(|f| f.name)
        .collect();
    for name in &files {
        let bytes = read_gz(name)?;
        raw += bytes.len() as u64;
        packed += std::fs::metadata(index.join(format!("{name}.gz")))?.len();
    }
    raw += manifest.len() as u64;
    packed += gzip_size(manifest.as_bytes())? as u64;
    let wasm = read_gz("kaartenbak-search.wasm")?;
    let per_1000 = |bytes: u64| bytes as f64 / 1024.0 * 1000.0 / entries as f64;
    println!(
        "search module: {:.0} KB raw, {:.0} KB gzip",
        wasm.len() as f64 / 1024.0,
        gzip_size(&wasm)? as f64 / 1024.0
    );
    println!(
        "index of {entries} entries, what the page loads first (the manifest's files, parts read on opening): {:.0} KB raw, {:.0} KB gzip ({:.0} KB raw, {:.0} KB gzip per 1000 entries)",
        raw as f64 / 1024.0,
        packed as f64 / 1024.0,
        per_1000(raw),
        per_1000(packed)
    );
    run_benchmark_test("search_benchmark", &site)
}

fn bench_serve(entries: usize) -> Result<()> {
    let site = fresh_corpus("serve-corpus", entries)?;
    run_benchmark_test("serve_benchmark", &site)
}
