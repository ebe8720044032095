//! `sitemap.xml`: every page with its absolute URL.

use super::routes::Route;
use crate::model::Site;
use crate::output_file::OutputFile;

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sitemap of the pages at `routes`.
pub fn sitemap<'a>(site: &Site, routes: impl Iterator<Item = Route<'a>>) -> OutputFile {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for route in routes {
        let path: String = route.segments.iter().map(|s| format!("{s}/")).collect();
        let url = site
            .config
            .base_url
            .join(&path)
            .map(|u| u.to_string())
            .unwrap_or_default();
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&url)));
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}
