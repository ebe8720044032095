//! Opens index files in memory and answers search requests with ranked hits and highlighted snippets.

use crate::analyzer::{register_analyzer, SearchLanguage};
use crate::area_detection::DetectedArea;
use crate::attributes::DetectedAttribute;
use crate::compound_index::{Compounds, COMPOUNDS_FILE};
use crate::document::DisplayInfo;
use crate::facet_counts::{count_facets, FacetCounts};
use crate::field_queries::SynonymIndex;
use crate::files::Facets;
use crate::files::IndexFiles;
use crate::glossary_expansion::{GlossaryIndex, MatchedTerm};
use crate::needs::{NeedIndex, RecognisedNeed};
use crate::parts::is_part_name;
use crate::parts_directory::PartsDirectory;
use crate::query::{build_query, parse_query, Filters, QueryContext, QueryOptions};
use crate::schema::SearchSchema;
use crate::situation_rank::{ranks, rerank, Situation, CANDIDATES};
use crate::snippets::{contains_phrase, Snippet, SnippetSources};
use crate::suggest::{suggest, Suggestions};
use crate::texts::{chunk_of, LoadedTexts};
use crate::vocabulary::{Vocabulary, VOCABULARY_FILE};
use crate::word_query::Rewrite;
use crate::SearchError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::{Directory, RamDirectory};
use tantivy::schema::Value;
use tantivy::{DocAddress, Index, IndexReader, ReloadPolicy, TantivyDocument};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    /// Whether a wijk named in the query ranks by that wijk; the page turns it off when the coach removes
    /// the wijk it reported. A wijk filter (`area`) turns it off too.
    #[serde(default = "yes")]
    pub detect_area: bool,
    /// Ids of needs and attributes the response reported that the coach removed: their words are
    /// searched as plain words.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
}

fn default_limit() -> usize {
    10
}

fn yes() -> bool {
    true
}

impl Default for SearchRequest {
    /// The defaults the page and the CLI start from (the same as a JSON request that leaves fields out).
    fn default() -> SearchRequest {
        SearchRequest {
            query: String::new(),
            kind: None,
            domain: None,
            area: None,
            limit: default_limit(),
            facets: false,
            detect_area: true,
            ignore: Vec::new(),
        }
    }
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
    /// Labels of `domains`, from the manifest.
    pub domain_labels: Vec<String>,
    /// Names of the wijken in `areas`; empty for entries that serve the whole municipality.
    pub area_names: Vec<String>,
    pub display: DisplayInfo,
    /// The partner's service that fits the attributes the query named (age, cost, language …).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
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
    /// Words that found nothing as typed, and what was searched instead ("geldproblemen" → geld +
    /// problemen).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rewrites: Vec<Rewrite>,
    /// Glossary terms the query named; their other names were searched too.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub terms: Vec<MatchedTerm>,
    /// The wijk the query named; entries serving it rank first.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub area: Option<DetectedArea>,
    /// The needs the query named, in its order; the entries that handle them rank first.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<RecognisedNeed>,
    /// The attributes the query named (age, cost, referral, home visits, day or evening, language).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attributes: Vec<DetectedAttribute>,
    /// Files that would complete this answer: parts of the index the search read and did not have
    /// (`Manifest::parted`), text chunks that show a phrase in a hit's own words (`Manifest::texts`).
    /// Load them with `SearchEngine::load_file` and search again, until none is named.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub files_needed: Vec<String>,
}

pub struct SearchEngine {
    schema: SearchSchema,
    language: SearchLanguage,
    reader: IndexReader,
    /// The site's base path, which result URLs start with.
    base: String,
    facets: Facets,
    vocabulary: Vocabulary,
    synonyms: SynonymIndex,
    compounds: Compounds,
    glossary: GlossaryIndex,
    needs: NeedIndex,
    /// Names of the text chunks, in chunk order.
    text_chunks: Vec<String>,
    texts: LoadedTexts,
    /// The index's files (the parted ones as far as loaded), which parts are handed to as they arrive.
    directory: PartsDirectory,
}

fn write_file(directory: &RamDirectory, name: &str, data: &[u8]) -> Result<(), SearchError> {
    directory
        .atomic_write(Path::new(name), data)
        .map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))
}

fn open_reader(
    directory: &PartsDirectory,
    language: SearchLanguage,
) -> Result<IndexReader, SearchError> {
    let index = Index::open(directory.clone())?;
    register_analyzer(&index, language);
    // Manual reloads: no background thread, which the browser does not have.
    Ok(index
        .reader_builder()
        .reload_policy(ReloadPolicy::Manual)
        .try_into()?)
}

/// The kind of an entry from its id: `partners/…` → `partner`.
fn kind_of(id: &str) -> &str {
    let folder = id.split('/').next().unwrap_or_default();
    folder.strip_suffix('s').unwrap_or(folder)
}

impl SearchEngine {
    /// Opens an index from its files, held in memory (the same path the browser takes).
    pub fn open(files: &IndexFiles) -> Result<SearchEngine, SearchError> {
        let directory = PartsDirectory::default();
        let mut vocabulary = None;
        let mut compounds = None;
        let mut texts = LoadedTexts::default();
        // The lists and parts given; the others load when a search reads them.
        let mut pieces: HashMap<&str, &[u8]> = HashMap::new();
        for (name, data) in &files.files {
            if is_part_name(name) {
                pieces.insert(name, data);
                continue;
            }
            if name == VOCABULARY_FILE {
                vocabulary = Some(Vocabulary::from_bytes(data.clone())?);
                continue;
            }
            if name == COMPOUNDS_FILE {
                compounds = Some(Compounds::from_bytes(data.clone())?);
                continue;
            }
            if files.manifest.texts.iter().any(|t| &t.name == name) {
                texts.add(name, data)?;
                continue;
            }
            write_file(directory.whole(), name, data)?;
        }
        for file in &files.manifest.parted {
            directory
                .add_parted(file, |name| pieces.get(name).copied())
                .map_err(SearchError::MissingFile)?;
        }
        let language = files.manifest.language;
        let reader = open_reader(&directory, language)?;
        let missing = directory.missing().take();
        if !missing.is_empty() {
            return Err(SearchError::MissingFile(missing.join(", ")));
        }
        Ok(SearchEngine {
            schema: SearchSchema::new(),
            language,
            reader,
            base: files.manifest.base.clone(),
            facets: files.manifest.facets.clone(),
            synonyms: SynonymIndex::new(language, &files.manifest.facets),
            vocabulary: vocabulary
                .ok_or_else(|| SearchError::MissingFile(VOCABULARY_FILE.into()))?,
            compounds: compounds.ok_or_else(|| SearchError::MissingFile(COMPOUNDS_FILE.into()))?,
            glossary: GlossaryIndex::new(&files.manifest.glossary),
            needs: NeedIndex::new(language, &files.manifest.needs, &files.manifest.facets),
            text_chunks: files
                .manifest
                .texts
                .iter()
                .map(|t| t.name.clone())
                .collect(),
            texts,
            directory,
        })
    }

    /// Loads a file a response named in `files_needed`.
    pub fn load_file(&mut self, name: &str, bytes: &[u8]) -> Result<(), SearchError> {
        if self.text_chunks.iter().any(|c| c == name) {
            return self.texts.add(name, bytes);
        }
        if self
            .directory
            .load_part(name, bytes)
            .map_err(SearchError::MissingFile)?
        {
            return Ok(());
        }
        Err(SearchError::MissingFile(format!(
            "{name} is no file this index loads later"
        )))
    }

    pub fn document_count(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    /// Answers `request`; when the search read parts of the index that are not loaded yet, the response
    /// names them in `files_needed` and nothing else (load them and search again).
    pub fn search(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        // Left from a search that failed otherwise: those parts are asked for again if still needed.
        self.directory.missing().take();
        let answer = self.search_loaded(request);
        let missing = self.directory.missing().take();
        if missing.is_empty() {
            return answer;
        }
        Ok(SearchResponse {
            files_needed: missing,
            ..SearchResponse::default()
        })
    }

    /// The search over what is loaded; reads of parts not loaded yet fail and are recorded.
    fn search_loaded(&self, request: &SearchRequest) -> Result<SearchResponse, SearchError> {
        let parsed = parse_query(&request.query);
        let filters = Filters {
            kind: request.kind.as_deref(),
            domain: request.domain.as_deref(),
            area: request.area.as_deref(),
        };
        let searcher = self.reader.searcher();
        let context = QueryContext {
            schema: &self.schema,
            language: self.language,
            vocabulary: &self.vocabulary,
            synonyms: &self.synonyms,
            compounds: &self.compounds,
            glossary: &self.glossary,
            needs: &self.needs,
            facets: &self.facets,
            searcher: &searcher,
        };
        let options = QueryOptions {
            detect_area: request.detect_area && request.area.is_none(),
            ignore: &request.ignore,
        };
        let Some(built) = build_query(&context, &parsed, options) else {
            return Ok(SearchResponse::default());
        };
        let filtered = |filters: &Filters| built.filtered(&self.schema, filters);
        let limit = request.limit.max(1);
        let attributes: Vec<_> = built.attributes.iter().map(|(a, _)| *a).collect();
        let reranked = ranks(&built.needs, &attributes);
        let query = filtered(&filters);
        let (total, top) = searcher.search(
            query.as_ref(),
            &(
                Count,
                TopDocs::with_limit(if reranked {
                    limit.max(CANDIDATES)
                } else {
                    limit
                })
                .order_by_score(),
            ),
        )?;
        let top: Vec<(f32, DocAddress, Option<String>)> = if reranked {
            rerank(
                &searcher,
                &self.schema,
                query.as_ref(),
                top,
                Situation {
                    needs: &built.needs,
                    handlers: &built.handlers,
                    attributes: &attributes,
                },
                limit,
            )?
            .into_iter()
            .map(|c| (c.score, c.address, c.service))
            .collect()
        } else {
            top.into_iter().map(|(s, a)| (s, a, None)).collect()
        };
        let snippets = SnippetSources::new(&built.highlight, self.language, &self.schema);
        let mut hits = Vec::with_capacity(top.len());
        // The text chunks that show a phrase in its hits' own words.
        let mut files_needed: Vec<String> = Vec::new();
        for (score, address, service) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            let mut hit = self.hit(&doc, score, &snippets, &built.phrases);
            hit.service = service;
            if let Some(chunk) = self.phrase_in_body(&mut hit, &snippets, &built.phrases) {
                if !files_needed.contains(&chunk) {
                    files_needed.push(chunk);
                }
            }
            hits.push(hit);
        }
        let facets = if request.facets {
            Some(count_facets(&searcher, &filters, &filtered)?)
        } else {
            None
        };
        let suggestions = (total == 0).then(|| suggest(&parsed, &self.vocabulary, &self.facets));
        Ok(SearchResponse {
            total,
            hits,
            facets,
            suggestions,
            rewrites: built.rewrites,
            terms: built.terms,
            area: built.area,
            needs: built.needs,
            attributes: built.attributes.into_iter().map(|(_, d)| d).collect(),
            files_needed,
        })
    }

    /// Shows a quoted phrase that the stored snippet lacks from the hit's body, when that text is loaded;
    /// otherwise names the chunk that holds it.
    fn phrase_in_body(
        &self,
        hit: &mut SearchHit,
        snippets: &SnippetSources,
        phrases: &[Vec<(usize, String)>],
    ) -> Option<String> {
        if phrases.is_empty() || self.text_chunks.is_empty() {
            return None;
        }
        let chunk = &self.text_chunks[chunk_of(&hit.id, self.text_chunks.len())];
        if !self.texts.has_chunk(chunk) {
            let stored_has_it = phrases
                .iter()
                .all(|p| contains_phrase(self.language, &hit.snippet.text, p));
            return (!stored_has_it).then(|| chunk.clone());
        }
        if let Some(snippet) = snippets.body_phrase(
            &hit.snippet,
            self.texts.get(&hit.id),
            phrases,
            self.language,
        ) {
            hit.snippet = snippet.join_marks(self.language);
        }
        None
    }

    fn hit(
        &self,
        doc: &TantivyDocument,
        score: f32,
        snippets: &SnippetSources,
        phrases: &[Vec<(usize, String)>],
    ) -> SearchHit {
        let s = &self.schema;
        let text = |field| {
            doc.get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let texts = |field| -> Vec<String> {
            doc.get_all(field)
                .filter_map(|v| v.as_str().map(str::to_string))
                .collect()
        };
        let lines = texts(s.lines_shown);
        let (domains, areas) = (texts(s.domains_shown), texts(s.areas_shown));
        let summary = text(s.summary);
        let id = text(s.id);
        SearchHit {
            id: id.clone(),
            kind: kind_of(&id).to_string(),
            title: text(s.title),
            url: format!("{}{id}/", self.base),
            score,
            snippet: {
                let snippet = snippets.best(&lines, &summary, phrases, self.language);
                if phrases.is_empty() {
                    snippet
                } else {
                    snippet.join_marks(self.language)
                }
            },
            domain_labels: self.facets.domain_labels(&domains),
            area_names: self.facets.area_names(&areas),
            domains,
            areas,
            display: DisplayInfo {
                referral: Some(text(s.referral)).filter(|r| !r.is_empty()),
                phone: Some(text(s.phone)).filter(|p| !p.is_empty()),
                notices: doc
                    .get_first(s.notice)
                    .and_then(|v| v.as_str())
                    .and_then(|json| serde_json::from_str(json).ok())
                    .unwrap_or_default(),
            },
            service: None,
        }
    }
}
