//! How the index is laid out in a built site: `_search/manifest.json` in plain JSON (and compressed, for
//! the page), and every file it lists, the parts of the parted files and the search module,
//! gzip-compressed as `NAME.gz`. The page decompresses them itself
//! (`DecompressionStream`), so a coach's phone downloads the compressed size from any file server, whether
//! or not it compresses responses.
//!
//! Every one of these files also has a script twin, `NAME.js`, that hands the same bytes to the page as
//! base64 (`kaartenbakFile("NAME", "…")`): a page opened from disk (`file://`) may not fetch, but it may
//! load classic scripts, and that is how search works from a share or a USB stick.

use crate::index::{SEARCH_DIR, SEARCH_WASM_FILE, SEARCH_WASM_GZ};
use crate::output_file::OutputFile;
use crate::render::Emit;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use kaartenbak_search::{IndexFiles, SearchError, MANIFEST_FILE};
use rayon::prelude::*;
use std::collections::HashMap;
use std::io::{Read, Write};
use std::path::Path;
use std::sync::Arc;

pub const COMPRESSED_SUFFIX: &str = ".gz";

/// Above this size the default level: level 9 takes twice the time of level 6 for under 1% fewer bytes
/// (measured on a 10,000-entry index), and the big files are what a cold build waits for.
const BEST_COMPRESSION_UP_TO: usize = 1 << 20;

/// How hard to compress a file: the index the page loads at once at its best, up to a size; the text
/// chunks for snippets (most of the bytes, fetched one at a time and only for quoted phrases) at level 4,
/// which on the chunks of a 10,000-entry corpus takes 40% of the time of the default level for 10% more
/// bytes (level 1: 25% of the time, 32% more bytes).
fn level_for(bytes: &[u8], text_chunk: bool) -> Compression {
    if text_chunk {
        Compression::new(4)
    } else if bytes.len() <= BEST_COMPRESSION_UP_TO {
        Compression::best()
    } else {
        Compression::default()
    }
}

fn gzip(bytes: &[u8], level: Compression) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), level);
    encoder
        .write_all(bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// Compressed index files of the previous build by the hash of their raw bytes: in a build session an edit
/// changes a few small files, and the big ones are not compressed again.
#[derive(Debug, Default)]
pub struct CompressedFiles {
    by_hash: HashMap<u64, Arc<[u8]>>,
}

/// Writes the output files of the index and the search module through `emit`, each with its script twin;
/// with a cache, unchanged files are not compressed again, and the cache then holds exactly this build's
/// files. Each file is handed on as soon as it is compressed and then dropped: at 50,000 entries the
/// compressed index and its twins are 150 MB, which a build need not hold at once.
pub fn write_index_files(index: &IndexFiles, cache: Option<&mut CompressedFiles>, emit: &Emit<'_>) {
    let put = |file: OutputFile| {
        let twin = script_twin(&file);
        emit(&file.path, &file.bytes, None);
        emit(&twin.path, &twin.bytes, None);
    };
    let manifest = index.manifest_json().into_bytes();
    // The page reads the compressed copy (a quarter of the size: the needs and the glossary are most of
    // it); the CLI and the offline copy read the plain one.
    let manifest_gz = gzip(&manifest, Compression::best());
    put(OutputFile::new(
        format!("{SEARCH_DIR}/{MANIFEST_FILE}"),
        manifest,
    ));
    put(OutputFile::new(
        format!("{SEARCH_DIR}/{MANIFEST_FILE}{COMPRESSED_SUFFIX}"),
        manifest_gz,
    ));
    put(OutputFile::new(
        format!("{SEARCH_DIR}/{SEARCH_WASM_FILE}{COMPRESSED_SUFFIX}"),
        SEARCH_WASM_GZ,
    ));
    let previous = cache.as_deref();
    let keep = cache.is_some();
    // Compression at its best level is the biggest cost of this stage; the files are independent.
    let compressed: Vec<(u64, Arc<[u8]>)> = index
        .files
        .par_iter()
        .filter_map(|(name, bytes)| {
            let hash = xxhash_rust::xxh3::xxh3_64(bytes);
            let known = previous.and_then(|c| c.by_hash.get(&hash)).cloned();
            let text_chunk = index.manifest.texts.iter().any(|t| &t.name == name);
            let gz: Arc<[u8]> =
                known.unwrap_or_else(|| gzip(bytes, level_for(bytes, text_chunk)).into());
            put(OutputFile::new(
                format!("{SEARCH_DIR}/{name}{COMPRESSED_SUFFIX}"),
                Arc::clone(&gz),
            ));
            keep.then_some((hash, gz))
        })
        .collect();
    if let Some(cache) = cache {
        cache.by_hash = compressed.into_iter().collect();
    }
}

/// The suffix of a file's script twin.
pub const SCRIPT_TWIN_SUFFIX: &str = ".js";

/// `file`'s bytes as a classic script, for pages opened from disk.
fn script_twin(file: &OutputFile) -> OutputFile {
    use base64::Engine as _;
    let name = file
        .path
        .strip_prefix(&format!("{SEARCH_DIR}/"))
        .unwrap_or(&file.path);
    let encoded = base64::engine::general_purpose::STANDARD.encode(&file.bytes);
    // The name is the build's own (index file names, the manifest, the module): no quote or backslash.
    let script = format!("kaartenbakFile(\"{name}\",\"{encoded}\");\n");
    OutputFile::new(
        format!("{}{SCRIPT_TWIN_SUFFIX}", file.path),
        script.into_bytes(),
    )
}

/// Reads the index that `build` wrote into `site_dir` (without the text chunks, read when needed).
pub fn read_index(site_dir: &Path) -> Result<IndexFiles, SearchError> {
    let dir = site_dir.join(SEARCH_DIR);
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| SearchError::MissingFile(format!("{}: {e}", manifest_path.display())))?;
    IndexFiles::load(&manifest, |name| read_compressed(&dir, name))
}

/// One file of the index that `build` wrote into `site_dir`, unpacked (a text chunk, say).
pub fn read_index_file(site_dir: &Path, name: &str) -> Result<Vec<u8>, SearchError> {
    read_compressed(&site_dir.join(SEARCH_DIR), name)
        .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))
}

fn read_compressed(dir: &Path, name: &str) -> std::io::Result<Vec<u8>> {
    let compressed = std::fs::read(dir.join(format!("{name}{COMPRESSED_SUFFIX}")))?;
    let mut bytes = Vec::with_capacity(compressed.len() * 3);
    GzDecoder::new(compressed.as_slice()).read_to_end(&mut bytes)?;
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_script_twin_carries_the_same_bytes() {
        use base64::Engine as _;
        let bytes: Vec<u8> = (0..=255).collect();
        let twin = script_twin(&OutputFile::new(
            format!("{SEARCH_DIR}/terms.fst.gz"),
            bytes.clone(),
        ));
        assert_eq!(twin.path, format!("{SEARCH_DIR}/terms.fst.gz.js"));
        let script = std::str::from_utf8(&twin.bytes).unwrap();
        let encoded = script
            .strip_prefix("kaartenbakFile(\"terms.fst.gz\",\"")
            .and_then(|rest| rest.strip_suffix("\");\n"))
            .expect("one call with the name and the data");
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded)
            .unwrap();
        assert_eq!(decoded, bytes);
    }

    #[test]
    fn compressed_files_read_back_unchanged() {
        let original = b"schuldhulp schuldhulp schuldhulp".repeat(20);
        let packed = gzip(&original, Compression::best());
        assert!(packed.len() < original.len() / 4);
        let mut unpacked = Vec::new();
        GzDecoder::new(packed.as_slice())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, original);
    }
}
