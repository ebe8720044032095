//! The shape of one searchable entry, as the site generator hands it to the index.

use serde::{Deserialize, Serialize};

/// One entry (partner, regulation, module, page). A partner's services are its `lines`.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct SearchDocument {
    /// `FOLDER/ID`, e.g. `partners/schuldhulp-lindewaard`, where FOLDER is the kind plus "s".
    pub id: String,
    /// `partner`, `regulation`, `module` or `page`.
    pub kind: String,
    pub title: String,
    pub summary: String,
    /// Short lines shown as the matching line of a result: services, a regulation's mandate, sessions.
    pub lines: Vec<String>,
    /// Long text: descriptions, bodies. Searched, not stored.
    pub body: String,
    /// Domain ids.
    pub domains: Vec<String>,
    /// Wijk ids, or `gemeentebreed`.
    pub areas: Vec<String>,
    pub display: DisplayInfo,
    /// A partner's services with the facts a coach filters on (age, cost, referral, home visits, hours,
    /// languages); a partner qualifies for an attribute in the query through its best-matching service.
    /// Empty for other kinds.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub services: Vec<ServiceFacts>,
}

/// One service of a partner as search ranks it: its name and short text (to tell which service answers a
/// need), its domains, and its structured attributes. Structured fields win; the site generator reads the
/// prose fields only as a fallback for content that has not filled them in.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ServiceFacts {
    pub name: String,
    /// Plain text of the service's description (Markdown removed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description: String,
    /// Domain ids of the service.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub domains: Vec<String>,
    /// Inclusive age bounds in years.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub maximum_age: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cost: Option<Cost>,
    /// Whether the client needs a referral (from a GP, the wijkteam, the municipality) to get the service.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral_required: Option<bool>,
    /// Whether the service comes to the client's home.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub home_visits: Option<bool>,
    /// When the service can be reached, as weekday and time ranges (local time).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub hours: Vec<OpeningSpan>,
    /// Languages the service is given in, as ISO 639-1 codes where one exists (`nl`, `pl`, `tr`, `so`),
    /// else ISO 639-3.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<String>,
}

/// What a service costs the client.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Cost {
    Free,
    /// An income-dependent or fixed own contribution (eigen bijdrage).
    Contribution,
    Paid,
}

/// One weekday's opening time range: `day` 1 = Monday … 7 = Sunday, `open`/`close` minutes after
/// midnight (`close` > `open`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct OpeningSpan {
    pub day: u8,
    pub open: u16,
    pub close: u16,
}

/// What a result shows beside title and snippet: the answer, not just a link. (Domain and wijk names come
/// from the manifest at search time; they are not stored per entry.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisplayInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    /// The temporary notices (waiting list, closed intake) not ended when the site was built: the
    /// partner's own, then its services'. The page shows those in force on the visitor's day (sites are
    /// not rebuilt daily).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notices: Vec<ResultNotice>,
}

/// A temporary notice as a result shows it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ResultNotice {
    pub text: String,
    /// The service it is about, when it is a service's notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    /// First and last day (YYYY-MM-DD) it applies.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<String>,
    /// Whether coaches should refer meanwhile.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub refer_meanwhile: Option<bool>,
}
