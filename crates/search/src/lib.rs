//! Kaartenbak's search core, shared by the CLI and (later) the WebAssembly front: the index schema, the
//! language analyzers, building the index, query building, ranking and the shape of a result.
//! Nothing about search is written anywhere else, so the CLI and the page can never disagree.

mod analyzer;
mod area_detection;
mod attributes;
mod compound_index;
mod compounds;
mod document;
mod dutch_words;
mod export;
mod facet_counts;
mod field_queries;
mod files;
mod glossary_expansion;
mod need_handlers;
mod needs;
mod order;
mod parts;
mod parts_directory;
mod phonetic;
mod query;
mod query_context;
mod schema;
mod searcher;
mod situation_rank;
mod snippets;
mod stemming;
mod suggest;
mod texts;
mod vocabulary;
#[cfg(target_arch = "wasm32")]
mod wasm_random;
mod word_query;
mod words;
mod writer;

pub use analyzer::{analyze, register_analyzer, SearchLanguage, ANALYZER};
pub use area_detection::DetectedArea;
pub use attributes::DetectedAttribute;
pub use document::{Cost, DisplayInfo, OpeningSpan, ResultNotice, SearchDocument, ServiceFacts};
pub use dutch_words::word_list_fst;
pub use facet_counts::FacetCounts;
pub use files::{
    AreaFacet, DomainFacet, Facets, GlossaryTerm, IndexFiles, IndexOptions, Manifest, Need,
    MANIFEST_FILE,
};
pub use glossary_expansion::MatchedTerm;
pub use needs::RecognisedNeed;
pub use parts::{is_part_name, PartedFile};
pub use query::{parse_query, ParsedQuery};
pub use schema::{SearchSchema, KINDS, SCHEMA_VERSION};
pub use searcher::{SearchEngine, SearchHit, SearchRequest, SearchResponse};
pub use snippets::Snippet;
pub use suggest::Suggestions;
pub use word_query::{Rewrite, RewriteReason};

/// Identifies the search code: a hash of this crate's sources and the tantivy version (see build.rs).
pub const FINGERPRINT: &str = env!("KAARTENBAK_SEARCH_FINGERPRINT");
pub use writer::{build_index, document_hash, LiveIndex};

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
    #[error("the search index was written by search code {found}, this program is {expected}; rebuild the site")]
    FingerprintMismatch {
        found: String,
        expected: &'static str,
    },
}
