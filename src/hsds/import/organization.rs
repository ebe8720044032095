//! Mapping HSDS organizations into partners: ids first (so links between imported partners resolve), then
//! each organization with its phones, contacts, locations and services, skipped with a warning when
//! Kaartenbak cannot publish it (no name, no service, no domain, no way to reach it).

use super::super::mapping;
use super::super::yaml_out::quoted;
use super::mapper::{Mapper, Partner};
use super::read::Target;
use super::record::Record;
use super::render::render;
use super::{ImportError, ImportOptions, ImportReport};
use serde_json::Value;
use std::collections::BTreeSet;

impl Mapper<'_> {
    fn organization(&mut self, mut o: Record, default_domain: Option<&str>) -> Option<Partner> {
        let label = o.label();
        let mut partner = Partner {
            areas: Some(Vec::new()),
            ..Partner::default()
        };
        let base = self.target.base_url.clone();
        let known = self.known.clone();
        partner.name = o.text("name").unwrap_or_default();
        partner.alternate_name = o.text("alternate_name");
        partner.description = o
            .markdown("description")
            .map(|d| mapping::partner_links(&d, &base, |id| known.contains(id)));
        partner.email = self.email(&mut o, "email");
        partner.website = self.url(&mut o, "website");
        o.text("id");
        o.text("uri");
        let mut phones = o.list("phones", "phone").into_iter();
        partner.phone = phones.by_ref().find_map(|p| self.phone(p));
        for p in phones {
            let role = p
                .map
                .get("description")
                .and_then(Value::as_str)
                .map(str::to_string);
            if let Some(number) = self.phone(p) {
                partner.add_phone(role.unwrap_or_else(|| "Telefoon".into()), number);
            }
        }
        self.contact_points(&mut o, None, &mut partner);
        let mut hours = Vec::new();
        let mut partner_rows = Vec::new();
        let mut address_taken = false;
        for mut location in o.list("locations", "location") {
            let location_label = location.label();
            for key in ["latitude", "longitude"] {
                let limit = if key == "latitude" { 90.0 } else { 180.0 };
                if let Some(value) = location.number(key) {
                    if value.abs() > limit {
                        self.warn(
                            location_label.clone(),
                            format!("{key} {value} is outside -{limit}..{limit}; not carried"),
                        );
                    } else {
                        location.read.remove(key);
                    }
                }
            }
            let addresses = location.list("addresses", "address");
            for mut address in addresses {
                let street = match (address.text("address_1"), address.text("address_2")) {
                    (Some(a), Some(b)) => Some(format!("{a}, {b}")),
                    (a, b) => a.or(b),
                };
                let postal_code = address.text("postal_code");
                let city = address.text("city");
                for key in ["id", "location_id", "address_type"] {
                    address.text(key);
                }
                let address_label = address.label();
                address.finish(self.report);
                if address_taken {
                    self.warn(
                        address_label,
                        "a partner has one address; this further address is not carried".into(),
                    );
                    continue;
                }
                address_taken = true;
                partner.street = street;
                partner.postal_code = postal_code;
                partner.city = city;
            }
            let mut location_phones = location.list("phones", "phone").into_iter();
            for p in location_phones.by_ref() {
                if let Some(number) = self.phone(p) {
                    if partner.phone.is_none() {
                        partner.phone = Some(number);
                    } else if partner.phone.as_deref() != Some(number.as_str()) {
                        partner.add_phone("Locatie".into(), number);
                    }
                }
            }
            self.contact_points(&mut location, None, &mut partner);
            self.schedules(&mut location, &mut hours, &mut partner_rows);
            for key in ["id", "organization_id", "location_type", "name"] {
                location.text(key);
            }
            location.finish(self.report);
        }
        partner.opening_hours = hours;
        partner.hours = partner_rows;
        partner.domains = self.domains(&mut o);
        let services = o.list("services", "service");
        for s in services {
            if let Some(service) = self.service(s, &mut partner) {
                partner.services.push(service);
            }
        }
        o.finish(self.report);
        for (service, notice) in partner.take_shared_notice() {
            self.warn(
                label.clone(),
                format!(
                    "service {}: a service keeps one notice; the alert {} is not carried",
                    quoted(&service),
                    quoted(&notice.text)
                ),
            );
        }
        if partner.name.is_empty() {
            self.warn(label, "organization without a name; skipped".into());
            return None;
        }
        if partner.services.is_empty() {
            self.warn(
                label,
                format!(
                    "organization {} has no services; Kaartenbak needs at least one; skipped",
                    quoted(&partner.name)
                ),
            );
            return None;
        }
        if partner.domains.is_empty() {
            for service in &partner.services {
                for d in &service.domains {
                    if !partner.domains.contains(d) {
                        partner.domains.push(d.clone());
                    }
                }
            }
        }
        if partner.domains.is_empty() {
            match default_domain {
                Some(domain) => partner.domains.push(domain.to_string()),
                None => {
                    self.warn(
                        label,
                        format!(
                            "no taxonomy term of {} is a domain of this site; skipped (pass --domain ID to file such partners under a domain)",
                            quoted(&partner.name)
                        ),
                    );
                    return None;
                }
            }
        }
        // `check` refuses a partner a coach can neither refer to nor reach (see docs/content-model.md).
        let reachable = partner.phone.is_some()
            || partner.email.is_some()
            || partner.website.is_some()
            || partner
                .contact_points
                .iter()
                .any(|c| c.phone.is_some() || c.email.is_some())
            || partner.services.iter().any(|s| s.referral.is_some());
        if !reachable {
            self.warn(
                label,
                format!(
                    "organization {} has no phone, e-mail, website, contact or referral text; Kaartenbak needs a way to reach it; skipped",
                    quoted(&partner.name)
                ),
            );
            return None;
        }
        Some(partner)
    }
}

/// The partner id of an organization: from a Kaartenbak page address in `uri` (`…/partners/ID/`), else from
/// its name, else from its HSDS id.
fn partner_id(org: &Value) -> String {
    let text = |key: &str| org.get(key).and_then(Value::as_str).unwrap_or("").trim();
    let from_uri = {
        let mut segments = text("uri").trim_end_matches('/').rsplit('/');
        match (segments.next(), segments.next()) {
            (Some(id), Some("partners")) if crate::formats::check_id(id).is_ok() => {
                Some(id.to_string())
            }
            _ => None,
        }
    };
    from_uri
        .or_else(|| mapping::id_from_name(text("name")))
        .or_else(|| mapping::id_from_name(&format!("organisatie {}", text("id"))))
        .unwrap_or_else(|| "organisatie".into())
}

/// Every organization mapped and rendered: (file relative to the site, bytes).
pub(super) fn map_all(
    organizations: &[Value],
    target: &Target,
    options: &ImportOptions,
    report: &mut ImportReport,
) -> Result<Vec<(String, Vec<u8>)>, ImportError> {
    let mut ordered: Vec<&Value> = organizations.iter().collect();
    ordered.sort_by_key(|o| {
        o.get("id")
            .and_then(Value::as_str)
            .unwrap_or("")
            .to_string()
    });
    // Ids first (repeated names get -2, -3 in HSDS id order), so links between imported partners resolve.
    let mut used = BTreeSet::new();
    let ids: Vec<String> = ordered
        .iter()
        .map(|org| {
            let base = partner_id(org);
            let mut id = base.clone();
            let mut n = 1;
            while !used.insert(id.clone()) {
                n += 1;
                id = format!("{base}-{n}");
            }
            id
        })
        .collect();
    let mut known = target.partners.clone();
    known.extend(ids.iter().cloned());
    let mut mapper = Mapper {
        target,
        known,
        report,
    };
    let mut files = Vec::new();
    for (org, id) in ordered.into_iter().zip(ids) {
        let Some(record) = Record::new("organization", org) else {
            continue;
        };
        let hsds_id = record.id();
        if let Some(partner) = mapper.organization(record, options.default_domain.as_deref()) {
            files.push((
                format!("content/partners/{id}.yaml"),
                render(&partner, &hsds_id).into_bytes(),
            ));
        }
    }
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_partner_id_comes_from_our_page_address_else_the_name_else_the_hsds_id() {
        let from_uri =
            json!({"uri": "https://kaart.example/partners/voedselbank/", "name": "Iets"});
        assert_eq!(partner_id(&from_uri), "voedselbank");
        let from_name =
            json!({"uri": "https://elders.example/org/1", "name": "Stichting Thuis & Zo"});
        assert_eq!(partner_id(&from_name), "stichting-thuis-zo");
        let from_id = json!({"id": "A17", "name": "  "});
        assert_eq!(partner_id(&from_id), "organisatie-a17");
    }
}
