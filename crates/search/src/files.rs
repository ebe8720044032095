//! The index as a set of named files plus a manifest: what `build` writes into `site/_search/` and what
//! the CLI and the browser load back into memory.

use crate::analyzer::SearchLanguage;
use crate::parts::PartedFile;
use crate::SearchError;
use serde::{Deserialize, Serialize};
use std::collections::HashMap;

pub const MANIFEST_FILE: &str = "manifest.json";

/// What an index is built for: its language, the site's base path, and the domains and wijken.
pub struct IndexOptions {
    pub language: SearchLanguage,
    pub base: String,
    pub facets: Facets,
    /// Terms whose names search expands into each other.
    pub glossary: Vec<GlossaryTerm>,
    /// The needs search recognises in a query (the lexicon, merged and checked by the site generator).
    pub needs: Vec<Need>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    pub schema_version: u32,
    /// The search code that wrote the index (see `FINGERPRINT`); readers built from other code refuse it.
    pub fingerprint: String,
    pub language: SearchLanguage,
    pub documents: u64,
    /// The site's base path (`/` or e.g. `/sociale-kaart/`): a result's URL is BASE + id + `/`.
    pub base: String,
    /// The values of the domain and wijk filters, for facet labels and the postcode lookup.
    pub facets: Facets,
    /// The site's glossary as far as search expands words through it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub glossary: Vec<GlossaryTerm>,
    /// The needs search recognises in a query (the shipped lexicon merged with the site's), each with the
    /// expressions that name it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub needs: Vec<Need>,
    /// Index files in load order (`meta.json` first), with sizes so a loader can show progress.
    pub files: Vec<ManifestFile>,
    /// The chunks of long texts for snippets (`texts.rs`), loaded only when a hit needs one; an entry's
    /// chunk is `texts[chunk_of(id, texts.len())]`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub texts: Vec<ManifestFile>,
    /// The files kept as parts (`parts.rs`): a page loads a part when a search reads it, except the
    /// parts that opening the index reads, which `files` lists.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub parted: Vec<PartedFile>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Facets {
    pub domains: Vec<DomainFacet>,
    pub areas: Vec<AreaFacet>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct DomainFacet {
    pub id: String,
    pub label: String,
    /// Words coaches use for the domain, for "did you mean this domain?" suggestions.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub synonyms: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AreaFacet {
    pub id: String,
    pub name: String,
    /// Inclusive PC4 ranges.
    pub postcodes: Vec<(u16, u16)>,
}

impl Facets {
    /// Labels of the given domain ids, in the same order; unknown ids are left out.
    pub fn domain_labels(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| {
                self.domains
                    .iter()
                    .find(|d| &d.id == id)
                    .map(|d| d.label.clone())
            })
            .collect()
    }

    /// Names of the given wijk ids, in the same order (`gemeentebreed` and unknown ids are left out).
    pub fn area_names(&self, ids: &[String]) -> Vec<String> {
        ids.iter()
            .filter_map(|id| {
                self.areas
                    .iter()
                    .find(|a| &a.id == id)
                    .map(|a| a.name.clone())
            })
            .collect()
    }

    /// The wijk a PC4 postcode belongs to.
    pub fn area_of_postcode(&self, postcode: u16) -> Option<&AreaFacet> {
        self.areas.iter().find(|a| {
            a.postcodes
                .iter()
                .any(|(first, last)| (*first..=*last).contains(&postcode))
        })
    }
}

/// A term of the site's glossary as search needs it: every name a coach or a client may use for one thing
/// (abbreviations, the full name, everyday variants), and the entries that handle it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct GlossaryTerm {
    /// The term's anchor on the glossary page (`bbz`).
    pub id: String,
    /// The full name (`Besluit bijstandverlening zelfstandigen`).
    pub term: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub abbreviations: Vec<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub variants: Vec<String>,
    /// Ids of the entries that handle it, as search documents name them (`partners/ID`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub entries: Vec<String>,
}

/// A need of the lexicon: how people describe one kind of trouble (lay words, slang, symptoms, life events,
/// signals, English names), pointing to a domain of the site and optionally to a glossary term, and so to
/// the entries that handle it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Need {
    /// The need's id in the lexicon (`schulden`).
    pub id: String,
    /// The domain id the need belongs to (`financien`); always a domain of the site.
    pub domain: String,
    /// A glossary term id of the site (`wgs`), whose linked entries handle the need.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub term: Option<String>,
    /// Every expression that names the need, as written (`geldproblemen`, `rood staan`, `debt counselling`).
    pub expressions: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestFile {
    pub name: String,
    pub size: u64,
}

/// The index files in memory.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexFiles {
    pub manifest: Manifest,
    pub files: Vec<(String, Vec<u8>)>,
}

impl IndexFiles {
    /// Bytes of the files a reader loads to search first (not the parts and text chunks, which load
    /// when a search reads them).
    pub fn total_size(&self) -> u64 {
        self.manifest.files.iter().map(|f| f.size).sum()
    }

    pub fn manifest_json(&self) -> String {
        serde_json::to_string(&self.manifest).expect("a manifest always serialises")
    }

    /// Loads a whole index (every part of the parted files too) from its manifest text and a reader of
    /// its files by name; the caller knows where and how they are kept (plain files, gzip, fetched from a
    /// server).
    pub fn load(
        manifest_text: &str,
        mut read: impl FnMut(&str) -> std::io::Result<Vec<u8>>,
    ) -> Result<IndexFiles, SearchError> {
        let manifest = Manifest::from_json(manifest_text)?;
        let mut files = Vec::with_capacity(manifest.files.len());
        for file in &manifest.files {
            let data = read(&file.name)
                .map_err(|e| SearchError::MissingFile(format!("{}: {e}", file.name)))?;
            files.push((file.name.clone(), data));
        }
        // A part that occurs in several places (or is also listed in `files`) is read once.
        let mut given: std::collections::HashSet<String> =
            manifest.files.iter().map(|f| f.name.clone()).collect();
        let mut read =
            |name: &str| read(name).map_err(|e| SearchError::MissingFile(format!("{name}: {e}")));
        for parted in &manifest.parted {
            let mut lists = Vec::new();
            let names = crate::parts::piece_names(parted, |name| {
                let data = read(name)?;
                lists.push((name.to_string(), data.clone()));
                Ok(data)
            })?;
            let lists: HashMap<String, Vec<u8>> = lists.into_iter().collect();
            for name in names {
                if !given.insert(name.clone()) {
                    continue;
                }
                let data = match lists.get(&name) {
                    Some(data) => data.clone(),
                    None => read(&name)?,
                };
                files.push((name, data));
            }
        }
        Ok(IndexFiles { manifest, files })
    }
}

impl Manifest {
    /// The names of every list and part of the parted files (each file's lists first, each followed by
    /// its parts), reading the lists through `read`.
    pub fn piece_names(
        &self,
        mut read: impl FnMut(&str) -> std::io::Result<Vec<u8>>,
    ) -> Result<Vec<String>, SearchError> {
        let mut names = Vec::new();
        for parted in &self.parted {
            names.extend(crate::parts::piece_names(parted, |name| {
                read(name).map_err(|e| SearchError::MissingFile(format!("{name}: {e}")))
            })?);
        }
        Ok(names)
    }

    pub fn from_json(text: &str) -> Result<Manifest, SearchError> {
        let manifest: Manifest =
            serde_json::from_str(text).map_err(|e| SearchError::Manifest(e.to_string()))?;
        if manifest.schema_version != crate::SCHEMA_VERSION {
            return Err(SearchError::SchemaMismatch {
                found: manifest.schema_version,
                expected: crate::SCHEMA_VERSION,
            });
        }
        if manifest.fingerprint != crate::FINGERPRINT {
            return Err(SearchError::FingerprintMismatch {
                found: manifest.fingerprint,
                expected: crate::FINGERPRINT,
            });
        }
        for parted in &manifest.parted {
            parted.check()?;
        }
        Ok(manifest)
    }
}
