//! Builds a small index, opens it from its files the way the CLI and the browser do, and searches it.

use kaartenbak_search::*;

/// `text` is the summary and one service line.
fn doc(
    id: &str,
    kind: &str,
    title: &str,
    text: [&str; 2],
    domains: &[&str],
    areas: &[&str],
) -> SearchDocument {
    let [summary, line] = text;
    SearchDocument {
        id: id.into(),
        kind: kind.into(),
        title: title.into(),
        summary: summary.into(),
        lines: vec![line.to_string()],
        body: String::new(),
        domains: domains.iter().map(|s| s.to_string()).collect(),
        areas: areas.iter().map(|s| s.to_string()).collect(),
        display: DisplayInfo {
            referral: Some(format!("Verwijzen naar {title}")),
            ..DisplayInfo::default()
        },
        services: Vec::new(),
    }
}

fn index_files() -> IndexFiles {
    build_index(&documents(), options()).unwrap()
}

fn documents() -> Vec<SearchDocument> {
    vec![
        doc(
            "partners/schuldhulp",
            "partner",
            "Schuldhulp Lindewaard",
            [
                "Hulp bij schulden en betalingsachterstanden.",
                "Schuldregeling — bemiddeling met schuldeisers bij beslag door de deurwaarder",
            ],
            &["financien"],
            &["gemeentebreed"],
        ),
        doc(
            "partners/voedselbank",
            "partner",
            "Voedselbank Lindewaard",
            [
                "Voedselpakketten voor huishoudens in armoede.",
                "Voedselpakket — wekelijks een pakket na verwijzing",
            ],
            &["financien"],
            &["centrum"],
        ),
        doc(
            "partners/buurthuis",
            "partner",
            "Buurthuis De Weiden",
            [
                "Activiteiten en ontmoeting in de wijk.",
                "Koffie-ochtend — elke dinsdag",
            ],
            &["sociaal-netwerk"],
            &["de-weiden"],
        ),
        doc(
            "regulations/wgs",
            "regulation",
            "Wet gemeentelijke schuldhulpverlening",
            [
                "De gemeente beslist binnen vier weken.",
                "Mandaat: consulent schuldhulp",
            ],
            &["financien"],
            &["gemeentebreed"],
        ),
    ]
}

fn options() -> IndexOptions {
    let facets = Facets {
        domains: vec![
            DomainFacet {
                id: "financien".into(),
                label: "Financiën".into(),
                synonyms: vec![
                    "geldzorgen".into(),
                    "schulden".into(),
                    "deurwaarder".into(),
                    "incasso".into(),
                ],
            },
            DomainFacet {
                id: "sociaal-netwerk".into(),
                label: "Sociaal netwerk".into(),
                synonyms: vec!["eenzaamheid".into()],
            },
        ],
        areas: vec![AreaFacet {
            id: "centrum".into(),
            name: "Centrum".into(),
            postcodes: vec![(5641, 5643)],
        }],
    };
    IndexOptions {
        language: SearchLanguage::Nl,
        base: "/".into(),
        facets,
        glossary: Vec::new(),
        needs: Vec::new(),
    }
}

#[test]
fn the_manifest_carries_documents_and_wijken() {
    let files = index_files();
    assert_eq!(
        files
            .manifest
            .facets
            .area_of_postcode(5642)
            .map(|a| a.id.as_str()),
        Some("centrum")
    );
    assert!(files.manifest.facets.area_of_postcode(5644).is_none());
    assert_eq!(files.manifest.documents, 4);
    assert_eq!(files.files[0].0, "meta.json");
}

fn engine() -> SearchEngine {
    SearchEngine::open(&index_files()).unwrap()
}

#[test]
fn a_live_index_applies_edits_and_deletions_like_a_fresh_build() {
    let (mut live, _) = LiveIndex::build(&documents(), options()).unwrap();
    let mut edited = documents();
    edited[1].lines[0] = "Voedselpakket — ook maaltijdcheques voor gezinnen".into();
    edited.retain(|d| d.id != "partners/buurthuis");
    let files = live.update(&edited, options()).unwrap();
    assert_eq!(files.manifest.documents, 3);
    let updated = SearchEngine::open(&files).unwrap();
    let fresh = SearchEngine::open(&build_index(&edited, options()).unwrap()).unwrap();
    for query in [
        "maaltijdcheques",
        "koffie",
        "schulden",
        "voedselpakket",
        "maaltijd",
    ] {
        let (a, b) = (
            updated.search(&request(query)).unwrap(),
            fresh.search(&request(query)).unwrap(),
        );
        let mut live_ids = ids(&a);
        let mut fresh_ids = ids(&b);
        live_ids.sort();
        fresh_ids.sort();
        assert_eq!(live_ids, fresh_ids, "{query}");
        assert_eq!(a.total, b.total, "{query}");
    }
    assert_eq!(
        ids(&updated.search(&request("maaltijdcheques")).unwrap()),
        ["partners/voedselbank"]
    );
    assert!(ids(&updated.search(&request("koffie")).unwrap()).is_empty());
    // The vocabulary follows: the removed entry's words no longer complete.
    assert!(updated.search(&request("koff")).unwrap().hits.is_empty());

    // Nothing changed: the same files again.
    assert_eq!(live.update(&edited, options()).unwrap().files, files.files);
}

#[test]
fn a_live_index_ships_no_text_of_replaced_or_deleted_entries() {
    // `serve` keeps one index for the session; what a visitor downloads must not carry old text.
    let (mut live, _) = LiveIndex::build(&documents(), options()).unwrap();
    let mut edited = documents();
    edited[0].title = "Schuldhulp Lindewaard Nieuwstad".into();
    edited[1].summary = "Pakketten voor gezinnen.".into();
    edited.retain(|d| d.id != "partners/buurthuis");
    let files = live.update(&edited, options()).unwrap();
    // The files as a reader has them: the parted ones joined from their parts (a text may span two).
    let data_of = |name: &str| &files.files.iter().find(|(n, _)| n == name).unwrap().1;
    let mut whole: Vec<Vec<u8>> = files.files.iter().map(|(_, data)| data.clone()).collect();
    let pieces = files
        .manifest
        .piece_names(|name| Ok(data_of(name).clone()))
        .unwrap();
    whole.push(
        pieces
            .iter()
            .filter(|n| !n.starts_with("list-"))
            .flat_map(|n| data_of(n).clone())
            .collect(),
    );
    let carries = |needle: &str| {
        whole
            .iter()
            .any(|data| data.windows(needle.len()).any(|w| w == needle.as_bytes()))
    };
    assert!(carries("Schuldhulp Lindewaard Nieuwstad"));
    for replaced in [
        "Voedselpakketten voor huishoudens in armoede",
        "Buurthuis De Weiden",
        "Koffie-ochtend",
    ] {
        assert!(
            !carries(replaced),
            "the index files still carry {replaced:?}"
        );
    }
}

#[test]
fn the_same_documents_give_the_same_index_files() {
    // Segment files are named after their content, so a rebuild without changes rewrites nothing.
    let (first, second) = (index_files(), index_files());
    assert_eq!(first.files, second.files);
    assert!(first.files.iter().any(|(name, _)| name.starts_with("idx-")));
}

fn ids(response: &SearchResponse) -> Vec<&str> {
    response.hits.iter().map(|h| h.id.as_str()).collect()
}

fn request(query: &str) -> SearchRequest {
    SearchRequest {
        query: query.into(),
        limit: 10,
        ..SearchRequest::default()
    }
}

#[test]
fn the_entry_that_says_the_word_ranks_above_synonym_matches() {
    let engine = engine();
    let response = engine.search(&request("deurwaarder")).unwrap();
    assert_eq!(response.total, 3);
    assert_eq!(ids(&response)[0], "partners/schuldhulp");
    let snippet = &response.hits[0].snippet;
    assert!(
        snippet.html().contains("<mark>deurwaarder</mark>"),
        "{}",
        snippet.html()
    );
}

#[test]
fn stemming_and_accents_meet() {
    let engine = engine();
    assert_eq!(
        ids(&engine.search(&request("schuldeiser")).unwrap())[0],
        "partners/schuldhulp"
    );
    assert_eq!(
        ids(&engine.search(&request("Buurthuís")).unwrap()),
        ["partners/buurthuis"]
    );
}

#[test]
fn a_word_that_matches_nothing_does_not_empty_the_list() {
    let engine = engine();
    let response = engine.search(&request("voedselpakket 1234")).unwrap();
    assert_eq!(ids(&response), ["partners/voedselbank"]);
}

#[test]
fn filters_restrict_and_municipality_wide_entries_match_every_wijk() {
    let engine = engine();
    let mut by_kind = request("geldzorgen");
    by_kind.kind = Some("regulation".into());
    assert_eq!(ids(&engine.search(&by_kind).unwrap()), ["regulations/wgs"]);
    let mut by_area = request("geldzorgen");
    by_area.area = Some("de-weiden".into());
    let found = engine.search(&by_area).unwrap();
    assert!(!ids(&found).contains(&"partners/voedselbank"));
    assert!(ids(&found).contains(&"partners/schuldhulp"));
    let mut by_domain = request("dinsdag geldzorgen");
    by_domain.domain = Some("sociaal-netwerk".into());
    assert_eq!(
        ids(&engine.search(&by_domain).unwrap()),
        ["partners/buurthuis"]
    );
}

#[test]
fn phrases_must_match_in_order() {
    let engine = engine();
    assert_eq!(
        ids(&engine
            .search(&request("\"beslist binnen vier weken\""))
            .unwrap()),
        ["regulations/wgs"]
    );
    assert!(engine
        .search(&request("\"weken vier binnen beslist\""))
        .unwrap()
        .hits
        .is_empty());
}

#[test]
fn snippets_escape_content() {
    let snippet = Snippet {
        text: "<b>schuld</b>".into(),
        highlights: vec![(3, 9)],
    };
    assert_eq!(snippet.html(), "&lt;b&gt;<mark>schuld</mark>&lt;/b&gt;");
}

#[test]
fn results_carry_what_a_coach_needs() {
    let engine = engine();
    let hit = &engine.search(&request("voedselpakket")).unwrap().hits[0];
    assert_eq!(hit.kind, "partner");
    assert_eq!(hit.domains, ["financien"]);
    assert_eq!(hit.areas, ["centrum"]);
    assert_eq!(
        hit.display.referral.as_deref(),
        Some("Verwijzen naar Voedselbank Lindewaard")
    );
}

#[test]
fn one_typo_is_forgiven_in_words_of_five_letters_or_more() {
    let engine = engine();
    assert_eq!(
        ids(&engine.search(&request("deurwaardr")).unwrap())[0],
        "partners/schuldhulp"
    );
    assert_eq!(
        ids(&engine.search(&request("voedselbnak")).unwrap())[0],
        "partners/voedselbank"
    );
    // Four letters: one edit would change the word too much ("bank" is not "bonk").
    assert!(engine.search(&request("vdoe")).unwrap().hits.is_empty());
}

#[test]
fn the_word_being_typed_is_a_prefix() {
    let engine = engine();
    assert_eq!(
        ids(&engine.search(&request("voedselp")).unwrap()),
        ["partners/voedselbank"]
    );
    assert_eq!(
        ids(&engine.search(&request("buurth")).unwrap()),
        ["partners/buurthuis"]
    );
}

#[test]
fn facet_counts_leave_out_their_own_filter() {
    let engine = engine();
    let mut req = request("geldzorgen");
    req.facets = true;
    req.kind = Some("partner".into());
    let facets = engine.search(&req).unwrap().facets.unwrap();
    assert_eq!(facets.kinds["partner"], 2);
    assert_eq!(
        facets.kinds["regulation"], 1,
        "kind counts ignore the kind filter"
    );
    assert_eq!(
        facets.domains["financien"], 2,
        "domain counts keep the kind filter"
    );
    assert_eq!(
        facets.areas["centrum"], 2,
        "the centrum count includes the municipality-wide partner"
    );
    assert_eq!(facets.areas["gemeentebreed"], 1);
}

#[test]
fn no_results_come_with_suggestions() {
    let engine = engine();
    // A word that matches nothing is left out and a typo forgiven ("geldzorgn", a synonym of financiën):
    // the coach gets the financiën entries, and no "did you mean" over results that are there.
    let response = engine.search(&request("xyzzy geldzorgn")).unwrap();
    let mut found = ids(&response);
    found.sort_unstable();
    assert_eq!(
        found,
        [
            "partners/schuldhulp",
            "partners/voedselbank",
            "regulations/wgs"
        ]
    );
    assert_eq!(response.total, 3);
    assert!(
        response.suggestions.is_none(),
        "suggestions beside results: {:?}",
        response.suggestions
    );
    let response = engine.search(&request("qqqq")).unwrap();
    assert_eq!(response.total, 0);
    let suggestions = response.suggestions.unwrap();
    assert!(suggestions.spellings.is_empty() && suggestions.domains.is_empty());
    let response = engine.search(&request("\"schulden regelen\"")).unwrap();
    assert_eq!(response.total, 0);
    let domains: Vec<_> = response
        .suggestions
        .unwrap()
        .domains
        .into_iter()
        .map(|d| d.id)
        .collect();
    assert_eq!(domains, ["financien"], "a synonym of financiën was typed");
    let response = engine.search(&request("\"koffie ochtnd\"")).unwrap();
    assert_eq!(
        response.suggestions.unwrap().spellings,
        ["\"koffie ochtend\""]
    );
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(200))]
    /// Whatever a coach types (quotes, hyphens, postcodes, glued compounds, symbols, very long words), search
    /// answers without an error, and what it says it did refers to words of the query.
    #[test]
    fn any_query_gets_an_answer(query in "(\"|-|,|5641|schuld(en)?|hulp|geld|zorgen|deurwaarder|[a-zà-ÿ]{1,45}|[ -~]{1,8}| ){0,10}") {
        let engine = engine();
        let response = engine.search(&request(&query)).unwrap();
        for rewrite in &response.rewrites {
            proptest::prop_assert!(query.contains(&rewrite.word), "{:?} in {:?}", rewrite.word, query);
            for part in &rewrite.searched {
                proptest::prop_assert!(!part.is_empty());
            }
        }
        proptest::prop_assert!(response.hits.len() <= 10);
    }
}

/// What a reader loads first: the manifest's files, no other part and no text chunk.
fn first_download(files: &IndexFiles) -> IndexFiles {
    IndexFiles {
        manifest: files.manifest.clone(),
        files: files
            .files
            .iter()
            .filter(|(name, _)| files.manifest.files.iter().any(|f| &f.name == name))
            .cloned()
            .collect(),
    }
}

#[test]
fn a_phrase_in_a_body_loads_the_positions_and_the_text_it_needs() {
    let mut documents = documents();
    documents[2].body =
        "Elke week een warme maaltijd. Na een warme overdracht door de coach bent u welkom.".into();
    documents[0].body = "Een overdracht die warm is: dat is geen phrase match.".into();
    let files = build_index(&documents, options()).unwrap();
    let mut engine = SearchEngine::open(&first_download(&files)).unwrap();
    let read = |name: &str| {
        files
            .files
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, data)| data.clone())
            .unwrap()
    };
    let texts: Vec<&str> = files
        .manifest
        .texts
        .iter()
        .map(|t| t.name.as_str())
        .collect();

    // A quoted phrase is found in a body (its positions are parts of the index like the postings; this
    // small index loads them all on opening), then asks for the text that shows it; each file once.
    let mut loaded: Vec<String> = Vec::new();
    let shown = loop {
        let answer = engine.search(&request("\"warme overdracht\"")).unwrap();
        if answer.files_needed.is_empty() {
            break answer;
        }
        for name in &answer.files_needed {
            assert!(!loaded.contains(name), "{name} named twice");
            engine.load_file(name, &read(name)).unwrap();
            loaded.push(name.clone());
        }
    };
    assert_eq!(ids(&shown), ["partners/buurthuis"]);
    assert_eq!(
        loaded
            .iter()
            .filter(|n| texts.contains(&n.as_str()))
            .count(),
        1,
        "the text chunk of the hit: {loaded:?}"
    );
    let snippet = &shown.hits[0].snippet;
    let marked: Vec<&str> = snippet
        .highlights
        .iter()
        .map(|&(from, to)| &snippet.text[from..to])
        .collect();
    assert!(
        marked.contains(&"warme overdracht"),
        "the phrase as one mark: {snippet:?}"
    );

    // The same answer as an engine that had everything from the start.
    let complete = SearchEngine::open(&files).unwrap();
    let at_once = complete.search(&request("\"warme overdracht\"")).unwrap();
    assert_eq!(ids(&at_once), ids(&shown));
    assert!(engine.load_file("nonsense.bin", b"").is_err());
}
