//! Opens index files in memory and answers search requests with ranked hits and highlighted snippets.

use crate::analyzer::{register_analyzer, SearchLanguage};
use crate::document::DisplayInfo;
use crate::facet_counts::{count_facets, FacetCounts};
use crate::files::Facets;
use crate::files::IndexFiles;
use crate::query::{build_query, parse_query, Filters};
use crate::schema::SearchSchema;
use crate::snippets::{Snippet, SnippetSources};
use crate::suggest::{suggest, Suggestions};
use crate::vocabulary::Vocabulary;
use crate::SearchError;
use serde::{Deserialize, Serialize};
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::{Directory, RamDirectory};
use tantivy::schema::{OwnedValue, Value};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchRequest {
    pub query: String,
    #[serde(default)]
    pub kind: Option<String>,
    #[serde(default)]
    pub domain: Option<String>,
    #[serde(default)]
    pub area: Option<String>,
    #[serde(default = "default_limit")]
    pub limit: usize,
    /// Count results per kind, domain and wijk (for filter lists with live counts).
    #[serde(default)]
    pub facets: bool,
}

fn default_limit() -> usize {
    10
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub id: String,
    pub kind: String,
    pub title: String,
    pub url: String,
    pub score: f32,
    pub snippet: Snippet,
    pub domains: Vec<String>,
    pub areas: Vec<String>,
    pub display: DisplayInfo,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchResponse {
    pub total: usize,
    pub hits: Vec<SearchHit>,
    /// Live counts per filter value, when the request asked for them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub facets: Option<FacetCounts>,
    /// What to try instead, when nothing was found.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub suggestions: Option<Suggestions>,
}

pub struct SearchEngine {
    schema: SearchSchema,
    language: SearchLanguage,
    reader: IndexReader,
    facets: Facets,
}

impl SearchEngine {
    /// Opens an index from its files, held in memory (the same path the browser takes).
    pub fn open(files: &IndexFiles) -> Result<SearchEngine, SearchError> {
        let directory = RamDirectory::create();
        for (name, data) in &files.files {
            directory
                .atomic_write(Path::new(name), data)
                .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))?;
        }
        let index = Index::open(directory)?;
        let language = files.manifest.language;
        register_analyzer(&index, language);
        // Manual reloads: no background thread, which the browser does not have.
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(SearchEngine {
            schema: SearchSchema::new(),
            language,
            reader,
            facets: files.manifest.facets.clone(),
        })
    }

    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let parsed = parse_query(&request.query);
        let filters = Filters {
            kind: request.kind.as_deref(),
            domain: request.domain.as_deref(),
            area: request.area.as_deref(),
        };
        let searcher = self.reader.searcher();
        let vocabulary = Vocabulary::new(&searcher, self.schema.words);
        let build = |filters: &Filters| {
            build_query(&self.schema, self.language, &parsed, filters, &vocabulary)
        };
        let Some(built) = build(&filters) else {
            return Ok(SearchResponse::default());
        };
        let limit = request.limit.max(1);
        let (total, top) = searcher.search(
            built.query.as_ref(),
            &(Count, TopDocs::with_limit(limit).order_by_score()),
        )?;
        let snippets = SnippetSources::new(&built.highlight, self.language, &self.schema);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, &snippets));
        }
        let facets = if request.facets {
            Some(count_facets(&searcher, &filters, &build)?)
        } else {
            None
        };
        let suggestions = (total == 0).then(|| suggest(&parsed, &vocabulary, &self.facets));
        Ok(SearchResponse {
            total,
            hits,
            facets,
            suggestions,
        })
    }

    fn hit(&self, doc: &TantivyDocument, score: f32, snippets: &SnippetSources) -> SearchHit {
        let s = &self.schema;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let facets = |field, root: &str| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| match OwnedValue::from(v) {
                    OwnedValue::Facet(facet) => facet
                        .to_path()
                        .get(1)
                        .filter(|_| facet.to_path().first() == Some(&root))
                        .map(|s| s.to_string()),
                    _ => None,
                })
                .collect()
        };
        let lines: Vec<String> = doc
            .get_all(s.lines)
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect();
        let summary = text(s.summary);
        SearchHit {
            id: text(s.id),
            kind: text(s.kind),
            title: text(s.title),
            url: text(s.url),
            score,
            snippet: snippets.best(&lines, &summary),
            domains: facets(s.domain, "domain"),
            areas: facets(s.area, "area"),
            display: serde_json::from_str(&text(s.display)).unwrap_or_default(),
        }
    }
}
