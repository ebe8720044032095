//! `kaartenbak search`: opens the index files that `build` wrote (the files the browser loads) and prints
//! ranked results with the matched words marked.

use anyhow::{Context, Result};
use kaartenbak_search::{SearchEngine, SearchHit, SearchRequest, SearchResponse};
use std::fmt::Write as _;
use std::io::{IsTerminal, Write as _};
use std::path::Path;
use std::process::ExitCode;

pub fn run(site: &Path, request: &SearchRequest, json: bool) -> Result<ExitCode> {
    let dir = site.join(kaartenbak::index::SEARCH_DIR);
    let files = kaartenbak::index_files::read_index(site).with_context(|| {
        format!(
            "cannot open the search index in {}; run `kaartenbak build` first",
            dir.display()
        )
    })?;
    // On stderr, so `--json` output stays one document: which build answered (site/ or serve's preview).
    eprintln!("{}", which_build(site));
    check_filter(
        request.domain.as_deref(),
        files.manifest.facets.domains.iter().map(|d| d.id.as_str()),
        ("domain", "domains"),
    )?;
    check_filter(
        request.area.as_deref(),
        files.manifest.facets.areas.iter().map(|a| a.id.as_str()),
        ("wijk", "wijken"),
    )?;
    let mut engine = SearchEngine::open(&files)?;
    let mut response = engine.search(request)?;
    // A quoted phrase needs the text chunks of its hits (and a page's engine, parts): load the files the
    // answer names until it names none (each is named once at most).
    while !response.files_needed.is_empty() {
        for name in &response.files_needed {
            let bytes = kaartenbak::index_files::read_index_file(site, name)?;
            engine.load_file(name, &bytes)?;
        }
        response = engine.search(request)?;
    }
    let text = if json {
        format!("{}\n", serde_json::to_string_pretty(&response)?)
    } else {
        let marks = if std::io::stdout().is_terminal() {
            ("\x1b[1;4m", "\x1b[0m")
        } else {
            ("[", "]")
        };
        human_output(request, &response, marks)
    };
    write_stdout(&text)
}

/// "searching the build in site (built 2026-12-07 03:12)": the folder and when its build finished (the time
/// of its manifest, which every build writes).
fn which_build(site: &Path) -> String {
    let built = std::fs::metadata(site.join(kaartenbak::output::MARKER))
        .and_then(|m| m.modified())
        .map(|time| {
            chrono::DateTime::<chrono::Local>::from(time)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        });
    match built {
        Ok(time) => format!("searching the build in {} (built {time})", site.display()),
        Err(_) => format!("searching the build in {}", site.display()),
    }
}

/// Writes all output at once; a reader that stopped reading (`| head -1`) ends the command quietly, as
/// it does for any Unix tool.
fn write_stdout(text: &str) -> Result<ExitCode> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(ExitCode::SUCCESS),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(ExitCode::SUCCESS),
        Err(e) => Err(e).context("cannot write the results"),
    }
}

fn human_output(
    request: &SearchRequest,
    response: &SearchResponse,
    (open, close): (&str, &str),
) -> String {
    let mut out = query_notes(response);
    if response.hits.is_empty() {
        let _ = writeln!(out, "no results for {:?}", request.query);
        if let Some(suggestions) = &response.suggestions {
            for spelling in &suggestions.spellings {
                let _ = writeln!(out, "did you mean: {spelling}");
            }
            if !suggestions.domains.is_empty() {
                let labels: Vec<&str> = suggestions
                    .domains
                    .iter()
                    .map(|d| d.label.as_str())
                    .collect();
                let _ = writeln!(out, "look in the domains: {}", labels.join(", "));
            }
        }
        return out;
    }
    let _ = writeln!(
        out,
        "{} result(s) for {:?}, showing {}",
        response.total,
        request.query,
        response.hits.len()
    );
    for (i, hit) in response.hits.iter().enumerate() {
        write_hit(&mut out, i + 1, hit, (open, close));
    }
    if let Some(facets) = &response.facets {
        let _ = writeln!(out);
        let mut line = |name: &str, counts: &std::collections::BTreeMap<String, u64>| {
            let parts: Vec<String> = counts
                .iter()
                .filter(|(_, n)| **n > 0)
                .map(|(k, n)| format!("{k} {n}"))
                .collect();
            let _ = writeln!(out, "{name}: {}", parts.join(", "));
        };
        line("kinds", &facets.kinds);
        line("domains", &facets.domains);
        line("wijken", &facets.areas);
    }
    out
}

/// What the search made of the query: rewritten words, glossary terms, the wijk it ranks by.
fn query_notes(response: &SearchResponse) -> String {
    let mut out = String::new();
    for rewrite in &response.rewrites {
        let searched = rewrite.searched.join(" + ");
        let _ = writeln!(
            out,
            "no exact matches for {:?}; showing results for {searched}",
            rewrite.word
        );
    }
    for term in &response.terms {
        let _ = writeln!(
            out,
            "{:?} is {} (glossary); its other names were searched too",
            term.words.join(" "),
            term.term
        );
    }
    if let Some(area) = &response.area {
        let _ = writeln!(
            out,
            "wijk {}: entries serving it come first (--no-wijk-detection to search {:?} as a word)",
            area.name,
            area.words.join(" ")
        );
    }
    if !response.needs.is_empty() {
        let needs: Vec<String> = response
            .needs
            .iter()
            .map(|n| format!("{} ({}) [{}]", n.label, n.words.join(" "), n.id))
            .collect();
        let _ = writeln!(
            out,
            "needs: {}; who handles them comes first (--ignore ID to search the words only)",
            needs.join(" · ")
        );
    }
    if !response.attributes.is_empty() {
        let attributes: Vec<String> = response
            .attributes
            .iter()
            .map(|a| format!("{} [{}]", a.words.join(" "), a.id))
            .collect();
        let _ = writeln!(
            out,
            "attributes: {}; partners with a service that fits come first",
            attributes.join(" · ")
        );
    }
    out
}

/// One numbered result: title, kind and URL, the snippet, where it works and how to reach and refer.
fn write_hit(out: &mut String, number: usize, hit: &SearchHit, (open, close): (&str, &str)) {
    let _ = writeln!(out);
    let _ = writeln!(
        out,
        "{:>2}. {}  ({})  {}",
        number, hit.title, hit.kind, hit.url
    );
    let snippet = hit.snippet.render(open, close, |s| s.replace('\n', " "));
    if !snippet.is_empty() {
        let _ = writeln!(out, "    {snippet}");
    }
    if let Some(service) = &hit.service {
        let _ = writeln!(out, "    dienst: {service}");
    }
    let mut facts = Vec::new();
    if !hit.area_names.is_empty() {
        facts.push(format!("wijken: {}", hit.area_names.join(", ")));
    } else if hit.kind == "partner" {
        facts.push(kaartenbak_shared::MUNICIPALITY_WIDE.to_string());
    }
    if let Some(phone) = &hit.display.phone {
        facts.push(format!("tel. {phone}"));
    }
    if !facts.is_empty() {
        let _ = writeln!(out, "    {}", facts.join(" · "));
    }
    if let Some(referral) = &hit.display.referral {
        let _ = writeln!(out, "    verwijzen: {referral}");
    }
}

/// An unknown filter value would silently return nothing; say so, with the known values.
fn check_filter<'a>(
    value: Option<&str>,
    known: impl Iterator<Item = &'a str> + Clone,
    // Singular and plural: a Dutch word takes no English `s` ("wijken", not "wijks").
    (what, plural): (&str, &str),
) -> Result<()> {
    match value {
        Some(value) if !known.clone().any(|k| k == value) => {
            let hint = kaartenbak::diagnostics::suggestion_hint(value, known, plural);
            anyhow::bail!("unknown {what} `{value}`: {hint}")
        }
        _ => Ok(()),
    }
}
