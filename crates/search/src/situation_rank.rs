//! Ranking by what a query says about the household: partners with a service that fits the attributes the
//! query named (age, cost, referral, home visits, hours, language) come before those without one, and when
//! a query names needs in more than one domain, the best answer for each need is in the first places.

use crate::attributes::Attribute;
use crate::document::ServiceFacts;
use crate::needs::RecognisedNeed;
use crate::order::{score_descending, sort_by_number};
use crate::schema::SearchSchema;
use crate::SearchError;
use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, ConstScoreQuery, Occur, Query};
use tantivy::schema::Value;
use tantivy::{DocAddress, Searcher, TantivyDocument};

/// Score added per attribute that a partner's best-fitting service says it meets (taken off per attribute
/// it says it does not meet): below a need's tier, above the differences of text scores among the
/// handlers of one need.
const ATTRIBUTE_SCORE: f32 = 60.0;
/// How many results are read to rank by attributes and needs: enough that the handlers of a second need
/// and the partners that fit an attribute are among them.
pub(crate) const CANDIDATES: usize = 50;
/// How many of the best handlers of each need join the candidates.
const PER_NEED: usize = 3;

/// One candidate result with its score after the attributes.
pub(crate) struct Candidate {
    pub score: f32,
    pub address: DocAddress,
    /// The service that fits the attributes best, when the query named any.
    pub service: Option<String>,
}

/// Whether the query says anything that ranks beyond the text query itself.
pub(crate) fn ranks(needs: &[RecognisedNeed], attributes: &[Attribute]) -> bool {
    !attributes.is_empty() || distinct_domains(needs) > 1
}

fn distinct_domains(needs: &[RecognisedNeed]) -> usize {
    let mut domains: Vec<&str> = needs.iter().map(|n| n.domain.as_str()).collect();
    domains.sort_unstable();
    domains.dedup();
    domains.len()
}

/// The services stored with a document (a partner's), empty for other kinds.
fn services(doc: &TantivyDocument, schema: &SearchSchema) -> Vec<ServiceFacts> {
    doc.get_first(schema.services)
        .and_then(|v| v.as_str())
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_default()
}

/// The service that fits `attributes` best among those in the needs' domains (all, when the query named
/// no need), with its balance: +1 for every attribute it says it meets, -1 for every one it says it does
/// not; None when no such service says anything of them.
fn best_service<'a>(
    services: &'a [ServiceFacts],
    attributes: &[Attribute],
    domains: &[&str],
) -> Option<(&'a ServiceFacts, i32)> {
    services
        .iter()
        .filter(|s| domains.is_empty() || s.domains.iter().any(|d| domains.contains(&d.as_str())))
        .filter_map(|s| {
            let said: Vec<bool> = attributes.iter().filter_map(|a| a.judge(s)).collect();
            let balance = said.iter().map(|&meets| if meets { 1 } else { -1 }).sum();
            (!said.is_empty()).then_some((s, balance))
        })
        // The first of equals: services are listed in the order the partner gives them.
        .fold(
            None,
            |best: Option<(&ServiceFacts, i32)>, (s, n)| match best {
                Some((_, m)) if m >= n => best,
                _ => Some((s, n)),
            },
        )
}

/// What the query said of the household: its needs, the query of each need's handlers, its attributes.
pub(crate) struct Situation<'a> {
    pub needs: &'a [RecognisedNeed],
    pub handlers: &'a [Box<dyn Query>],
    pub attributes: &'a [Attribute],
}

/// Reorders the results of `query`: `top` are its best `CANDIDATES`; the best handlers of each need join
/// them; attributes add to the score; with needs in several domains, the best of each need comes first.
pub(crate) fn rerank(
    searcher: &Searcher,
    schema: &SearchSchema,
    query: &dyn Query,
    top: Vec<(f32, DocAddress)>,
    situation: Situation,
    limit: usize,
) -> Result<Vec<Candidate>, SearchError> {
    let Situation {
        needs,
        handlers,
        attributes,
    } = situation;
    let mut pool: Vec<(f32, DocAddress)> = top;
    // Per need, its best handlers by the same scores (the need term only filters).
    let mut per_need: Vec<Vec<DocAddress>> = Vec::new();
    if distinct_domains(needs) > 1 {
        for handler in handlers {
            let handlers = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (
                    Occur::Must,
                    Box::new(ConstScoreQuery::new(handler.box_clone(), 0.0)),
                ),
            ]);
            let best =
                searcher.search(&handlers, &TopDocs::with_limit(PER_NEED).order_by_score())?;
            per_need.push(best.iter().map(|(_, a)| *a).collect());
            for (score, address) in best {
                if !pool.iter().any(|(_, a)| *a == address) {
                    pool.push((score, address));
                }
            }
        }
    }
    let mut candidates = Vec::with_capacity(pool.len());
    for (score, address) in pool {
        let mut candidate = Candidate {
            score,
            address,
            service: None,
        };
        if !attributes.is_empty() {
            let doc: TantivyDocument = searcher.doc(address)?;
            let services = services(&doc, schema);
            let domains: Vec<&str> = needs.iter().map(|n| n.domain.as_str()).collect();
            if let Some((service, balance)) = best_service(&services, attributes, &domains) {
                candidate.score += ATTRIBUTE_SCORE * balance as f32;
                if balance > 0 {
                    candidate.service = Some(service.name.clone());
                }
            }
        }
        candidates.push(candidate);
    }
    sort_by_number(&mut candidates, |c| score_descending(c.score));
    // The best candidate of each need first, in the order of their scores; then all others.
    let mut first: Vec<usize> = Vec::new();
    for handlers in &per_need {
        let best = candidates
            .iter()
            .position(|c| handlers.contains(&c.address))
            .filter(|i| !first.contains(i));
        first.extend(best);
    }
    first.sort_unstable();
    let mut ordered: Vec<Candidate> = Vec::with_capacity(limit);
    let mut rest: Vec<Candidate> = Vec::new();
    for (i, candidate) in candidates.into_iter().enumerate() {
        if first.contains(&i) {
            ordered.push(candidate);
        } else {
            rest.push(candidate);
        }
    }
    ordered.extend(rest);
    ordered.truncate(limit);
    Ok(ordered)
}
