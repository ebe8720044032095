//! What each page's view reads from the model, as one hash (its inputs). While a page's inputs are the
//! same as in the previous build of a session, so is its view, and the page is kept without building the
//! view at all. Pages that read a large part of the model (listings, the matrix, the dashboard, the home
//! page, the glossary) have no inputs; their views are built and compared every time.
//!
//! The list below must name everything a view shows. Debug builds check it: when a page is kept for its
//! inputs, its view is built anyway and must hash as before (see `Renderer::page`), so every test that
//! rebuilds a session checks these lists against the view builders.

use super::routes::PageJob;
use crate::content::EntryKind;
use crate::model::{EntryRef, Site};
use xxhash_rust::xxh3::Xxh3;

struct Inputs<'a> {
    site: &'a Site,
    hasher: Xxh3,
}

impl Inputs<'_> {
    fn number(&mut self, n: usize) {
        self.hasher.update(&(n as u64).to_le_bytes());
    }

    fn fingerprint(&mut self, entry: EntryRef) {
        let fingerprint = self.site.entry_fingerprint(entry);
        self.hasher.update(&fingerprint.to_le_bytes());
    }

    /// Entries a page shows something of (a link with its title, a card): which ones, and their data.
    fn entries(&mut self, kind: EntryKind, indices: &[usize]) {
        self.number(indices.len());
        for &index in indices {
            self.number(index);
            self.fingerprint(EntryRef { kind, index });
        }
    }

    fn mentions(&mut self, refs: &[EntryRef]) {
        self.number(refs.len());
        for &entry in refs {
            self.hasher.update(&[entry.kind as u8]);
            self.number(entry.index);
            self.fingerprint(entry);
        }
    }
}

/// The inputs of the page `job` renders; `base` covers the templates and what every page shares. None for
/// pages that are always compared by their view.
pub(super) fn input_key(site: &Site, base: u64, job: PageJob) -> Option<u64> {
    let mut inputs = Inputs {
        site,
        hasher: Xxh3::new(),
    };
    inputs.hasher.update(&base.to_le_bytes());
    inputs.hasher.update(&site.revision.to_le_bytes());
    // Domains and wijken (their names and links) come from the data files, which `revision` covers.
    match job {
        PageJob::Entry(entry) => {
            let node = site.entry(entry);
            inputs.entries(entry.kind, &[entry.index]);
            // Related entries show their titles (and link to them).
            for (kind, related) in node.relations.all() {
                inputs.entries(kind, related);
            }
            // A page's related links carry their own titles.
            inputs.mentions(&node.backlinks.mentioned_in);
            // A module page lists the glossary terms that link to it or that its texts mark; the glossary
            // file can change those without changing the module.
            if entry.kind == EntryKind::Module {
                for (t, term) in site.glossary.iter().enumerate() {
                    if term.handled_by.contains(&entry) || term.mentioned_in.contains(&entry) {
                        inputs.number(t);
                        inputs.hasher.update(term.term.anchor.as_bytes());
                        inputs.hasher.update(&[0]);
                        inputs.hasher.update(term.term.term.as_bytes());
                    }
                }
            }
        }
        PageJob::Domain(d) => {
            let node = &site.domains[d];
            inputs.number(d);
            for (kind, entries) in node.entries.iter() {
                inputs.entries(kind, entries);
            }
        }
        PageJob::Area(a) => {
            inputs.number(a);
            for (kind, entries) in site.areas[a].entries.iter() {
                inputs.entries(kind, entries);
            }
            inputs.number(site.municipality_wide[EntryKind::Partner].len());
        }
        PageJob::Home
        | PageJob::Listing(_)
        | PageJob::DomainListing
        | PageJob::MunicipalityWide
        | PageJob::AreaListing
        | PageJob::Matrix
        | PageJob::Search
        | PageJob::Plan
        | PageJob::Editorial
        | PageJob::NotFound
        | PageJob::Glossary
        | PageJob::ModuleFilter(_)
        | PageJob::PathListing
        | PageJob::Path(_) => return None,
    }
    Some(inputs.hasher.digest())
}
