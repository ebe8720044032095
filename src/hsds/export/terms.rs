//! The taxonomy terms an export attaches to records: the site's domains (*Kaartenbak levensdomeinen*) and a
//! service's cost, referral and home-visit facts (*Kaartenbak dienstkenmerken*) and a contact's purpose
//! (*Kaartenbak contactdoelen*), each as an HSDS attribute with its term and taxonomy nested.

use super::super::mapping::{self, stable_id};
use super::Directory;
use crate::content::{ContactPurpose, Service};
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
    mapping::characteristic_codes(service.cost, service.referral_required, service.home_visits)
        .into_iter()
        .map(|(code, name)| {
            own_term(
                d,
                link_id,
                OwnTerm {
                    key: "characteristic",
                    entity: "service",
                    taxonomy: mapping::CHARACTERISTICS_TAXONOMY_NAME,
                    taxonomy_description:
                        "Kosten, verwijzing en huisbezoek van een dienst (Kaartenbak)",
                    code,
                    name,
                },
            )
        })
        .collect()
}

/// A contact point's purpose as a term of the taxonomy *Kaartenbak contactdoelen* on its contact (HSDS
/// 3.0 has no field for what a contact is for).
pub(super) fn contact_purpose(d: &Directory, link_id: &str, purpose: ContactPurpose) -> Value {
    own_term(
        d,
        link_id,
        OwnTerm {
            key: "contact-purpose",
            entity: "contact",
            taxonomy: mapping::CONTACT_PURPOSE_TAXONOMY_NAME,
            taxonomy_description: "Waarvoor een contactpunt is: aanmelden en verwijzen, spoed, algemeen of voor professionals (Kaartenbak)",
            code: purpose.name(),
            name: mapping::contact_purpose_label(purpose),
        },
    )
}

/// A term of one of Kaartenbak's own taxonomies, as an attribute of the record `link_id`.
struct OwnTerm<'a> {
    /// Names the taxonomy in the stable ids and is the attribute's `link_type`.
    key: &'a str,
    /// The table of `link_id`.
    entity: &'a str,
    taxonomy: &'a str,
    taxonomy_description: &'a str,
    code: &'a str,
    name: &'a str,
}

fn own_term(d: &Directory, link_id: &str, term: OwnTerm) -> Value {
    let OwnTerm {
        key,
        entity,
        taxonomy,
        taxonomy_description,
        code,
        name,
    } = term;
    let taxonomy_id = stable_id(&d.site, &format!("taxonomy:{key}s"));
    let term_id = stable_id(&d.site, &format!("{key}:{code}"));
    json!({
        "id": stable_id(&d.site, &format!("{link_id}/{key}:{code}")),
        "link_id": link_id,
        "link_type": key,
        "link_entity": entity,
        "taxonomy_term_id": term_id,
        "taxonomy_term": {
            "id": term_id,
            "code": code,
            "name": name,
            "description": name,
            "taxonomy": taxonomy,
            "taxonomy_id": taxonomy_id,
            "taxonomy_detail": {
                "id": taxonomy_id,
                "name": taxonomy,
                "description": taxonomy_description,
            },
        },
    })
}
