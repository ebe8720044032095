//! Checks that span files: every referenced id exists (the glossary's links to entries too), prerequisites form no cycle, `@/` links and their
//! anchors resolve, no text embeds anything from another site, postcodes belong to one wijk, and entries
//! are verified recently enough.

use super::ValidationSettings;
use crate::content::{
    AreaScope, Content, Entry, EntryDetails, EntryKind, EntryMeta, MarkdownSource,
};
use crate::diagnostics::{suggestion_hint, Diagnostic, Diagnostics, Position};
use crate::markdown;
use crate::yaml::Spanned;
use kaartenbak_shared::MUNICIPALITY_WIDE;
use rayon::prelude::*;
use std::collections::{HashMap, HashSet};

/// The ids of everything that can be referred to, and the anchors of each entry.
struct Known<'c> {
    domains: HashSet<&'c str>,
    areas: HashSet<&'c str>,
    entries: HashMap<EntryKind, HashMap<&'c str, HashSet<String>>>,
}

impl<'c> Known<'c> {
    fn collect(content: &'c Content) -> Self {
        // Anchors come from parsing every Markdown text: in parallel.
        let entries = content
            .entries
            .iter()
            .map(|(kind, entries)| {
                let anchors = entries
                    .par_iter()
                    .map(|entry| {
                        // As the model gives them: the parts' own, then each text's headings.
                        let mut anchors: HashSet<String> = entry.reserved_anchors();
                        for text in entry.markdown_sources() {
                            let headings = text.outline().anchors(&anchors);
                            anchors.extend(headings);
                        }
                        (entry.id(), anchors)
                    })
                    .collect();
                (kind, anchors)
            })
            .collect();
        Known {
            domains: content.domains.iter().map(|d| d.id.as_str()).collect(),
            areas: content.areas.iter().map(|a| a.id.as_str()).collect(),
            entries,
        }
    }

    fn ids(&self, kind: EntryKind) -> impl Iterator<Item = &str> + Clone {
        self.entries[&kind].keys().copied()
    }
}

/// The entries whose files did not load or whose required fields were unusable (each already reported).
/// A link to one of them is counted instead of reported as unknown: the editor sees the one real error, not
/// one error per link to the broken file, and then one note per such entry.
#[derive(Debug, Default)]
pub struct NotLoaded {
    /// (kind, id) → the entry's file, and whether the file itself failed to load (rather than its fields).
    entries: HashMap<(EntryKind, String), (String, bool)>,
}

impl NotLoaded {
    /// An entry whose file could not be read or parsed.
    pub fn add_file(&mut self, kind: EntryKind, id: &str, file: &str) {
        self.entries
            .insert((kind, id.to_string()), (file.to_string(), true));
    }

    /// An entry left out because its required fields were missing or unusable.
    pub fn add_entry(&mut self, kind: EntryKind, id: &str, file: &str) {
        self.entries
            .insert((kind, id.to_string()), (file.to_string(), false));
    }

    pub fn contains(&self, kind: EntryKind, id: &str) -> bool {
        // Few entries fail at once; a lookup with a borrowed key would need a second map type.
        !self.entries.is_empty() && self.entries.contains_key(&(kind, id.to_string()))
    }
}

/// Links to entries that did not load, counted per entry while checking and reported once per entry.
#[derive(Debug, Default)]
pub struct Unchecked {
    counts: HashMap<(EntryKind, String), usize>,
}

impl Unchecked {
    pub fn count(&mut self, kind: EntryKind, id: &str) {
        *self.counts.entry((kind, id.to_string())).or_default() += 1;
    }

    pub fn report(self, not_loaded: &NotLoaded, diagnostics: &mut Diagnostics) {
        for (key, count) in self.counts {
            let Some((file, unparsed)) = not_loaded.entries.get(&key) else {
                continue;
            };
            let why = if *unparsed {
                "it did not load"
            } else {
                "it is left out until its errors are fixed"
            };
            let links = if count == 1 {
                "1 link to this entry was".to_string()
            } else {
                format!("{count} links to this entry were")
            };
            diagnostics.push(Diagnostic::note(
                "unchecked-links",
                file,
                Position::START,
                format!("{links} not checked because {why}"),
            ));
        }
    }
}

pub fn check(
    content: &Content,
    not_loaded: &NotLoaded,
    unchecked: &mut Unchecked,
    settings: ValidationSettings,
    diagnostics: &mut Diagnostics,
) {
    let known = Known::collect(content);
    if content.domains.is_empty() {
        diagnostics.push(
            Diagnostic::error("missing-data", "content/_data/domains.yaml", Position::START, "no domains are defined")
                .with_hint("create content/_data/domains.yaml with a list of domains (`- id: financien` and `label: Financiën`)"),
        );
    }
    let mut check_ids = |file: &str, ids: &[Spanned<String>], kind: Option<EntryKind>| {
        for id in ids {
            let exists = match kind {
                None => known.domains.contains(id.value.as_str()),
                Some(kind) => known.entries[&kind].contains_key(id.value.as_str()),
            };
            if exists {
                continue;
            }
            if let Some(kind) = kind.filter(|k| not_loaded.contains(*k, &id.value)) {
                unchecked.count(kind, &id.value);
                continue;
            }
            // Close matches are computed only for ids that are missing: comparing every reference with
            // every id would make validation quadratic in the size of the site.
            let (code, what, hint) = match kind {
                None => (
                    "unknown-domain",
                    "domain",
                    suggestion_hint(&id.value, known.domains.iter().copied(), "domains"),
                ),
                Some(kind) => (
                    kind.unknown_code(),
                    kind.name(),
                    suggestion_hint(&id.value, known.ids(kind), kind.folder()),
                ),
            };
            diagnostics.push(
                Diagnostic::error(
                    code,
                    file,
                    id.position(),
                    format!("unknown {what} `{}`", id.value),
                )
                .with_hint(hint),
            );
        }
    };
    for entry in content.entries.values().flatten() {
        let file = &entry.meta.file;
        for domain in entry.domain_ids() {
            check_ids(file, std::slice::from_ref(domain), None);
        }
        for (relation, ids) in entry.references() {
            check_ids(file, ids, Some(relation.target()));
        }
    }
    for term in &content.glossary {
        let links = &term.links;
        check_ids(&term.file, &links.partners, Some(EntryKind::Partner));
        check_ids(&term.file, &links.regulations, Some(EntryKind::Regulation));
        check_ids(&term.file, &links.modules, Some(EntryKind::Module));
        check_ids(&term.file, &links.pages, Some(EntryKind::Page));
    }
    check_areas(content, &known, diagnostics);
    check_postcodes(content, diagnostics);
    check_prerequisite_cycles(content, diagnostics);
    check_links(content, &known, not_loaded, unchecked, diagnostics);
    check_staleness(content, settings, diagnostics);
}

fn check_areas(content: &Content, known: &Known, diagnostics: &mut Diagnostics) {
    for entry in content.entries.values().flatten() {
        if let Some(AreaScope::Areas(areas)) = &entry.areas {
            for area in areas {
                if !known.areas.contains(area.value.as_str()) {
                    let hint = suggestion_hint(
                        &area.value,
                        known.areas.iter().copied().chain([MUNICIPALITY_WIDE]),
                        "wijken",
                    );
                    diagnostics.push(
                        Diagnostic::error(
                            "unknown-area",
                            &entry.meta.file,
                            area.position(),
                            format!("unknown wijk `{}`", area.value),
                        )
                        .with_hint(hint),
                    );
                }
            }
        }
    }
}

fn check_postcodes(content: &Content, diagnostics: &mut Diagnostics) {
    let mut all: Vec<(&Spanned<crate::content::PostcodeRange>, &str)> = content
        .areas
        .iter()
        .flat_map(|area| area.postcodes.iter().map(move |p| (p, area.id.as_str())))
        .collect();
    all.sort_by_key(|(p, _)| (p.value.first, p.position()));
    for pair in all.windows(2) {
        let ((a, area_a), (b, area_b)) = (pair[0], pair[1]);
        if a.value.overlaps(&b.value) {
            diagnostics.push(
                Diagnostic::error(
                    "postcode-overlap",
                    "content/_data/areas.yaml",
                    b.position(),
                    format!(
                        "postcode {} of `{area_b}` overlaps {} of `{area_a}`",
                        b.value.label(),
                        a.value.label()
                    ),
                )
                .with_hint("a PC4 postcode belongs to one wijk; split the range"),
            );
        }
    }
}

/// Depth-first search over prerequisites; every cycle is reported once, at the edge that closes it.
fn check_prerequisite_cycles(content: &Content, diagnostics: &mut Diagnostics) {
    let modules = &content.entries[EntryKind::Module];
    fn prerequisites(module: &Entry) -> &[Spanned<String>] {
        module.as_module().map_or(&[][..], |m| &m.prerequisites[..])
    }
    let index: HashMap<&str, usize> = modules
        .iter()
        .enumerate()
        .map(|(i, m)| (m.meta.id.as_str(), i))
        .collect();
    #[derive(Clone, Copy, PartialEq)]
    enum State {
        New,
        Active,
        Done,
    }
    let mut state = vec![State::New; modules.len()];
    for start in 0..modules.len() {
        if state[start] != State::New {
            continue;
        }
        // (module, next prerequisite to visit)
        let mut stack = vec![(start, 0usize)];
        state[start] = State::Active;
        while let Some((current, next)) = stack.last_mut() {
            let module = &modules[*current];
            let Some(prerequisite) = prerequisites(module).get(*next) else {
                state[*current] = State::Done;
                stack.pop();
                continue;
            };
            *next += 1;
            let Some(&target) = index.get(prerequisite.value.as_str()) else {
                continue;
            };
            match state[target] {
                State::New => {
                    state[target] = State::Active;
                    stack.push((target, 0));
                }
                State::Active => {
                    let from = stack.iter().position(|(m, _)| *m == target).unwrap_or(0);
                    let mut cycle: Vec<&str> = stack[from..]
                        .iter()
                        .map(|(m, _)| modules[*m].meta.id.as_str())
                        .collect();
                    cycle.push(&modules[target].meta.id);
                    diagnostics.push(
                        Diagnostic::error(
                            "prerequisite-cycle",
                            &module.meta.file,
                            prerequisite.position(),
                            format!("prerequisites form a cycle: {}", cycle.join(" → ")),
                        )
                        .with_hint("a module cannot (indirectly) require itself; remove one of these prerequisites"),
                    );
                }
                State::Done => {}
            }
        }
    }
}

fn check_links(
    content: &Content,
    known: &Known,
    not_loaded: &NotLoaded,
    unchecked: &mut Unchecked,
    diagnostics: &mut Diagnostics,
) {
    let sources: Vec<(&str, &MarkdownSource)> = content
        .entries
        .values()
        .flatten()
        .flat_map(|entry| {
            entry
                .markdown_sources()
                .map(|source| (entry.meta.file.as_str(), source))
        })
        .collect();
    let found: Vec<(Diagnostics, Vec<(EntryKind, String)>)> = sources
        .par_iter()
        .map(|(file, source)| {
            let mut found = Diagnostics::default();
            let mut skipped = Vec::new();
            let outline = source.outline();
            for link in &outline.links {
                let target = LinkCheck {
                    file,
                    destination: &link.destination,
                    known,
                    not_loaded,
                };
                skipped.extend(target.check(|| source.locate(link.at), &mut found));
            }
            for embed in &outline.remote_embeds {
                found.push(
                    Diagnostic::error(
                        "remote-embed",
                        file,
                        source.locate(embed.at),
                        format!(
                            "{} loads `{}` from another site: every visitor's browser would call that host",
                            embed.what, embed.url
                        ),
                    )
                    .with_hint("download it into the site's static files, or link to it instead"),
                );
            }
            (found, skipped)
        })
        .collect();
    for (found, skipped) in found {
        diagnostics.extend(found);
        for (kind, id) in skipped {
            unchecked.count(kind, &id);
        }
    }
    for entry in &content.entries[EntryKind::Page] {
        let EntryDetails::Page(page) = &entry.details else {
            continue;
        };
        for link in page.links.iter().filter(|l| l.url.value.starts_with("@/")) {
            let target = LinkCheck {
                file: &entry.meta.file,
                destination: &link.url.value,
                known,
                not_loaded,
            };
            if let Some((kind, id)) = target.check(|| link.url.position(), diagnostics) {
                unchecked.count(kind, &id);
            }
        }
    }
}

/// One `@/` link to check, and what it is checked against.
struct LinkCheck<'a> {
    file: &'a str,
    destination: &'a str,
    known: &'a Known<'a>,
    not_loaded: &'a NotLoaded,
}

impl LinkCheck<'_> {
    /// Reports the link if it is broken; returns its target instead when that is an entry that did not
    /// load (so the link could not be checked).
    fn check(
        &self,
        // Looked up only for a broken link: finding the position of a YAML value costs a pass over its file.
        at: impl Fn() -> Position,
        diagnostics: &mut Diagnostics,
    ) -> Option<(EntryKind, String)> {
        let LinkCheck {
            file,
            destination,
            known,
            not_loaded,
        } = *self;
        let link = match markdown::parse_internal_link(destination) {
            Ok(Some(link)) => link,
            Ok(None) => return None,
            Err(message) => {
                diagnostics.push(
                    Diagnostic::error("broken-link", file, at(), message)
                        .with_hint("internal links look like `@/partners/ID`, `@/regulations/ID`, `@/modules/ID` or `@/pages/ID`, optionally with `#anchor`"),
                );
                return None;
            }
        };
        if !known.entries[&link.kind].contains_key(link.id.as_str())
            && not_loaded.contains(link.kind, &link.id)
        {
            return Some((link.kind, link.id));
        }
        check_link_target(file, destination, &link, at, known, diagnostics);
        None
    }
}

fn check_link_target(
    file: &str,
    destination: &str,
    link: &markdown::InternalLink,
    at: impl Fn() -> Position,
    known: &Known,
    diagnostics: &mut Diagnostics,
) {
    let Some(anchors) = known.entries[&link.kind].get(link.id.as_str()) else {
        diagnostics.push(
            Diagnostic::error(
                "broken-link",
                file,
                at(),
                format!(
                    "`{destination}` links to a {} that does not exist",
                    link.kind.name()
                ),
            )
            .with_hint(suggestion_hint(
                &link.id,
                known.ids(link.kind),
                link.kind.folder(),
            )),
        );
        return;
    };
    if let Some(anchor) = &link.anchor {
        if !anchors.contains(anchor) {
            diagnostics.push(
                Diagnostic::error(
                    "broken-link",
                    file,
                    at(),
                    format!(
                        "`{destination}`: the {} has no anchor `#{anchor}`",
                        link.kind.name()
                    ),
                )
                .with_hint(suggestion_hint(
                    anchor,
                    anchors.iter().map(String::as_str),
                    "anchors",
                )),
            );
        }
    }
}

fn check_staleness(content: &Content, settings: ValidationSettings, diagnostics: &mut Diagnostics) {
    let metas = content.entries.iter().flat_map(|(kind, entries)| {
        entries
            .iter()
            .map(move |entry| (&entry.meta, kind.requires_verification()))
    });
    for (meta, required) in metas {
        if let Some(diagnostic) = staleness(meta, required, settings) {
            diagnostics.push(diagnostic);
        }
    }
}

fn staleness(meta: &EntryMeta, required: bool, settings: ValidationSettings) -> Option<Diagnostic> {
    match &meta.last_verified {
        None if required => Some(
            Diagnostic::warning(
                "stale",
                &meta.file,
                Position::START,
                "this entry has no `last_verified` date",
            )
            .with_hint("check the entry with the organisation and add `last_verified: YYYY-MM-DD`"),
        ),
        None => None,
        Some(date) if date.value > settings.today => Some(
            Diagnostic::warning(
                "future-date",
                &meta.file,
                date.position(),
                format!("`last_verified` {} lies in the future", date.value),
            )
            .with_hint("write the date the entry was actually checked"),
        ),
        Some(date) => {
            let age = (settings.today - date.value).num_days();
            (age > i64::from(settings.stale_after_days)).then(|| {
                Diagnostic::warning(
                    "stale",
                    &meta.file,
                    date.position(),
                    format!(
                        "last verified {} ({age} days ago, more than {})",
                        date.value, settings.stale_after_days
                    ),
                )
                .with_hint("check the entry with the organisation and update `last_verified`")
            })
        }
    }
}
