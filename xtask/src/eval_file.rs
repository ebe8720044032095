//! The format of the search eval file, `tests/search_eval.yaml`: its query classes and one query. Shared by
//! `cargo xtask search-eval`, which measures with it, and `tests/search_eval_file.rs`, which keeps it from
//! rotting (that test includes this file by path).

use serde::Deserialize;

/// The query classes, in the order the table prints them (see the head of tests/search_eval.yaml).
pub const CLASSES: [&str; 8] = [
    "compound",
    "body-phrase",
    "everyday",
    "abbreviation",
    "question",
    "wijk",
    "training-goal",
    "two-typos",
];

/// One item of the eval file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalQuery {
    pub query: String,
    pub class: String,
    /// Entry ids of which at least one must be in the top `TOP`.
    pub expect: Vec<String>,
    /// Entry ids that must not be ranked first.
    #[serde(default)]
    pub not_top: Vec<String>,
    pub kind: Option<String>,
    pub domain: Option<String>,
    pub area: Option<String>,
    /// What the coach means; printed with a miss.
    pub why: String,
}
