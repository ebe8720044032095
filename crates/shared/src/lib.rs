//! What Kaartenbak's site generator and its search core (native and compiled to WebAssembly) must agree
//! on: the HTML escaper that both the pages and the search results' snippets use, and the ids that one
//! side writes and the other reads.

/// The area id of entries that serve the whole municipality: what editors write in `areas:`, the URL
/// segment of its listing, and the area value of their search documents, which matches every wijk filter.
pub const MUNICIPALITY_WIDE: &str = "gemeentebreed";

/// `text` with the five characters that can start or end markup or an attribute replaced by entities.
pub fn escape_html(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    // The five characters are ASCII, so every cut falls on a character boundary; text between them is
    // copied in one piece. This runs for every value of every page, and most values have nothing to
    // escape, so eight bytes at a time are checked for any of the five before looking at single bytes.
    let mut plain_from = 0;
    let mut i = 0;
    while i < bytes.len() {
        if let Some(chunk) = bytes.get(i..i + 8) {
            let word = u64::from_le_bytes(chunk.try_into().expect("eight bytes"));
            if !has_markup_byte(word) {
                i += 8;
                continue;
            }
        }
        let end = (i + 8).min(bytes.len());
        for (offset, byte) in bytes[i..end].iter().enumerate() {
            let entity = match byte {
                b'<' => "&lt;",
                b'>' => "&gt;",
                b'&' => "&amp;",
                b'"' => "&quot;",
                b'\'' => "&#39;",
                _ => continue,
            };
            out.push_str(&text[plain_from..i + offset]);
            out.push_str(entity);
            plain_from = i + offset + 1;
        }
        i = end;
    }
    out.push_str(&text[plain_from..]);
    out
}

/// Whether any of the eight bytes of `word` is `<`, `>`, `&`, `"` or `'`.
fn has_markup_byte(word: u64) -> bool {
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGHS: u64 = 0x8080_8080_8080_8080;
    // Nonzero when a byte of `x` is zero (a byte equal to the one compared with).
    let zero_byte = |x: u64| x.wrapping_sub(ONES) & !x & HIGHS;
    [b'<', b'>', b'&', b'"', b'\'']
        .iter()
        .fold(0, |found, &markup| {
            found | zero_byte(word ^ (ONES * u64::from(markup)))
        })
        != 0
}

#[cfg(test)]
mod tests {
    use super::escape_html;

    #[test]
    fn markup_in_content_cannot_become_markup() {
        assert_eq!(
            escape_html(r#"<script>alert("x") & 'y'</script>"#),
            "&lt;script&gt;alert(&quot;x&quot;) &amp; &#39;y&#39;&lt;/script&gt;"
        );
        assert_eq!(escape_html("Financiën € 150 → ok"), "Financiën € 150 → ok");
        assert_eq!(escape_html("é<ü>"), "é&lt;ü&gt;");
        assert_eq!(escape_html(""), "");
        assert_eq!(escape_html("twaalf tekens<"), "twaalf tekens&lt;");
        assert_eq!(escape_html("<acht by>&"), "&lt;acht by&gt;&amp;");
    }

    /// The plain definition: every byte looked at on its own.
    fn escaped_byte_by_byte(text: &str) -> String {
        text.chars()
            .map(|c| match c {
                '<' => "&lt;".to_string(),
                '>' => "&gt;".to_string(),
                '&' => "&amp;".to_string(),
                '"' => "&quot;".to_string(),
                '\'' => "&#39;".to_string(),
                other => other.to_string(),
            })
            .collect()
    }

    proptest::proptest! {
        #[test]
        fn escapes_exactly_the_five_markup_characters(text in "[a-z<>&\"' é€\u{80}-\u{10ffff}]{0,40}") {
            proptest::prop_assert_eq!(escape_html(&text), escaped_byte_by_byte(&text));
        }
    }
}
