//! The queries of the search parity tests (`search_parity.rs`, `lazy_search.rs`): every kind of query the
//! engine answers differently, with their filters.
#![allow(dead_code)]

/// A query with its filters: (query, kind, domain, area).
pub type Query = (
    &'static str,
    Option<&'static str>,
    Option<&'static str>,
    Option<&'static str>,
);

pub const QUERIES: &[Query] = &[
    ("deurwaarder", None, None, None),
    ("deurwaarders", None, None, None),
    ("schulden", None, None, None),
    ("schuld", None, None, None),
    ("huurachterstand jongere 18", None, None, None),
    ("huurachterstand jongere 18", Some("partner"), None, None),
    ("geldzorgen", None, None, None),
    ("mantelzorgers", None, None, None),
    ("Financiën", None, None, None),
    ("dagbestedng", None, None, None),
    ("deurwaardr", None, None, None),
    ("schuldhlp jongre", None, None, None),
    ("verslavnig", None, None, None),
    ("\"meldcode huiselijk geweld\"", None, None, None),
    ("\"beslistermijn\"", None, None, None),
    ("\"geweld huiselijk meldcode\"", None, None, None),
    ("jeugdhulp \"veilig thuis\"", None, None, None),
    ("sc", None, None, None),
    ("wo", None, None, None),
    ("schuldh", None, None, None),
    ("voedselb", None, None, None),
    ("jeugd", None, Some("opvoeding-jeugd"), None),
    ("hulp", Some("regulation"), None, None),
    ("hulp", Some("module"), Some("financien"), None),
    (
        "buurthuis ontmoeting",
        Some("partner"),
        None,
        Some("kerkdorp-aalst"),
    ),
    ("woning", None, None, Some("oosterpark")),
    (
        "schuldhulpverlening",
        None,
        Some("financien"),
        Some("centrum"),
    ),
    ("bijzondere bijstand", None, None, None),
    ("wmo maatwerkvoorziening beschikking", None, None, None),
    ("taalhuis laaggeletterdheid", None, None, None),
    ("crisis buiten kantooruren", None, None, None),
    ("xqzvwk", None, None, None),
    ("de het een", None, None, None),
    ("2025", None, None, None),
    ("Jongerenloket 16 27", None, None, None),
    // Compounds: split into the parts the index knows, or found as a part of the index's compounds.
    ("geldproblemen", None, None, None),
    ("gokverslaving", None, None, None),
    ("energieschuld", None, None, None),
    ("opvoedingsondersteuning", None, None, None),
    ("schuldenproblematiek jongeren", None, None, None),
    ("armoederegeling", Some("partner"), None, None),
    ("verslaving", None, None, None),
    ("probleem", None, None, None),
    // Phrases in bodies and long descriptions, stop words inside.
    ("\"warme overdracht\"", None, None, None),
    ("\"eerste brief van de deurwaarder\"", None, None, None),
    ("deurwaarder \"brief van de\"", None, None, None),
    // A wijk or postcode in the query.
    ("huurachterstand Oosterpark", None, None, None),
    ("voedselbank 5644 AB", None, None, None),
    ("dagbesteding Noorderhaven", None, None, None),
    ("schulden de weiden", None, None, None),
    ("woning oosterpark", None, None, Some("centrum")),
    // The glossary: abbreviations, former names, everyday words.
    ("bbz", None, None, None),
    ("amhk melding", None, None, None),
    ("huurachterstand", None, None, None),
    ("\"veilig thuis\" advies", None, None, None),
    // Two typos in a long word.
    ("schudhulpverlenig", None, None, None),
    ("thuisadminstatie", None, None, None),
    // Situations: needs in a sentence, two needs, how clients write, English, attributes.
    (
        "moeder heeft een huurachterstand en haar zoon van 16 blowt elke dag",
        None,
        None,
        None,
    ),
    (
        "vader heeft net zijn straf uitgezeten en heeft geen woning",
        None,
        None,
        None,
    ),
    ("bij wie kan ik terecht met geldzorgen", None, None, None),
    ("m'n moeder heeft schulde", None, None, None),
    ("voetselbank", None, None, None),
    ("domestic violence", None, None, None),
    ("debt counselling", None, None, None),
    ("mevrouw van 75 jaar is eenzaam", None, None, None),
    ("schuldhulp in het Pools", None, None, None),
    ("psycholoog zonder verwijzing", None, None, None),
    ("huurachterstand 5643 AB", None, None, None),
];

/// Needs and attributes the coach removed, per query (the same request through both ways).
pub const IGNORED: &[(&str, &str)] = &[(
    "moeder heeft een huurachterstand en haar zoon van 16 blowt elke dag",
    "age:16",
)];
