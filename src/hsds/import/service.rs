//! Mapping an HSDS service into a Kaartenbak service of its partner: texts, ages, fees, languages, areas,
//! hours, phones and contacts (which go to the partner), and the service facts of its terms.

use super::super::mapping;
use super::super::yaml_out::quoted;
use super::mapper::{Mapper, Partner, Service};
use super::record::Record;

impl Mapper<'_> {
    pub(super) fn service(&mut self, mut s: Record, partner: &mut Partner) -> Option<Service> {
        let label = s.label();
        let Some(name) = s.text("name") else {
            self.warn(label, "service without a name; skipped".into());
            s.finish(self.report);
            return None;
        };
        let base = self.target.base_url.clone();
        let known = self.known.clone();
        let description = s
            .markdown("description")
            .map(|d| mapping::partner_links(&d, &base, |id| known.contains(id)));
        let (target_group, eligibility) = s
            .text("eligibility_description")
            .map(|t| mapping::split_eligibility(&t))
            .unwrap_or_default();
        let min = s.number("minimum_age");
        let max = s.number("maximum_age");
        let mut minimum_age = self.whole_age(&label, "minimum_age", min);
        let mut maximum_age = self.whole_age(&label, "maximum_age", max);
        if let (Some(a), Some(b)) = (minimum_age, maximum_age) {
            if a > b {
                self.warn(
                    label.clone(),
                    format!("minimum_age {a} is above maximum_age {b}; neither carried"),
                );
                minimum_age = None;
                maximum_age = None;
            }
        }
        let fees = s.text("fees_description").or_else(|| {
            let options: Vec<String> = s
                .list("cost_options", "cost_option")
                .into_iter()
                .filter_map(|mut o| {
                    let text = o.text("option").or_else(|| o.text("amount_description"));
                    let amount = o.number("amount");
                    let currency = o.text("currency");
                    o.text("id");
                    o.text("service_id");
                    o.finish(self.report);
                    match (text, amount) {
                        (Some(t), _) => Some(t),
                        (None, Some(a)) => Some(
                            format!("{a} {}", currency.unwrap_or_default())
                                .trim()
                                .to_string(),
                        ),
                        (None, None) => None,
                    }
                })
                .collect();
            (!options.is_empty()).then(|| options.join("; "))
        });
        if fees.is_some() && !s.read.contains("cost_options") {
            // Cost options say in parts what fees_description says in words; they count as read only when
            // they are the fees themselves.
            for mut o in s.list("cost_options", "cost_option") {
                for key in ["id", "service_id"] {
                    o.text(key);
                }
                o.finish(self.report);
            }
        }
        let languages = self.service_languages(&mut s);
        match self.areas(&mut s) {
            Err(()) => partner.areas = None,
            Ok(found) if !found.is_empty() => {
                if let Some(areas) = partner.areas.as_mut() {
                    for a in found {
                        if !areas.contains(&a) {
                            areas.push(a);
                        }
                    }
                }
            }
            Ok(_) => {}
        }
        let mut hours = Vec::new();
        let mut service_hours = Vec::new();
        self.schedules(&mut s, &mut hours, &mut service_hours);
        for h in hours {
            if !partner.opening_hours.contains(&h) {
                partner.opening_hours.push(h);
            }
        }
        if let Some(date) = s.text("assured_date") {
            match crate::formats::parse_date(&date) {
                Ok(date) if partner.last_verified.is_none_or(|d| d < date) => {
                    partner.last_verified = Some(date);
                }
                Ok(_) => {}
                Err(e) => self.warn(
                    label.clone(),
                    format!("assured_date: {}; not carried", e.message),
                ),
            }
        }
        if let Some(email) = self.email(&mut s, "assurer_email") {
            partner.verified_by.get_or_insert(email);
        }
        let phones = s.list("phones", "phone");
        for p in phones {
            if let Some(number) = self.phone(p) {
                partner.add_phone(name.clone(), number);
            }
        }
        self.contact_points(&mut s, Some(&name), partner);
        let terms = self.terms(&mut s);
        let (domains, characteristics) = (terms.domains, terms.characteristics);
        if let Some(status) = s.text("status") {
            if status != "active" {
                self.warn(
                    label.clone(),
                    format!(
                        "status {}: Kaartenbak has no status; imported as a current service",
                        quoted(&status)
                    ),
                );
            }
        }
        let service = Service {
            name,
            description,
            target_group,
            minimum_age,
            maximum_age,
            eligibility,
            referral: s.text("application_process"),
            fees,
            wait_time: s.text("wait_time"),
            languages,
            domains,
            cost: characteristics.iter().find_map(|c| match c {
                mapping::Characteristic::Cost(cost) => Some(*cost),
                _ => None,
            }),
            referral_required: characteristics.iter().find_map(|c| match c {
                mapping::Characteristic::ReferralRequired(r) => Some(*r),
                _ => None,
            }),
            home_visits: characteristics.iter().find_map(|c| match c {
                mapping::Characteristic::HomeVisits(h) => Some(*h),
                _ => None,
            }),
            hours: service_hours,
            alerts: s
                .text("alert")
                .map(|alert| mapping::notices_from_alert(&alert))
                .unwrap_or_default(),
            notice: None,
        };
        s.finish(self.report);
        Some(service)
    }
}
