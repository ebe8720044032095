//! The mapping's working state (`Mapper`: the target site, the report, the partner ids known) and the
//! partner and service it puts together, with the mapping of the fields a record of any kind may hold:
//! e-mail, website, phone, taxonomy terms (domains and service facts), service areas, contacts, ages.

use super::super::mapping;
use super::super::yaml_out::quoted;
use super::read::Target;
use super::record::Record;
use super::{ImportReport, ImportWarning};
use crate::content::{ContactPurpose, Cost, Domain, HoursRow, Notice};
use std::collections::BTreeSet;

/// A contact point as the import reads it; without a purpose term, `check` reads the purpose from the role.
pub(super) struct ContactPoint {
    pub(super) role: String,
    pub(super) purpose: Option<ContactPurpose>,
    pub(super) phone: Option<String>,
    pub(super) email: Option<String>,
}

/// What the taxonomy terms of a record's attributes say.
#[derive(Default)]
pub(super) struct Terms {
    /// Domain ids of the site.
    pub(super) domains: Vec<String>,
    /// Service facts (*Kaartenbak dienstkenmerken*).
    pub(super) characteristics: Vec<mapping::Characteristic>,
    /// A contact's purpose (*Kaartenbak contactdoelen*).
    pub(super) purpose: Option<ContactPurpose>,
}

impl Partner {
    /// Adds a contact point from an HSDS contact unless one with the same number and address is there
    /// already: HSDS JSON repeats a contact under the organization, its location and its service.
    pub(super) fn add_contact(&mut self, point: ContactPoint) {
        let known = self
            .contact_points
            .iter()
            .any(|known| known.phone == point.phone && known.email == point.email);
        if !known {
            self.contact_points.push(point);
        }
    }

    /// Adds a further phone number (of a service or location) as a contact point, unless it is the
    /// partner's own number or one it has.
    pub(super) fn add_phone(&mut self, role: String, number: String) {
        let known = self.phone.as_ref() == Some(&number)
            || self
                .contact_points
                .iter()
                .any(|point| point.phone.as_ref() == Some(&number));
        if !known {
            self.contact_points.push(ContactPoint {
                role,
                purpose: None,
                phone: Some(number),
                email: None,
            });
        }
    }
}

impl Partner {
    /// The partner's notice and its services': HSDS has `alert` on services only, and the export writes a
    /// partner's notice first on each of its services. So an alert that opens the alert of every one of two
    /// or more services is the partner's; a service's next alert is its own. A partner with one service
    /// cannot tell them apart: its alert stays the service's, as HSDS has it. Returns the further alerts
    /// that have no place (a service keeps one notice), by service name.
    pub(super) fn take_shared_notice(&mut self) -> Vec<(String, Notice)> {
        let first = self
            .services
            .first()
            .and_then(|s| s.alerts.first())
            .cloned();
        let shared = first.filter(|notice| {
            self.services.len() > 1
                && self
                    .services
                    .iter()
                    .all(|s| s.alerts.first() == Some(notice))
        });
        let mut left = Vec::new();
        for service in &mut self.services {
            let mut alerts = std::mem::take(&mut service.alerts).into_iter();
            if shared.is_some() {
                alerts.next();
            }
            service.notice = alerts.next();
            left.extend(alerts.map(|notice| (service.name.clone(), notice)));
        }
        self.notice = shared;
        left
    }
}

/// A partner as the import puts it together, before it is written.
#[derive(Default)]
pub(super) struct Partner {
    pub(super) name: String,
    pub(super) alternate_name: Option<String>,
    pub(super) description: Option<String>,
    pub(super) website: Option<String>,
    pub(super) email: Option<String>,
    pub(super) phone: Option<String>,
    pub(super) street: Option<String>,
    pub(super) postal_code: Option<String>,
    pub(super) city: Option<String>,
    /// None: gemeentebreed.
    pub(super) areas: Option<Vec<String>>,
    pub(super) domains: Vec<String>,
    pub(super) services: Vec<Service>,
    pub(super) opening_hours: Vec<String>,
    pub(super) hours: Vec<HoursRow>,
    pub(super) contact_points: Vec<ContactPoint>,
    /// What the alerts its services share (see `Partner::take_shared_notice`).
    pub(super) notice: Option<Notice>,
    pub(super) last_verified: Option<chrono::NaiveDate>,
    pub(super) verified_by: Option<String>,
}

#[derive(Default)]
pub(super) struct Service {
    pub(super) name: String,
    pub(super) description: Option<String>,
    pub(super) target_group: Option<String>,
    pub(super) minimum_age: Option<u32>,
    pub(super) maximum_age: Option<u32>,
    pub(super) eligibility: Option<String>,
    pub(super) referral: Option<String>,
    pub(super) fees: Option<String>,
    pub(super) wait_time: Option<String>,
    /// Dutch names (what editors write; `check` maps them to codes).
    pub(super) languages: Vec<String>,
    pub(super) domains: Vec<String>,
    pub(super) cost: Option<Cost>,
    pub(super) referral_required: Option<bool>,
    pub(super) home_visits: Option<bool>,
    pub(super) hours: Vec<HoursRow>,
    /// The notices of its HSDS `alert`, one a line, until `take_shared_notice` has taken the partner's.
    pub(super) alerts: Vec<Notice>,
    pub(super) notice: Option<Notice>,
}

pub(super) struct Mapper<'t> {
    pub(super) target: &'t Target,
    /// The ids of the partners this import writes, with those already in the site, for `@/` links.
    pub(super) known: BTreeSet<String>,
    pub(super) report: &'t mut ImportReport,
}

impl Mapper<'_> {
    /// A warning, once: HSDS JSON repeats a record wherever it applies (the same phone under the
    /// organization, its location and its service).
    pub(super) fn warn(&mut self, record: String, message: String) {
        let warning = ImportWarning { record, message };
        if !self.report.warnings.contains(&warning) {
            self.report.warnings.push(warning);
        }
    }

    pub(super) fn email(&mut self, r: &mut Record, key: &'static str) -> Option<String> {
        let value = r.text(key)?;
        match crate::formats::check_email(&value) {
            Ok(()) => Some(value),
            Err(e) => {
                self.warn(r.label(), format!("{key}: {}; not carried", e.message));
                None
            }
        }
    }

    pub(super) fn url(&mut self, r: &mut Record, key: &'static str) -> Option<String> {
        let value = r.text(key)?;
        match crate::formats::check_url(&value) {
            Ok(()) => Some(value),
            Err(e) => {
                self.warn(r.label(), format!("{key}: {}; not carried", e.message));
                None
            }
        }
    }

    /// A phone record's number as people dial it; quotes around it are removed (and said).
    pub(super) fn phone(&mut self, mut p: Record) -> Option<String> {
        let label = p.label();
        let number = p.text("number");
        p.finish(self.report);
        let number = number?;
        let unquoted = number
            .trim_matches(|c| c == '"' || c == '\'')
            .trim()
            .to_string();
        match crate::formats::check_phone(&unquoted) {
            Ok(()) if unquoted != number => {
                self.warn(
                    label,
                    format!(
                        "phone number {} is written in quotes; imported as {}",
                        quoted(&number),
                        quoted(&unquoted)
                    ),
                );
                Some(unquoted)
            }
            Ok(()) => Some(unquoted),
            Err(e) => {
                self.warn(label, format!("{}; not carried", e.message));
                None
            }
        }
    }

    pub(super) fn domains(&mut self, r: &mut Record) -> Vec<String> {
        self.terms(r).domains
    }

    /// The domain ids of a record's attributes, the service facts of its terms in the taxonomy
    /// *Kaartenbak dienstkenmerken* and a contact's purpose in *Kaartenbak contactdoelen*.
    pub(super) fn terms(&mut self, r: &mut Record) -> Terms {
        let mut found = Vec::new();
        let mut characteristics = Vec::new();
        let mut purpose = None;
        for mut attribute in r.list("attributes", "attribute") {
            let term = attribute.record("taxonomy_term", "taxonomy_term");
            attribute.text("taxonomy_term_id");
            attribute.text("link_id");
            attribute.text("link_type");
            attribute.text("link_entity");
            let label = attribute.label();
            attribute.finish(self.report);
            let Some(mut term) = term else {
                self.warn(label, "names no taxonomy term; not carried".into());
                continue;
            };
            let code = term.text("code");
            let name = term.text("name");
            term.text("id");
            term.text("description");
            let mut taxonomy = term.text("taxonomy");
            term.text("taxonomy_id");
            term.text("term_uri");
            if let Some(mut detail) = term.record("taxonomy_detail", "taxonomy") {
                let name = detail.text("name");
                taxonomy = taxonomy.or(name);
                for key in ["id", "description", "uri", "version"] {
                    detail.text(key);
                }
                detail.finish(self.report);
            }
            let term_label = term.label();
            term.finish(self.report);
            // A term of one of Kaartenbak's own taxonomies whose code it does not know.
            let unknown = |what: &str| {
                let code = quoted(code.as_deref().unwrap_or(""));
                format!("{what} {code} is unknown; not carried")
            };
            if taxonomy.as_deref() == Some(mapping::CHARACTERISTICS_TAXONOMY_NAME) {
                match code.as_deref().and_then(mapping::characteristic) {
                    Some(c) => characteristics.push(c),
                    None => self.warn(term_label, unknown("service characteristic")),
                }
                continue;
            }
            if taxonomy.as_deref() == Some(mapping::CONTACT_PURPOSE_TAXONOMY_NAME) {
                match code.as_deref().and_then(ContactPurpose::from_name) {
                    Some(p) => purpose = Some(p),
                    None => self.warn(term_label, unknown("contact purpose")),
                }
                continue;
            }
            let matches = |d: &&Domain| {
                code.as_deref() == Some(d.id.as_str())
                    || name.as_deref().is_some_and(|n| {
                        n.eq_ignore_ascii_case(&d.label) || n.eq_ignore_ascii_case(&d.id)
                    })
            };
            match self.target.domains.iter().find(matches) {
                Some(domain) if !found.contains(&domain.id) => found.push(domain.id.clone()),
                Some(_) => {}
                None => self.warn(
                    term_label,
                    format!(
                        "taxonomy term {} (code {}) is not a domain of this site; not carried",
                        quoted(name.as_deref().unwrap_or("")),
                        quoted(code.as_deref().unwrap_or(""))
                    ),
                ),
            }
        }
        Terms {
            domains: found,
            characteristics,
            purpose,
        }
    }

    /// The wijk ids of a service's areas; Err(()) when one of them is the whole municipality.
    pub(super) fn areas(&mut self, s: &mut Record) -> Result<Vec<String>, ()> {
        let mut found = Vec::new();
        let mut municipality = false;
        for mut area in s.list("service_areas", "service_area") {
            let name = area.text("name");
            let uri = area.text("uri");
            area.text("id");
            area.text("service_id");
            area.text("description");
            area.text("extent");
            area.text("extent_type");
            let label = area.label();
            area.finish(self.report);
            let from_uri = uri.as_deref().and_then(|u| {
                let mut segments = u.trim_end_matches('/').rsplit('/');
                let id = segments.next()?;
                (segments.next()? == "areas").then(|| id.to_string())
            });
            let wide = kaartenbak_shared::MUNICIPALITY_WIDE;
            if from_uri.as_deref() == Some(wide) || name.as_deref() == Some(wide) {
                municipality = true;
                continue;
            }
            let known = self.target.areas.iter().find(|a| {
                from_uri.as_deref() == Some(a.id.as_str())
                    || name
                        .as_deref()
                        .is_some_and(|n| n.eq_ignore_ascii_case(&a.name) || n == a.id)
            });
            match known {
                Some(a) if !found.contains(&a.id) => found.push(a.id.clone()),
                Some(_) => {}
                None => self.warn(
                    label,
                    format!(
                        "service area {} is not a wijk of this site; not carried",
                        quoted(
                            &name
                                .unwrap_or_default()
                                .chars()
                                .take(60)
                                .collect::<String>()
                        )
                    ),
                ),
            }
        }
        if municipality {
            Err(())
        } else {
            Ok(found)
        }
    }

    pub(super) fn contact_points(
        &mut self,
        r: &mut Record,
        prefix: Option<&str>,
        into: &mut Partner,
    ) {
        for mut contact in r.list("contacts", "contact") {
            let role = contact
                .text("title")
                .or_else(|| contact.text("department"))
                .or_else(|| contact.text("name"));
            let email = self.email(&mut contact, "email");
            let mut phones = contact.list("phones", "phone").into_iter();
            let phone = phones.next().and_then(|p| self.phone(p));
            for extra in phones {
                let label = extra.label();
                let number = self.phone(extra);
                if let Some(number) = number {
                    self.warn(
                        label,
                        format!(
                            "a contact keeps one phone number; {} not carried",
                            quoted(&number)
                        ),
                    );
                }
            }
            let purpose = self.terms(&mut contact).purpose;
            for key in [
                "id",
                "organization_id",
                "service_id",
                "location_id",
                "service_at_location_id",
            ] {
                contact.text(key);
            }
            let label = contact.label();
            contact.finish(self.report);
            let role = match (role, prefix) {
                (Some(role), Some(p)) => format!("{p}: {role}"),
                (Some(role), None) => role,
                (None, Some(p)) => p.to_string(),
                (None, None) => "Contact".to_string(),
            };
            if phone.is_none() && email.is_none() {
                self.warn(
                    label,
                    "has no usable phone number or e-mail address; not carried".into(),
                );
                continue;
            }
            into.add_contact(ContactPoint {
                role,
                purpose,
                phone,
                email,
            });
        }
    }

    pub(super) fn whole_age(&mut self, label: &str, key: &str, value: Option<f64>) -> Option<u32> {
        let value = value?;
        if value >= 0.0 && value.fract() == 0.0 && value <= 150.0 {
            Some(value as u32)
        } else {
            self.warn(
                label.to_string(),
                format!("{key} {value} is not an age in whole years; not carried"),
            );
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn notice(text: &str) -> Notice {
        Notice {
            text: text.into(),
            from: None,
            until: None,
            refer_meanwhile: None,
        }
    }

    fn service(name: &str, alerts: &[&str]) -> Service {
        Service {
            name: name.into(),
            alerts: alerts.iter().map(|a| notice(a)).collect(),
            ..Service::default()
        }
    }

    #[test]
    fn an_alert_every_service_opens_with_is_the_partners_notice() {
        let mut partner = Partner {
            services: vec![
                service("Schuldhulp", &["Wachtlijst", "Intake via het loket"]),
                service("Budgetcursus", &["Wachtlijst"]),
            ],
            ..Partner::default()
        };
        assert!(partner.take_shared_notice().is_empty());
        assert_eq!(partner.notice, Some(notice("Wachtlijst")));
        assert_eq!(
            partner.services[0].notice,
            Some(notice("Intake via het loket"))
        );
        assert_eq!(partner.services[1].notice, None);
    }

    #[test]
    fn one_service_keeps_its_alert_and_a_further_one_is_left_over() {
        let mut partner = Partner {
            services: vec![service("Inloop", &["Gesloten", "Verhuisd"])],
            ..Partner::default()
        };
        let left = partner.take_shared_notice();
        assert_eq!(partner.notice, None);
        assert_eq!(partner.services[0].notice, Some(notice("Gesloten")));
        assert_eq!(left.len(), 1);
        assert_eq!(left[0].0, "Inloop");
        assert_eq!(left[0].1, notice("Verhuisd"));
    }
}
