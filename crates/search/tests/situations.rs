//! Search that understands situations, on a small index built and opened the way the CLI and the browser
//! do: needs named in a sentence rank the entries that handle them above entries that merely mention the
//! words, two needs get an answer each, removed needs are plain words again, and attributes pick the
//! service that fits.

use kaartenbak_search::*;

fn facets() -> Facets {
    let domain = |id: &str, label: &str| DomainFacet {
        id: id.into(),
        label: label.into(),
        synonyms: Vec::new(),
    };
    Facets {
        domains: vec![
            domain("financien", "Financiën"),
            domain("middelengebruik", "Middelengebruik"),
            domain("huisvesting", "Huisvesting"),
            domain("werk-opleiding", "Werk & opleiding"),
        ],
        areas: Vec::new(),
    }
}

fn need(id: &str, domain: &str, term: Option<&str>, expressions: &[&str]) -> Need {
    Need {
        id: id.into(),
        domain: domain.into(),
        term: term.map(str::to_string),
        expressions: expressions.iter().map(|s| s.to_string()).collect(),
    }
}

fn service(name: &str, description: &str, domain: &str) -> ServiceFacts {
    ServiceFacts {
        name: name.into(),
        description: description.into(),
        domains: vec![domain.into()],
        ..ServiceFacts::default()
    }
}

fn partner(
    id: &str,
    title: &str,
    body: &str,
    domain: &str,
    services: Vec<ServiceFacts>,
) -> SearchDocument {
    SearchDocument {
        id: format!("partners/{id}"),
        kind: "partner".into(),
        title: title.into(),
        summary: body.into(),
        lines: services.iter().map(|s| s.name.clone()).collect(),
        body: body.into(),
        domains: vec![domain.into()],
        areas: vec!["gemeentebreed".into()],
        services,
        ..SearchDocument::default()
    }
}

fn documents() -> Vec<SearchDocument> {
    let mut brug_youth = service(
        "Jongerenspreekuur cannabis",
        "Voor jongeren die blowen of gamen",
        "middelengebruik",
    );
    brug_youth.minimum_age = Some(12);
    brug_youth.maximum_age = Some(23);
    let mut brug_adult = service(
        "Behandeling verslaving volwassenen",
        "Alcohol, drugs en gokken",
        "middelengebruik",
    );
    brug_adult.minimum_age = Some(18);
    let mut schuldhulp = service(
        "Aanmelding schuldhulpverlening",
        "Hulp bij schulden, deurwaarder en beslag",
        "financien",
    );
    schuldhulp.minimum_age = Some(18);
    schuldhulp.cost = Some(Cost::Free);
    schuldhulp.languages = vec!["nl".into(), "pl".into()];
    vec![
        partner(
            "schuldhulp",
            "Stichting Schuldhulp",
            "Gemeentelijke schuldhulpverlening voor inwoners met schulden.",
            "financien",
            vec![schuldhulp],
        ),
        partner(
            "brug",
            "Verslavingszorg De Brug",
            "Hulp bij verslaving aan alcohol, drugs, gokken en cannabis.",
            "middelengebruik",
            vec![brug_adult, brug_youth],
        ),
        partner(
            "linde",
            "Woonstichting De Linde",
            "Huurwoningen. Bij een huurachterstand belt de consulent. Huurachterstand? Neem contact op.",
            "huisvesting",
            vec![service(
                "Huurincasso en betalingsregeling",
                "Bij huurachterstand een betalingsregeling",
                "huisvesting",
            )],
        ),
        // Mentions every word of the sentences, in no domain of the needs: it must not win.
        partner(
            "roc",
            "ROC Kempenland",
            "Opleidingen. Moeder, zoon, dochter, vader: geldproblemen, geld, problemen, schulden, \
             blowen, huurachterstand, elke dag aandacht voor geld en problemen.",
            "werk-opleiding",
            vec![service("Entree-opleiding", "Geld en problemen", "werk-opleiding")],
        ),
        SearchDocument {
            id: "modules/schulden-signaleren".into(),
            kind: "module".into(),
            title: "Schulden signaleren".into(),
            summary: "Herken geldproblemen vroeg en bespreek ze met het gezin.".into(),
            domains: vec!["financien".into()],
            areas: vec!["gemeentebreed".into()],
            ..SearchDocument::default()
        },
        SearchDocument {
            id: "modules/sollicitatietraining".into(),
            kind: "module".into(),
            title: "Sollicitatietraining begeleiden".into(),
            summary: "Oefen als coach het sollicitatiegesprek met werkzoekenden.".into(),
            domains: vec!["werk-opleiding".into()],
            areas: vec!["gemeentebreed".into()],
            ..SearchDocument::default()
        },
        SearchDocument {
            id: "pages/nieuw-in-het-team".into(),
            kind: "page".into(),
            title: "Nieuw in het team".into(),
            summary: "Welke trainingen volgt een nieuwe coach in het eerste jaar?".into(),
            areas: vec!["gemeentebreed".into()],
            ..SearchDocument::default()
        },
        SearchDocument {
            id: "regulations/wgs".into(),
            kind: "regulation".into(),
            title: "Wet gemeentelijke schuldhulpverlening".into(),
            summary: "De wet over schuldhulp.".into(),
            domains: vec!["financien".into()],
            areas: vec!["gemeentebreed".into()],
            ..SearchDocument::default()
        },
    ]
}

fn engine() -> SearchEngine {
    let options = IndexOptions {
        language: SearchLanguage::Nl,
        base: "/".into(),
        facets: facets(),
        glossary: vec![GlossaryTerm {
            id: "wgs".into(),
            term: "Wet gemeentelijke schuldhulpverlening".into(),
            variants: vec!["schuldhulp".into(), "schuldhulpverlening".into()],
            entries: vec!["partners/schuldhulp".into(), "regulations/wgs".into()],
            ..GlossaryTerm::default()
        }],
        needs: vec![
            need(
                "schulden",
                "financien",
                Some("wgs"),
                &["schulden", "geldproblemen", "debt counselling", "debt"],
            ),
            need(
                "huurachterstand",
                "huisvesting",
                None,
                &["huurachterstand", "huur niet betaald"],
            ),
            need(
                "cannabis",
                "middelengebruik",
                None,
                &["blowen", "blowt", "cannabis", "wiet"],
            ),
        ],
    };
    let files = build_index(&documents(), options).unwrap();
    SearchEngine::open(&files).unwrap()
}

fn search(engine: &SearchEngine, query: &str, ignore: &[&str]) -> SearchResponse {
    engine
        .search(&SearchRequest {
            query: query.into(),
            ignore: ignore.iter().map(|s| s.to_string()).collect(),
            ..SearchRequest::default()
        })
        .unwrap()
}

fn ids(response: &SearchResponse) -> Vec<&str> {
    response.hits.iter().map(|h| h.id.as_str()).collect()
}

#[test]
fn the_entry_that_handles_a_need_ranks_above_entries_that_mention_its_words() {
    let engine = engine();
    let response = search(&engine, "geldproblemen", &[]);
    assert_eq!(
        ids(&response)[0],
        "partners/schuldhulp",
        "{:?}",
        ids(&response)
    );
    assert_eq!(response.needs.len(), 1);
    assert_eq!(response.needs[0].id, "schulden");
    assert_eq!(response.needs[0].label, "Financiën");
    assert_eq!(response.needs[0].words, ["geldproblemen"]);
    let roc = ids(&response).iter().position(|id| *id == "partners/roc");
    let wgs = ids(&response)
        .iter()
        .position(|id| *id == "regulations/wgs");
    assert!(
        roc > wgs,
        "the linked regulation handles the need, the school only mentions it"
    );
}

#[test]
fn two_needs_in_a_sentence_give_an_answer_each() {
    let engine = engine();
    let response = search(
        &engine,
        "moeder heeft een huurachterstand en haar zoon van 16 blowt elke dag",
        &[],
    );
    let needs: Vec<&str> = response.needs.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(needs, ["huurachterstand", "cannabis"]);
    let top2: Vec<&str> = ids(&response).into_iter().take(2).collect();
    assert!(top2.contains(&"partners/linde"), "{top2:?}");
    assert!(top2.contains(&"partners/brug"), "{top2:?}");
    // The age picks the service that fits a 16-year-old.
    let brug = response
        .hits
        .iter()
        .find(|h| h.id == "partners/brug")
        .unwrap();
    assert_eq!(brug.service.as_deref(), Some("Jongerenspreekuur cannabis"));
    assert_eq!(response.attributes[0].id, "age:16");
    assert_eq!(response.attributes[0].words, ["van", "16"]);
}

#[test]
fn a_removed_need_is_searched_as_words() {
    let engine = engine();
    let query = "moeder heeft een huurachterstand en haar zoon van 16 blowt elke dag";
    let response = search(&engine, query, &["cannabis"]);
    let needs: Vec<&str> = response.needs.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(needs, ["huurachterstand"]);
    assert_eq!(ids(&response)[0], "partners/linde");
    let response = search(&engine, query, &["age:16"]);
    assert!(response.attributes.is_empty());
    assert!(response.hits.iter().all(|h| h.service.is_none()));
}

#[test]
fn english_and_client_spelling_name_the_need() {
    let engine = engine();
    let english = search(&engine, "debt counselling", &[]);
    assert_eq!(ids(&english)[0], "partners/schuldhulp");
    let spelled = search(&engine, "huurachterstant", &[]);
    assert_eq!(spelled.needs[0].id, "huurachterstand");
    assert_eq!(ids(&spelled)[0], "partners/linde");
    let split = search(&engine, "schuld hulp", &[]);
    assert_eq!(ids(&split)[0], "partners/schuldhulp", "{:?}", ids(&split));
}

#[test]
fn attributes_rank_the_partners_with_a_fitting_service_first() {
    let engine = engine();
    let response = search(&engine, "hulp in het Pools", &[]);
    assert_eq!(response.attributes[0].id, "language:pl");
    assert_eq!(ids(&response)[0], "partners/schuldhulp");
    assert_eq!(
        response.hits[0].service.as_deref(),
        Some("Aanmelding schuldhulpverlening")
    );
}

#[test]
fn a_query_without_a_situation_reports_none() {
    let engine = engine();
    let response = search(&engine, "woonstichting", &[]);
    assert!(response.needs.is_empty() && response.attributes.is_empty());
    assert_eq!(ids(&response)[0], "partners/linde");
}

#[test]
fn wanting_to_learn_about_a_need_gives_the_modules_about_it_not_every_module() {
    let about_debts = search(&engine(), "leren over geldproblemen", &[]);
    assert_eq!(ids(&about_debts)[0], "modules/schulden-signaleren");
    // The job-application module matches nothing of the query: it is no answer, though it is a module.
    assert!(
        !ids(&about_debts).contains(&"modules/sollicitatietraining"),
        "{:?}",
        ids(&about_debts)
    );
    // Asked for trainings and nothing else, every module is an answer.
    let all = search(&engine(), "trainingen", &[]);
    let modules: Vec<&str> = ids(&all)
        .into_iter()
        .filter(|id| id.starts_with("modules/"))
        .collect();
    assert_eq!(modules.len(), 2, "{:?}", ids(&all));
}

#[test]
fn asked_which_trainings_without_a_need_the_entry_that_answers_the_words_best_comes_first() {
    // No need named: a module that only shares a word ("coach") does not jump above the page that
    // answers the question.
    let response = search(&engine(), "welke trainingen volg ik als nieuwe coach?", &[]);
    assert_eq!(
        ids(&response)[0],
        "pages/nieuw-in-het-team",
        "{:?}",
        ids(&response)
    );
    // With a need named, the modules about it still come first.
    let about_debts = search(&engine(), "trainingen over geldproblemen", &[]);
    assert_eq!(ids(&about_debts)[0], "modules/schulden-signaleren");
}
