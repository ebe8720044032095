//! Opens index files in memory and answers search requests with ranked hits and highlighted snippets.

use crate::analyzer::{register_analyzer, SearchLanguage};
use crate::document::DisplayInfo;
use crate::files::IndexFiles;
use crate::query::{build_query, parse_query, Filters};
use crate::schema::SearchSchema;
use crate::SearchError;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::{Directory, RamDirectory};
use tantivy::schema::{Field, OwnedValue, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, TantivyDocument};

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
}

fn default_limit() -> usize {
    10
}

/// A text with the byte ranges of the matched words.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<(usize, usize)>,
}

impl Snippet {
    /// The text with every highlight wrapped in `open` … `close`; `escape` is applied to all text.
    pub fn render(&self, open: &str, close: &str, escape: impl Fn(&str) -> String) -> String {
        let mut out = String::with_capacity(self.text.len() + 16);
        let mut last = 0;
        for &(start, end) in &self.highlights {
            if start < last
                || end > self.text.len()
                || !self.text.is_char_boundary(start)
                || !self.text.is_char_boundary(end)
            {
                continue;
            }
            out.push_str(&escape(&self.text[last..start]));
            out.push_str(open);
            out.push_str(&escape(&self.text[start..end]));
            out.push_str(close);
            last = end;
        }
        out.push_str(&escape(&self.text[last..]));
        out
    }

    /// HTML with `<mark>` around matched words; the text itself is escaped.
    pub fn html(&self) -> String {
        self.render("<mark>", "</mark>", escape_html)
    }
}

pub fn escape_html(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
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
}

pub struct SearchEngine {
    schema: SearchSchema,
    language: SearchLanguage,
    reader: IndexReader,
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
        let expand =
            |prefix: &str, max: usize| expand_prefix(&searcher, self.schema.words, prefix, max);
        let Some(built) = build_query(&self.schema, self.language, &parsed, &filters, &expand)
        else {
            return Ok(SearchResponse::default());
        };
        let query = built.query;
        let limit = request.limit.max(1);
        let (total, top) = searcher.search(
            &query,
            &(Count, TopDocs::with_limit(limit).order_by_score()),
        )?;
        let snippets = SnippetSources::new(&built.highlight, self.language, &self.schema);
        let mut hits = Vec::with_capacity(top.len());
        for (score, address) in top {
            let doc: TantivyDocument = searcher.doc(address)?;
            hits.push(self.hit(&doc, score, &snippets));
        }
        Ok(SearchResponse { total, hits })
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

const SNIPPET_CHARS: usize = 220;

/// Word forms of the index's `words` field that start with `prefix`, the most frequent first.
fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str, max: usize) -> Vec<String> {
    let mut found: BTreeMap<String, u64> = BTreeMap::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
            continue;
        };
        while stream.advance() {
            if !stream.key().starts_with(prefix.as_bytes()) {
                break;
            }
            if let Ok(term) = std::str::from_utf8(stream.key()) {
                *found.entry(term.to_string()).or_default() += u64::from(stream.value().doc_freq);
            }
        }
    }
    let mut ranked: Vec<(String, u64)> = found.into_iter().collect();
    ranked.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    ranked.into_iter().take(max).map(|(term, _)| term).collect()
}

/// Picks the line of a result to show: the service line or summary with the most matched words.
struct SnippetSources {
    lines: SnippetGenerator,
    summary: SnippetGenerator,
}

impl SnippetSources {
    fn new(highlight: &BTreeSet<String>, language: SearchLanguage, schema: &SearchSchema) -> Self {
        let terms: BTreeMap<String, f32> = highlight.iter().map(|t| (t.clone(), 1.0)).collect();
        let generator =
            |field| SnippetGenerator::new(terms.clone(), language.analyzer(), field, SNIPPET_CHARS);
        SnippetSources {
            lines: generator(schema.lines),
            summary: generator(schema.summary),
        }
    }

    fn best(&self, lines: &[String], summary: &str) -> Snippet {
        let convert = |snippet: tantivy::snippet::Snippet| Snippet {
            text: snippet.fragment().to_string(),
            highlights: snippet
                .highlighted()
                .iter()
                .map(|r| (r.start, r.end))
                .collect(),
        };
        let best_line = lines
            .iter()
            .map(|line| self.lines.snippet(line))
            .filter(|s| !s.highlighted().is_empty())
            .max_by_key(|s| s.highlighted().len());
        if let Some(line) = best_line {
            return convert(line);
        }
        let summary_snippet = self.summary.snippet(summary);
        if !summary_snippet.highlighted().is_empty() {
            return convert(summary_snippet);
        }
        let fallback = if summary.is_empty() {
            lines.first().map(String::as_str).unwrap_or_default()
        } else {
            summary
        };
        Snippet {
            text: truncate(fallback, 220),
            highlights: Vec::new(),
        }
    }
}

fn truncate(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}
