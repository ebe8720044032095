//! Dutch compound splitting: "geldproblemen" → geld + problemen, "opvoedingsondersteuning" → opvoeding
//! + (s) + ondersteuning, and the elliptic "schuld- en budgethulp" → schuldhulp.
//!
//! A word is split into parts that cover it completely, each a word of the lexicon of at least
//! `MIN_PART` letters, with the Dutch linking sounds -s-, -e- and -en- allowed between parts. Of all
//! such covers the one whose parts the site uses most (the geometric mean of their frequencies, as in
//! Koehn & Knight 2003) wins, fewer parts and a longer first part breaking ties; and it is only taken
//! when its parts are used more than the whole word. That keeps words whole whose parts mean something
//! else or that the site never uses on their own: "verslaving" is not vers + laving, and
//! "werkinstructie" is not about werk (a job) on a site that never speaks of an instructie.

/// Parts shorter than this are no parts: "be" + "schikking" is not a compound.
pub(crate) const MIN_PART: usize = 3;
/// Words shorter than two parts cannot be split.
const MIN_COMPOUND: usize = 2 * MIN_PART;
/// More parts than this are not looked for (the search would grow with every letter).
const MAX_PARTS: usize = 4;
/// Longer words are codes or pasted text, not compounds.
const MAX_COMPOUND_BYTES: usize = 40;
/// Between two parts: nothing, or one of the linking sounds, longest first.
const LINKS: [&str; 4] = ["", "en", "s", "e"];

/// What the splitter knows about a candidate part.
pub(crate) trait Lexicon {
    /// Whether `form` (lower-cased, accents folded) is a word on its own.
    fn is_word(&self, form: &str) -> bool;
    /// How much the site uses the word: its evidence as a part that carries meaning here. Zero for a
    /// word the site never uses on its own (and for stop words).
    fn frequency(&self, form: &str) -> u64;
}

/// The parts of `word`, when it is a compound worth splitting; None for a word that stays whole.
pub(crate) fn split(word: &str, lexicon: &impl Lexicon) -> Option<Vec<String>> {
    if word.len() < MIN_COMPOUND
        || word.len() > MAX_COMPOUND_BYTES
        || !word.chars().all(char::is_alphabetic)
    {
        return None;
    }
    let mut best: Option<Cover> = None;
    let mut parts = Vec::new();
    covers(word, 0, lexicon, &mut parts, &mut best);
    let best = best?;
    let whole = lexicon.frequency(word) as f64;
    (best.score > whole).then(|| best.parts.into_iter().map(str::to_string).collect())
}

struct Cover<'a> {
    parts: Vec<&'a str>,
    score: f64,
}

impl Cover<'_> {
    /// Higher score first; then fewer parts; then the longer first part (longest match first).
    fn better_than(&self, other: &Cover) -> bool {
        if self.score != other.score {
            return self.score > other.score;
        }
        if self.parts.len() != other.parts.len() {
            return self.parts.len() < other.parts.len();
        }
        self.parts[0].len() > other.parts[0].len()
    }
}

/// Tries every way to cover `word[from..]` with parts, keeping the best complete cover in `best`.
fn covers<'a>(
    word: &'a str,
    from: usize,
    lexicon: &impl Lexicon,
    parts: &mut Vec<&'a str>,
    best: &mut Option<Cover<'a>>,
) {
    if parts.len() == MAX_PARTS {
        return;
    }
    let rest = &word[from..];
    // Longest part first, leaving room for a next part unless this one runs to the end.
    let ends = rest
        .char_indices()
        .map(|(i, _)| i)
        .skip(1)
        .chain(std::iter::once(rest.len()))
        .filter(|&end| end >= MIN_PART && (end == rest.len() || rest.len() - end >= MIN_PART))
        .collect::<Vec<_>>();
    for &end in ends.iter().rev() {
        let part = &rest[..end];
        // A cover of one part is the word itself.
        if end == rest.len() && parts.is_empty() {
            continue;
        }
        if !lexicon.is_word(part) {
            continue;
        }
        parts.push(part);
        if end == rest.len() {
            let cover = Cover {
                score: geometric_mean(parts, lexicon),
                parts: parts.clone(),
            };
            if best.as_ref().is_none_or(|b| cover.better_than(b)) {
                *best = Some(cover);
            }
        } else {
            for link in LINKS {
                if rest[end..].starts_with(link) && rest.len() - end - link.len() >= MIN_PART {
                    covers(word, from + end + link.len(), lexicon, parts, best);
                }
            }
        }
        parts.pop();
    }
}

fn geometric_mean(parts: &[&str], lexicon: &impl Lexicon) -> f64 {
    let product: f64 = parts.iter().map(|p| lexicon.frequency(p) as f64).product();
    product.powf(1.0 / parts.len() as f64)
}

/// The compounds that a text writes elliptically: "schuld- en budgethulp" means schuldhulp and
/// budgethulp, "gas-, water- en energierekening" gas-, water- and energierekening. Each word that ends in
/// a hyphen before a conjunction or comma borrows the head of the next whole word: its last part, found
/// as the longest word of the lexicon that ends it and leaves a word (with a linking sound) before it.
// Builds without the word list cannot tell a compound's head, so they never look for elliptic forms.
#[cfg_attr(not(feature = "dutch-words"), allow(dead_code))]
pub(crate) fn elliptic_compounds(text: &str, is_word: impl Fn(&str) -> bool) -> Vec<String> {
    let mut found = Vec::new();
    // Only the words around a hyphen that ends a word are looked at: most texts have none.
    let mut from = 0;
    while let Some(at) = text[from..].find('-').map(|i| from + i) {
        from = at + 1;
        let after = &text[at + 1..];
        if !after.starts_with([' ', ',', '\n']) {
            continue;
        }
        let first = last_word(&text[..at]);
        if first.is_empty() {
            continue;
        }
        // The words after it: more hyphenated firsts ("water-"), conjunctions, then the whole compound.
        let mut pending = vec![first.to_lowercase()];
        for word in after.split_whitespace().take(8) {
            let word = word.trim_end_matches([',', '.', ';', ':', ')']);
            if let Some(another) = word.strip_suffix('-') {
                pending.push(another.to_lowercase());
                continue;
            }
            if matches!(word, "en" | "of" | "en/of" | "tot" | "") {
                continue;
            }
            let whole = word.to_lowercase();
            if whole.chars().all(char::is_alphabetic) {
                if let Some(head) = head_of(&whole, &is_word) {
                    found.extend(pending.iter().map(|first| format!("{first}{head}")));
                }
            }
            break;
        }
    }
    found.dedup();
    found
}

/// The word that `text` ends with (letters only).
fn last_word(text: &str) -> &str {
    let start = text
        .char_indices()
        .rev()
        .find(|(_, c)| !c.is_alphabetic())
        .map_or(0, |(i, c)| i + c.len_utf8());
    &text[start..]
}

/// The last part of a compound: the longest word that ends it and leaves a word before it.
#[cfg_attr(not(feature = "dutch-words"), allow(dead_code))]
fn head_of<'a>(word: &'a str, is_word: &impl Fn(&str) -> bool) -> Option<&'a str> {
    word.char_indices()
        .map(|(i, _)| i)
        .filter(|&i| i >= MIN_PART && word.len() - i >= MIN_PART)
        .find_map(|i| {
            let (before, head) = word.split_at(i);
            let modifier_is_word = LINKS.iter().any(|link| {
                before
                    .strip_suffix(link)
                    .is_some_and(|m| m.len() >= MIN_PART && is_word(m))
            });
            (modifier_is_word && is_word(head)).then_some(head)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Words with how often a site uses them; a frequency of 0 is a word of the dictionary the site never
    /// uses on its own.
    struct Words(HashMap<&'static str, u64>);

    impl Lexicon for Words {
        fn is_word(&self, form: &str) -> bool {
            self.0.contains_key(form)
        }
        fn frequency(&self, form: &str) -> u64 {
            self.0.get(form).copied().unwrap_or(0)
        }
    }

    fn site() -> Words {
        Words(HashMap::from([
            ("geld", 12),
            ("problemen", 9),
            ("probleem", 4),
            ("schulden", 30),
            ("schuld", 25),
            ("problematiek", 3),
            ("opvoeding", 8),
            ("ondersteuning", 20),
            ("gok", 2),
            ("verslaving", 6),
            ("energie", 5),
            ("hulp", 40),
            ("budget", 3),
            ("budgethulp", 1),
            ("huur", 10),
            ("achterstand", 4),
            ("werk", 30),
            ("werkinstructie", 1),
            ("instructie", 0),
            ("vers", 0),
            ("laving", 0),
            ("beschikking", 7),
            ("schikking", 0),
            ("bes", 0),
            ("jeugd", 15),
            ("wet", 12),
            ("gas", 1),
            ("water", 2),
            ("rekening", 3),
            ("energierekening", 1),
        ]))
    }

    fn parts(word: &str) -> Option<Vec<String>> {
        split(word, &site())
    }

    #[test]
    fn splits_real_compounds_into_their_parts() {
        assert_eq!(parts("geldproblemen").unwrap(), ["geld", "problemen"]);
        assert_eq!(parts("gokverslaving").unwrap(), ["gok", "verslaving"]);
        assert_eq!(parts("energieschuld").unwrap(), ["energie", "schuld"]);
        assert_eq!(parts("huurachterstand").unwrap(), ["huur", "achterstand"]);
        assert_eq!(parts("jeugdwet").unwrap(), ["jeugd", "wet"]);
    }

    #[test]
    fn linking_sounds_join_parts() {
        // -s-
        assert_eq!(
            parts("opvoedingsondersteuning").unwrap(),
            ["opvoeding", "ondersteuning"]
        );
        // -en- or a plural first part: the part the site uses more wins.
        assert_eq!(
            parts("schuldenproblematiek").unwrap(),
            ["schulden", "problematiek"]
        );
        // -e-, as older texts still write it
        let words = Words(HashMap::from([("paard", 5), ("bloem", 4)]));
        assert_eq!(split("paardebloem", &words).unwrap(), ["paard", "bloem"]);
    }

    #[test]
    fn words_that_are_not_compounds_stay_whole() {
        // "be" is too short to be a part.
        assert_eq!(parts("beschikking"), None);
        // vers + laving covers it, but the site never uses either on its own.
        assert_eq!(parts("verslaving"), None);
        // werk + instructie covers it, but the site never speaks of an instructie.
        assert_eq!(parts("werkinstructie"), None);
        // Parts that are not words.
        assert_eq!(parts("xyzqwerty"), None);
        assert_eq!(parts("geld"), None);
        assert_eq!(parts("wmo2015"), None);
    }

    #[test]
    fn a_compound_the_site_uses_more_than_its_parts_stays_whole() {
        let words = Words(HashMap::from([
            ("budget", 2),
            ("hulp", 2),
            ("budgethulp", 9),
        ]));
        assert_eq!(split("budgethulp", &words), None);
    }

    #[test]
    fn elliptic_compounds_borrow_the_head_of_the_next_word() {
        let lexicon = site();
        let is_word = |w: &str| lexicon.is_word(w);
        assert_eq!(
            elliptic_compounds("Zij bieden schuld- en budgethulp aan.", is_word),
            ["schuldhulp"]
        );
        assert_eq!(
            elliptic_compounds(
                "achterstanden op de gas-, water- en energierekening",
                is_word
            ),
            ["gasrekening", "waterrekening"]
        );
        assert!(elliptic_compounds("re-integratie en werk", is_word).is_empty());
        assert!(elliptic_compounds("schuld- en", is_word).is_empty());
    }

    proptest::proptest! {
        #[test]
        fn no_part_is_ever_empty_or_longer_than_its_word(word in "[a-z]{0,24}") {
            // Every string of three letters or more is a word here, used once: the most splits possible.
            struct Everything;
            impl Lexicon for Everything {
                fn is_word(&self, form: &str) -> bool { form.len() >= 3 }
                fn frequency(&self, form: &str) -> u64 { form.len() as u64 }
            }
            if let Some(parts) = split(&word, &Everything) {
                proptest::prop_assert!(parts.len() >= 2);
                for part in &parts {
                    proptest::prop_assert!(!part.is_empty());
                    proptest::prop_assert!(part.len() < word.len());
                    proptest::prop_assert!(word.contains(part.as_str()));
                }
                let joined: usize = parts.iter().map(String::len).sum();
                proptest::prop_assert!(joined <= word.len());
            }
        }
    }
}
