//! What building a query needs from the engine, in one struct that the query builder and the per-word
//! queries both take (kept apart from `query.rs` so `word_query.rs` does not depend back on it).

use crate::analyzer::SearchLanguage;
use crate::compound_index::Compounds;
use crate::field_queries::SynonymIndex;
use crate::files::Facets;
use crate::glossary_expansion::GlossaryIndex;
use crate::needs::NeedIndex;
use crate::schema::SearchSchema;
use crate::vocabulary::Vocabulary;

/// What building a query needs from the engine.
pub(crate) struct QueryContext<'a> {
    pub schema: &'a SearchSchema,
    pub language: SearchLanguage,
    pub vocabulary: &'a Vocabulary,
    pub synonyms: &'a SynonymIndex,
    pub compounds: &'a Compounds,
    pub glossary: &'a GlossaryIndex,
    pub needs: &'a NeedIndex,
    pub facets: &'a Facets,
    pub searcher: &'a tantivy::Searcher,
}
