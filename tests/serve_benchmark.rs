//! Benchmark of `kaartenbak serve`: time from saving a file to the reload event (the new output is then
//! completely written), over repeated edits. Prints figures; asserts nothing about time. Run it with
//! `cargo xtask bench-serve [N]`, which generates an N-entry corpus and sets KAARTENBAK_BENCH_SITE.

mod common;

use common::serve::{events, start};
use common::TestSite;
use std::time::{Duration, Instant};

#[test]
#[ignore = "benchmark: run with cargo xtask bench-serve"]
fn save_to_reload_latency() {
    let source =
        std::env::var("KAARTENBAK_BENCH_SITE").expect("set KAARTENBAK_BENCH_SITE to a corpus site");
    let site = TestSite::valid();
    std::fs::remove_dir_all(site.path().join("content")).unwrap();
    common::copy_dir(
        &std::path::Path::new(&source).join("content"),
        &site.path().join("content"),
    );
    std::fs::copy(
        std::path::Path::new(&source).join("kaartenbak.toml"),
        site.path().join("kaartenbak.toml"),
    )
    .unwrap();
    let server = start(&site);
    let events = events(server.port);
    assert_eq!(
        events.recv_timeout(Duration::from_secs(120)).unwrap().0,
        "ok"
    );
    let file = "content/partners/p-0.yaml";
    let original = site.read(file);
    let mut latencies = Vec::new();
    for round in 0..12 {
        std::thread::sleep(Duration::from_millis(300));
        let edited = original.replacen(
            "name: Organisatie 0",
            &format!("name: Organisatie 0 ({round})"),
            1,
        );
        let saved = Instant::now();
        site.write(file, &edited);
        let (name, _) = events.recv_timeout(Duration::from_secs(120)).unwrap();
        assert_eq!(name, "reload");
        latencies.push(saved.elapsed().as_secs_f64() * 1000.0);
    }
    latencies.sort_by(f64::total_cmp);
    let at = |p: f64| latencies[((latencies.len() - 1) as f64 * p).round() as usize];
    println!(
        "save to reload: p50 {:.0} ms, p95 {:.0} ms over {} saves",
        at(0.5),
        at(0.95),
        latencies.len()
    );
}
