//! The view of the glossary page (`/glossary/`): the terms by letter, each with its names, explanation,
//! source, related terms, the entries that handle it and the entries that mention it.

use super::*;
use crate::model::TermNode;

#[derive(Debug, Clone, Serialize)]
pub struct GlossaryView {
    /// A to Z (and `#` for terms that start otherwise), linked where there are terms.
    pub letters: Vec<LetterLink>,
    pub sections: Vec<LetterSection>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LetterLink {
    pub letter: String,
    /// The section's anchor, when the letter has terms.
    pub anchor: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LetterSection {
    pub letter: String,
    /// `letter-b`; term anchors never take this form (see `content::glossary_anchor`).
    pub anchor: String,
    pub terms: Vec<TermView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct TermView {
    pub anchor: String,
    pub term: String,
    pub abbreviations: Vec<String>,
    pub variants: Vec<String>,
    pub explanation: String,
    pub source: Option<String>,
    pub see_also: Vec<Link>,
    pub handled_by: Vec<Link>,
    pub mentioned_in: Vec<Link>,
}

/// The letter a term is listed under: its first letter without accents, or `#`.
fn letter_of(term: &str) -> char {
    match crate::markdown::slugify(term).chars().next() {
        Some(c) if c.is_ascii_lowercase() => c.to_ascii_uppercase(),
        _ => '#',
    }
}

fn letter_anchor(letter: char) -> String {
    match letter {
        '#' => "letter-overig".to_string(),
        c => format!("letter-{}", c.to_ascii_lowercase()),
    }
}

impl ViewBuilder<'_> {
    fn term_link(&self, index: usize) -> Link {
        let node = &self.site.glossary[index];
        Link {
            title: node.term.term.clone(),
            url: format!("#{}", node.term.anchor),
        }
    }

    fn term_view(&self, node: &TermNode) -> TermView {
        let term = &node.term;
        TermView {
            anchor: term.anchor.clone(),
            term: term.term.clone(),
            abbreviations: term.abbreviations.clone(),
            variants: term.variants.clone(),
            explanation: term.explanation.clone(),
            source: term.source.clone(),
            see_also: node.see_also.iter().map(|&i| self.term_link(i)).collect(),
            handled_by: self.mentions(&node.handled_by),
            mentioned_in: self.mentions(&node.mentioned_in),
        }
    }

    pub fn glossary(&self) -> GlossaryView {
        let mut order: Vec<(String, usize)> = self
            .site
            .glossary
            .iter()
            .enumerate()
            .map(|(i, node)| (crate::markdown::slugify(&node.term.term), i))
            .collect();
        // By name without case and accents; equal names stay in file order.
        order.sort();
        let mut sections: Vec<LetterSection> = Vec::new();
        for (_, index) in order {
            let node = &self.site.glossary[index];
            let letter = letter_of(&node.term.term);
            if sections
                .last()
                .is_none_or(|s| !s.letter.starts_with(letter))
            {
                sections.push(LetterSection {
                    letter: letter.to_string(),
                    anchor: letter_anchor(letter),
                    terms: Vec::new(),
                });
            }
            let section = sections.last_mut().expect("pushed above");
            section.terms.push(self.term_view(node));
        }
        // `#` sorts before the letters by slug (digits first); it goes last.
        if let Some(i) = sections.iter().position(|s| s.letter == "#") {
            let other = sections.remove(i);
            sections.push(other);
        }
        let mut letters: Vec<LetterLink> = ('A'..='Z')
            .map(|c| LetterLink {
                letter: c.to_string(),
                anchor: sections
                    .iter()
                    .any(|s| s.letter.starts_with(c))
                    .then(|| letter_anchor(c)),
            })
            .collect();
        if sections.iter().any(|s| s.letter == "#") {
            letters.push(LetterLink {
                letter: "#".into(),
                anchor: Some(letter_anchor('#')),
            });
        }
        GlossaryView { letters, sections }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_are_listed_under_their_first_letter_without_accents() {
        assert_eq!(letter_of("Besluit bijstandverlening"), 'B');
        assert_eq!(letter_of("éénoudergezin"), 'E');
        assert_eq!(letter_of("'s-Hertogenbosch"), 'S');
        assert_eq!(letter_of("1G1P1P"), '#');
        assert_eq!(letter_anchor('#'), "letter-overig");
    }
}
