//! The QR code of a printed page's address: inline SVG made at build time, so paper leads back to the page
//! without a script or an image from elsewhere.

use qrcode::render::svg;
use qrcode::{EcLevel, QrCode};

/// An inline `<svg>` (no XML declaration) that encodes `url`, labelled `label` for assistive technology.
/// `None` when the address is too long for a QR code. Only `url` goes into the code; `label` is escaped.
pub fn svg(url: &str, label: &str) -> Option<String> {
    let code = QrCode::with_error_correction_level(url.as_bytes(), EcLevel::M).ok()?;
    let image = code
        .render::<svg::Color>()
        .module_dimensions(1, 1)
        .quiet_zone(true)
        .build();
    let start = image.find("<svg")?;
    let attributes = format!(
        "<svg class=\"qr-code\" role=\"img\" aria-label=\"{}\"",
        kaartenbak_shared::escape_html(label)
    );
    Some(
        image[start..]
            .replacen("<svg", &attributes, 1)
            .replacen(" version=\"1.1\"", "", 1),
    )
}

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
        assert!(svg.contains("<path fill=\"#000\" d=\"M"));
    }

    #[test]
    fn different_addresses_give_different_codes() {
        assert_ne!(
            svg("https://a.example/x/", "l"),
            svg("https://a.example/y/", "l")
        );
    }
}
