//! The site configuration, `kaartenbak.toml`: title, base URL, language, theme and editorial settings.

use crate::diagnostics::{Diagnostic, Position};
use crate::formats;
use serde::Deserialize;
use std::path::Path;

pub const CONFIG_FILE: &str = "kaartenbak.toml";

#[derive(Debug, Clone, PartialEq)]
pub struct SiteConfig {
    pub title: String,
    pub description: Option<String>,
    pub base_url: url::Url,
    pub language: Language,
    pub theme: String,
    pub stale_after_days: u32,
    pub editors_contact: Option<String>,
    /// Whether the site keeps an offline copy in visitors' browsers (a service worker); on by default.
    pub offline: bool,
    /// Bytes the offline copy downloads on a first visit at most (`offline_budget_mb`); see `offline`.
    pub offline_budget: u64,
    /// The province of the municipality ("Noord-Brabant"): HSDS addresses require `state_province`.
    pub province: Option<String>,
    /// After how many days untouched the plan page removes a household plan from the browser.
    pub plan_expiry_days: u32,
    /// The page or partner behind the "Spoed / crisis" entry on the home page and in every page's header.
    pub crisis: Option<CrisisLink>,
}

/// `crisis = "@/pages/ID"` (or `@/partners/ID`): where a coach goes in a crisis. Checked against the
/// content once it is loaded (`build::check`), at the setting's position.
#[derive(Debug, Clone, PartialEq)]
pub struct CrisisLink {
    /// `pages` or `partners`.
    pub folder: String,
    pub id: String,
    pub at: Position,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Language {
    Nl,
    En,
}

impl Language {
    pub fn code(self) -> &'static str {
        match self {
            Language::Nl => "nl",
            Language::En => "en",
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: String,
    base_url: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default = "default_language")]
    language: Language,
    #[serde(default = "default_theme")]
    theme: String,
    #[serde(default = "default_stale_after_days")]
    stale_after_days: u32,
    #[serde(default)]
    editors_contact: Option<String>,
    #[serde(default = "default_offline")]
    offline: bool,
    #[serde(default = "default_offline_budget_mb")]
    offline_budget_mb: f64,
    #[serde(default)]
    province: Option<String>,
    #[serde(default = "default_plan_expiry_days")]
    plan_expiry_days: u32,
    #[serde(default)]
    crisis: Option<String>,
}

fn default_language() -> Language {
    Language::Nl
}
fn default_theme() -> String {
    "default".into()
}
fn default_stale_after_days() -> u32 {
    365
}
fn default_offline() -> bool {
    true
}
/// About 15 s on a phone at 1 MB/s; what a 10,000-entry site's shell and whole search index take (docs/offline.md).
fn default_offline_budget_mb() -> f64 {
    15.0
}
/// A household plan holds sensitive notes: kept no longer than a usual evaluation cycle (docs/plan.md).
fn default_plan_expiry_days() -> u32 {
    90
}

impl SiteConfig {
    /// The path prefix of every link, from `base_url` (`/` or e.g. `/sociale-kaart/`).
    pub fn base_path(&self) -> String {
        let path = self.base_url.path();
        if path.ends_with('/') {
            path.to_string()
        } else {
            format!("{path}/")
        }
    }

    /// The `mailto:` or web link of `editors_contact`.
    pub fn editors_contact_href(&self) -> Option<String> {
        self.editors_contact.as_ref().map(|c| {
            if c.contains("://") {
                c.clone()
            } else {
                format!("mailto:{c}")
            }
        })
    }
}

/// Reads `kaartenbak.toml` in `root`.
pub fn load_config(root: &Path) -> Result<SiteConfig, Diagnostic> {
    let path = root.join(CONFIG_FILE);
    let text = std::fs::read_to_string(&path).map_err(|error| {
        Diagnostic::error(
            "missing-config",
            CONFIG_FILE,
            Position::START,
            format!("cannot read {CONFIG_FILE}: {error}"),
        )
        .with_hint("run kaartenbak in the folder that holds kaartenbak.toml and content/, or pass --root DIR")
    })?;
    parse_config(&text)
}

pub fn parse_config(text: &str) -> Result<SiteConfig, Diagnostic> {
    let raw: RawConfig = toml::from_str(text).map_err(|error| {
        let at = error
            .span()
            .map_or(Position::START, |span| Position::at_offset(text, span.start));
        Diagnostic::error(
            "config",
            CONFIG_FILE,
            at,
            format!("invalid configuration: {}", error.message()),
        )
        .with_hint(
            "known settings: title, base_url, description, language (nl|en), theme, stale_after_days, editors_contact, offline (true|false), offline_budget_mb, province, plan_expiry_days, crisis",
        )
    })?;
    let locate = |key: &str| {
        text.find(&format!("{key} "))
            .or_else(|| text.find(&format!("{key}=")))
            .map_or(Position::START, |offset| Position::at_offset(text, offset))
    };
    let base_url = url::Url::parse(&raw.base_url)
        .ok()
        .filter(|u| u.scheme() == "https" || u.scheme() == "http")
        .ok_or_else(|| {
            Diagnostic::error(
                "config",
                CONFIG_FILE,
                locate("base_url"),
                format!(
                    "`base_url` `{}` is not an absolute web address",
                    raw.base_url
                ),
            )
            .with_hint("e.g. base_url = \"https://sociale-kaart.gemeente.example/\"")
        })?;
    let budget = raw.offline_budget_mb;
    if !budget.is_finite() || !(0.0..=100_000.0).contains(&budget) {
        return Err(Diagnostic::error(
            "config",
            CONFIG_FILE,
            locate("offline_budget_mb"),
            format!("`offline_budget_mb` {budget} is not a size in megabytes"),
        )
        .with_hint("e.g. offline_budget_mb = 15 (what a first visit downloads for the offline copy, at most)"));
    }
    let offline_budget = (budget * 1_000_000.0) as u64;
    if let Some(contact) = &raw.editors_contact {
        let valid = if contact.contains("://") {
            formats::check_url(contact)
        } else {
            formats::check_email(contact)
        };
        if let Err(error) = valid {
            return Err(Diagnostic::error(
                "config",
                CONFIG_FILE,
                locate("editors_contact"),
                error.message,
            )
            .with_hint("editors_contact is an e-mail address or a URL"));
        }
    }
    let crisis = match &raw.crisis {
        None => None,
        Some(link) => {
            let at = locate("crisis");
            let target = link.trim().strip_prefix("@/").unwrap_or("");
            match target.trim_end_matches('/').split_once('/') {
                Some((folder @ ("pages" | "partners"), id)) if !id.is_empty() && !id.contains('/') => {
                    Some(CrisisLink {
                        folder: folder.to_string(),
                        id: id.to_string(),
                        at,
                    })
                }
                _ => {
                    return Err(Diagnostic::error(
                        "config",
                        CONFIG_FILE,
                        at,
                        format!("`crisis` `{link}` is not a link to a page or partner"),
                    )
                    .with_hint("e.g. crisis = \"@/pages/crisis-buiten-kantooruren\" or crisis = \"@/partners/veilig-thuis\""))
                }
            }
        }
    };
    Ok(SiteConfig {
        title: raw.title,
        description: raw.description,
        base_url,
        language: raw.language,
        theme: raw.theme,
        stale_after_days: raw.stale_after_days,
        editors_contact: raw.editors_contact,
        offline: raw.offline,
        offline_budget,
        province: raw.province,
        plan_expiry_days: raw.plan_expiry_days,
        crisis,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_apply() {
        let config =
            parse_config("title = \"T\"\nbase_url = \"https://x.example/kaart\"\n").unwrap();
        assert_eq!(config.language, Language::Nl);
        assert_eq!(config.stale_after_days, 365);
        assert_eq!(config.theme, "default");
        assert_eq!(config.base_path(), "/kaart/");
        assert!(config.offline);
        assert_eq!(config.plan_expiry_days, 90);
        let off =
            parse_config("title = \"T\"\nbase_url = \"https://x.example/\"\noffline = false\n")
                .unwrap();
        assert!(!off.offline);
        assert_eq!(config.offline_budget, 15_000_000);
    }

    #[test]
    fn the_offline_budget_is_megabytes_and_a_negative_one_is_reported_where_it_stands() {
        let base = "title = \"T\"\nbase_url = \"https://x.example/\"\n";
        let whole = parse_config(&format!("{base}offline_budget_mb = 40\n")).unwrap();
        assert_eq!(whole.offline_budget, 40_000_000);
        let half = parse_config(&format!("{base}offline_budget_mb = 0.5\n")).unwrap();
        assert_eq!(half.offline_budget, 500_000);
        let error = parse_config(&format!("{base}offline_budget_mb = -3\n")).unwrap_err();
        assert_eq!(error.line, 3);
        assert!(
            error.message.contains("offline_budget_mb"),
            "{}",
            error.message
        );
    }

    #[test]
    fn unknown_settings_are_reported_with_their_position() {
        let error =
            parse_config("title = \"T\"\nbase_url = \"https://x.example/\"\nlanguag = \"en\"\n")
                .unwrap_err();
        assert_eq!(error.line, 3);
        assert!(error.message.contains("languag"), "{}", error.message);
    }

    #[test]
    fn the_crisis_entry_links_to_a_page_or_partner() {
        let base = "title = \"T\"\nbase_url = \"https://x.example/\"\n";
        let config =
            parse_config(&format!("{base}crisis = \"@/partners/veilig-thuis\"\n")).unwrap();
        let crisis = config.crisis.unwrap();
        assert_eq!(
            (crisis.folder.as_str(), crisis.id.as_str()),
            ("partners", "veilig-thuis")
        );
        assert_eq!(crisis.at, Position::new(3, 1));
        let error =
            parse_config(&format!("{base}crisis = \"https://crisis.example/\"\n")).unwrap_err();
        assert_eq!((error.line, error.column), (3, 1));
        assert!(
            error.message.contains("not a link to a page or partner"),
            "{error}"
        );
    }

    #[test]
    fn a_relative_base_url_is_an_error() {
        let error = parse_config("title = \"T\"\nbase_url = \"/kaart/\"\n").unwrap_err();
        assert_eq!((error.line, error.column), (2, 1));
    }
}
