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
}

/// What a result shows beside title and snippet: the answer, not just a link. (Domain and wijk names come
/// from the manifest at search time; they are not stored per entry.)
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct DisplayInfo {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub referral: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
}
