//! The structured service attributes (cost, referral, home visits, opening hours, languages) from content to
//! what a coach and search see: every service's facts on its partner's search document (structured first,
//! prose as fallback), and the partner page that shows them in the site's language.

mod common;

use chrono::NaiveDate;
use common::TestSite;
use kaartenbak::build::check;
use kaartenbak::index::search_documents;
use kaartenbak::model::build_site;
use kaartenbak_search::{Cost, OpeningSpan, SearchDocument, ServiceFacts};
use std::path::Path;

fn documents(root: &Path) -> Vec<SearchDocument> {
    let today = NaiveDate::from_ymd_opt(2026, 11, 25).unwrap();
    let checked = check(root, today);
    assert!(!checked.has_errors(), "{:?}", checked.diagnostics);
    let site = build_site(checked.config.unwrap(), checked.content, today);
    search_documents(&site)
}

fn service<'d>(documents: &'d [SearchDocument], partner: &str, name: &str) -> &'d ServiceFacts {
    let document = documents
        .iter()
        .find(|d| d.id == format!("partners/{partner}"))
        .unwrap_or_else(|| panic!("no document of {partner}"));
    document
        .services
        .iter()
        .find(|s| s.name.starts_with(name))
        .unwrap_or_else(|| panic!("{partner} has no service {name}"))
}

fn span(day: u8, open: &str, close: &str) -> OpeningSpan {
    let minutes = |t: &str| {
        let (h, m) = t.split_once(':').unwrap();
        h.parse::<u16>().unwrap() * 60 + m.parse::<u16>().unwrap()
    };
    OpeningSpan {
        day,
        open: minutes(open),
        close: minutes(close),
    }
}

#[test]
fn every_partner_service_of_the_example_site_carries_its_facts_for_search() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let documents = documents(root);
    let partners: Vec<&SearchDocument> = documents.iter().filter(|d| d.kind == "partner").collect();
    assert!(partners.len() > 30);
    for partner in &partners {
        assert!(!partner.services.is_empty(), "{}: no services", partner.id);
        for s in &partner.services {
            // The example content fills every attribute in.
            assert!(
                s.cost.is_some() && s.referral_required.is_some() && s.home_visits.is_some(),
                "{} / {}",
                partner.id,
                s.name
            );
            assert!(
                !s.hours.is_empty() && !s.languages.is_empty(),
                "{} / {}",
                partner.id,
                s.name
            );
            assert!(!s.domains.is_empty(), "{} / {}", partner.id, s.name);
        }
    }

    let food = service(
        &documents,
        "voedselbank-lindewaard",
        "Wekelijks voedselpakket",
    );
    assert_eq!(
        (food.cost, food.referral_required, food.home_visits),
        (Some(Cost::Free), Some(true), Some(false))
    );
    assert_eq!(food.languages, ["nl", "en", "ar", "uk"]);
    assert_eq!(food.hours, [span(5, "13:00", "16:00")]);
    assert!(
        food.description.starts_with("Pakket met houdbare"),
        "{}",
        food.description
    );
    assert_eq!(food.domains, ["financien"]);

    let debt = service(&documents, "schuldhulp-lindewaard", "Aanmelding");
    assert_eq!(debt.cost, Some(Cost::Free));
    assert_eq!(debt.referral_required, Some(false));
    assert!(
        debt.languages.contains(&"pl".to_string()) && debt.languages.contains(&"tr".to_string())
    );

    let ggz = service(&documents, "ggz-kempenrand", "Specialistische ggz");
    assert_eq!(ggz.referral_required, Some(true));
    let crisis = service(&documents, "ggz-kempenrand", "Crisisdienst");
    assert_eq!(crisis.hours.len(), 7, "day and night, every day");
    assert!(crisis.hours.iter().all(|s| (s.open, s.close) == (0, 1440)));

    // Evening hours of the wijkcentra; a service without its own hours has its partner's.
    let neighbourhood = service(&documents, "welzijn-lindewaard", "Buurtwerk");
    assert!(neighbourhood.hours.contains(&span(2, "19:00", "21:30")));
    assert!(neighbourhood.languages.contains(&"tr".to_string()));
    let mediation = service(&documents, "welzijn-lindewaard", "Buurtbemiddeling");
    assert_eq!(mediation.home_visits, Some(true));
    assert_eq!(
        mediation.hours,
        (1..=5)
            .map(|d| span(d, "09:00", "17:00"))
            .collect::<Vec<_>>()
    );
}

#[test]
fn a_site_without_structured_fields_gets_what_its_prose_says_plainly() {
    // The valid fixture is written in the older form: `fees: Gratis`, referral and hours as prose.
    let site = TestSite::valid();
    let documents = documents(site.path());
    let debt = service(&documents, "schuldhulp", "Schuldregeling");
    assert_eq!(debt.cost, Some(Cost::Free), "fees: Gratis");
    assert_eq!(debt.languages, ["nl", "en"], "Dutch names become codes");
    assert_eq!(
        debt.hours,
        (1..=5)
            .map(|d| span(d, "09:00", "17:00"))
            .collect::<Vec<_>>(),
        "opening_hours: ma–vr 9.00–17.00"
    );
    // "Aanmelden via het formulier voor professionals" says nothing about whether a referral is needed.
    assert_eq!(debt.referral_required, None);
    assert_eq!(debt.home_visits, None);
}

#[test]
fn the_partner_page_shows_the_attributes_in_dutch_and_in_english() {
    let site = TestSite::example();
    site.run_ok(&["build"]);
    let html = site.read("site/partners/welzijn-lindewaard/index.html");
    for shown in [
        "<li>Gratis</li>",
        "<li>Zonder verwijzing</li>",
        "<li>Komt aan huis</li>",
        "<th scope=\"row\">dinsdag</th><td>9.00–17.00, 19.00–21.30</td>",
        "Nederlands, Turks, Pools",
    ] {
        assert!(html.contains(shown), "welzijn: no {shown}");
    }
    let food = site.read("site/partners/voedselbank-lindewaard/index.html");
    assert!(food.contains("<li>Verwijzing nodig</li>"));
    assert!(food.contains("Nederlands, Engels, Arabisch, Oekraïens"));
    // The partner's hours per day, with the prose kept beside them.
    assert!(food.contains("<th scope=\"row\">vrijdag</th><td>13.00–16.00</td>"));
    assert!(food.contains("uitgifte vr 13.00–16.00"));

    // An English site (the valid fixture: the example's glossary extends the Dutch default one).
    let site = TestSite::valid();
    let config = site
        .read("kaartenbak.toml")
        .replace("language = \"nl\"", "language = \"en\"");
    site.write("kaartenbak.toml", &config);
    site.write(
        "content/partners/taalpunt.yaml",
        "name: Taalpunt\ndomains: [financien]\nservices:\n  - name: Spreekuur\n    cost: gratis\n    referral_required: false\n    home_visits: true\n    languages: [Nederlands, Turks, pl]\n    hours:\n      - days: ma-vr\n        time: \"09:00-17:00\"\n      - days: di\n        time: \"19:00-21:30\"\nphone: 0599-200300\nlast_verified: 2026-06-01\n",
    );
    site.run_ok(&["build"]);
    let html = site.read("site/partners/taalpunt/index.html");
    for shown in [
        "<li>Free</li>",
        "<li>No referral needed</li>",
        "<li>Home visits</li>",
        "<th scope=\"row\">Tuesday</th><td>9:00–17:00, 19:00–21:30</td>",
        "Dutch, Turkish, Polish",
    ] {
        assert!(html.contains(shown), "taalpunt (en): no {shown}");
    }
}
