//! How the index is laid out in a built site: `_search/manifest.json` in plain JSON, and every file it
//! lists, and the search module, gzip-compressed as `NAME.gz`. The page decompresses them itself
//! (`DecompressionStream`), so a coach's phone downloads the compressed size from any file server, whether
//! or not it compresses responses.

use crate::index::{SEARCH_DIR, SEARCH_WASM_FILE, SEARCH_WASM_GZ};
use crate::render::OutputFile;
use flate2::read::GzDecoder;
use flate2::write::GzEncoder;
use flate2::Compression;
use kaartenbak_search::{IndexFiles, SearchError, MANIFEST_FILE};
use rayon::prelude::*;
use std::io::{Read, Write};
use std::path::Path;

pub const COMPRESSED_SUFFIX: &str = ".gz";

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::best());
    encoder
        .write_all(bytes)
        .expect("writing to memory cannot fail");
    encoder.finish().expect("writing to memory cannot fail")
}

/// The output files of the index and the search module.
pub fn index_output_files(index: &IndexFiles) -> Vec<OutputFile> {
    let mut files = vec![OutputFile::new(
        format!("{SEARCH_DIR}/{MANIFEST_FILE}"),
        index.manifest_json().into_bytes(),
    )];
    // The biggest cost of this stage at best compression; the files are independent.
    files.par_extend(index.files.par_iter().map(|(name, bytes)| {
        OutputFile::new(
            format!("{SEARCH_DIR}/{name}{COMPRESSED_SUFFIX}"),
            gzip(bytes),
        )
    }));
    files.push(OutputFile::new(
        format!("{SEARCH_DIR}/{SEARCH_WASM_FILE}{COMPRESSED_SUFFIX}"),
        SEARCH_WASM_GZ,
    ));
    files
}

/// Reads the index that `build` wrote into `site_dir`.
pub fn read_index(site_dir: &Path) -> Result<IndexFiles, SearchError> {
    let dir = site_dir.join(SEARCH_DIR);
    let manifest_path = dir.join(MANIFEST_FILE);
    let manifest = std::fs::read_to_string(&manifest_path)
        .map_err(|e| SearchError::MissingFile(format!("{}: {e}", manifest_path.display())))?;
    IndexFiles::load(&manifest, |name| {
        let compressed = std::fs::read(dir.join(format!("{name}{COMPRESSED_SUFFIX}")))?;
        let mut bytes = Vec::with_capacity(compressed.len() * 3);
        GzDecoder::new(compressed.as_slice()).read_to_end(&mut bytes)?;
        Ok(bytes)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compressed_files_read_back_unchanged() {
        let original = b"schuldhulp schuldhulp schuldhulp".repeat(20);
        let packed = gzip(&original);
        assert!(packed.len() < original.len() / 4);
        let mut unpacked = Vec::new();
        GzDecoder::new(packed.as_slice())
            .read_to_end(&mut unpacked)
            .unwrap();
        assert_eq!(unpacked, original);
    }
}
