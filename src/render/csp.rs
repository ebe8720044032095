//! The Content-Security-Policy every page carries (a `<meta http-equiv>` in the theme's `base.html`).
//!
//! Only the site itself may be loaded: a request to another host from a municipal page is a leak of who
//! reads what. Content cannot embed from elsewhere (validation refuses it), and the policy makes sure a
//! theme, a pasted snippet or an injected element cannot either. What the pages need:
//! - scripts from the site's own `static/` (no inline script runs; the JSON `search-config` block is data
//!   and is never executed), and `'wasm-unsafe-eval'` to compile the search module;
//! - the search worker (`worker-src 'self'`) and its fetches of the index (`connect-src 'self'`, which also
//!   covers `serve`'s live-reload event stream);
//! - the stylesheet (`style-src 'self'`): no `style` attribute in templates or rendered Markdown.
//!
//! `frame-ancestors` is ignored in a meta tag; a host that wants it must send it as a header
//! (see docs/privacy.md).

/// The policy, as the `content` of the meta tag (it holds no character that needs escaping).
pub const POLICY: &str = concat!(
    "default-src 'self'; ",
    "script-src 'self' 'wasm-unsafe-eval'; ",
    "worker-src 'self'; ",
    "connect-src 'self'; ",
    "style-src 'self'; ",
    "img-src 'self'; ",
    "font-src 'self'; ",
    "media-src 'self'; ",
    "object-src 'none'; ",
    "frame-src 'none'; ",
    "base-uri 'self'; ",
    "form-action 'self'"
);
