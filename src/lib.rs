//! Kaartenbak: a static-site generator for the social domain of Dutch municipalities.
//!
//! The build is a one-way pipeline, one module per stage:
//! `load` (files → YAML documents) → `validate` (documents → typed `Content` + diagnostics) →
//! `model` (content → `Site` with resolved links and backlinks) → `render` (site → HTML pages) →
//! `index` (site → tantivy index files) → `output` (files → the output folder, swapped in atomically).
//! `build` is the only driver that calls them in order.
//!
//! Public, for the binary (`main.rs`, `cli_search.rs`), the benchmarks and the integration tests: `build`
//! (the driver and its reports), `config`, `content` and `model` (what a stage hands the next), `diagnostics`,
//! `i18n`, `theme`, `render`, `index` and `index_files` (the stages a benchmark times one by one), `output`,
//! `scaffold` (`kaartenbak new`), `starter` (`kaartenbak init`) and `serve`. The rest is private to the pipeline. What the site and the
//! search core must agree on (the HTML escaper, the municipality-wide id) lives in `kaartenbak-shared`.

mod background;
pub mod build;
pub mod config;
pub mod content;
pub mod diagnostics;
mod formats;
pub mod hsds;
pub mod i18n;
pub mod index;
pub mod index_files;
mod kinds;
mod layout_ids;
mod load;
mod markdown;
pub mod model;
mod offline;
mod open_data;
pub mod output;
pub mod output_file;
mod plan_directory;
pub mod render;
pub mod scaffold;
pub mod serve;
pub mod starter;
pub mod theme;
mod validate;
mod watch;
mod yaml;
