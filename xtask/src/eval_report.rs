//! How `cargo xtask search-eval` reports: the figures per class and the totals, printed as a table (with
//! each miss when asked) or as one JSON object.

use crate::eval_file::{EvalQuery, Score, CLASSES, NEEDS_TOP, OLD_CLASSES, TOP};
use anyhow::Result;
use serde::Serialize;
use std::path::Path;

/// How many results a miss prints.
const SHOWN: usize = 5;

/// What one query returned: the ranked ids, or why the search failed.
pub type Outcome = std::result::Result<Vec<String>, String>;

/// One run of the eval: every query with what it returned and how it scored, in file order.
pub struct Report<'a> {
    pub queries_file: &'a Path,
    pub binary: &'a Path,
    pub today: &'a str,
    pub queries: &'a [EvalQuery],
    pub outcomes: &'a [Outcome],
    pub scores: &'a [Score],
}

impl Report<'_> {
    /// The table per class and the totals; with `verbose`, first every query that misses a score.
    pub fn print_text(&self, verbose: bool) {
        println!(
            "search eval: {} queries from {}, binary {}, today {}",
            self.queries.len(),
            self.queries_file.display(),
            self.binary.display(),
            self.today
        );
        for ((query, outcome), score) in self.queries.iter().zip(self.outcomes).zip(self.scores) {
            match outcome {
                Err(error) => println!("search failed for {:?}: {error}", query.query),
                Ok(found) if verbose && !is_full_hit(score) => print_miss(query, found, score),
                Ok(_) => {}
            }
        }
        let (classes, totals) = figures(self.queries, self.scores);
        print_table(&classes, &totals);
    }

    /// The figures and every query's outcome as one JSON object, for a script that compares runs.
    pub fn print_json(&self) -> Result<()> {
        let (classes, totals) = figures(self.queries, self.scores);
        let results = self
            .queries
            .iter()
            .zip(self.outcomes)
            .zip(self.scores)
            .map(|((query, outcome), score)| QueryReport {
                query: &query.query,
                class: &query.class,
                found: outcome.as_deref().unwrap_or_default(),
                error: outcome.as_ref().err().map(String::as_str),
                hit: score.hit,
                primary: score.primary,
                all_needs: score.all_needs,
            })
            .collect();
        let report = JsonReport {
            queries_file: self.queries_file.display().to_string(),
            binary: self.binary.display().to_string(),
            today: self.today,
            classes,
            totals,
            results,
        };
        println!("{}", serde_json::to_string_pretty(&report)?);
        Ok(())
    }
}

/// The figures of one class, or of a total row.
#[derive(Serialize, Default)]
struct Figures {
    class: String,
    queries: usize,
    /// An expected entry in the top 3 (any of them), and no `not_top` entry first.
    hits_at_3: usize,
    /// The primary in the top 3; two-needs: every need's primary in the top 5.
    primary: usize,
    /// Two-needs only: queries with every need answered in the top 5.
    #[serde(skip_serializing_if = "Option::is_none")]
    all_at_5: Option<usize>,
    /// How many of `queries` name needs: what `all_at_5` counts out of.
    #[serde(skip_serializing_if = "is_zero")]
    needs_queries: usize,
}

fn is_zero(count: &usize) -> bool {
    *count == 0
}

/// One query's outcome in the JSON report.
#[derive(Serialize)]
struct QueryReport<'a> {
    query: &'a str,
    class: &'a str,
    /// The first results (up to `LIMIT`), or empty when the search failed.
    found: &'a [String],
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<&'a str>,
    hit: bool,
    primary: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    all_needs: Option<bool>,
}

#[derive(Serialize)]
struct JsonReport<'a> {
    queries_file: String,
    binary: String,
    today: &'a str,
    classes: Vec<Figures>,
    /// The classes of the first baseline, the classes added for issue 21, and all.
    totals: Vec<Figures>,
    results: Vec<QueryReport<'a>>,
}

/// A query that passes every score it has.
fn is_full_hit(score: &Score) -> bool {
    score.hit && score.primary && score.all_needs != Some(false)
}

/// The figures per class (in `CLASSES` order) and the totals: old classes, new classes, all.
fn figures(queries: &[EvalQuery], scores: &[Score]) -> (Vec<Figures>, Vec<Figures>) {
    let sum = |label: &str, classes: &[&str]| {
        let mut figures = Figures {
            class: label.to_string(),
            ..Figures::default()
        };
        for (query, score) in queries.iter().zip(scores) {
            if !classes.contains(&query.class.as_str()) {
                continue;
            }
            figures.queries += 1;
            figures.hits_at_3 += usize::from(score.hit);
            figures.primary += usize::from(score.primary);
            if let Some(all) = score.all_needs {
                *figures.all_at_5.get_or_insert(0) += usize::from(all);
                figures.needs_queries += 1;
            }
        }
        figures
    };
    let classes = CLASSES.iter().map(|class| sum(class, &[class])).collect();
    let totals = vec![
        sum("total old", &CLASSES[..OLD_CLASSES]),
        sum("total new", &CLASSES[OLD_CLASSES..]),
        sum("total", &CLASSES),
    ];
    (classes, totals)
}

fn print_miss(query: &EvalQuery, found: &[String], score: &Score) {
    let mut filters = String::new();
    for (name, value) in [
        ("kind", &query.kind),
        ("domain", &query.domain),
        ("area", &query.area),
    ] {
        if let Some(value) = value {
            filters.push_str(&format!(" --{name} {value}"));
        }
    }
    let mut missed = Vec::new();
    if !score.hit {
        missed.push(format!("hits@{TOP}"));
    }
    if !score.primary {
        missed.push("primary".to_string());
    }
    if score.all_needs == Some(false) {
        missed.push(format!("all@{NEEDS_TOP}"));
    }
    let top: Vec<&str> = found.iter().take(SHOWN).map(String::as_str).collect();
    println!(
        "miss [{}] ({}) {:?}{filters}",
        query.class,
        missed.join(", "),
        query.query
    );
    println!(
        "     got:      {}",
        if top.is_empty() {
            "(nothing)".to_string()
        } else {
            top.join(", ")
        }
    );
    if query.needs.is_empty() {
        println!("     expected: {}", query.expect.join(", "));
    } else {
        for (index, need) in query.needs.iter().enumerate() {
            println!("     need {}:   {}", index + 1, need.join(", "));
        }
    }
    println!("     primary:  {}", query.primaries().join(", "));
    if !query.absent.is_empty() {
        println!(
            "     absent:   {} (words the content never writes)",
            query.absent.join(", ")
        );
    }
    if let Some(first) = found.first().filter(|id| query.not_top.contains(id)) {
        println!("     ranked first although not_top: {first}");
    }
    println!("     why:      {}", query.why);
}

fn print_table(classes: &[Figures], totals: &[Figures]) {
    let percent = |count: usize, part: usize| {
        if count == 0 {
            0.0
        } else {
            100.0 * part as f64 / count as f64
        }
    };
    let row = |figures: &Figures| {
        let all = match figures.all_at_5 {
            Some(all) => format!("{all:>7} {:>5.0}%", percent(figures.needs_queries, all)),
            None => format!("{:>7} {:>6}", "-", ""),
        };
        println!(
            "{:<15} {:>7} {:>7} {:>5.0}% {:>9} {:>5.0}% {all}",
            figures.class,
            figures.queries,
            figures.hits_at_3,
            percent(figures.queries, figures.hits_at_3),
            figures.primary,
            percent(figures.queries, figures.primary),
        );
    };
    println!();
    println!(
        "{:<15} {:>7} {:>7} {:>6} {:>9} {:>6} {:>7} {:>6}",
        "class", "queries", "hits@3", "%", "primary@3", "%", "all@5", "%"
    );
    for figures in classes {
        row(figures);
    }
    println!();
    for figures in totals {
        row(figures);
    }
    println!();
    println!(
        "hits@{TOP}: any expected entry in the top {TOP} (and no not_top entry first); primary@{TOP}: the \
         coach's first call in the top {TOP}, in two-needs every need's primary in the top {NEEDS_TOP}; \
         all@{NEEDS_TOP}: every need answered in the top {NEEDS_TOP}, out of the queries with needs."
    );
}

// The scoring of `eval_file` and the figures, tested here: tests/search_eval_file.rs includes
// eval_file.rs by path and would run its tests a second time.
#[cfg(test)]
mod tests {
    use super::figures;
    use crate::eval_file::{EvalQuery, Score};

    fn query(yaml: &str) -> EvalQuery {
        serde_yaml::from_str(yaml).unwrap()
    }

    fn ids(list: &[&str]) -> Vec<String> {
        list.iter().map(|id| id.to_string()).collect()
    }

    #[test]
    fn any_expected_entry_in_the_top_three_is_a_hit_but_only_the_primary_scores_primary() {
        // geldproblemen before issue 21: the route page in the top 3, the main provider far below.
        let query = query(
            "query: geldproblemen\nclass: compound\n\
             expect: [partners/schuldhulp, pages/route]\nprimary: partners/schuldhulp\nwhy: x\n",
        );
        let found = ids(&[
            "modules/a",
            "pages/route",
            "partners/b",
            "partners/schuldhulp",
        ]);
        assert_eq!(
            query.score(&found),
            Score {
                hit: true,
                primary: false,
                all_needs: None
            }
        );
        let found = ids(&["partners/b", "modules/a", "partners/schuldhulp"]);
        assert!(query.score(&found).primary);
    }

    #[test]
    fn a_not_top_entry_ranked_first_makes_a_miss() {
        let query = query(
            "query: huurachterstand 5643 AB\nclass: postcode\nexpect: [partners/de-linde]\n\
             not_top: [partners/kempenhof]\nprimary: partners/de-linde\nwhy: x\n",
        );
        let score = query.score(&ids(&["partners/kempenhof", "partners/de-linde"]));
        assert!(!score.hit);
        assert!(score.primary);
    }

    #[test]
    fn two_needs_are_answered_only_when_every_need_has_an_entry_in_the_top_five() {
        let query = query(
            "query: huurachterstand en zoon blowt\nclass: two-needs\n\
             needs: [[partners/schuldhulp, partners/de-linde], [partners/de-brug]]\n\
             primary: [partners/schuldhulp, partners/de-brug]\nwhy: x\n",
        );
        let one_need = ids(&["partners/de-linde", "a", "b", "c", "d", "partners/de-brug"]);
        assert_eq!(
            query.score(&one_need),
            Score {
                hit: true,
                primary: false,
                all_needs: Some(false)
            }
        );
        let both_not_primary = ids(&["a", "partners/de-linde", "b", "c", "partners/de-brug"]);
        assert_eq!(
            query.score(&both_not_primary),
            Score {
                hit: true,
                primary: false,
                all_needs: Some(true)
            }
        );
        let primaries = ids(&["a", "b", "c", "partners/de-brug", "partners/schuldhulp"]);
        assert_eq!(
            query.score(&primaries),
            Score {
                hit: false,
                primary: true,
                all_needs: Some(true)
            }
        );
    }

    #[test]
    fn nothing_found_misses_every_score() {
        let query = query(
            "query: domestic violence\nclass: english\nexpect: [partners/veilig-thuis]\n\
             primary: partners/veilig-thuis\nwhy: x\n",
        );
        assert_eq!(
            query.score(&[]),
            Score {
                hit: false,
                primary: false,
                all_needs: None
            }
        );
    }

    #[test]
    fn totals_split_old_and_new_classes_and_count_all_at_five_over_the_queries_with_needs() {
        let queries = [
            query("query: schulden\nclass: everyday\nexpect: [a]\nprimary: a\nwhy: x\n"),
            query("query: debt\nclass: english\nexpect: [a]\nprimary: a\nwhy: x\n"),
            query("query: twee\nclass: two-needs\nneeds: [[a], [b]]\nprimary: [a, b]\nwhy: x\n"),
        ];
        let found = [ids(&["a"]), ids(&["b"]), ids(&["a", "b"])];
        let scores: Vec<Score> = queries
            .iter()
            .zip(&found)
            .map(|(q, f)| q.score(f))
            .collect();
        let (classes, totals) = figures(&queries, &scores);
        let everyday = classes.iter().find(|c| c.class == "everyday").unwrap();
        assert_eq!(
            (everyday.queries, everyday.hits_at_3, everyday.primary),
            (1, 1, 1)
        );
        let english = classes.iter().find(|c| c.class == "english").unwrap();
        assert_eq!(
            (english.queries, english.hits_at_3, english.primary),
            (1, 0, 0)
        );
        let [old, new, all] = &totals[..] else {
            panic!("three totals")
        };
        assert_eq!((old.queries, old.hits_at_3, old.all_at_5), (1, 1, None));
        assert_eq!((new.queries, new.hits_at_3, new.primary), (2, 1, 1));
        assert_eq!((new.all_at_5, new.needs_queries), (Some(1), 1));
        assert_eq!(
            (all.queries, all.all_at_5, all.needs_queries),
            (3, Some(1), 1)
        );
    }
}
