//! Validate stage: reads the typed fields of every loaded document and checks everything that spans files
//! (ids that must exist, prerequisite cycles, `@/` links, staleness). Reports all problems at once.

mod data;
mod entries;
mod references;

pub use entries::GEMEENTEBREED as MUNICIPALITY_WIDE;

use crate::config::SiteConfig;
use crate::content::{Content, EntryKind};
use crate::diagnostics::Diagnostics;
use crate::load::{LoadedSite, SourceKind};
use crate::yaml::ReadContext;
use chrono::NaiveDate;

/// Settings that validation depends on, separate from the config so tests can fix "today".
#[derive(Debug, Clone, Copy)]
pub struct ValidationSettings {
    pub stale_after_days: u32,
    pub today: NaiveDate,
}

impl ValidationSettings {
    pub fn from_config(config: Option<&SiteConfig>, today: NaiveDate) -> Self {
        ValidationSettings {
            stale_after_days: config.map_or(365, |c| c.stale_after_days),
            today,
        }
    }
}

pub fn validate(loaded: &LoadedSite, settings: ValidationSettings) -> (Content, Diagnostics) {
    let mut diagnostics = Diagnostics::default();
    let mut content = Content::default();
    for document in &loaded.documents {
        let mut ctx = ReadContext {
            file: &document.file,
            positions: &document.yaml.positions,
            diagnostics: &mut diagnostics,
        };
        match document.kind {
            SourceKind::Domains => {
                content.domains = data::read_domains(&mut ctx, &document.yaml.value)
            }
            SourceKind::Areas => content.areas = data::read_areas(&mut ctx, &document.yaml.value),
            SourceKind::Entry(kind) => {
                let body = document.body.clone();
                let value = &document.yaml.value;
                let id = document.id.clone();
                match kind {
                    EntryKind::Partner => content
                        .partners
                        .extend(entries::read_partner(&mut ctx, value, id)),
                    EntryKind::Regulation => content
                        .regulations
                        .extend(entries::read_regulation(&mut ctx, value, id, body)),
                    EntryKind::Module => content
                        .modules
                        .extend(entries::read_module(&mut ctx, value, id, body)),
                    EntryKind::Page => content
                        .pages
                        .extend(entries::read_page(&mut ctx, value, id, body)),
                }
            }
        }
    }
    references::check(&content, settings, &mut diagnostics);
    (content, diagnostics)
}
