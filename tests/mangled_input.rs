//! Bad input never crashes the tool: mangled copies of the fixture files (bytes cut, inserted, lines
//! duplicated, invalid UTF-8, stray YAML syntax) go through check and, when they pass it, the whole build.
//! Every run must end in diagnostics or a site, never a panic, and a build of what check passed succeeds.

mod common;

use chrono::NaiveDate;
use common::TestSite;
use kaartenbak::build::{build, check, BuildOptions};
use proptest::prelude::*;

const FILES: [&str; 9] = [
    "kaartenbak.toml",
    "content/_data/domains.yaml",
    "content/_data/areas.yaml",
    "content/partners/schuldhulp.yaml",
    "content/partners/woonkracht.yaml",
    "content/regulations/wgs.md",
    "content/modules/geldzorgen.md",
    "content/modules/schuldhulp-verdieping.md",
    "content/pages/route-geldzorgen.md",
];

#[derive(Debug, Clone)]
enum Mutation {
    Cut { at: f64, len: usize },
    Insert { at: f64, bytes: Vec<u8> },
    DuplicateLine { at: f64 },
    Truncate { at: f64 },
}

fn fragments() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        prop::collection::vec(any::<u8>(), 1..12),
        prop::sample::select(vec![
            b": ".to_vec(),
            b"\n- ".to_vec(),
            b"\t".to_vec(),
            b"[".to_vec(),
            b"{".to_vec(),
            b"\"".to_vec(),
            b"\n---\n".to_vec(),
            b"&anker ".to_vec(),
            b"*anker".to_vec(),
            b"!!binary ".to_vec(),
            b"@/partners/".to_vec(),
            b"](@/".to_vec(),
            b"#".to_vec(),
            b"\xff\xfe".to_vec(),
            b"\n  ".to_vec(),
            b"9999-99-99".to_vec(),
            b"<script>".to_vec(),
            b"|\n".to_vec(),
            "é".as_bytes().to_vec(),
        ]),
    ]
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (0.0..1.0f64, 1..40usize).prop_map(|(at, len)| Mutation::Cut { at, len }),
        (0.0..1.0f64, fragments()).prop_map(|(at, bytes)| Mutation::Insert { at, bytes }),
        (0.0..1.0f64).prop_map(|at| Mutation::DuplicateLine { at }),
        (0.0..1.0f64).prop_map(|at| Mutation::Truncate { at }),
    ]
}

fn apply(bytes: &mut Vec<u8>, mutation: &Mutation) {
    let position = |at: f64, len: usize| ((len as f64) * at) as usize;
    match mutation {
        Mutation::Cut { at, len } => {
            let start = position(*at, bytes.len());
            let end = (start + len).min(bytes.len());
            bytes.drain(start..end);
        }
        Mutation::Insert { at, bytes: insert } => {
            let start = position(*at, bytes.len());
            bytes.splice(start..start, insert.iter().copied());
        }
        Mutation::DuplicateLine { at } => {
            let start = position(*at, bytes.len());
            let line_start = bytes[..start]
                .iter()
                .rposition(|b| *b == b'\n')
                .map_or(0, |i| i + 1);
            let line_end = bytes[start..]
                .iter()
                .position(|b| *b == b'\n')
                .map_or(bytes.len(), |i| start + i + 1);
            let line = bytes[line_start..line_end].to_vec();
            bytes.splice(line_end..line_end, line);
        }
        Mutation::Truncate { at } => {
            let len = position(*at, bytes.len());
            bytes.truncate(len);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn mangled_files_give_diagnostics_not_panics(
        file in 0..FILES.len(),
        mutations in prop::collection::vec(mutation(), 1..4),
    ) {
        let site = TestSite::valid();
        let path = site.path().join(FILES[file]);
        let mut bytes = std::fs::read(&path).unwrap();
        for m in &mutations {
            apply(&mut bytes, m);
        }
        std::fs::write(&path, &bytes).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
        let checked = check(site.path(), today);
        for diagnostic in &checked.diagnostics {
            prop_assert!(diagnostic.line >= 1 && diagnostic.column >= 1, "{diagnostic}");
            prop_assert!(!diagnostic.file.is_empty());
        }
        if !checked.has_errors() {
            // What `check` passed, `build` builds: an editor who ran check is not surprised by build.
            let options = BuildOptions { root: site.path().into(), output: site.path().join("site"), today, preview: false, durable: false };
            // (The fixture's config names no theme, so no mutation makes one that does not exist, which
            // only build would notice.)
            let built = build(&options);
            prop_assert!(built.is_ok(), "check passed but build failed: {:?}", built.err());
            prop_assert!(site.path().join("site/index.html").is_file());
        }
    }
}
