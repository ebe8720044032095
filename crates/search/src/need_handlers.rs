//! Which entries handle which need, decided once when the index is built and kept as terms of the `need`
//! field, so a query ranks the handlers of the needs it names above entries that merely mention the words.
//!
//! "Handles" is data, not a special case: an entry handles a need when the need's glossary term links to
//! it, or when it is a partner with a service whose domains include the need's domain and whose name or
//! description carries one of the need's expressions or its term's names. Among those, what says more is
//! marked too, so it comes first: the term links to it (`ID#linked`), its title names the need
//! (`ID#title`), a service's name names it (`ID#service`).

use crate::analyzer::{analyze, SearchLanguage};
use crate::attributes::{attribute_ids, ATTRIBUTE_TERM};
use crate::document::{SearchDocument, ServiceFacts};
use crate::files::{Facets, GlossaryTerm, Need};
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Cow;

/// The suffixes of the `need` terms that say more of how an entry handles a need: the need's glossary
/// term links to it, its title names the need, a service's name names it.
pub(crate) const LINKED_SUFFIX: &str = "#linked";
pub(crate) const TITLE_SUFFIX: &str = "#title";
pub(crate) const SERVICE_SUFFIX: &str = "#service";

struct PreparedNeed {
    id: String,
    domain: String,
}

/// The needs of the lexicon prepared for
/// testing documents: every expression and term name as stems, found through its first stem, so a text
/// is tested against the few phrases that can occur in it, not against all.
#[derive(Default)]
pub(crate) struct NeedHandlers {
    language: Option<SearchLanguage>,
    needs: Vec<PreparedNeed>,
    /// (need index, stems of an expression or term name, whether it is the need's own expression).
    phrases: Vec<(usize, Vec<String>, bool)>,
    /// First stem → indices into `phrases`.
    by_first: FxHashMap<String, Vec<usize>>,
    /// Entry id → the needs whose glossary term links to it.
    linked: FxHashMap<String, Vec<usize>>,
}

impl NeedHandlers {
    pub fn new(
        language: SearchLanguage,
        needs: &[Need],
        glossary: &[GlossaryTerm],
        facets: &Facets,
    ) -> NeedHandlers {
        let mut handlers = NeedHandlers {
            language: Some(language),
            ..NeedHandlers::default()
        };
        let has_domain = |id: &str| facets.domains.iter().any(|d| d.id == id);
        for need in needs.iter().filter(|n| has_domain(&n.domain)) {
            let term = need
                .term
                .as_ref()
                .and_then(|id| glossary.iter().find(|t| &t.id == id));
            let names = term.into_iter().flat_map(|t| {
                std::iter::once(&t.term)
                    .chain(&t.abbreviations)
                    .chain(&t.variants)
            });
            let at = handlers.add(&need.id, &need.domain, need.expressions.iter(), names);
            for entry in term.iter().flat_map(|t| &t.entries) {
                handlers.linked.entry(entry.clone()).or_default().push(at);
            }
        }
        handlers
    }

    /// Adds a need with the texts that name it; returns its index.
    /// Adds a need with its own expressions and its glossary term's names; returns its index.
    fn add<'a>(
        &mut self,
        id: &str,
        domain: &str,
        own: impl Iterator<Item = &'a String>,
        term_names: impl Iterator<Item = &'a String>,
    ) -> usize {
        let language = self.language.unwrap_or(SearchLanguage::Nl);
        let at = self.needs.len();
        self.needs.push(PreparedNeed {
            id: id.to_string(),
            domain: domain.to_string(),
        });
        let mut seen: Vec<Vec<String>> = Vec::new();
        let texts = own.map(|t| (t, true)).chain(term_names.map(|t| (t, false)));
        for (text, is_own) in texts {
            let stems = analyze(language, text);
            if stems.is_empty() || seen.contains(&stems) {
                continue;
            }
            seen.push(stems.clone());
            self.by_first
                .entry(stems[0].clone())
                .or_default()
                .push(self.phrases.len());
            self.phrases.push((at, stems, is_own));
        }
        at
    }

    /// The needs one of whose phrases `stems` has whole; with `own_only`, one of the need's own expressions
    /// (a title or service name "names" a need by its own words, not by its glossary term's names).
    fn carried(&self, stems: &FxHashSet<String>, own_only: bool) -> FxHashSet<usize> {
        let mut found = FxHashSet::default();
        for stem in stems {
            for &p in self.by_first.get(stem).into_iter().flatten() {
                let (need, phrase, own) = &self.phrases[p];
                if (*own || !own_only) && phrase.iter().all(|s| stems.contains(s)) {
                    found.insert(*need);
                }
            }
        }
        found
    }

    /// The `need` terms of a document: `ID` for every need it handles with its marks (`ID#linked`,
    /// `ID#title`, `ID#service`), and `attr:ID` for every attribute one of its services meets.
    pub fn terms(&self, document: &SearchDocument) -> Vec<String> {
        let Some(language) = self.language else {
            return Vec::new();
        };
        let stems =
            |text: &str| -> FxHashSet<String> { analyze(language, text).into_iter().collect() };
        let mut terms = Vec::new();
        for service in &document.services {
            for id in attribute_ids(service) {
                let term = format!("{ATTRIBUTE_TERM}{id}");
                if !terms.contains(&term) {
                    terms.push(term);
                }
            }
        }
        let linked: Vec<usize> = self.linked.get(&document.id).cloned().unwrap_or_default();
        let mut handled = linked.clone();
        let in_title: FxHashSet<usize> = self.carried(&stems(&document.title), true);
        let mut in_service_name: FxHashSet<usize> = FxHashSet::default();
        if document.kind == "partner" {
            for service in services_of(document).iter() {
                let name = stems(&service.name);
                let mut all = name.clone();
                all.extend(analyze(language, &service.description));
                let domains: &[String] = if service.domains.is_empty() {
                    &document.domains
                } else {
                    &service.domains
                };
                let in_name = self.carried(&name, true);
                for need in self.carried(&all, false) {
                    if domains.contains(&self.needs[need].domain) {
                        handled.push(need);
                        if in_name.contains(&need) {
                            in_service_name.insert(need);
                        }
                    }
                }
            }
        }
        handled.sort_unstable();
        handled.dedup();
        for need in handled {
            let id = &self.needs[need].id;
            terms.push(id.clone());
            for (suffix, marked) in [
                (LINKED_SUFFIX, linked.contains(&need)),
                (TITLE_SUFFIX, in_title.contains(&need)),
                (SERVICE_SUFFIX, in_service_name.contains(&need)),
            ] {
                if marked {
                    terms.push(format!("{id}{suffix}"));
                }
            }
        }
        terms
    }
}

/// A partner's services; for a document without structured services, its lines stand for them, in the
/// document's domains.
fn services_of(document: &SearchDocument) -> Cow<'_, [ServiceFacts]> {
    if !document.services.is_empty() || document.kind != "partner" {
        return Cow::Borrowed(&document.services);
    }
    Cow::Owned(
        document
            .lines
            .iter()
            .map(|line| ServiceFacts {
                name: line.clone(),
                ..ServiceFacts::default()
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::files::DomainFacet;

    fn facets() -> Facets {
        Facets {
            domains: ["financien", "middelengebruik"]
                .iter()
                .map(|id| DomainFacet {
                    id: id.to_string(),
                    label: id.to_string(),
                    synonyms: Vec::new(),
                })
                .collect(),
            areas: Vec::new(),
        }
    }

    fn handlers() -> NeedHandlers {
        NeedHandlers::new(
            SearchLanguage::Nl,
            &[Need {
                id: "schulden".into(),
                domain: "financien".into(),
                term: Some("wgs".into()),
                expressions: vec!["geldproblemen".into(), "schulden".into()],
            }],
            &[GlossaryTerm {
                id: "wgs".into(),
                term: "Wet gemeentelijke schuldhulpverlening".into(),
                variants: vec!["schuldhulp".into()],
                entries: vec!["regulations/wgs".into()],
                ..GlossaryTerm::default()
            }],
            &facets(),
        )
    }

    fn partner(title: &str, service: &str, description: &str, domain: &str) -> SearchDocument {
        SearchDocument {
            id: format!("partners/{title}"),
            kind: "partner".into(),
            title: title.into(),
            domains: vec![domain.into()],
            services: vec![ServiceFacts {
                name: service.into(),
                description: description.into(),
                domains: vec![domain.into()],
                ..ServiceFacts::default()
            }],
            ..SearchDocument::default()
        }
    }

    #[test]
    fn a_partner_with_a_service_in_the_domain_that_names_the_need_handles_it() {
        let h = handlers();
        assert_eq!(
            h.terms(&partner(
                "Steunpunt Schulden",
                "Aanmelding",
                "Hulp bij schulden",
                "financien"
            )),
            ["schulden", "schulden#title"]
        );
        assert_eq!(
            h.terms(&partner(
                "Kredietbank",
                "Budgetbeheer",
                "bij schulden",
                "financien"
            )),
            ["schulden"]
        );
    }

    #[test]
    fn mentioning_the_words_outside_the_domain_is_not_handling() {
        let h = handlers();
        let school = partner("ROC", "Opleiding", "ook bij schulden", "middelengebruik");
        assert!(!h.terms(&school).contains(&"schulden".to_string()));
    }

    #[test]
    fn the_terms_links_make_handlers_of_any_kind() {
        let h = handlers();
        let regulation = SearchDocument {
            id: "regulations/wgs".into(),
            kind: "regulation".into(),
            title: "Wgs".into(),
            ..SearchDocument::default()
        };
        assert_eq!(h.terms(&regulation), ["schulden", "schulden#linked"]);
    }

    #[test]
    fn a_domains_own_words_make_no_handlers_when_the_index_is_built() {
        // A domain named by its words is ranked by the words the query used (`query::handler_query`).
        let h = handlers();
        let brug = partner(
            "De Brug",
            "middelengebruik",
            "verslavingszorg",
            "middelengebruik",
        );
        assert!(h.terms(&brug).is_empty());
    }
}
