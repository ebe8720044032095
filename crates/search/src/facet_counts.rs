//! Live counts for the filter lists: how many results each kind, domain and wijk would give. Each
//! dimension is counted with the other filters applied but not its own, so switching between the values of
//! one filter shows what each would give.

use crate::query::Filters;
use crate::schema::KINDS;
use crate::SearchError;
use kaartenbak_shared::MUNICIPALITY_WIDE;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use tantivy::collector::{Count, FacetCollector};
use tantivy::query::Query;
use tantivy::Searcher;

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct FacetCounts {
    pub kinds: BTreeMap<String, u64>,
    pub domains: BTreeMap<String, u64>,
    /// Per wijk, including the municipality-wide entries that every wijk filter keeps.
    pub areas: BTreeMap<String, u64>,
}

fn facet_children(
    searcher: &Searcher,
    query: &dyn Query,
    field: &str,
) -> Result<BTreeMap<String, u64>, SearchError> {
    let mut collector = FacetCollector::for_field(field);
    let root = format!("/{field}");
    collector.add_facet(root.as_str());
    let counts = searcher.search(query, &collector)?;
    Ok(counts
        .get(root.as_str())
        .filter_map(|(facet, count)| facet.to_path().last().map(|name| (name.to_string(), count)))
        .collect())
}

/// `filtered` gives the search's text query with the given filters.
pub(crate) fn count_facets(
    searcher: &Searcher,
    filters: &Filters,
    filtered: &dyn Fn(&Filters) -> Box<dyn Query>,
) -> Result<FacetCounts, SearchError> {
    let mut counts = FacetCounts::default();
    for kind in KINDS {
        let query = filtered(&Filters {
            kind: Some(kind),
            ..filters.clone()
        });
        counts.kinds.insert(
            kind.to_string(),
            searcher.search(query.as_ref(), &Count)? as u64,
        );
    }
    let query = filtered(&Filters {
        domain: None,
        ..filters.clone()
    });
    counts.domains = facet_children(searcher, query.as_ref(), "domain")?;
    let query = filtered(&Filters {
        area: None,
        ..filters.clone()
    });
    let mut areas = facet_children(searcher, query.as_ref(), "area")?;
    let everywhere = areas.remove(MUNICIPALITY_WIDE).unwrap_or(0);
    for count in areas.values_mut() {
        *count += everywhere;
    }
    areas.insert(MUNICIPALITY_WIDE.to_string(), everywhere);
    counts.areas = areas;
    Ok(counts)
}
