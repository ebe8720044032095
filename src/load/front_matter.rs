//! Splits a Markdown file into its YAML front matter and its body, keeping line numbers.

pub struct FrontMatter<'a> {
    pub yaml: &'a str,
    /// Where `yaml` starts in the text, in bytes.
    pub yaml_start: usize,
    pub body: &'a str,
    /// 1-based line of the file where the body starts.
    pub body_line: usize,
}

/// The file must start with a `---` line; the front matter ends at the next line that is exactly `---`.
pub fn split_front_matter(text: &str) -> Result<FrontMatter<'_>, String> {
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err("the file does not start with front matter (a line `---`)".into());
    }
    let yaml_start = (first_line_end + 1).min(text.len());
    let mut offset = yaml_start;
    for (line, raw_line) in (2..).zip(text[yaml_start..].split_inclusive('\n')) {
        if raw_line.trim_end() == "---" {
            let body_start = offset + raw_line.len();
            return Ok(FrontMatter {
                yaml: &text[yaml_start..offset],
                yaml_start,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        offset += raw_line.len();
    }
    Err("the front matter is not closed: add a line `---` after the fields".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_and_counts_lines() {
        let split = split_front_matter("---\ntitle: x\nlaw: y\n---\n# Kop\n").unwrap();
        assert_eq!(split.yaml, "title: x\nlaw: y\n");
        assert_eq!(split.yaml_start, 4);
        assert_eq!(split.body, "# Kop\n");
        assert_eq!(split.body_line, 5);
    }

    #[test]
    fn handles_windows_line_ends_and_missing_delimiters() {
        let split = split_front_matter("---\r\ntitle: x\r\n---\r\nTekst").unwrap();
        assert_eq!(split.body, "Tekst");
        assert!(split_front_matter("title: x\n").is_err());
        assert!(split_front_matter("---\ntitle: x\n").is_err());
    }
}
