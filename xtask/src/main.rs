//! Developer tasks, run as `cargo xtask TASK`:
//! - `wasm`: builds the search core for the browser (`crates/search-wasm`, target wasm32-unknown-unknown,
//!   profile `wasm`), shrinks it with `wasm-opt -Oz` when that is installed, and writes
//!   `assets/kaartenbak-search.wasm.gz`, which the `kaartenbak` binary embeds;
//! - `check-wasm`: fails when the committed `assets/kaartenbak-search.wasm.gz` was built from other search code
//!   than the sources in this checkout (run `cargo xtask wasm` and commit the result);
//! - `corpus N DIR [SEED]`: writes a deterministic benchmark site with N entries into DIR;
//! - `bench-search [N]`: builds an N-entry corpus (default 1000), prints the size of the search module and
//!   index, and runs the in-browser timing benchmark (`tests/search_benchmark.rs`) in headless Chromium;
//! - `bench-serve [N]`: measures save-to-reload latency of `kaartenbak serve` on an N-entry corpus;
//! - `bench-build [N…]`: the build benchmark table (cold build, stages, peak RSS, sizes, incremental
//!   rebuilds) for N = 1,000, 10,000 and 50,000 entries, or the given sizes;
//! - `wordlist [SOURCE]`: writes `crates/search/data/opentaal-words.fst`, the Dutch word list the compound
//!   splitter embeds, from OpenTaal's list as Debian's `wdutch` ships it (default `/usr/share/dict/dutch`);
//! - `compare-builds OLD NEW [N] [ROUNDS]`: cold builds of an N-entry corpus (default 10,000) by two
//!   `kaartenbak` binaries in turns (default 10 rounds), min and median wall and CPU time of each;
//! - `search-eval [--binary PATH] [--queries FILE] [--verbose]`: search quality, hits@3 per query class
//!   of `tests/search_eval.yaml` on the example site (`docs/search-eval.md`).

mod bench_build;
mod corpus;
mod eval_file;
mod search_eval;

use anyhow::{bail, Context, Result};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The module is committed gzip-compressed: the site ships it that way (the page unpacks it), and
/// the repository keeps a third of the bytes.
const ARTIFACT: &str = "assets/kaartenbak-search.wasm.gz";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn main() -> Result<()> {
    match std::env::args().nth(1).as_deref() {
        Some("wasm") => build_wasm(),
        Some("check-wasm") => check_wasm(),
        Some("corpus") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let (Some(n), Some(dir)) = (args.first(), args.get(1)) else {
                bail!("usage: cargo xtask corpus N DIR [SEED]");
            };
            let seed = args
                .get(2)
                .map_or(Ok(42), |s| s.parse())
                .context("SEED is a number")?;
            corpus::generate(
                &root(),
                Path::new(dir),
                n.parse().context("N is a number")?,
                seed,
            )
        }
        Some("bench-search") => {
            let n: usize = std::env::args()
                .nth(2)
                .map_or(Ok(1000), |s| s.parse())
                .context("N is a number")?;
            bench_search(n)
        }
        Some("bench-serve") => {
            let n: usize = std::env::args().nth(2).map_or(Ok(1000), |s| s.parse()).context("N is a number")?;
            bench_serve(n)
        }
        Some("bench-build") => {
            let sizes: Vec<usize> = std::env::args()
                .skip(2)
                .map(|s| s.parse().context("N is a number"))
                .collect::<Result<_>>()?;
            let sizes = if sizes.is_empty() {
                vec![1_000, 10_000, 50_000]
            } else {
                sizes
            };
            let root = root();
            let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
            run(Command::new(&cargo)
                .current_dir(&root)
                .args(["build", "--release", "-p", "kaartenbak"]))?;
            bench_build::run(&root, &root.join("target/release/kaartenbak"), &sizes)
        }
        Some("compare-builds") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            let (Some(old), Some(new)) = (args.first(), args.get(1)) else {
                bail!("usage: cargo xtask compare-builds OLD_BINARY NEW_BINARY [N] [ROUNDS]");
            };
            let entries = args
                .get(2)
                .map_or(Ok(10_000), |s| s.parse())
                .context("N is a number")?;
            let rounds = args
                .get(3)
                .map_or(Ok(10), |s| s.parse())
                .context("ROUNDS is a number")?;
            bench_build::compare([Path::new(old), Path::new(new)], entries, rounds)
        }
        Some("wordlist") => {
            let source = std::env::args().nth(2);
            write_word_list(Path::new(
                source.as_deref().unwrap_or("/usr/share/dict/dutch"),
            ))
        }
        Some("search-eval") => {
            let args: Vec<String> = std::env::args().skip(2).collect();
            search_eval::run(&root(), &args)
        }
        _ => bail!("usage: cargo xtask wasm | check-wasm | wordlist [SOURCE] | corpus N DIR [SEED] | bench-search [N] | bench-serve [N] | bench-build [N…] | compare-builds OLD NEW [N] [ROUNDS] | search-eval [--binary PATH] [--queries FILE] [--verbose]"),
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
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(&module)?;
    let packed = encoder.finish()?;
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

fn bench_search(entries: usize) -> Result<()> {
    let root = root();
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let site = fresh_corpus("corpus", entries)?;
    run(Command::new(&cargo)
        .current_dir(&root)
        .args(["build", "--release", "-p", "kaartenbak"]))?;
    run(Command::new(root.join("target/release/kaartenbak"))
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
        "index of {entries} entries: {:.0} KB raw, {:.0} KB gzip ({:.0} KB raw, {:.0} KB gzip per 1000 entries)",
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
