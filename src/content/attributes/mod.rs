//! The structured attributes of a service that a coach filters on — cost, referral, home visits, opening
//! hours, languages — and the effective value of each: what the editor filled in first, then what the
//! older prose fields say where that is unambiguous (`prose`), so sites that have not filled them in still
//! get what can be read safely.

mod hours;
pub mod languages;
mod prose;

pub use hours::{
    clock_text, day_name, parse_days, parse_hours_prose, parse_time_span, DaysError, HoursRow,
    TimeError, WEEKDAY_KEYS,
};
pub use prose::{cost_from_fees, home_visits_from_text, referral_required_from_text};

use super::{Partner, Service};

/// What a service costs the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Cost {
    Free,
    /// An income-dependent or fixed own contribution (eigen bijdrage, the Wmo abonnementstarief).
    Contribution,
    Paid,
}

impl Cost {
    /// The values editors write for `cost`, Dutch first; English is accepted too.
    pub const INPUT: &'static [(&'static str, Cost)] = &[
        ("gratis", Cost::Free),
        ("eigen-bijdrage", Cost::Contribution),
        ("betaald", Cost::Paid),
        ("free", Cost::Free),
        ("contribution", Cost::Contribution),
        ("paid", Cost::Paid),
    ];

    /// The Dutch value as written in content (and written back by the HSDS import).
    pub fn keyword(self) -> &'static str {
        match self {
            Cost::Free => "gratis",
            Cost::Contribution => "eigen-bijdrage",
            Cost::Paid => "betaald",
        }
    }

    pub fn from_keyword(text: &str) -> Option<Cost> {
        let wanted = text.trim().to_lowercase().replace([' ', '_'], "-");
        Cost::INPUT
            .iter()
            .find(|(word, _)| *word == wanted)
            .map(|(_, cost)| *cost)
    }
}

/// A service's attributes as search and the exports use them: the structured field where the editor
/// wrote one, else the prose fallback, else unknown.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct EffectiveAttributes {
    pub cost: Option<Cost>,
    pub referral_required: Option<bool>,
    pub home_visits: Option<bool>,
    pub hours: Vec<HoursRow>,
    /// ISO 639 codes.
    pub languages: Vec<String>,
}

impl Service {
    /// The service's hours: its own, else its partner's (`hours` on the partner is the default for its
    /// services), else what the partner's `opening_hours` prose says unambiguously.
    pub fn effective_hours(&self, partner: &Partner) -> Vec<HoursRow> {
        if !self.hours.is_empty() {
            return self.hours.clone();
        }
        if !partner.hours.is_empty() {
            return partner.hours.clone();
        }
        partner
            .opening_hours
            .as_deref()
            .map(parse_hours_prose)
            .unwrap_or_default()
    }

    pub fn attributes(&self, partner: &Partner) -> EffectiveAttributes {
        EffectiveAttributes {
            cost: self
                .cost
                .or_else(|| self.fees.as_deref().and_then(cost_from_fees)),
            referral_required: self.referral_required.or_else(|| {
                self.referral
                    .as_deref()
                    .and_then(referral_required_from_text)
            }),
            home_visits: self.home_visits.or_else(|| {
                [
                    Some(self.name.as_str()),
                    self.description.as_ref().map(|d| d.text.as_str()),
                    self.referral.as_deref(),
                ]
                .into_iter()
                .flatten()
                .find_map(home_visits_from_text)
            }),
            hours: self.effective_hours(partner),
            languages: self.languages.clone(),
        }
    }
}
