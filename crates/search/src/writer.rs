//! Builds the index in memory from search documents and returns its files.

use crate::analyzer::register_analyzer;
use crate::compound_index::{split_vocabulary, COMPOUNDS_FILE};
use crate::document::SearchDocument;
use crate::export::export;
use crate::files::{Facets, IndexFiles, IndexOptions, ManifestFile};
use crate::need_handlers::NeedHandlers;
use crate::schema::SearchSchema;
use crate::texts::TextChunks;
use crate::vocabulary::{VocabularyBuilder, VOCABULARY_FILE};
use crate::SearchError;
use std::borrow::Borrow;
use std::collections::HashMap;
use tantivy::directory::RamDirectory;
use tantivy::indexer::NoMergePolicy;
use tantivy::schema::Facet;
use tantivy::store::Compressor;
use tantivy::{Index, IndexSettings, IndexWriter, TantivyDocument, Term};
use xxhash_rust::xxh3::{xxh3_64, Xxh3};

const INDEXING_MEMORY: usize = 200_000_000;
const SINGLE_SEGMENT_UP_TO: usize = 20_000;

/// Stored text is cut to what a result shows; lines are searched whole in an unstored field, the rest of
/// a long summary in the body.
const STORED_SUMMARY_CHARS: usize = 120;
const STORED_LINE_CHARS: usize = 90;
const STORED_REFERRAL_CHARS: usize = 130;

/// Splits `text` after `max` characters at a word boundary: (shown part with "…", the rest).
fn cut(text: &str, max: usize) -> (String, &str) {
    let Some((end, _)) = text.char_indices().nth(max) else {
        return (text.to_string(), "");
    };
    let end = text[..end]
        .rfind(' ')
        .filter(|i| *i > max / 2)
        .unwrap_or(end);
    (format!("{}…", text[..end].trim_end()), &text[end..])
}

/// Indexes `documents` into a single segment and returns the files a reader needs, with the vocabulary.
pub fn build_index(
    documents: &[SearchDocument],
    options: IndexOptions,
) -> Result<IndexFiles, SearchError> {
    LiveIndex::build_once(documents, options).map(|(_, files)| files)
}

/// At most this many segments before an update merges them into one: each segment repeats its terms, and
/// the browser loads every file.
const MAX_SEGMENTS: usize = 4;

/// An index kept in memory between builds of one session (`serve`). `update` deletes and re-adds only the
/// documents that changed, and the vocabulary counts follow, so an edit costs a tiny segment instead of
/// a new index. A segment that held a replaced or deleted document is rewritten without it in the same
/// update, so the files a page downloads never carry text that is no longer in the content, and scores
/// match a fresh build; `kaartenbak build` always builds fresh.
pub struct LiveIndex {
    index: Index,
    /// The directory `index` lives in (tantivy's own handle to it strips each file's footer on reads).
    ram: RamDirectory,
    writer: IndexWriter<TantivyDocument>,
    schema: SearchSchema,
    /// Language and domain words: when they change, every document's terms or vocabulary change.
    key: u64,
    /// Per document id: hash of the document, and its word forms in the vocabulary. Empty in an index
    /// built once, which `update` rebuilds instead.
    entries: HashMap<String, (u64, Vec<String>)>,
    updatable: bool,
    documents: u64,
    vocabulary: VocabularyBuilder,
    /// The documents' long texts, for the snippet chunks.
    texts: TextChunks,
    /// Which needs a document handles.
    handlers: NeedHandlers,
}

/// A document's word forms include the names and synonyms of its domains: "deurw" completes to
/// "deurwaarder" even where only the domain's synonyms say it. Analysed once per domain, not once per
/// document that has it.
fn domain_words(
    vocabulary: &mut VocabularyBuilder,
    facets: &Facets,
) -> HashMap<String, Vec<String>> {
    facets
        .domains
        .iter()
        .map(|d| {
            let words =
                std::iter::once(d.label.as_str()).chain(d.synonyms.iter().map(String::as_str));
            (d.id.clone(), vocabulary.forms(words))
        })
        .collect()
}

fn options_key(options: &IndexOptions) -> u64 {
    let (language, facets) = (options.language, &options.facets);
    let mut hasher = Xxh3::new();
    hasher.update(format!("{language:?}").as_bytes());
    // The needs an entry handles follow from the lexicon and the glossary's links.
    hasher.update(&serde_json::to_vec(&(&options.needs, &options.glossary)).unwrap_or_default());
    for domain in &facets.domains {
        for word in std::iter::once(&domain.id)
            .chain(std::iter::once(&domain.label))
            .chain(&domain.synonyms)
        {
            hasher.update(word.as_bytes());
            hasher.update(&[0]);
        }
        hasher.update(&[1]);
    }
    hasher.digest()
}

/// What `update` compares to tell whether a document changed.
pub fn document_hash(document: &SearchDocument) -> u64 {
    xxh3_64(&serde_json::to_vec(document).expect("a search document always serialises"))
}

/// The compounds a document writes elliptically ("schuld- en budgethulp" also says schuldhulp), as one
/// text indexed with its body. Telling the head of the next word ("hulp" of "budgethulp") needs the Dutch
/// word list, so builds without it find none.
fn elliptic_text(document: &SearchDocument) -> String {
    #[cfg(feature = "dutch-words")]
    {
        let texts = [&document.title, &document.summary, &document.body]
            .into_iter()
            .chain(&document.lines);
        let words = crate::dutch_words::DutchWords::embedded();
        let mut found = Vec::new();
        for text in texts {
            found.extend(crate::compounds::elliptic_compounds(text, |w| {
                words.contains(w)
            }));
        }
        found.join(" ")
    }
    #[cfg(not(feature = "dutch-words"))]
    {
        let _ = document;
        String::new()
    }
}

/// What a text chunk keeps of a document for snippets: its lines whole (the index stores them cut) and
/// its body.
fn long_text(document: &SearchDocument) -> String {
    let mut text = document.lines.join("\n");
    if !text.is_empty() {
        text.push('\n');
    }
    text.push_str(&document.body);
    text
}

/// Counts `document` in the vocabulary; its distinct word forms when `keep_forms`.
fn count_forms(
    vocabulary: &mut VocabularyBuilder,
    document: &SearchDocument,
    elliptic: &str,
    domain_words: &HashMap<String, Vec<String>>,
    keep_forms: bool,
) -> Vec<String> {
    let own = [&document.title, &document.summary, &document.body]
        .into_iter()
        .chain(&document.lines)
        .map(String::as_str)
        .chain(std::iter::once(elliptic));
    let of_domains = document
        .domains
        .iter()
        .flat_map(|d| domain_words.get(d.as_str()).into_iter().flatten());
    vocabulary.add(own, of_domains.map(String::as_str), keep_forms)
}

impl LiveIndex {
    /// A fresh index of `documents` in one segment, and its files.
    pub fn build(
        documents: &[SearchDocument],
        options: IndexOptions,
    ) -> Result<(LiveIndex, IndexFiles), SearchError> {
        let hashed: Vec<_> = documents.iter().map(|d| (d, document_hash(d))).collect();
        LiveIndex::build_tracked(hashed.into_iter(), options, true)
    }

    /// `build` with each document's `document_hash` already known.
    pub fn build_hashed(
        documents: &[(&SearchDocument, u64)],
        options: IndexOptions,
    ) -> Result<(LiveIndex, IndexFiles), SearchError> {
        LiveIndex::build_tracked(documents.iter().copied(), options, true)
    }

    /// `build` for reading out the files once: skips the per-document hashes and forms that `update`
    /// compares against (an `update` of this index rebuilds it).
    pub fn build_once(
        documents: &[SearchDocument],
        options: IndexOptions,
    ) -> Result<(LiveIndex, IndexFiles), SearchError> {
        LiveIndex::build_once_streamed(documents.iter(), options)
    }

    /// `build_once` from documents made as they are indexed: each is dropped once tantivy has its copy, so
    /// the documents of a big site are never all in memory at once.
    pub fn build_once_streamed<D: Borrow<SearchDocument>>(
        documents: impl IntoIterator<Item = D>,
        options: IndexOptions,
    ) -> Result<(LiveIndex, IndexFiles), SearchError> {
        LiveIndex::build_tracked(documents.into_iter().map(|d| (d, 0)), options, false)
    }

    /// Documents with their `document_hash` (unused when the index is not `updatable`).
    fn build_tracked<D: Borrow<SearchDocument>>(
        documents: impl Iterator<Item = (D, u64)>,
        options: IndexOptions,
        updatable: bool,
    ) -> Result<(LiveIndex, IndexFiles), SearchError> {
        let schema = SearchSchema::new();
        let settings = IndexSettings {
            // The browser build can decompress lz4 only.
            docstore_compression: Compressor::None,
            // A hit's document is read as its whole block: blocks about a part's size (`parts.rs`) keep
            // the bytes a page fetches for a result small.
            docstore_blocksize: crate::parts::STORED_BLOCK,
            ..IndexSettings::default()
        };
        // Kept beside the index: the export reads the segment's files from it without copying them.
        let ram = RamDirectory::create();
        let index = Index::builder()
            .schema(schema.schema.clone())
            .settings(settings)
            // A new directory is empty, so this creates the index with these settings.
            .open_or_create(ram.clone())?;
        register_analyzer(&index, options.language);
        // Big enough that 10,000 entries fit one segment: merging segments afterwards costs more than the
        // memory.
        let mut writer = index.writer_with_num_threads::<TantivyDocument>(1, INDEXING_MEMORY)?;
        writer.set_merge_policy(Box::new(NoMergePolicy));
        // Tantivy indexes on a thread of its own; this one counts each document's word forms before handing
        // it over, which takes about as long as indexing it, so documents do not pile up in tantivy's queue.
        let mut vocabulary = VocabularyBuilder::default();
        let words = domain_words(&mut vocabulary, &options.facets);
        let mut entries = HashMap::with_capacity(if updatable {
            documents.size_hint().0
        } else {
            0
        });
        let mut count = 0;
        let mut texts = TextChunks::default();
        let handlers = NeedHandlers::new(
            options.language,
            &options.needs,
            &options.glossary,
            &options.facets,
        );
        for (document, hash) in documents {
            let document = document.borrow();
            count += 1;
            texts.insert(&document.id, long_text(document));
            let elliptic = elliptic_text(document);
            let forms = count_forms(&mut vocabulary, document, &elliptic, &words, updatable);
            if updatable {
                entries.insert(document.id.clone(), (hash, forms));
            }
            writer.add_document(to_tantivy(&schema, document, &elliptic, &handlers))?;
        }
        writer.commit()?;
        let mut live = LiveIndex {
            key: options_key(&options),
            index,
            ram,
            writer,
            schema,
            entries,
            updatable,
            documents: count,
            vocabulary,
            texts,
            handlers,
        };
        // One segment for sites of ordinary size: the browser loads a handful of files, and terms are not
        // repeated per segment. Bigger indexes keep the segments tantivy wrote when its indexing memory
        // filled up: merging them would be the slowest part of such a build, and separate parts are what
        // lazily loaded index parts will need.
        if count <= SINGLE_SEGMENT_UP_TO as u64 {
            live.merge_if_more_than(1)?;
        }
        let files = live.files(options)?;
        Ok((live, files))
    }

    /// Brings the index to `documents`: documents that are new, changed or gone are deleted or added; a
    /// change of language or domains rebuilds it. Returns the index files.
    pub fn update(
        &mut self,
        documents: &[SearchDocument],
        options: IndexOptions,
    ) -> Result<IndexFiles, SearchError> {
        let hashed: Vec<_> = documents.iter().map(|d| (d, document_hash(d))).collect();
        self.update_hashed(&hashed, options)
    }

    /// `update` with each document's `document_hash` already known: a caller that keeps documents
    /// between builds need not hash the unchanged ones again.
    pub fn update_hashed(
        &mut self,
        documents: &[(&SearchDocument, u64)],
        options: IndexOptions,
    ) -> Result<IndexFiles, SearchError> {
        if !self.updatable || self.key != options_key(&options) {
            let (fresh, files) =
                LiveIndex::build_tracked(documents.iter().copied(), options, true)?;
            *self = fresh;
            return Ok(files);
        }
        let words = domain_words(&mut self.vocabulary, &options.facets);
        let mut seen = std::collections::HashSet::with_capacity(documents.len());
        let mut changed = false;
        for &(document, hash) in documents {
            seen.insert(document.id.as_str());
            if self
                .entries
                .get(&document.id)
                .is_some_and(|(h, _)| *h == hash)
            {
                continue;
            }
            changed = true;
            self.remove(&document.id);
            self.texts.insert(&document.id, long_text(document));
            let elliptic = elliptic_text(document);
            let forms = count_forms(&mut self.vocabulary, document, &elliptic, &words, true);
            self.entries.insert(document.id.clone(), (hash, forms));
            self.writer.add_document(to_tantivy(
                &self.schema,
                document,
                &elliptic,
                &self.handlers,
            ))?;
        }
        let gone: Vec<String> = self
            .entries
            .keys()
            .filter(|id| !seen.contains(id.as_str()))
            .cloned()
            .collect();
        for id in &gone {
            changed = true;
            self.remove(id);
        }
        self.documents = self.entries.len() as u64;
        if changed {
            self.writer.commit()?;
            self.compact_deleted()?;
            self.merge_if_more_than(MAX_SEGMENTS)?;
        }
        self.files(options)
    }

    fn remove(&mut self, id: &str) {
        self.texts.remove(id);
        if let Some((_, forms)) = self.entries.remove(id) {
            self.vocabulary.remove(&forms);
            self.writer
                .delete_term(Term::from_field_text(self.schema.id, id));
        }
    }

    /// Rewrites the segments that hold deleted documents without them: until then their stored text and
    /// terms stay in the segment's files, which the page downloads.
    fn compact_deleted(&mut self) -> Result<(), SearchError> {
        let with_deletes: Vec<_> = self
            .index
            .searchable_segment_metas()?
            .iter()
            .filter(|meta| meta.has_deletes())
            .map(|meta| meta.id())
            .collect();
        if !with_deletes.is_empty() {
            self.writer.merge(&with_deletes).wait()?;
            self.writer.garbage_collect_files().wait()?;
        }
        Ok(())
    }

    fn merge_if_more_than(&mut self, max: usize) -> Result<(), SearchError> {
        let segments = self.index.searchable_segment_ids()?;
        if segments.len() > max {
            self.writer.merge(&segments).wait()?;
            // Files of merged segments would otherwise stay in memory for the whole session.
            self.writer.garbage_collect_files().wait()?;
        }
        Ok(())
    }

    fn files(&mut self, options: IndexOptions) -> Result<IndexFiles, SearchError> {
        let language = options.language;
        // Made before the segment's parts are cut, and without a copy kept when the index is not kept
        // either: the texts and the cut segment are the two big things in memory at this point.
        let texts = if self.updatable {
            self.texts.files()
        } else {
            std::mem::take(&mut self.texts).into_files()
        };
        let mut files = export(&self.index, &self.ram, self.documents, options)?;
        let splits = split_vocabulary(language, &self.vocabulary)?;
        let vocabulary = self.vocabulary.fst(&splits.parts)?;
        for (name, data) in [(VOCABULARY_FILE, vocabulary), (COMPOUNDS_FILE, splits.file)] {
            files.manifest.files.push(ManifestFile {
                name: name.to_string(),
                size: data.len() as u64,
            });
            files.files.push((name.to_string(), data));
        }
        for (name, data) in texts {
            files.manifest.texts.push(ManifestFile {
                name: name.clone(),
                size: data.len() as u64,
            });
            files.files.push((name, data));
        }
        Ok(files)
    }
}

fn to_tantivy(
    schema: &SearchSchema,
    d: &SearchDocument,
    elliptic: &str,
    handlers: &NeedHandlers,
) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    for need in handlers.terms(d) {
        doc.add_text(schema.need, &need);
    }
    if !d.services.is_empty() {
        let services = serde_json::to_string(&d.services).expect("services always serialise");
        doc.add_text(schema.services, &services);
    }
    doc.add_text(schema.id, &d.id);
    doc.add_text(schema.kind, &d.kind);
    doc.add_text(schema.title, &d.title);
    let (summary, rest) = cut(&d.summary, STORED_SUMMARY_CHARS);
    doc.add_text(schema.summary, &summary);
    // The body, the rest of the summary and the elliptic compounds as values of the body field: the same
    // terms and frequencies as the texts joined, without copying every body, and no phrase runs from one
    // value into the next.
    doc.add_text(schema.body, &d.body);
    doc.add_text(schema.body, rest);
    if !elliptic.is_empty() {
        doc.add_text(schema.body, elliptic);
    }
    for line in &d.lines {
        doc.add_text(schema.lines_shown, cut(line, STORED_LINE_CHARS).0);
        doc.add_text(schema.lines, line);
    }
    for domain in &d.domains {
        doc.add_facet(schema.domain, Facet::from_path(["domain", domain.as_str()]));
        doc.add_text(schema.domains_shown, domain);
    }
    for area in &d.areas {
        doc.add_facet(schema.area, Facet::from_path(["area", area.as_str()]));
        doc.add_text(schema.areas_shown, area);
    }
    if let Some(referral) = &d.display.referral {
        doc.add_text(schema.referral, cut(referral, STORED_REFERRAL_CHARS).0);
    }
    if let Some(phone) = &d.display.phone {
        doc.add_text(schema.phone, phone);
    }
    if !d.display.notices.is_empty() {
        let notices = serde_json::to_string(&d.display.notices).expect("notices always serialise");
        doc.add_text(schema.notice, &notices);
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::cut;

    #[test]
    fn stored_text_is_cut_at_a_word() {
        assert_eq!(cut("kort", 10), ("kort".to_string(), ""));
        let (shown, rest) = cut("Aanmelden via het formulier voor professionals", 20);
        assert_eq!(shown, "Aanmelden via het…");
        assert_eq!(rest, " formulier voor professionals");
    }
}
