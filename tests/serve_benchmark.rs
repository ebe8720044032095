//! Benchmarks of `kaartenbak serve`: time from saving a file to the reload event (the new output is then
//! completely written), over repeated edits, and start-up (spawn to the first page) on the example site.
//! Print figures; assert nothing about time. Run them with `cargo xtask bench-serve [N]`, which generates an
//! N-entry corpus and sets KAARTENBAK_BENCH_SITE. `KAARTENBAK_SERVE_BINARY` times another binary's
//! start-up (e.g. one built from an earlier commit).

mod common;

use common::serve::{events, start_binary, Connection};
use common::TestSite;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// The benchmarks take turns: the test harness runs tests in parallel, and each would time the other's
/// builds on this 2-core machine.
static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

/// The binary to time: this build's, or `KAARTENBAK_SERVE_BINARY`.
fn binary() -> PathBuf {
    std::env::var_os("KAARTENBAK_SERVE_BINARY").map_or_else(
        || PathBuf::from(env!("CARGO_BIN_EXE_kaartenbak")),
        PathBuf::from,
    )
}

#[test]
#[ignore = "benchmark: run with cargo xtask bench-serve"]
fn start_up_to_first_page() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
    let binary = binary();
    let site = TestSite::example();
    let mut times = Vec::new();
    for _ in 0..15 {
        std::fs::remove_dir_all(site.path().join("site")).ok();
        // A free port, chosen here: the server prints its port only after the first build, which is most
        // of what is measured.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let started = Instant::now();
        let mut child = Command::new(&binary)
            .args(["serve", "--port", &port.to_string()])
            .current_dir(site.path())
            .env("KAARTENBAK_TODAY", common::TODAY)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        loop {
            // Connecting fails until the server listens; once it does, the request waits for the build.
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                let status = Connection::open(port)
                    .request("GET", "/", &[("Connection", "close")])
                    .status;
                if status == 200 {
                    break;
                }
            }
            assert!(started.elapsed() < Duration::from_secs(60), "no page");
            std::thread::sleep(Duration::from_millis(2));
        }
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        let _ = child.kill();
        let _ = child.wait();
    }
    times.sort_by(f64::total_cmp);
    println!(
        "start-up to the first page: median {:.0} ms, min {:.0} ms, max {:.0} ms over {} starts ({})",
        times[times.len() / 2],
        times[0],
        times[times.len() - 1],
        times.len(),
        binary.display()
    );
}

#[test]
#[ignore = "benchmark: run with cargo xtask bench-serve"]
fn save_to_reload_latency() {
    let _turn = ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner());
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
    let server = start_binary(&binary(), &site, &[]);
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
        "save to reload: p50 {:.0} ms, p90 {:.0} ms, p95 {:.0} ms over {} saves ({})",
        at(0.5),
        at(0.9),
        at(0.95),
        latencies.len(),
        binary().display()
    );
}
