//! A Dutch phonetic key: words that sound alike get the same key, so how clients and family members
//! write ("voetselbank", "huurachterstant", "deurwaader", "sgulden") meets how the content writes. It is a
//! matching level below exact words and below edit distance.
//!
//! The rules are the spelling confusions of Dutch that sound the same: ei/ij, au/ou, g/ch, a final d/t/dt,
//! y/ie/i, c as k or s, ph/f, qu/kw, x/ks, z/s, v/f, and doubled letters. Each rule maps both spellings to
//! one; the key is never shown.

/// The phonetic key of one word form (lower-cased, accents folded, as `analyze_words` gives it).
pub(crate) fn phonetic_key(form: &str) -> String {
    let mut word: String = form.chars().filter(|c| c.is_ascii_alphabetic()).collect();
    // The suffix -lijk sounds as -luk and is written -lik ("tijdelik", "moeilik").
    for (suffix, sound) in [
        ("lijk", "lik"),
        ("lijke", "like"),
        ("luk", "lik"),
        ("luke", "like"),
    ] {
        if let Some(stem) = word.strip_suffix(suffix) {
            word = format!("{stem}{sound}");
            break;
        }
    }
    let letters: Vec<char> = word.chars().collect();
    let mut out: Vec<char> = Vec::with_capacity(letters.len());
    let at = |i: usize| letters.get(i).copied();
    let mut i = 0;
    while i < letters.len() {
        let c = letters[i];
        let next = at(i + 1);
        let (sound, width): (&[char], usize) = match (c, next) {
            ('p', Some('h')) => (&['f'], 2),
            ('q', Some('u')) => (&['k', 'w'], 2),
            ('c', Some('h')) => (&['g'], 2),
            ('c', Some('e' | 'i' | 'y')) => (&['s'], 1),
            ('c', _) => (&['k'], 1),
            ('x', _) => (&['k', 's'], 1),
            ('i', Some('j')) => (&['e', 'i'], 2),
            ('e', Some('i')) => (&['e', 'i'], 2),
            ('o', Some('u')) => (&['a', 'u'], 2),
            ('i', Some('e')) => (&['i'], 2),
            ('y', _) => (&['i'], 1),
            ('z', _) => (&['s'], 1),
            ('v', _) => (&['f'], 1),
            ('d', Some('t')) => (&['t'], 2),
            // A d sounds as t at the end of a word and before a consonant ("voedsel", "hond").
            ('d', None) => (&['t'], 1),
            ('d', Some(n)) if !is_vowel(n) => (&['t'], 1),
            _ => (std::slice::from_ref(&letters[i]), 1),
        };
        for &s in sound {
            // Doubled letters sound as one ("huur" / "hur", "bellen" / "belen").
            if out.last() != Some(&s) {
                out.push(s);
            }
        }
        i += width;
    }
    out.into_iter().collect()
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u' | 'y')
}

/// Words shorter than this get no phonetic matching: short words collide too often.
pub(crate) const MIN_PHONETIC_CHARS: usize = 4;

#[cfg(test)]
mod tests {
    use super::phonetic_key;

    fn same(a: &str, b: &str) -> bool {
        phonetic_key(a) == phonetic_key(b)
    }

    #[test]
    fn client_spellings_meet_the_standard_form() {
        let apart = [
            ("voetselbank", "voedselbank"),
            ("huurachterstant", "huurachterstand"),
            ("sgulden", "schulden"),
            ("schuldhulp", "sgulthulp"),
            ("bijstant", "bijstand"),
            ("rijsen", "reizen"),
            ("tijdelik", "tijdelijk"),
            ("moeiluk", "moeilijk"),
            ("fysiotherapeut", "fisiotherapeut"),
            ("psychiater", "psigiater"),
            ("vrijwilliger", "frijwiliger"),
            ("wordt", "wort"),
            ("gauw", "gouw"),
            ("kwijt", "quijt"),
            ("centrum", "sentrum"),
            ("contact", "kontakt"),
            ("taxi", "taksi"),
            ("zorg", "sorg"),
        ]
        .iter()
        .filter(|(typed, standard)| !same(typed, standard))
        .map(|(typed, standard)| {
            format!(
                "{typed} / {standard}: {} / {}",
                phonetic_key(typed),
                phonetic_key(standard)
            )
        })
        .collect::<Vec<_>>();
        assert!(apart.is_empty(), "{apart:#?}");
    }

    #[test]
    fn different_words_stay_apart() {
        for (a, b) in [
            ("schulden", "scholen"),
            ("huur", "hoor"),
            ("woning", "wonen"),
            ("gokken", "koken"),
            ("dak", "dag"),
            ("pijn", "pan"),
            ("boete", "boten"),
        ] {
            assert!(!same(a, b), "{a} and {b} must differ: {}", phonetic_key(a));
        }
    }
}
