//! The format of the search eval file, `tests/search_eval.yaml`: its query classes, one query and how a
//! query is scored against a ranked list of entry ids. Shared by `cargo xtask search-eval`, which
//! measures with it, and `tests/search_eval_file.rs`, which keeps it from rotting (that test includes
//! this file by path).

use serde::Deserialize;

/// The query classes, in the order the table prints them (see the head of tests/search_eval.yaml). The
/// first `OLD_CLASSES` are those of the first baseline; their total is printed on its own so that
/// figures stay comparable with the earlier notes in docs/search-eval.md.
pub const CLASSES: [&str; 15] = [
    "compound",
    "body-phrase",
    "everyday",
    "abbreviation",
    "question",
    "wijk",
    "training-goal",
    "two-typos",
    "situation",
    "two-needs",
    "english",
    "client-spelling",
    "absent-words",
    "attribute",
    "postcode",
];

/// How many of `CLASSES` (from the start) the first baseline had.
pub const OLD_CLASSES: usize = 8;

/// The class whose queries name one list of answers per need (`needs`) and one primary per need.
pub const TWO_NEEDS: &str = "two-needs";

/// A query is a hit when one of its expected entries is among this many first results.
pub const TOP: usize = 3;

/// A two-needs query answers every need when each need has an entry among this many first results;
/// its primaries (one per need) are scored against the same depth.
pub const NEEDS_TOP: usize = 5;

/// The entry a coach would call first: one, or one per need in the two-needs class.
#[derive(Deserialize)]
#[serde(untagged)]
pub enum Primary {
    One(String),
    PerNeed(Vec<String>),
}

/// One item of the eval file.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EvalQuery {
    pub query: String,
    pub class: String,
    /// Entry ids of which at least one must be in the top `TOP`. Empty when `needs` is given.
    #[serde(default)]
    pub expect: Vec<String>,
    /// Two-needs class only: per need, the entry ids that answer it.
    #[serde(default)]
    pub needs: Vec<Vec<String>>,
    /// The entry (or, per need, the entries) a knowledgeable coach would call first.
    pub primary: Primary,
    /// Entry ids that must not be ranked first.
    #[serde(default)]
    pub not_top: Vec<String>,
    /// Absent-words class only: words of the query the content never writes.
    #[serde(default)]
    pub absent: Vec<String>,
    pub kind: Option<String>,
    pub domain: Option<String>,
    pub area: Option<String>,
    /// What the coach means; printed with a miss.
    pub why: String,
}

/// How one query fared against the ids a search returned, best first.
#[derive(Debug, PartialEq, Eq)]
pub struct Score {
    /// An expected entry in the top `TOP`, and no `not_top` entry first.
    pub hit: bool,
    /// The primary in the top `TOP`; for a query with one primary per need, each in the top `NEEDS_TOP`.
    pub primary: bool,
    /// For a query with `needs`: every need has an entry in the top `NEEDS_TOP`.
    pub all_needs: Option<bool>,
}

impl EvalQuery {
    /// Every entry that answers the query: `expect`, or all needs together.
    pub fn answers(&self) -> Vec<&str> {
        self.expect
            .iter()
            .chain(self.needs.iter().flatten())
            .map(String::as_str)
            .collect()
    }

    /// The primary entries: one, or one per need.
    pub fn primaries(&self) -> &[String] {
        match &self.primary {
            Primary::One(id) => std::slice::from_ref(id),
            Primary::PerNeed(ids) => ids,
        }
    }

    /// Scores the ranked ids `found` against this query.
    pub fn score(&self, found: &[String]) -> Score {
        let in_top = |id: &str, depth: usize| found.iter().take(depth).any(|f| f == id);
        let answers = self.answers();
        let wrong_first = found.first().is_some_and(|id| self.not_top.contains(id));
        let hit = answers.iter().any(|id| in_top(id, TOP)) && !wrong_first;
        let primary = match &self.primary {
            Primary::One(id) => in_top(id, TOP),
            Primary::PerNeed(ids) => ids.iter().all(|id| in_top(id, NEEDS_TOP)),
        };
        let all_needs = (!self.needs.is_empty()).then(|| {
            self.needs
                .iter()
                .all(|need| need.iter().any(|id| in_top(id, NEEDS_TOP)))
        });
        Score {
            hit,
            primary,
            all_needs,
        }
    }
}
