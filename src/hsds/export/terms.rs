//! The taxonomy terms an export attaches to records: the site's domains (*Kaartenbak levensdomeinen*) and a
//! service's cost, referral and home-visit facts (*Kaartenbak dienstkenmerken*), each as an HSDS attribute
//! with its term and taxonomy nested.

use super::super::mapping::{self, stable_id};
use super::Directory;
use crate::content::Service;
use serde_json::{json, Value};

/// The domain terms of a record, as HSDS attributes with their taxonomy term and taxonomy nested.
pub(super) fn attributes(
    d: &Directory,
    link_id: &str,
    entity: &str,
    domains: &[crate::yaml::Spanned<String>],
) -> Vec<Value> {
    let taxonomy_id = stable_id(&d.site, "taxonomy:domains");
    domains
        .iter()
        .filter_map(|id| d.domains.iter().find(|dom| dom.id == id.value))
        .map(|domain| {
            let term_id = stable_id(&d.site, &format!("domain:{}", domain.id));
            json!({
                "id": stable_id(&d.site, &format!("{link_id}/domain:{}", domain.id)),
                "link_id": link_id,
                "link_type": "domain",
                "link_entity": entity,
                "taxonomy_term_id": term_id,
                "taxonomy_term": {
                    "id": term_id,
                    "code": domain.id,
                    "name": domain.label,
                    "description": domain.description.clone().unwrap_or_else(|| domain.label.clone()),
                    "taxonomy": mapping::DOMAIN_TAXONOMY_NAME,
                    "taxonomy_id": taxonomy_id,
                    "term_uri": format!("{}domains/{}/", d.site, domain.id),
                    "taxonomy_detail": {
                        "id": taxonomy_id,
                        "name": mapping::DOMAIN_TAXONOMY_NAME,
                        "description": format!("De levensdomeinen van {}", d.config.title),
                        "uri": format!("{}domains/", d.site),
                    },
                },
            })
        })
        .collect()
}

/// The structured cost, referral and home-visit facts of a service as terms of the taxonomy
/// *Kaartenbak dienstkenmerken* (HSDS has no fields of its own for them).
pub(super) fn characteristics(d: &Directory, link_id: &str, service: &Service) -> Vec<Value> {
    let taxonomy_id = stable_id(&d.site, "taxonomy:characteristics");
    mapping::characteristic_codes(service.cost, service.referral_required, service.home_visits)
        .into_iter()
        .map(|(code, name)| {
            let term_id = stable_id(&d.site, &format!("characteristic:{code}"));
            json!({
                "id": stable_id(&d.site, &format!("{link_id}/characteristic:{code}")),
                "link_id": link_id,
                "link_type": "characteristic",
                "link_entity": "service",
                "taxonomy_term_id": term_id,
                "taxonomy_term": {
                    "id": term_id,
                    "code": code,
                    "name": name,
                    "description": name,
                    "taxonomy": mapping::CHARACTERISTICS_TAXONOMY_NAME,
                    "taxonomy_id": taxonomy_id,
                    "taxonomy_detail": {
                        "id": taxonomy_id,
                        "name": mapping::CHARACTERISTICS_TAXONOMY_NAME,
                        "description": "Kosten, verwijzing en huisbezoek van een dienst (Kaartenbak)",
                    },
                },
            })
        })
        .collect()
}
