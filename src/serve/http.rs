//! The HTTP server of `kaartenbak serve`, on axum + tower-http over hyper and a tokio runtime (as mdBook
//! does): hyper gives keep-alive, HEAD and a correct HTTP/1.1 parser; axum routes the two live-reload paths
//! and gives Server-Sent Events with keep-alive comments; tower-http's `ServeFile` serves every file that is
//! not HTML (ranges, ETag, Last-Modified); its `CompressionLayer` compresses text. Which file a path means,
//! and HTML, are `site`'s job.

use super::hosts::AllowedHosts;
use super::live::{LiveEvent, LiveReload, EVENTS_PATH, SCRIPT, SCRIPT_PATH};
use super::site;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, X_CONTENT_TYPE_OPTIONS};
use axum::http::HeaderValue;
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::serve::ListenerExt as _;
use axum::Router;
use std::convert::Infallible;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate as _};
use tower_http::compression::CompressionLayer;
use tower_http::set_header::SetResponseHeaderLayer;

/// Serves `root` on `listener` until the process ends.
pub fn serve(
    listener: std::net::TcpListener,
    root: PathBuf,
    live: LiveReload,
    hosts: AllowedHosts,
) -> std::io::Result<()> {
    // One thread is plenty for one editor's browser: requests wait on the disk, not the CPU, and file reads
    // go to tokio's blocking pool. Builds run on their own thread, outside the runtime.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        listener.set_nonblocking(true)?;
        let listener = tokio::net::TcpListener::from_std(listener)?.tap_io(|stream| {
            // Without it, a response written in two segments waits for the client's delayed ACK (~40 ms
            // on Linux) once connections are kept alive.
            let _ = stream.set_nodelay(true);
        });
        axum::serve(listener, router(root, live, hosts)).await
    })
}

fn router(root: PathBuf, live: LiveReload, hosts: AllowedHosts) -> Router {
    let hosts = Arc::new(hosts);
    Router::new()
        .route(EVENTS_PATH, get(move || events(live.clone())))
        .route(SCRIPT_PATH, get(script))
        .fallback(site::respond)
        .with_state(Arc::new(root))
        // While editing, a reload must never show an old file: browsers may keep a copy but ask every time,
        // and the ETag turns an unchanged file into a 304.
        .layer(SetResponseHeaderLayer::if_not_present(
            CACHE_CONTROL,
            HeaderValue::from_static("no-cache"),
        ))
        // Pages, styles, scripts and JSON go out compressed, as any production web server sends them, so
        // what a visitor's first search costs is measured here as it will be published. The search files
        // are gzip already (and the module is read by the page's own decompressor), so they go as they are;
        // so do server-sent events (the default predicate) and ranges (tower-http leaves 206 alone).
        .layer(
            CompressionLayer::new().gzip(true).br(true).compress_when(
                DefaultPredicate::new()
                    .and(NotForContentType::const_new("application/gzip"))
                    .and(NotForContentType::const_new("application/wasm")),
            ),
        )
        // Outermost but for nosniff: a request for another host name is refused before any file is read.
        .layer(axum::middleware::from_fn(move |request, next| {
            let hosts = Arc::clone(&hosts);
            async move { hosts.check(request, next).await }
        }))
        .layer(SetResponseHeaderLayer::overriding(
            X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
}

/// Streams build events to one page until it goes away; a comment every 15 s keeps proxies from closing
/// the stream.
async fn events(live: LiveReload) -> impl IntoResponse {
    let receiver = live.subscribe();
    let stream = futures_util::stream::unfold(receiver, |mut receiver| async move {
        let LiveEvent { name, data } = receiver.recv().await?;
        Some((
            Ok::<_, Infallible>(Event::default().event(name).data(data)),
            receiver,
        ))
    });
    Sse::new(stream).keep_alive(
        KeepAlive::new()
            .interval(Duration::from_secs(15))
            .text("ping"),
    )
}

async fn script() -> impl IntoResponse {
    ([(CONTENT_TYPE, "text/javascript; charset=utf-8")], SCRIPT)
}
