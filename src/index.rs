//! Index stage: turns the model into search documents and builds the tantivy index with the shared search
//! core. The domains' synonyms go into every entry of the domain, so "deurwaarder" finds debt counselling
//! even when its page never says the word.

use crate::config::Language;
use crate::model::Site;
use kaartenbak_search::{
    build_index, AreaFacet, DisplayInfo, DomainFacet, Facets, IndexFiles, SearchDocument,
    SearchError, SearchLanguage,
};

/// The folder of the output that holds the index.
pub const SEARCH_DIR: &str = "_search";

pub fn search_language(language: Language) -> SearchLanguage {
    match language {
        Language::Nl => SearchLanguage::Nl,
        Language::En => SearchLanguage::En,
    }
}

fn domain_words(site: &Site, domains: &[usize]) -> (String, Vec<String>, Vec<String>) {
    let mut words = String::new();
    let mut ids = Vec::with_capacity(domains.len());
    let mut labels = Vec::with_capacity(domains.len());
    for &d in domains {
        let domain = &site.domains[d].domain;
        words.push_str(&domain.label);
        words.push(' ');
        for synonym in &domain.synonyms {
            words.push_str(synonym);
            words.push(' ');
        }
        ids.push(domain.id.clone());
        labels.push(domain.label.clone());
    }
    (words, ids, labels)
}

fn municipality_wide() -> Vec<String> {
    vec![kaartenbak_search::MUNICIPALITY_WIDE.to_string()]
}

fn first_chars(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", text[..end].trim_end()),
        None => text.to_string(),
    }
}

/// One search document per entry.
pub fn search_documents(site: &Site) -> Vec<SearchDocument> {
    let mut documents = Vec::with_capacity(site.entry_count());
    for node in &site.partners {
        let p = &node.partner;
        let (synonyms, domains, domain_labels) = domain_words(site, &node.domains);
        let lines = p
            .services
            .iter()
            .zip(&node.service_descriptions)
            .map(|(s, description)| {
                let mut line = s.name.clone();
                for part in [
                    Some(&description.text),
                    s.target_group.as_ref(),
                    s.eligibility.as_ref(),
                ]
                .into_iter()
                .flatten()
                .filter(|t| !t.is_empty())
                {
                    line.push_str(" — ");
                    line.push_str(&first_chars(part, 240));
                }
                line
            })
            .collect();
        let mut body = node.description.text.clone();
        for s in &p.services {
            for extra in [&s.referral, &s.fees, &s.wait_time].into_iter().flatten() {
                body.push('\n');
                body.push_str(extra);
            }
            body.push(' ');
            body.push_str(&s.languages.join(" "));
        }
        for extra in [&p.kind, &p.alternate_name, &p.opening_hours]
            .into_iter()
            .flatten()
        {
            body.push('\n');
            body.push_str(extra);
        }
        let (areas, area_names) = match &node.areas {
            None => (municipality_wide(), Vec::new()),
            Some(areas) => (
                areas
                    .iter()
                    .map(|&a| site.areas[a].area.id.clone())
                    .collect(),
                areas
                    .iter()
                    .map(|&a| site.areas[a].area.name.clone())
                    .collect(),
            ),
        };
        documents.push(SearchDocument {
            id: format!("partners/{}", p.meta.id),
            kind: "partner".into(),
            url: site.url(&["partners", &p.meta.id]),
            title: match &p.alternate_name {
                Some(alternate) => format!("{} ({alternate})", p.name),
                None => p.name.clone(),
            },
            summary: first_chars(&node.description.text, 300),
            lines,
            body,
            synonyms,
            domains,
            areas,
            display: DisplayInfo {
                domain_labels,
                area_names,
                referral: p.services.iter().find_map(|s| s.referral.clone()),
                phone: p
                    .phone
                    .clone()
                    .or_else(|| p.contact_points.iter().find_map(|c| c.phone.clone())),
            },
        });
    }
    for node in &site.regulations {
        let r = &node.regulation;
        let (synonyms, domains, domain_labels) = domain_words(site, &node.domains);
        let mut lines = Vec::new();
        if let Some(mandate) = &r.mandate {
            lines.push(mandate.clone());
        }
        if !r.articles.is_empty() {
            lines.push(format!("{} {}", r.law, r.articles.join(", ")));
        }
        documents.push(SearchDocument {
            id: format!("regulations/{}", r.meta.id),
            kind: "regulation".into(),
            url: site.url(&["regulations", &r.meta.id]),
            title: r.title.clone(),
            summary: r
                .summary
                .clone()
                .unwrap_or_else(|| first_chars(&node.body.text, 300)),
            lines,
            body: format!("{}\n{}", r.law, node.body.text),
            synonyms,
            domains,
            areas: municipality_wide(),
            display: DisplayInfo {
                domain_labels,
                ..DisplayInfo::default()
            },
        });
    }
    for node in &site.modules {
        let m = &node.module;
        let (synonyms, domains, domain_labels) = domain_words(site, &node.domains);
        let mut lines = m.learning_goals.clone();
        lines.extend(m.sessions.iter().map(|s| {
            [Some(s.date.to_string()), s.time.clone(), s.location.clone()]
                .into_iter()
                .flatten()
                .collect::<Vec<_>>()
                .join(" — ")
        }));
        documents.push(SearchDocument {
            id: format!("modules/{}", m.meta.id),
            kind: "module".into(),
            url: site.url(&["modules", &m.meta.id]),
            title: m.title.clone(),
            summary: m
                .summary
                .clone()
                .unwrap_or_else(|| first_chars(&node.body.text, 300)),
            lines,
            body: format!(
                "{}\n{}\n{}",
                node.body.text,
                m.trainers.join(" "),
                [&m.level, &m.format]
                    .into_iter()
                    .flatten()
                    .cloned()
                    .collect::<Vec<_>>()
                    .join(" ")
            ),
            synonyms,
            domains,
            areas: municipality_wide(),
            display: DisplayInfo {
                domain_labels,
                ..DisplayInfo::default()
            },
        });
    }
    for node in &site.pages {
        let p = &node.page;
        let (synonyms, domains, domain_labels) = domain_words(site, &node.domains);
        documents.push(SearchDocument {
            id: format!("pages/{}", p.meta.id),
            kind: "page".into(),
            url: site.url(&["pages", &p.meta.id]),
            title: p.title.clone(),
            summary: p
                .summary
                .clone()
                .unwrap_or_else(|| first_chars(&node.body.text, 300)),
            lines: Vec::new(),
            body: node.body.text.clone(),
            synonyms,
            domains,
            areas: municipality_wide(),
            display: DisplayInfo {
                domain_labels,
                ..DisplayInfo::default()
            },
        });
    }
    documents
}

fn facets(site: &Site) -> Facets {
    Facets {
        domains: site
            .domains
            .iter()
            .map(|n| DomainFacet {
                id: n.domain.id.clone(),
                label: n.domain.label.clone(),
            })
            .collect(),
        areas: site
            .areas
            .iter()
            .map(|n| AreaFacet {
                id: n.area.id.clone(),
                name: n.area.name.clone(),
                postcodes: n
                    .area
                    .postcodes
                    .iter()
                    .map(|p| (p.value.first, p.value.last))
                    .collect(),
            })
            .collect(),
    }
}

pub fn build_search_index(site: &Site) -> Result<IndexFiles, SearchError> {
    build_index(
        &search_documents(site),
        search_language(site.config.language),
        facets(site),
    )
}
