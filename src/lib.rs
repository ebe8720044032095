//! Kaartenbak: a static-site generator for the social domain of Dutch municipalities.
//!
//! The build is a one-way pipeline, one module per stage:
//! `load` (files → YAML documents) → `validate` (documents → typed `Content` + diagnostics) →
//! `model` (content → `Site` with resolved links and backlinks) → `render` (site → HTML pages) →
//! `index` (site → tantivy index files) → `output` (files → the output folder, swapped in atomically).
//! `build` is the only driver that calls them in order.

mod background;
pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
pub mod formats;
pub mod i18n;
pub mod index;
pub mod index_files;
pub mod load;
pub mod markdown;
pub mod model;
pub mod output;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod theme;
pub mod validate;
pub mod watch;
pub mod yaml;
