//! `sitemap.xml`: every page with its absolute URL.

use super::OutputFile;
use crate::model::Site;

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

/// The sitemap of the pages at `paths` (relative to the output folder).
pub fn sitemap<'a>(site: &Site, paths: impl Iterator<Item = &'a str>) -> OutputFile {
    let mut xml = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n");
    for page in paths.filter(|p| {
        p.ends_with("index.html") && *p != "search/index.html" && *p != "redactie/index.html"
    }) {
        let path = page.trim_end_matches("index.html");
        let url = site
            .config
            .base_url
            .join(path)
            .map(|u| u.to_string())
            .unwrap_or_default();
        xml.push_str(&format!("  <url><loc>{}</loc></url>\n", escape_xml(&url)));
    }
    xml.push_str("</urlset>\n");
    OutputFile::new("sitemap.xml", xml.into_bytes())
}
