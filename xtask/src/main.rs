//! Developer tasks, run as `cargo xtask TASK`:
//! - `wasm`: builds the search core for the browser (`crates/search-wasm`, target wasm32-unknown-unknown,
//!   profile `wasm`), shrinks it with `wasm-opt -Oz` when that is installed, and writes
//!   `assets/kaartenbak-search.wasm`, which the `kaartenbak` binary embeds;
//! - `check-wasm`: fails when the committed `assets/kaartenbak-search.wasm` was built from other search code
//!   than the sources in this checkout (run `cargo xtask wasm` and commit the result).

use anyhow::{bail, Context, Result};
use std::path::{Path, PathBuf};
use std::process::Command;

const ARTIFACT: &str = "assets/kaartenbak-search.wasm";

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
        _ => bail!("usage: cargo xtask wasm | check-wasm"),
    }
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
    let output = root.join(ARTIFACT);
    std::fs::create_dir_all(output.parent().unwrap())?;
    let optimised = Command::new("wasm-opt")
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
        .arg(&output)
        .status();
    match optimised {
        Ok(status) if status.success() => println!("wasm-opt -Oz applied"),
        _ => {
            println!("wasm-opt not found or failed: writing the unoptimised module");
            std::fs::copy(&built, &output)?;
        }
    }
    let size = std::fs::metadata(&output)?.len();
    println!(
        "wrote {} ({:.0} KB, search code {})",
        output.display(),
        size as f64 / 1024.0,
        kaartenbak_search::FINGERPRINT
    );
    check_wasm()
}

fn check_wasm() -> Result<()> {
    let path = root().join(ARTIFACT);
    let bytes = std::fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
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
