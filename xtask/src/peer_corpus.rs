//! The peers' side of `cargo xtask compare-peers`: a Zola or Hugo site of N Markdown pages comparable to
//! Kaartenbak's N-entry benchmark corpus (`corpus.rs`): the same split into partners (60%), regulations,
//! modules (15% each) and articles, the same text lengths from the same word chain, internal links that the
//! generator resolves (`@/…` in Zola; plain links in Hugo, see `Peer::link`), two taxonomies (domains and wijken, which Kaartenbak
//! renders as pages too), section lists, a sitemap, and a search index (Zola's built-in one; a JSON file of
//! every page's plain text in Hugo). The templates are plain, like Kaartenbak's pages in structure: a
//! header with the sections, the page's title, text and taxonomy links.

use crate::corpus::{pick_domains, Chain, Random, Shape};
use anyhow::{ensure, Result};
use std::fmt::Write as _;
use std::path::Path;

/// The two peers.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Peer {
    Zola,
    Hugo,
}

impl Peer {
    pub fn name(self) -> &'static str {
        match self {
            Peer::Zola => "zola",
            Peer::Hugo => "hugo",
        }
    }

    /// A link to another page: in Zola an internal link it resolves and checks, as Kaartenbak does with
    /// `@/…`; in Hugo a plain root-relative link, since its `ref` shortcode (the checked equivalent) costs Hugo
    /// a shortcode call per link, and the comparison should not flatter Kaartenbak.
    fn link(self, section: &str, page: &str) -> String {
        match self {
            Peer::Zola => format!("@/{section}/{page}.md"),
            Peer::Hugo => format!("/{section}/{page}/"),
        }
    }

    fn front_matter(
        self,
        title: &str,
        description: &str,
        domains: &[&str],
        wijken: &[String],
    ) -> String {
        let list = |items: &[String]| {
            items
                .iter()
                .map(|i| format!("\"{i}\""))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let domains: Vec<String> = domains.iter().map(|d| d.to_string()).collect();
        let description = description.replace('\\', "\\\\").replace('"', "\\\"");
        match self {
            Peer::Zola => {
                let mut toml = format!(
                    "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\n[taxonomies]\ndomains = [{}]\n",
                    list(&domains)
                );
                if !wijken.is_empty() {
                    let _ = writeln!(toml, "wijken = [{}]", list(wijken));
                }
                toml + "+++\n"
            }
            Peer::Hugo => {
                let mut toml = format!(
                    "+++\ntitle = \"{title}\"\ndescription = \"{description}\"\ndomains = [{}]\n",
                    list(&domains)
                );
                if !wijken.is_empty() {
                    let _ = writeln!(toml, "wijken = [{}]", list(wijken));
                }
                toml + "+++\n"
            }
        }
    }
}

const SECTIONS: [(&str, &str); 4] = [
    ("partners", "Partners"),
    ("regulations", "Regelingen"),
    ("modules", "Modules"),
    ("pages", "Artikelen"),
];

/// Writes a `peer` site with `entries` pages into `out` (which must not exist yet).
pub fn generate(root: &Path, out: &Path, entries: usize, seed: u64, peer: Peer) -> Result<()> {
    ensure!(
        !out.exists(),
        "{} exists already; choose a new folder",
        out.display()
    );
    let chain = Chain::from_example(root)?;
    let mut random = Random(seed.max(1));
    let content = out.join("content");
    for (section, title) in SECTIONS {
        std::fs::create_dir_all(content.join(section))?;
        let index = match peer {
            Peer::Zola => format!("+++\ntitle = \"{title}\"\nsort_by = \"title\"\n+++\n"),
            Peer::Hugo => format!("+++\ntitle = \"{title}\"\n+++\n"),
        };
        std::fs::write(content.join(section).join("_index.md"), index)?;
    }
    write_theme(out, peer)?;

    let Shape {
        wijken,
        partners,
        regulations,
        modules,
        pages,
    } = Shape::of(entries);
    let domains = pick_domains;
    for p in 0..partners {
        let description = chain.text_between(&mut random, 60, 80);
        let mut body = description.clone();
        if p > 0 {
            let _ = write!(
                body,
                " Zie ook [organisatie]({}).",
                peer.link("partners", &format!("p-{}", random.below(p)))
            );
        }
        let _ = write!(
            body,
            "\n\n## Contact\n\n- Telefoon: 0493-{:06}\n- E-mail: <info@org{p}.example>\n- Website: <https://org{p}.example/>\n\n## Diensten\n",
            random.below(1_000_000)
        );
        let areas: Vec<String> = if random.below(3) == 0 {
            Vec::new()
        } else {
            vec![
                format!("wijk-{}", random.below(wijken)),
                format!("wijk-{}", random.below(wijken)),
            ]
        };
        let own_domains = domains(&mut random);
        for s in 0..1 + random.below(3) {
            let _ = write!(
                body,
                "\n### Dienst {s} van organisatie {p}\n\n{}\n\n**Voor wie:** {}\n\n**Aanmelden:** {}\n",
                chain.text_between(&mut random, 30, 40),
                chain.sentence(&mut random),
                chain.sentence(&mut random)
            );
            let _ = domains(&mut random);
        }
        let mut wijken_of = areas;
        wijken_of.sort();
        wijken_of.dedup();
        let summary = chain.sentence(&mut random);
        write_page(
            &content,
            "partners",
            &format!("p-{p}"),
            peer.front_matter(
                &format!("Organisatie {p}"),
                &summary,
                &own_domains,
                &wijken_of,
            ) + &body,
        )?;
    }
    for r in 0..regulations {
        let summary = chain.sentence(&mut random);
        let own_domains = domains(&mut random);
        let mut body = String::new();
        for _ in 0..3 {
            let _ = write!(
                body,
                "## {}\n\n{}\n\n",
                chain.sentence(&mut random).trim_end_matches('.'),
                chain.text(&mut random, 80)
            );
        }
        for _ in 0..1 + random.below(3) {
            let _ = writeln!(
                body,
                "- Uitgevoerd door [organisatie]({})",
                peer.link("partners", &format!("p-{}", random.below(partners)))
            );
        }
        write_page(
            &content,
            "regulations",
            &format!("r-{r}"),
            peer.front_matter(&format!("Regeling {r}"), &summary, &own_domains, &[]) + &body,
        )?;
    }
    for m in 0..modules {
        let summary = chain.sentence(&mut random);
        let own_domains = domains(&mut random);
        let mut body = chain.text(&mut random, 200);
        let _ = write!(
            body,
            "\n\n## Bijeenkomsten\n\n| datum | plaats | plaatsen |\n|---|---|---:|\n| 2027-0{}-1{} | Gemeentehuis | 20 |\n\nMet [deze partner]({}).\n",
            1 + random.below(6),
            random.below(10),
            peer.link("partners", &format!("p-{}", random.below(partners)))
        );
        if m > 0 {
            let _ = writeln!(
                body,
                "\nEerst: [module]({}).",
                peer.link("modules", &format!("m-{}", random.below(m)))
            );
        }
        write_page(
            &content,
            "modules",
            &format!("m-{m}"),
            peer.front_matter(&format!("Module {m}"), &summary, &own_domains, &[]) + &body,
        )?;
    }
    for g in 0..pages {
        let summary = chain.sentence(&mut random);
        let own_domains = domains(&mut random);
        let body = format!(
            "{}\n\nMeer bij [deze partner]({}).\n",
            chain.text(&mut random, 300),
            peer.link("partners", &format!("p-{}", random.below(partners)))
        );
        write_page(
            &content,
            "pages",
            &format!("g-{g}"),
            peer.front_matter(&format!("Artikel {g}"), &summary, &own_domains, &[]) + &body,
        )?;
    }
    Ok(())
}

fn write_page(content: &Path, section: &str, name: &str, text: String) -> Result<()> {
    std::fs::write(content.join(section).join(format!("{name}.md")), text)?;
    Ok(())
}

fn write_theme(out: &Path, peer: Peer) -> Result<()> {
    let files: &[(&str, &str)] = match peer {
        Peer::Zola => &ZOLA_FILES,
        Peer::Hugo => &HUGO_FILES,
    };
    for (path, text) in files {
        let path = out.join(path);
        std::fs::create_dir_all(path.parent().expect("a file in a folder"))?;
        std::fs::write(path, text)?;
    }
    Ok(())
}

const ZOLA_FILES: [(&str, &str); 7] = [
    (
        "config.toml",
        // elasticlunr-rs 3.0.2, Zola's search indexer, knows Dutch by the code "du" only (its `from_code`
        // matches module names, not ISO 639-1), so "nl" stops the build; "du" gives its Dutch stemmer.
        r#"base_url = "https://kaart.example"
title = "Sociale kaart benchmark"
default_language = "du"
compile_sass = false
build_search_index = true
generate_feeds = false
taxonomies = [{ name = "domains" }, { name = "wijken" }]

[search]
index_format = "elasticlunr_json"
"#,
    ),
    (
        "templates/base.html",
        r#"<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{% block title %}{{ config.title }}{% endblock %}</title>
<meta name="description" content="{% block description %}{{ config.title }}{% endblock %}"></head>
<body>
<header><a href="{{ get_url(path="/") }}">{{ config.title }}</a>
<nav><a href="{{ get_url(path="@/partners/_index.md") }}">Partners</a> <a href="{{ get_url(path="@/regulations/_index.md") }}">Regelingen</a> <a href="{{ get_url(path="@/modules/_index.md") }}">Modules</a> <a href="{{ get_url(path="@/pages/_index.md") }}">Artikelen</a></nav></header>
<main>{% block content %}{% endblock %}</main>
<footer>{{ config.title }}</footer>
</body>
</html>
"#,
    ),
    (
        "templates/index.html",
        r#"{% extends "base.html" %}
{% block content %}<h1>{{ config.title }}</h1>
<ul>{% for s in section.subsections %}{% set sub = get_section(path=s, metadata_only=true) %}<li><a href="{{ sub.permalink }}">{{ sub.title }}</a></li>{% endfor %}</ul>{% endblock %}
"#,
    ),
    (
        "templates/section.html",
        r#"{% extends "base.html" %}
{% block title %}{{ section.title }}{% endblock %}
{% block content %}<h1>{{ section.title }}</h1>
<ul>{% for page in section.pages %}<li><a href="{{ page.permalink }}">{{ page.title }}</a> {{ page.description }}</li>{% endfor %}</ul>{% endblock %}
"#,
    ),
    (
        "templates/page.html",
        r#"{% extends "base.html" %}
{% block title %}{{ page.title }}{% endblock %}
{% block description %}{{ page.description }}{% endblock %}
{% block content %}<article><h1>{{ page.title }}</h1>
<p>{{ page.description }}</p>
{{ page.content | safe }}
{% if page.taxonomies.domains %}<ul>{% for d in page.taxonomies.domains %}<li><a href="{{ get_taxonomy_url(kind="domains", name=d) }}">{{ d }}</a></li>{% endfor %}</ul>{% endif %}
{% if page.taxonomies.wijken %}<ul>{% for w in page.taxonomies.wijken %}<li><a href="{{ get_taxonomy_url(kind="wijken", name=w) }}">{{ w }}</a></li>{% endfor %}</ul>{% endif %}
</article>{% endblock %}
"#,
    ),
    (
        "templates/taxonomy_list.html",
        r#"{% extends "base.html" %}
{% block content %}<h1>{{ taxonomy.name }}</h1>
<ul>{% for term in terms %}<li><a href="{{ term.permalink }}">{{ term.name }}</a> ({{ term.pages | length }})</li>{% endfor %}</ul>{% endblock %}
"#,
    ),
    (
        "templates/taxonomy_single.html",
        r#"{% extends "base.html" %}
{% block title %}{{ term.name }}{% endblock %}
{% block content %}<h1>{{ term.name }}</h1>
<ul>{% for page in term.pages %}<li><a href="{{ page.permalink }}">{{ page.title }}</a> {{ page.description }}</li>{% endfor %}</ul>{% endblock %}
"#,
    ),
];

const HUGO_FILES: [(&str, &str); 5] = [
    (
        "config.toml",
        r#"baseURL = "https://kaart.example/"
title = "Sociale kaart benchmark"
languageCode = "nl"
defaultContentLanguage = "nl"
disableKinds = ["RSS"]

[taxonomies]
domain = "domains"
wijk = "wijken"

[outputs]
home = ["HTML", "JSON"]
"#,
    ),
    (
        "layouts/_default/baseof.html",
        r#"<!doctype html>
<html lang="nl">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }}</title>
<meta name="description" content="{{ with .Description }}{{ . }}{{ else }}{{ site.Title }}{{ end }}"></head>
<body>
<header><a href="{{ "/" | relURL }}">{{ site.Title }}</a>
<nav>{{ range site.Sections }}<a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ end }}</nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer>{{ site.Title }}</footer>
</body>
</html>
"#,
    ),
    (
        "layouts/_default/single.html",
        r#"{{ define "main" }}<article><h1>{{ .Title }}</h1>
<p>{{ .Description }}</p>
{{ .Content }}
{{ with .GetTerms "domains" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
{{ with .GetTerms "wijken" }}<ul>{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}
</article>{{ end }}
"#,
    ),
    (
        "layouts/_default/list.html",
        r#"{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Pages }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a> {{ .Description }}</li>{{ end }}</ul>{{ end }}
"#,
    ),
    (
        "layouts/index.json",
        r#"{{- $pages := slice -}}
{{- range site.RegularPages -}}
{{- $pages = $pages | append (dict "title" .Title "url" .RelPermalink "text" .Plain) -}}
{{- end -}}
{{- $pages | jsonify -}}
"#,
    ),
];
