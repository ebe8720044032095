//! Writing partner YAML by hand, so the files read like the ones editors write (fields in the content
//! model's order, Markdown as block text) while every string is quoted or blocked safely: a value never
//! turns into another type, a comment or a second key.

/// A YAML scalar for `text` at `indent` (the indentation of the key it follows): a `|` block when the text
/// has several lines that a block keeps exactly, otherwise a double-quoted string.
pub fn scalar(text: &str, indent: usize) -> String {
    if text.contains('\n') && blockable(text) {
        let body = text.trim_end_matches('\n');
        let chomp = if text.ends_with('\n') { "" } else { "-" };
        let pad = " ".repeat(indent + 2);
        let mut out = format!("|{chomp}\n");
        for line in body.lines() {
            if !line.is_empty() {
                out.push_str(&pad);
                out.push_str(line);
            }
            out.push('\n');
        }
        out.pop();
        out
    } else {
        quoted(text)
    }
}

/// A block keeps the text exactly when no line starts or ends with blanks a block would change, the text
/// ends in at most one newline and holds only printable characters.
fn blockable(text: &str) -> bool {
    let trimmed = text.trim_end_matches('\n');
    text.len() - trimmed.len() <= 1
        && !trimmed.starts_with('\n')
        && trimmed
            .lines()
            .all(|line| !line.starts_with([' ', '\t']) && !line.ends_with([' ', '\t', '\r']))
        && trimmed.chars().all(|c| c == '\n' || printable(c))
}

fn printable(c: char) -> bool {
    !(c.is_control() || c == '\u{2028}' || c == '\u{2029}' || c == '\u{feff}')
}

/// A double-quoted YAML string: `\`, `"` and every non-printable character escaped.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if !printable(c) => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(yaml: &str) -> String {
        let value: serde_yaml::Value = serde_yaml::from_str(yaml).unwrap();
        value["k"].as_str().unwrap().to_string()
    }

    #[test]
    fn every_text_reads_back_as_the_same_string() {
        for text in [
            "gewoon",
            "yes",
            "123",
            "# geen commentaar",
            "a: b",
            "- lijst",
            "\"quotes\" en \\ backslash",
            "twee\nregels\n",
            "twee\nregels",
            "  ingesprongen\nregel",
            "einde met spatie \nregel",
            "drie\n\n\nnewlines\n\n",
            "nul\u{0}teken\u{2028}scheiding\u{feff}",
            "@/partners/x",
            "",
        ] {
            let yaml = format!("k: {}\n", scalar(text, 0));
            assert_eq!(parse(&yaml), text, "{yaml}");
        }
    }

    #[test]
    fn markdown_becomes_a_block() {
        assert_eq!(scalar("een\n\ntwee\n", 2), "|\n    een\n\n    twee");
    }
}
