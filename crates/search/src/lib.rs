//! Kaartenbak's search core, shared by the CLI and (later) the WebAssembly front: the index schema, the
//! language analyzers, building the index, query building, ranking and the shape of a result.
//! Nothing about search is written anywhere else, so the CLI and the page can never disagree.

mod analyzer;
mod document;
mod files;
mod query;
mod schema;
mod searcher;
#[cfg(target_arch = "wasm32")]
mod wasm_random;
mod writer;

pub use analyzer::{analyze, register_analyzer, SearchLanguage, ANALYZER};
pub use document::{DisplayInfo, SearchDocument};
pub use files::{AreaFacet, DomainFacet, Facets, IndexFiles, Manifest, MANIFEST_FILE};
pub use query::{parse_query, ParsedQuery, MUNICIPALITY_WIDE};
pub use schema::{SearchSchema, SCHEMA_VERSION};
pub use searcher::{escape_html, SearchEngine, SearchHit, SearchRequest, SearchResponse, Snippet};
pub use writer::build_index;

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("the search index is incomplete: {0}")]
    MissingFile(String),
    #[error("the search index manifest is invalid: {0}")]
    Manifest(String),
    #[error(
        "the search index was written with schema version {found}, this program reads version {expected}; rebuild the site"
    )]
    SchemaMismatch { found: u32, expected: u32 },
}
