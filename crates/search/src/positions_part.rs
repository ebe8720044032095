//! The body's word positions as a lazily loaded part of the index. They are most of a segment's `.pos`
//! file and only a quoted phrase needs them, so the page first loads a `.pos` that holds the positions of
//! the short fields (title, summary, lines) and an empty slice for the body; the whole file
//! (`NAME.pos-full`, listed in `Manifest::positions`) is loaded with the first phrase that needs it, and
//! the index is opened again with it. Term queries never read positions, so they answer the same either
//! way.

use crate::schema::SearchSchema;
use crate::SearchError;
use std::io::Write;
use std::path::{Path, PathBuf};
use tantivy::directory::{CompositeFile, CompositeWrite, Directory};
use tantivy::Index;

/// What the whole positions file of a segment is called beside the index.
pub(crate) const FULL_SUFFIX: &str = "-full";

/// Whether `name` is a segment's positions file (as the index reads it).
pub(crate) fn is_positions_file(name: &str) -> bool {
    name.ends_with(".pos")
}

/// The name under which the index reads the positions that `full_name` holds.
pub(crate) fn positions_name(full_name: &str) -> Option<&str> {
    full_name.strip_suffix(FULL_SUFFIX)
}

/// The positions file `name` of `index` without the body's positions, with tantivy's footer, as the
/// directory stores it.
pub(crate) fn without_body(
    index: &Index,
    schema: &SearchSchema,
    name: &str,
) -> Result<Vec<u8>, SearchError> {
    let directory = index.directory();
    let io = |e: std::io::Error| SearchError::MissingFile(format!("{name}: {e}"));
    let full = directory
        .open_read(Path::new(name))
        .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))?;
    let composite = CompositeFile::open(&full).map_err(io)?;
    let stub_path = PathBuf::from(format!("without-body-{name}"));
    let write = directory
        .open_write(&stub_path)
        .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))?;
    let mut stub = CompositeWrite::wrap(write);
    for (field, _) in schema.schema.fields() {
        if field == schema.body {
            // The body's slice stays, empty: the reader finds the field and reads nothing of it until a
            // phrase query asks, which waits for the whole file.
            stub.for_field(field);
            continue;
        }
        if let Some(slice) = composite.open_read(field) {
            let bytes = slice.read_bytes().map_err(io)?;
            stub.for_field(field)
                .write_all(bytes.as_slice())
                .map_err(io)?;
        }
    }
    stub.close().map_err(io)?;
    let bytes = directory
        .atomic_read(&stub_path)
        .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))?;
    directory
        .delete(&stub_path)
        .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))?;
    Ok(bytes)
}
