//! The index schema. Every text field keeps positions, so a quoted phrase matches in bodies and long
//! descriptions too; long body text is not stored. What is stored is what a
//! result shows, cut to the length it is shown at: the stored text is the largest part of the download.

use crate::analyzer::ANALYZER;
use tantivy::schema::{
    FacetOptions, Field, IndexRecordOption, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};

/// The kinds of entries, as stored in the `kind` field.
pub const KINDS: [&str; 4] = ["partner", "regulation", "module", "page"];

/// Bump whenever the schema, the analyzers, the stored shape or the file formats change (15: the sstable
/// term dictionary): the browser build checks it.
pub const SCHEMA_VERSION: u32 = 15;

#[derive(Debug, Clone)]
pub struct SearchSchema {
    pub schema: Schema,
    pub id: Field,
    pub kind: Field,
    pub title: Field,
    pub summary: Field,
    /// Service lines and the like as far as a result shows them: stored only.
    pub lines_shown: Field,
    /// Those lines whole: searched (one field, so a term of several lines has one posting list), not
    /// stored.
    pub lines: Field,
    pub body: Field,
    /// Facets, for the filters and their counts (from the column, read only when counting).
    pub domain: Field,
    pub area: Field,
    /// The same values stored, for the shown hits: a hit's facets read from the column would load the
    /// whole column (hundreds of KB at 50,000 entries) with the first search.
    pub domains_shown: Field,
    pub areas_shown: Field,
    pub referral: Field,
    pub phone: Field,
    /// A result's temporary notices (`ResultNotice`s) as JSON: stored only.
    pub notice: Field,
    /// The needs an entry handles (`need_handlers.rs`): `ID`, and `ID#named` where it names the need.
    pub need: Field,
    /// A partner's services with their attributes, as JSON: stored only, read for the shown hits.
    pub services: Field,
}

/// Fields searched for every query word, with their boosts.
pub(crate) const BOOSTS: [(&str, f32); 4] = [
    ("title", 4.0),
    ("summary", 2.0),
    ("lines", 2.0),
    ("body", 1.0),
];

impl SearchSchema {
    pub fn new() -> Self {
        let mut builder = Schema::builder();
        let text = |record: IndexRecordOption, stored: bool| {
            let options = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(ANALYZER)
                    .set_index_option(record),
            );
            if stored {
                options.set_stored()
            } else {
                options
            }
        };
        let with_positions = IndexRecordOption::WithFreqsAndPositions;
        let id = builder.add_text_field("id", STRING | STORED);
        // Not stored: a result's kind and URL follow from its id (`partners/ID` → partner, BASE/partners/ID/).
        let kind = builder.add_text_field("kind", STRING);
        let title = builder.add_text_field("title", text(with_positions, true));
        let summary = builder.add_text_field("summary", text(with_positions, true));
        let lines = builder.add_text_field("lines", text(with_positions, false));
        // Searched whole in `lines`; stored cut to what a result shows in `lines_shown`.
        let lines_shown = builder.add_text_field("lines_shown", STORED);
        let body = builder.add_text_field("body", text(with_positions, false));
        let domain = builder.add_facet_field("domain", FacetOptions::default());
        let area = builder.add_facet_field("area", FacetOptions::default());
        let domains_shown = builder.add_text_field("domains_shown", STORED);
        let areas_shown = builder.add_text_field("areas_shown", STORED);
        let referral = builder.add_text_field("referral", STORED);
        let phone = builder.add_text_field("phone", STORED);
        let notice = builder.add_text_field("notice", STORED);
        let need = builder.add_text_field("need", STRING);
        let services = builder.add_text_field("services", STORED);
        SearchSchema {
            schema: builder.build(),
            id,
            kind,
            title,
            summary,
            lines,
            lines_shown,
            body,
            domain,
            area,
            domains_shown,
            areas_shown,
            referral,
            phone,
            notice,
            need,
            services,
        }
    }

    pub(crate) fn field(&self, name: &str) -> Field {
        match name {
            "title" => self.title,
            "summary" => self.summary,
            "lines" => self.lines,
            _ => self.body,
        }
    }
}

impl Default for SearchSchema {
    fn default() -> Self {
        SearchSchema::new()
    }
}
