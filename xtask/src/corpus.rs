//! A deterministic corpus of N entries in the real content model, for benchmarks: partners with services,
//! regulations, modules and pages, spread over the 14 domains and generated wijken, cross-linked, with Dutch
//! text of realistic length. The words come from a bigram chain over the bundled example content, so word
//! frequencies and lengths look like real sociale-kaart text.

use anyhow::{Context, Result};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

/// xorshift64*: small, seeded, the same sequence on every machine.
pub(crate) struct Random(pub(crate) u64);

impl Random {
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    pub(crate) fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

/// Word successors seen in the example content.
pub(crate) struct Chain {
    next: BTreeMap<String, Vec<String>>,
    starts: Vec<String>,
}

impl Chain {
    pub(crate) fn from_example(root: &Path) -> Result<Chain> {
        let mut text = String::new();
        for folder in ["partners", "regulations", "modules", "pages"] {
            let mut paths: Vec<_> = std::fs::read_dir(root.join("content").join(folder))?
                .map(|e| e.map(|e| e.path()))
                .collect::<Result<_, _>>()?;
            paths.sort();
            for path in paths {
                for line in std::fs::read_to_string(&path)?.lines() {
                    let line = line.trim_start_matches([' ', '-']);
                    let line = line.split_once(": ").map_or(line, |(_, v)| v);
                    if line.split_whitespace().count() > 5
                        && !line.contains("@/")
                        && !line.contains("://")
                    {
                        text.push_str(line.trim_matches(['"', '|', '>']));
                        text.push(' ');
                    }
                }
            }
        }
        let words: Vec<String> = text
            .split_whitespace()
            .map(|w| w.trim_matches(|c: char| "()[]*#`".contains(c)).to_string())
            .filter(|w| !w.is_empty())
            .collect();
        let mut next: BTreeMap<String, Vec<String>> = BTreeMap::new();
        let mut starts = Vec::new();
        for pair in words.windows(2) {
            next.entry(pair[0].clone())
                .or_default()
                .push(pair[1].clone());
            if pair[0].ends_with('.') && pair[1].starts_with(char::is_uppercase) {
                starts.push(pair[1].clone());
            }
        }
        anyhow::ensure!(
            !starts.is_empty(),
            "no sentences found in the example content"
        );
        Ok(Chain { next, starts })
    }

    pub(crate) fn sentence(&self, random: &mut Random) -> String {
        let mut word = random.pick(&self.starts).clone();
        let mut sentence = word.clone();
        let length = 8 + random.below(14);
        for _ in 0..length {
            match self.next.get(&word) {
                Some(options) => word = random.pick(options).clone(),
                None => break,
            }
            sentence.push(' ');
            sentence.push_str(&word);
            if word.ends_with('.') {
                return sentence;
            }
        }
        sentence.trim_end_matches([',', ';', ':']).to_string() + "."
    }

    /// Sentences until the text has at least `words` words.
    pub(crate) fn text(&self, random: &mut Random, words: usize) -> String {
        let mut text = String::new();
        while text.split_whitespace().count() < words {
            if !text.is_empty() {
                text.push(' ');
            }
            text.push_str(&self.sentence(random));
        }
        text
    }

    /// Text of `min` up to `min + spread` words.
    pub(crate) fn text_between(&self, random: &mut Random, min: usize, spread: usize) -> String {
        let words = min + random.below(spread);
        self.text(random, words)
    }
}

fn yaml_text(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// How an N-entry corpus splits, shared with the peers' corpus (`peer_corpus.rs`) so both stay the same
/// size and shape: partners 60%, regulations and modules 15% each, the rest articles; one wijk per 100.
pub(crate) struct Shape {
    pub wijken: usize,
    pub partners: usize,
    pub regulations: usize,
    pub modules: usize,
    pub pages: usize,
}

impl Shape {
    pub fn of(entries: usize) -> Shape {
        let partners = entries * 60 / 100;
        let regulations = entries * 15 / 100;
        let modules = entries * 15 / 100;
        Shape {
            wijken: (entries / 100).clamp(9, 400),
            partners,
            regulations,
            modules,
            pages: entries - partners - regulations - modules,
        }
    }
}

/// One to three of the domains, sorted, without repeats.
pub(crate) fn pick_domains(random: &mut Random) -> Vec<&'static str> {
    let mut picked: Vec<&str> = (0..1 + random.below(3))
        .map(|_| *random.pick(&DOMAINS))
        .collect();
    picked.sort_unstable();
    picked.dedup();
    picked
}

pub(crate) const DOMAINS: [&str; 14] = [
    "financien",
    "werk-opleiding",
    "tijdsbesteding",
    "huisvesting",
    "huiselijke-relaties",
    "geestelijke-gezondheid",
    "lichamelijke-gezondheid",
    "middelengebruik",
    "basale-adl",
    "instrumentele-adl",
    "sociaal-netwerk",
    "maatschappelijke-participatie",
    "justitie",
    "opvoeding-jeugd",
];

/// Writes a site with `entries` entries into `out` (which must not exist yet).
pub fn generate(root: &Path, out: &Path, entries: usize, seed: u64) -> Result<()> {
    anyhow::ensure!(
        !out.exists(),
        "{} exists already; choose a new folder",
        out.display()
    );
    let chain = Chain::from_example(root)?;
    let mut random = Random(seed.max(1));
    let content = out.join("content");
    for folder in ["_data", "partners", "regulations", "modules", "pages"] {
        std::fs::create_dir_all(content.join(folder))?;
    }
    std::fs::write(
        out.join("kaartenbak.toml"),
        "title = \"Sociale kaart benchmark\"\nbase_url = \"https://kaart.example/\"\nlanguage = \"nl\"\n",
    )?;
    std::fs::copy(
        root.join("content/_data/domains.yaml"),
        content.join("_data/domains.yaml"),
    )
    .context("copying the example domains")?;

    let Shape {
        wijken,
        partners,
        regulations,
        modules,
        pages,
    } = Shape::of(entries);
    let mut areas = String::new();
    for w in 0..wijken {
        let first = 1000 + w * 20;
        writeln!(
            areas,
            "- id: wijk-{w}\n  name: Wijk {w}\n  postcodes: [\"{first}-{}\"]",
            first + 19
        )?;
    }
    std::fs::write(content.join("_data/areas.yaml"), areas)?;

    let domains = |random: &mut Random| format!("[{}]", pick_domains(random).join(", "));
    for p in 0..partners {
        let mut yaml = format!(
            "name: Organisatie {p}\nkind: {}\n",
            random.pick(&[
                "welzijn",
                "schuldhulpverlening",
                "woningcorporatie",
                "ggz-aanbieder",
                "jeugdhulp",
                "vrijwilligersorganisatie"
            ])
        );
        let link = if p > 0 {
            format!(" Zie ook [organisatie](@/partners/p-{}).", random.below(p))
        } else {
            String::new()
        };
        writeln!(
            yaml,
            "description: {}",
            yaml_text(&(chain.text_between(&mut random, 60, 80) + &link))
        )?;
        writeln!(
            yaml,
            "phone: \"0493-{:06}\"\nemail: info@org{p}.example\nwebsite: https://org{p}.example/",
            random.below(1_000_000)
        )?;
        let areas = if random.below(3) == 0 {
            "gemeentebreed".to_string()
        } else {
            format!(
                "[wijk-{}, wijk-{}]",
                random.below(wijken),
                random.below(wijken)
            )
        };
        writeln!(
            yaml,
            "areas: {areas}\ndomains: {}\nservices:",
            domains(&mut random)
        )?;
        for s in 0..1 + random.below(3) {
            writeln!(yaml, "  - name: Dienst {s} van organisatie {p}\n    description: {}\n    target_group: {}\n    referral: {}\n    domains: {}",
                yaml_text(&chain.text_between(&mut random, 30, 40)),
                yaml_text(&chain.sentence(&mut random)),
                yaml_text(&chain.sentence(&mut random)),
                domains(&mut random))?;
        }
        writeln!(
            yaml,
            "last_verified: 2026-0{}-1{}",
            1 + random.below(9),
            random.below(10)
        )?;
        std::fs::write(content.join(format!("partners/p-{p}.yaml")), yaml)?;
    }
    for r in 0..regulations {
        let carriers: Vec<String> = (0..1 + random.below(3))
            .map(|_| format!("p-{}", random.below(partners)))
            .collect();
        let body = (0..3)
            .map(|_| {
                format!(
                    "## {}\n\n{}\n",
                    chain.sentence(&mut random).trim_end_matches('.'),
                    chain.text(&mut random, 80)
                )
            })
            .collect::<String>();
        std::fs::write(
            content.join(format!("regulations/r-{r}.md")),
            format!("---\ntitle: Regeling {r}\nlaw: {}\nlevel: gemeentelijk\nmandate: {}\nsummary: {}\ndomains: {}\npartners: [{}]\nlast_verified: 2026-05-01\n---\n{body}",
                random.pick(&["Wmo 2015", "Jeugdwet", "Participatiewet", "Wgs"]),
                yaml_text(&chain.sentence(&mut random)), yaml_text(&chain.sentence(&mut random)),
                domains(&mut random), carriers.join(", ")),
        )?;
    }
    for m in 0..modules {
        // Prerequisites point to earlier modules only: no cycles.
        let prerequisites = if m > 0 {
            format!("[m-{}]", random.below(m))
        } else {
            "[]".into()
        };
        std::fs::write(
            content.join(format!("modules/m-{m}.md")),
            format!("---\ntitle: Module {m}\nsummary: {}\ndomains: {}\nprerequisites: {prerequisites}\npartners: [p-{}]\nregulations: [r-{}]\nsessions:\n  - date: 2027-0{}-1{}\n    location: Gemeentehuis\n    seats: 20\n    signup: opleidingen@kaart.example\nlast_verified: 2026-05-01\n---\n{}\n",
                yaml_text(&chain.sentence(&mut random)), domains(&mut random), random.below(partners), random.below(regulations.max(1)),
                1 + random.below(6), random.below(10), chain.text(&mut random, 200)),
        )?;
    }
    for g in 0..pages {
        std::fs::write(
            content.join(format!("pages/g-{g}.md")),
            format!("---\ntitle: Artikel {g}\nsummary: {}\ndomains: {}\n---\n{}\n\nMeer bij [deze partner](@/partners/p-{}).\n",
                yaml_text(&chain.sentence(&mut random)), domains(&mut random), chain.text(&mut random, 300), random.below(partners)),
        )?;
    }
    println!("wrote {entries} entries ({partners} partners, {regulations} regulations, {modules} modules, {pages} pages, {wijken} wijken) to {}", out.display());
    Ok(())
}
