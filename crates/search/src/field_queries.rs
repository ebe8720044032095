//! The building blocks of every query: a stem in all text fields with their boosts, a phrase in all text
//! fields, a facet value; and which domains a word names.

use crate::analyzer::{analyze, SearchLanguage};
use crate::files::Facets;
use crate::schema::{SearchSchema, BOOSTS};
use std::collections::BTreeMap;
use tantivy::query::{
    BooleanQuery, BoostQuery, ConstScoreQuery, Occur, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Facet, Field, IndexRecordOption};
use tantivy::Term;

/// Score of an entry for being in a domain whose name or synonyms the word is (a BM25 match in the body of
/// a typical entry scores about 3 to 8).
const SYNONYM_SCORE: f32 = 2.0;
/// Extra score of an entry in such a domain whose title or service lines say the word: what the entry
/// does, not what it mentions.
const DOMAIN_SERVICE_SCORE: f32 = 3.0;

/// A stem in every text field, plus every entry of the domains it names: "deurwaarder" also finds
/// debt counselling whose page never says the word, ranked below entries that do.
pub(crate) fn term_everywhere(
    schema: &SearchSchema,
    synonyms: &SynonymIndex,
    stem: &str,
) -> Box<dyn Query> {
    let term_in = |field: Field| -> Box<dyn Query> {
        Box::new(TermQuery::new(
            Term::from_field_text(field, stem),
            IndexRecordOption::WithFreqs,
        ))
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = BOOSTS
        .iter()
        .map(|(name, boost)| {
            let query: Box<dyn Query> =
                Box::new(BoostQuery::new(term_in(schema.field(name)), *boost));
            (Occur::Should, query)
        })
        .collect();
    for domain in synonyms.domains(stem) {
        let in_domain =
            ConstScoreQuery::new(facet_term(schema.domain, "domain", domain), SYNONYM_SCORE);
        clauses.push((Occur::Should, Box::new(in_domain)));
        let says_it = BooleanQuery::new(
            [schema.title, schema.lines]
                .into_iter()
                .map(|field| (Occur::Should, term_in(field)))
                .collect(),
        );
        let serves_it = BooleanQuery::new(vec![
            (Occur::Must, facet_term(schema.domain, "domain", domain)),
            (Occur::Must, Box::new(says_it)),
        ]);
        clauses.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(
                Box::new(serves_it),
                DOMAIN_SERVICE_SCORE,
            )),
        ));
    }
    Box::new(BooleanQuery::new(clauses))
}

/// A phrase in every text field (all keep positions; the body only when `in_body`), with the fields'
/// boosts: its terms with their positions in the phrase (`analyze_positions`), at least two.
pub(crate) fn phrase_everywhere(
    schema: &SearchSchema,
    terms: &[(usize, String)],
    in_body: bool,
) -> Box<dyn Query> {
    let clauses: Vec<(Occur, Box<dyn Query>)> = BOOSTS
        .iter()
        .filter(|(name, _)| in_body || *name != "body")
        .map(|(name, boost)| {
            let field = schema.field(name);
            let terms = terms
                .iter()
                .map(|(position, t)| (*position, Term::from_field_text(field, t)))
                .collect();
            let phrase = PhraseQuery::new_with_offset(terms);
            let query: Box<dyn Query> = Box::new(BoostQuery::new(Box::new(phrase), *boost));
            (Occur::Should, query)
        })
        .collect();
    Box::new(BooleanQuery::new(clauses))
}

pub(crate) fn facet_term(field: Field, root: &str, value: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_facet(field, &Facet::from_path([root, value])),
        IndexRecordOption::Basic,
    ))
}

/// Which domains a stemmed word is a name or synonym of ("deurwaard" → financiën), built from the manifest.
#[derive(Debug, Default)]
pub(crate) struct SynonymIndex {
    domains_by_stem: BTreeMap<String, Vec<String>>,
}

impl SynonymIndex {
    pub fn new(language: SearchLanguage, facets: &Facets) -> Self {
        let mut domains_by_stem: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for domain in &facets.domains {
            for text in std::iter::once(&domain.label).chain(&domain.synonyms) {
                for stem in analyze(language, text) {
                    let domains = domains_by_stem.entry(stem).or_default();
                    if !domains.contains(&domain.id) {
                        domains.push(domain.id.clone());
                    }
                }
            }
        }
        SynonymIndex { domains_by_stem }
    }

    pub fn domains(&self, stem: &str) -> &[String] {
        self.domains_by_stem.get(stem).map_or(&[], Vec::as_slice)
    }
}
