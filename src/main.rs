//! The `kaartenbak` command line: the only place that talks to the terminal and picks exit codes.

mod cli_hsds;
mod cli_search;

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use kaartenbak::build::{self, BuildError, BuildOptions};
use kaartenbak::content::EntryKind;
use kaartenbak::diagnostics::{Diagnostic, Severity};
use std::path::PathBuf;
use std::process::ExitCode;

// Builds allocate millions of small strings on two threads; glibc's allocator spends a sixth of the build
// time on that, mimalloc a fraction of it.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "kaartenbak",
    version,
    about = "Builds the searchable sociale kaart of a municipality from Markdown and YAML",
    long_about = "Kaartenbak turns a folder with kaartenbak.toml and content/ (partners, regulations, \
training modules, pages, domains and wijken) into a static, searchable website.\n\n\
Run it in the folder that holds kaartenbak.toml, or pass --root. `kaartenbak help content` prints the \
reference of every content field.",
    disable_help_subcommand = true
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Render the site and its search index into the output folder (default: site/)
    Build {
        /// The site folder, holding kaartenbak.toml and content/
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site; relative paths are relative to --root
        #[arg(long, default_value = "site")]
        output: PathBuf,
        /// Do not sync the new site to disk before it replaces the old one: quicker on slow disks, but a
        /// power cut right after the build may leave files without their data (a kill never does)
        #[arg(long)]
        no_fsync: bool,
    },
    /// Load and validate everything, write nothing; exit 1 on errors
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// human: file:line:col lines; json: one document; github: workflow annotations
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Treat warnings (such as stale entries) as errors
        #[arg(long)]
        strict: bool,
    },
    /// Search the index that `build` wrote, exactly as the site does
    Search {
        /// The words to search for; put a phrase in double quotes
        query: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The built site (its _search/ folder holds the index); relative to --root
        #[arg(long, default_value = "site", conflicts_with = "preview")]
        site: PathBuf,
        /// Search the preview that `kaartenbak serve` builds (.kaartenbak/preview/) instead of site/
        #[arg(long)]
        preview: bool,
        /// Only entries of this kind
        #[arg(long, value_parser = ["partner", "regulation", "module", "page"])]
        kind: Option<String>,
        /// Only entries in this domain (a domain id)
        #[arg(long)]
        domain: Option<String>,
        /// Only entries serving this wijk (an area id); gemeentebreed entries always match
        #[arg(long)]
        area: Option<String>,
        /// How many results to show (at least 1)
        #[arg(long, default_value_t = 10, value_parser = result_limit)]
        limit: usize,
        /// Print the results as JSON
        #[arg(long)]
        json: bool,
        /// Also count the results per kind, domain and wijk
        #[arg(long)]
        facets: bool,
        /// Read a wijk name or postcode in the query as a word, not as the wijk to rank by
        #[arg(long)]
        no_wijk_detection: bool,
        /// Read a need or attribute the search reported (its id, e.g. `schulden`, `age:16`) as plain
        /// words; repeatable
        #[arg(long = "ignore", value_name = "ID")]
        ignore: Vec<String>,
    },
    /// Start a new site: a commented kaartenbak.toml, the default domains, one wijk, an example partner
    /// and a .gitignore; refuses a folder that already holds a site
    Init {
        /// The folder of the new site (created if needed)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Print help: `help content` prints the reference of every content file and field (the content
    /// model), `help COMMAND` the help of a command
    Help {
        /// `content`, or a command name
        topic: Option<String>,
    },
    /// Write a commented scaffold for a new entry
    New {
        /// partner, regulation, module or page
        #[arg(value_parser = entry_kind)]
        kind: EntryKind,
        /// The id of the entry: lowercase letters, digits and hyphens; it becomes the file name and URL
        id: String,
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// Build the site, serve it on http://127.0.0.1:PORT/ and rebuild and reload on every change
    Serve {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to build the preview; default .kaartenbak/preview/ beside content/, never the site/ that
        /// `build` publishes; relative paths are relative to --root
        #[arg(long)]
        output: Option<PathBuf>,
        #[arg(long, default_value_t = 1111)]
        port: u16,
        /// Address to listen on; the default serves this machine only
        #[arg(long, default_value = "127.0.0.1")]
        bind: String,
        /// Another host name the preview answers to (repeatable), e.g. this machine's name on the LAN when
        /// --bind is not a loopback address; requests for any other Host get 421
        #[arg(long = "allow-host", value_name = "NAME")]
        allow_hosts: Vec<String>,
        /// Poll for changes instead of using file system events (network drives, containers)
        #[arg(long)]
        poll: bool,
        /// Open the site in the default browser
        #[arg(long)]
        open: bool,
    },
    /// Write the directory in an open standard (Open Referral HSDS 3.0)
    Export {
        #[command(subcommand)]
        format: cli_hsds::ExportFormat,
    },
    /// Read partners from an open standard (Open Referral HSDS 3.0) into partner files
    Import {
        #[command(subcommand)]
        format: cli_hsds::ImportFormat,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
    Github,
}

/// An entry kind by its name, as `kaartenbak new` takes it.
fn entry_kind(name: &str) -> Result<EntryKind, String> {
    EntryKind::from_name(name).ok_or_else(|| {
        let names: Vec<&str> = EntryKind::ALL.iter().map(|k| k.name()).collect();
        format!("possible kinds: {}", names.join(", "))
    })
}

/// `--limit`: a search that may show nothing is no search; 0 is refused rather than read as "no limit".
fn result_limit(text: &str) -> Result<usize, String> {
    match text.parse::<usize>() {
        Ok(0) => Err("a search shows at least 1 result; pass --limit 1 or more".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a whole number")),
    }
}

/// The folder `--root` names must exist: otherwise every file of the site is reported missing, one by one.
fn existing_root(root: &std::path::Path) -> Result<()> {
    if root.is_dir() {
        return Ok(());
    }
    anyhow::bail!(
        "{} is not a folder; pass the folder that holds kaartenbak.toml and content/ with --root, or start a site there with `kaartenbak init`",
        root.display()
    )
}

/// "Today" for staleness; `KAARTENBAK_TODAY=YYYY-MM-DD` fixes it for reproducible builds and tests.
fn today() -> Result<chrono::NaiveDate> {
    match std::env::var("KAARTENBAK_TODAY") {
        Ok(text) => chrono::NaiveDate::parse_from_str(&text, "%Y-%m-%d")
            .with_context(|| format!("KAARTENBAK_TODAY={text} is not a date (YYYY-MM-DD)")),
        Err(_) => Ok(chrono::Local::now().date_naive()),
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(cli) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            ExitCode::from(2)
        }
    }
}

fn run(cli: Cli) -> Result<ExitCode> {
    match cli.command {
        Command::Build {
            root,
            output,
            no_fsync,
        } => {
            existing_root(&root)?;
            let output = root.join(output);
            build_command(&root, &output, !no_fsync)
        }
        Command::Check {
            root,
            format,
            strict,
        } => {
            existing_root(&root)?;
            check_command(&root, format, strict)
        }
        Command::Search {
            query,
            root,
            site,
            preview,
            kind,
            domain,
            area,
            limit,
            json,
            facets,
            no_wijk_detection,
            ignore,
        } => {
            let request = kaartenbak_search::SearchRequest {
                query,
                kind,
                domain,
                area,
                limit,
                facets,
                detect_area: !no_wijk_detection,
                ignore,
            };
            let site = if preview {
                root.join(kaartenbak::serve::PREVIEW_FOLDER)
            } else {
                root.join(site)
            };
            cli_search::run(&site, &request, json)
        }
        Command::Help { topic } => help_command(topic.as_deref()),
        Command::Init { dir } => {
            let written = kaartenbak::starter::init(&dir, &today()?.to_string())?;
            println!("started a site in {}:", dir.display());
            for file in written {
                println!("  {file}");
            }
            println!("next: edit kaartenbak.toml, then `kaartenbak check` and `kaartenbak serve`");
            Ok(ExitCode::SUCCESS)
        }
        Command::New { kind, id, root } => {
            let path = kaartenbak::scaffold::create(&root, kind, &id, &today()?.to_string())?;
            println!(
                "wrote {}: fill in the fields, then run `kaartenbak check`",
                path.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        Command::Serve {
            root,
            output,
            port,
            bind,
            allow_hosts,
            poll,
            open,
        } => {
            existing_root(&root)?;
            let output =
                root.join(output.unwrap_or_else(|| kaartenbak::serve::PREVIEW_FOLDER.into()));
            let build = BuildOptions {
                output,
                root,
                today: today()?,
                preview: true,
                // A preview is rebuilt on the next save; syncing would only slow the reload.
                durable: false,
            };
            kaartenbak::serve::serve(kaartenbak::serve::ServeOptions {
                build,
                bind,
                allow_hosts,
                port,
                poll,
                open,
            })?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Export { format } => cli_hsds::export(format, today()?),
        Command::Import { format } => cli_hsds::import(format),
    }
}

fn print_diagnostics(diagnostics: &[Diagnostic]) {
    for diagnostic in diagnostics {
        eprintln!("{diagnostic}");
    }
}

fn build_command(
    root: &std::path::Path,
    output: &std::path::Path,
    durable: bool,
) -> Result<ExitCode> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: output.to_path_buf(),
        today: today()?,
        preview: false,
        durable,
    };
    match build::build(&options) {
        Ok(report) => {
            print_diagnostics(&report.warnings);
            println!(
                "built {} partners, {} regulations, {} modules, {} pages ({} domains, {} wijken)",
                report.partners,
                report.regulations,
                report.modules,
                report.pages,
                report.domains,
                report.areas
            );
            println!(
                "wrote {} files ({} unchanged, {} removed; {} pages) to {}; search index {} documents, {:.1} KB",
                report.files_written,
                report.files_unchanged,
                report.files_removed,
                report.html_pages,
                output.display(),
                report.index_documents,
                report.index_bytes as f64 / 1024.0
            );
            println!(
                "done in {} ms ({})",
                report.elapsed.as_millis(),
                report.stage_summary()
            );
            if !report.warnings.is_empty() {
                println!("{} warning(s); see above", report.warnings.len());
            }
            Ok(ExitCode::SUCCESS)
        }
        Err(BuildError::Content(diagnostics)) => {
            print_diagnostics(&diagnostics);
            let errors = diagnostics.iter().filter(|d| d.is_error()).count();
            eprintln!(
                "build failed: {errors} error(s); the previous site in {} is unchanged",
                output.display()
            );
            Ok(ExitCode::from(1))
        }
        Err(other) => Err(other).context(format!(
            "build failed; the previous site in {} is unchanged",
            output.display()
        )),
    }
}

/// The content model, shipped in the binary: a content repository has no copy of Kaartenbak's docs/.
const CONTENT_MODEL: &str = include_str!("../docs/content-model.md");

fn help_command(topic: Option<&str>) -> Result<ExitCode> {
    use clap::CommandFactory;
    let mut cli = Cli::command();
    // Built, so that a command's usage line names `kaartenbak`.
    cli.build();
    match topic {
        None => cli.print_long_help()?,
        Some("content" | "content-model") => print!("{CONTENT_MODEL}"),
        Some(name) => match cli.find_subcommand_mut(name) {
            Some(command) => command.print_long_help()?,
            None => anyhow::bail!(
                "no help on `{name}`; try `kaartenbak help content` or `kaartenbak help COMMAND`"
            ),
        },
    }
    Ok(ExitCode::SUCCESS)
}

fn check_command(root: &std::path::Path, format: Format, strict: bool) -> Result<ExitCode> {
    let checked = build::check(root, today()?);
    let mut diagnostics = checked.diagnostics;
    if strict {
        for d in diagnostics.iter_mut().filter(|d| d.is_warning()) {
            d.severity = Severity::Error;
        }
    }
    let errors = diagnostics.iter().filter(|d| d.is_error()).count();
    let warnings = diagnostics.iter().filter(|d| d.is_warning()).count();
    match format {
        Format::Human => {
            for d in &diagnostics {
                println!("{d}");
            }
            let entries: usize = checked.content.entries.values().map(Vec::len).sum();
            println!("checked {entries} entries: {errors} error(s), {warnings} warning(s)");
        }
        Format::Json => {
            let report = serde_json::json!({ "errors": errors, "warnings": warnings, "diagnostics": diagnostics });
            println!("{}", serde_json::to_string_pretty(&report)?);
        }
        Format::Github => {
            for d in &diagnostics {
                let level = match d.severity {
                    Severity::Error => "error",
                    Severity::Warning => "warning",
                    Severity::Note => "notice",
                };
                let mut message = d.message.clone();
                if let Some(hint) = &d.hint {
                    message.push_str(" — ");
                    message.push_str(hint);
                }
                println!(
                    "::{level} file={},line={},col={},title={}::{}",
                    d.file,
                    d.line,
                    d.column,
                    d.code,
                    message
                        .replace('%', "%25")
                        .replace('\r', "%0D")
                        .replace('\n', "%0A")
                );
            }
        }
    }
    Ok(if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}
