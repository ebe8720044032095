//! The QR code of a printed page's address: inline SVG made at build time, so paper leads back to the page
//! without a script or an image from elsewhere.

use qrcode::{Color, EcLevel, QrCode};
use std::fmt::Write;

/// An inline `<svg>` (no XML declaration) that encodes `url`, labelled `label` for assistive technology.
/// `None` when the address is too long for a QR code. Only `url` goes into the code; `label` is escaped.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let width = code.width();
    let colors = code.to_colors();
    // One path, a subpath per run of dark modules in a row, inside a quiet zone of four modules.
    let mut path = String::new();
    for (y, row) in colors.chunks(width).enumerate() {
        let mut x = 0;
        while x < width {
            if row[x] == Color::Dark {
                let run = row[x..].iter().take_while(|&&c| c == Color::Dark).count();
                let _ = write!(path, "M{} {}h{run}v1h-{run}z", x + QUIET, y + QUIET);
                x += run;
            } else {
                x += 1;
            }
        }
    }
    let size = width + 2 * QUIET;
    Some(format!(
        "<svg class=\"qr-code\" role=\"img\" aria-label=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" \
         viewBox=\"0 0 {size} {size}\" shape-rendering=\"crispEdges\">\
         <rect width=\"{size}\" height=\"{size}\" fill=\"#fff\"/><path fill=\"#000\" d=\"{path}\"/></svg>",
        kaartenbak_shared::escape_html(label)
    ))
}

/// The light border a reader needs around the code, in modules.
const QUIET: usize = 4;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_code_is_inline_svg_with_a_label() {
        let svg = svg("https://sociale-kaart.example/partners/a/", "QR \"x\"").unwrap();
        assert!(
            svg.starts_with("<svg class=\"qr-code\" role=\"img\" aria-label=\"QR &quot;x&quot;\""),
            "{svg}"
        );
        assert!(!svg.contains("<?xml"));
        assert!(svg.ends_with("</svg>"));
        assert!(
            svg.contains("<path fill=\"#000\" d=\"M4 4h7v1h-7z"),
            "{svg}"
        );
    }

    #[test]
    fn different_addresses_give_different_codes() {
        assert_ne!(
            svg("https://a.example/x/", "l"),
            svg("https://a.example/y/", "l")
        );
    }
}
