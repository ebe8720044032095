//! Micro-benchmarks of the build stages, each on the output of the stage before, for the bundled example
//! site or the site in `$KAARTENBAK_BENCH_SITE` (e.g. `cargo xtask corpus 1000 target/bench/corpus-1000`).
//! Run with `cargo bench --bench stages`. The whole-build table comes from `cargo xtask bench-build`.

use chrono::NaiveDate;
use kaartenbak::build::check;
use kaartenbak::i18n::Translations;
use kaartenbak::index::build_search_index;
use kaartenbak::model::{build_site, Site};
use kaartenbak::render::Renderer;
use kaartenbak::theme::{load_theme, Theme};
use std::path::PathBuf;
use std::sync::OnceLock;

fn main() {
    divan::main();
}

fn site_root() -> PathBuf {
    std::env::var_os("KAARTENBAK_BENCH_SITE")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")))
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a valid date")
}

/// The model of the site, built once for the benchmarks of the later stages.
fn model() -> &'static (Site, Theme, Translations) {
    static MODEL: OnceLock<(Site, Theme, Translations)> = OnceLock::new();
    MODEL.get_or_init(|| {
        let root = site_root();
        let checked = check(&root, today());
        assert!(!checked.has_errors(), "the benchmark site has errors");
        let config = checked.config.expect("a config");
        let theme = load_theme(&root, &config.theme).expect("the theme loads");
        let translations = Translations::load(&theme, config.language).expect("translations");
        (
            build_site(config, checked.content, today()),
            theme,
            translations,
        )
    })
}

#[divan::bench]
fn load_and_validate() {
    divan::black_box(check(&site_root(), today()));
}

#[divan::bench]
fn model_with_links_and_markdown(bencher: divan::Bencher) {
    let root = site_root();
    bencher
        .with_inputs(|| check(&root, today()))
        .bench_values(|checked| {
            build_site(checked.config.expect("a config"), checked.content, today())
        });
}

#[divan::bench]
fn render_all_pages() {
    let (site, theme, translations) = model();
    let renderer = Renderer::new(site, theme, translations).expect("templates compile");
    divan::black_box(
        renderer
            .render_pages(None, false, &|_, _, _| {})
            .expect("pages render"),
    );
}

#[divan::bench(sample_count = 20)]
fn tantivy_index() {
    divan::black_box(build_search_index(&model().0).expect("the index builds"));
}
