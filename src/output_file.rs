//! A file of the generated site: what the render, index and offline stages produce and the output stage
//! writes (its own module, so the stages that make files need not depend on the writer).

use std::sync::Arc;

/// A file of the generated site, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    /// Shared, so a page kept from the previous build is not copied.
    pub bytes: Arc<[u8]>,
}

impl OutputFile {
    pub fn new(path: impl Into<String>, bytes: impl Into<Arc<[u8]>>) -> Self {
        OutputFile {
            path: path.into(),
            bytes: bytes.into(),
        }
    }
}
