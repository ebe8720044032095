//! The order of names in the site's lists (listings, domain and wijk pages, the matrix): Dutch
//! alphabetical order as a coach looks a name up. A leading article or elided article (`De`, `Het`, `'t`,
//! `'s`) is skipped, so "De Balans" stands under B and "'s-Hertogenbosch" under H; accents do not
//! count (`é` is `e`, `ĳ` is `ij`); case does not count. The rules are the project's own, written down in
//! docs/content-model.md (*Sort order*); no collation crate knows the articles, and full Unicode collation
//! (ICU) is far more than these names need.

/// The key to sort a display name by; ties keep the order of the stable sort's input.
pub fn dutch_sort_key(name: &str) -> String {
    let folded: String = name.trim().chars().flat_map(fold).collect();
    let mut rest = folded.as_str();
    // At most one leading article: "De Het Huis" is a name, not two articles.
    // Not "een": at the start of a name it is as often the numeral ("Één Loket").
    for article in ["'s-", "'s ", "'t ", "de ", "het "] {
        if let Some(after) = rest.strip_prefix(article) {
            if !after.trim().is_empty() {
                rest = after.trim_start();
            }
            break;
        }
    }
    rest.to_string()
}

/// One character lowercased, without its accent; typographic apostrophes as `'`.
fn fold(c: char) -> impl Iterator<Item = char> {
    let plain: &str = match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' => "a",
        'ç' | 'Ç' => "c",
        'è' | 'é' | 'ê' | 'ë' | 'È' | 'É' | 'Ê' | 'Ë' => "e",
        'ì' | 'í' | 'î' | 'ï' | 'Ì' | 'Í' | 'Î' | 'Ï' => "i",
        'ñ' | 'Ñ' => "n",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' => "o",
        'ù' | 'ú' | 'û' | 'ü' | 'Ù' | 'Ú' | 'Û' | 'Ü' => "u",
        'ý' | 'ÿ' | 'Ý' => "y",
        'ĳ' | 'Ĳ' => "ij",
        '’' | '‘' | '`' => "'",
        _ => "",
    };
    let lower: Vec<char> = if plain.is_empty() {
        c.to_lowercase().collect()
    } else {
        plain.chars().collect()
    };
    lower.into_iter()
}

#[cfg(test)]
mod tests {
    use super::dutch_sort_key;

    fn sorted(names: &[&str]) -> Vec<String> {
        let mut names: Vec<String> = names.iter().map(|n| n.to_string()).collect();
        names.sort_by_cached_key(|n| dutch_sort_key(n));
        names
    }

    #[test]
    fn the_issue_s_partners_sort_by_their_names() {
        // Issue 24: /domains/financien/ listed "Wooncorporatie Kempenhof" between "Het Juridisch Loket"
        // and "Kledingbank" (file order by id).
        assert_eq!(
            sorted(&[
                "Het Juridisch Loket",
                "Wooncorporatie Kempenhof",
                "Kledingbank Lindewaard"
            ]),
            [
                "Het Juridisch Loket",
                "Kledingbank Lindewaard",
                "Wooncorporatie Kempenhof"
            ]
        );
    }

    #[test]
    fn articles_elisions_accents_and_case_do_not_count() {
        assert_eq!(
            sorted(&[
                "Zorggroep Lindehof",
                "'s-Hertogenbosch Schuldhulp",
                "De Balans bewindvoering",
                "Één Loket",
                "Algemeen maatschappelijk werk",
                "het Kompas",
                "’t Gasthuis",
                "Ĳsselzorg",
                "Centrum",
            ]),
            [
                "Algemeen maatschappelijk werk",
                "De Balans bewindvoering",
                "Centrum",
                "Één Loket",
                "’t Gasthuis",
                "'s-Hertogenbosch Schuldhulp",
                "Ĳsselzorg",
                "het Kompas",
                "Zorggroep Lindehof",
            ]
        );
    }

    #[test]
    fn an_article_alone_or_inside_a_name_stays() {
        assert_eq!(dutch_sort_key("De"), "de");
        assert_eq!(dutch_sort_key("Dedemsvaart"), "dedemsvaart");
        assert_eq!(dutch_sort_key("Huis De Linde"), "huis de linde");
    }
}
