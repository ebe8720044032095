//! Open Referral HSDS 3.0 in and out: the partner directory as HSDS JSON and the CSV tabular package
//! (`export`), and partner files from either (`import`). `mapping` holds what both directions share: stable
//! ids, the text conventions for fields HSDS folds together, links; `tables` the CSV package layout.
//! docs/hsds.md is the mapping table.

pub mod export;
pub mod import;
mod mapping;
mod tables;
mod yaml_out;

pub use export::{export, ExportError, ExportReport};
pub use import::{import, ImportError, ImportOptions, ImportReport};
