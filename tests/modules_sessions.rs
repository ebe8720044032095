//! Sessions of training modules on the fixture site `tests/fixtures/sessions` (built with today =
//! 2026-11-25): the module page (upcoming first with status, past folded, cancelled struck out), its
//! calendars read back by an independent parser (`ical`), the Atom feed read by `roxmltree` and the
//! JSON-LD by serde_json.

mod common;

use chrono::NaiveDateTime;
use common::{copy_dir, fixtures, TestSite};
use ical::parser::ical::component::{IcalCalendar, IcalEvent};
use std::collections::BTreeMap;
use std::path::Path;

fn sessions_site() -> TestSite {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&fixtures().join("sessions"), dir.path());
    TestSite { dir }
}

/// Builds `site` into `out` (relative to the site) and returns the output folder.
fn build(site: &TestSite, out: &str) -> std::path::PathBuf {
    site.run_ok(&["build", "--output", out]);
    site.path().join(out)
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn parse_calendar(text: &str) -> IcalCalendar {
    let mut parser = ical::IcalParser::new(text.as_bytes());
    let calendar = parser.next().expect("one calendar").expect("parses");
    assert!(parser.next().is_none(), "exactly one VCALENDAR");
    calendar
}

fn property<'a>(props: &'a [ical::property::Property], name: &str) -> Option<&'a str> {
    props
        .iter()
        .find(|p| p.name == name)
        .and_then(|p| p.value.as_deref())
}

fn param<'a>(props: &'a [ical::property::Property], name: &str, param: &str) -> Option<&'a str> {
    let prop = props.iter().find(|p| p.name == name)?;
    prop.params
        .as_ref()?
        .iter()
        .find(|(k, _)| k == param)
        .and_then(|(_, v)| v.first())
        .map(String::as_str)
}

/// Events by UID.
fn events(calendar: &IcalCalendar) -> BTreeMap<String, &IcalEvent> {
    calendar
        .events
        .iter()
        .map(|e| (property(&e.properties, "UID").unwrap().to_string(), e))
        .collect()
}

fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y%m%dT%H%M%S").unwrap()
}

/// `+0200` as seconds.
fn offset_seconds(text: &str) -> i64 {
    let sign = if text.starts_with('-') { -1 } else { 1 };
    let hours: i64 = text[1..3].parse().unwrap();
    let minutes: i64 = text[3..5].parse().unwrap();
    sign * (hours * 3600 + minutes * 60)
}

/// The UTC instant of a local DTSTART/DTEND, read with the calendar's own VTIMEZONE the way a client does:
/// the observance with the latest onset not after the local time gives the offset.
fn utc_of(calendar: &IcalCalendar, event: &IcalEvent, name: &str) -> NaiveDateTime {
    assert_eq!(
        param(&event.properties, name, "TZID"),
        Some("Europe/Amsterdam")
    );
    let time = local(property(&event.properties, name).unwrap());
    let zone = calendar
        .timezones
        .iter()
        .find(|z| property(&z.properties, "TZID") == Some("Europe/Amsterdam"))
        .expect("a VTIMEZONE for Europe/Amsterdam");
    let offset = zone
        .transitions
        .iter()
        .map(|t| {
            (
                local(property(&t.properties, "DTSTART").unwrap()),
                offset_seconds(property(&t.properties, "TZOFFSETTO").unwrap()),
            )
        })
        .filter(|(onset, _)| *onset <= time)
        .max_by_key(|(onset, _)| *onset)
        .expect("an observance before the session")
        .1;
    time - chrono::Duration::seconds(offset)
}

fn utc(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

/// CRLF after every line, no bare LF, no line longer than 75 octets.
fn assert_rfc5545_lines(text: &str, name: &str) {
    assert!(text.ends_with("\r\n"), "{name} ends with CRLF");
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{name}: every line ends with CRLF"
    );
    for line in text.split("\r\n") {
        assert!(line.len() <= 75, "{name}: {} octets: {line}", line.len());
    }
}

const UID_DOMAIN: &str = "@sociale-kaart-testdorp.kaartenbak";

#[test]
fn module_calendar_has_every_dated_session_with_amsterdam_times() {
    let site = sessions_site();
    let out = build(&site, "site");
    let text = read(&out.join("modules/geldzorgen-basis/sessies.ics"));
    assert_rfc5545_lines(&text, "module calendar");
    let calendar = parse_calendar(&text);
    let events = events(&calendar);
    // Seven sessions, past and cancelled ones included.
    assert_eq!(events.len(), 7, "{:?}", events.keys());
    let uid = |session: &str| format!("geldzorgen-basis.{session}{UID_DOMAIN}");
    for session in [
        "2026-10-06",
        "2026-11-25",
        "2026-12-08",
        "2026-12-15",
        "januari",
        "najaar-zomertijd",
        "najaar-wintertijd",
    ] {
        assert!(events.contains_key(&uid(session)), "no event {session}");
    }

    // Either side of the change to winter time on Sunday 31 October 2027: 09:30 in Amsterdam is 07:30 UTC
    // on Saturday (CEST, +2) and 08:30 UTC on Monday (CET, +1).
    let summer = events[&uid("najaar-zomertijd")];
    let winter = events[&uid("najaar-wintertijd")];
    assert_eq!(
        utc_of(&calendar, summer, "DTSTART"),
        utc("2027-10-30 07:30")
    );
    assert_eq!(utc_of(&calendar, summer, "DTEND"), utc("2027-10-30 10:00"));
    assert_eq!(
        utc_of(&calendar, winter, "DTSTART"),
        utc("2027-11-01 08:30")
    );
    // A winter session in 2026 and a legacy `date`/`time` session in October (still summer time).
    assert_eq!(
        utc_of(&calendar, events[&uid("2026-12-08")], "DTSTART"),
        utc("2026-12-08 08:30")
    );
    assert_eq!(
        utc_of(&calendar, events[&uid("2026-10-06")], "DTSTART"),
        utc("2026-10-06 07:30")
    );

    let cancelled = events[&uid("2026-12-15")];
    assert_eq!(property(&cancelled.properties, "STATUS"), Some("CANCELLED"));
    assert_eq!(property(&cancelled.properties, "SEQUENCE"), Some("1"));
    let open = events[&uid("januari")];
    assert_eq!(property(&open.properties, "STATUS"), Some("CONFIRMED"));
    assert_eq!(property(&open.properties, "SEQUENCE"), Some("0"));
    assert_eq!(
        property(&open.properties, "URL"),
        Some("https://kaart.testdorp.example/modules/geldzorgen-basis/")
    );
    assert_eq!(
        property(&open.properties, "LOCATION"),
        Some("Gemeentehuis\\, zaal 1"),
        "TEXT values escape commas"
    );
    // DTSTAMP is the module's last_verified, not the clock.
    assert_eq!(
        property(&open.properties, "DTSTAMP"),
        Some("20261120T000000Z")
    );
    assert!(property(&open.properties, "DESCRIPTION")
        .unwrap()
        .contains("opleidingen@testdorp.example"));
}

#[test]
fn the_timezone_covers_every_year_the_sessions_span() {
    let site = sessions_site();
    let out = build(&site, "site");
    let calendar = parse_calendar(&read(&out.join("modules/geldzorgen-basis/sessies.ics")));
    assert_eq!(calendar.timezones.len(), 1);
    let onsets: Vec<String> = calendar.timezones[0]
        .transitions
        .iter()
        .map(|t| property(&t.properties, "DTSTART").unwrap().to_string())
        .collect();
    // Sessions run from 2026 to 2027: both changes of each year (and of 2025, in force on 1 January).
    for onset in [
        "20260329T020000",
        "20261025T030000",
        "20270328T020000",
        "20271031T030000",
    ] {
        assert!(onsets.iter().any(|o| o == onset), "{onset} in {onsets:?}");
    }
    assert!(
        property(&calendar.timezones[0].properties, "UID").is_none(),
        "a VTIMEZONE has no UID"
    );
}

#[test]
fn rebuilds_give_the_same_calendars_and_feed() {
    let site = sessions_site();
    let first = build(&site, "one");
    let second = build(&site, "two");
    for file in [
        "modules/geldzorgen-basis/sessies.ics",
        "modules/sessies.ics",
        "domains/financien/sessies.ics",
        "nieuw.atom",
    ] {
        assert_eq!(
            read(&first.join(file)),
            read(&second.join(file)),
            "{file} differs between builds"
        );
    }
}

#[test]
fn cancelling_a_session_keeps_its_uid_and_raises_its_sequence() {
    let site = sessions_site();
    let before = parse_calendar(&read(
        &build(&site, "before").join("modules/geldzorgen-basis/sessies.ics"),
    ));
    let file = "content/modules/geldzorgen-basis.md";
    let edited = site.read(file).replacen(
        "  - id: januari\n    start: 2027-01-12T09:30\n    end: \"12:30\"\n    location: Gemeentehuis, zaal 1\n    status: open",
        "  - id: januari\n    start: 2027-01-12T09:30\n    end: \"12:30\"\n    location: Gemeentehuis, zaal 1\n    status: geannuleerd",
        1,
    );
    assert_ne!(edited, site.read(file), "the fixture has the open session");
    site.write(file, &edited);
    let after = parse_calendar(&read(
        &build(&site, "after").join("modules/geldzorgen-basis/sessies.ics"),
    ));
    let uid = format!("geldzorgen-basis.januari{UID_DOMAIN}");
    let (was, is) = (&events(&before)[&uid], &events(&after)[&uid]);
    assert_eq!(property(&was.properties, "STATUS"), Some("CONFIRMED"));
    assert_eq!(property(&is.properties, "STATUS"), Some("CANCELLED"));
    let sequence = |e: &IcalEvent| -> u32 {
        property(&e.properties, "SEQUENCE")
            .unwrap()
            .parse()
            .unwrap()
    };
    assert!(sequence(is) > sequence(was));
    assert_eq!(events(&before).len(), events(&after).len(), "still listed");
}

#[test]
fn the_upcoming_and_domain_calendars_leave_past_and_undated_sessions_out() {
    let site = sessions_site();
    let out = build(&site, "site");
    let all = parse_calendar(&read(&out.join("modules/sessies.ics")));
    let uids: Vec<String> = events(&all).into_keys().collect();
    // Not the past one of 6 October, and no event for the undated e-learning; today's is still there.
    assert_eq!(uids.len(), 6 + 2, "{uids:?}");
    assert!(!uids.iter().any(|u| u.contains("2026-10-06")));
    assert!(uids
        .iter()
        .any(|u| u.contains("geldzorgen-basis.2026-11-25")));
    assert!(!uids.iter().any(|u| u.starts_with("wgs-expert.")));
    let opvoeding = read(&out.join("domains/opvoeding/sessies.ics"));
    assert_rfc5545_lines(&opvoeding, "domain calendar");
    assert!(
        parse_calendar(&opvoeding).events.is_empty(),
        "only an e-learning there"
    );
    assert!(
        !out.join("modules/wgs-expert/sessies.ics").exists(),
        "a module without dates has no calendar"
    );
}

fn module_page(out: &Path, id: &str) -> String {
    read(&out.join(format!("modules/{id}/index.html")))
}

fn main_of(html: &str) -> &str {
    let start = html.find("<main").expect("page has <main>");
    let end = html.find("</main>").expect("page has </main>") + "</main>".len();
    &html[start..end]
}

#[test]
fn the_module_page_lists_upcoming_sessions_first_and_folds_the_past() {
    let site = sessions_site();
    let out = build(&site, "site");
    let html = module_page(&out, "geldzorgen-basis");
    let main = main_of(&html);
    let details = main.find("<details").expect("past sessions are folded");
    let today = main.find("wo 25 nov 2026").unwrap();
    let past = main.find("di 6 okt 2026").unwrap();
    assert!(
        today < details && details < past,
        "upcoming first, past inside <details>"
    );
    // Every session date names its weekday (issue 24).
    assert!(main.find("di 8 dec 2026").unwrap() < main.find("di 12 jan 2027").unwrap());
    // Status visible; the cancelled session struck out but listed; no signup where none is possible.
    assert!(main.contains(">Vol</span>") && main.contains(">Wachtlijst</span>"));
    assert!(main.contains("<del><time datetime=\"2026-12-15T09:30\">di 15 dec 2026</time></del>"));
    assert!(main.contains(">Geannuleerd</span>"));
    assert!(main.contains("href=\"mailto:opleidingen@testdorp.example\""));
    // Links are relative to the page (they work from disk too).
    assert!(main.contains("href=\"sessies.ics\""));
    // What builds on this module.
    assert!(main.contains("href=\"../schuldhulp-verdieping/index.html\""));
    assert!(
        html.contains(
            "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"Wat is er nieuw\" href=\"../../nieuw.atom\">"
        ),
        "the feed is linked from the head"
    );
    insta::assert_snapshot!("module_page", main);
}

fn json_ld(html: &str) -> serde_json::Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).expect("a JSON-LD block") + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).expect("valid JSON")
}

#[test]
fn the_module_page_describes_the_course_in_json_ld() {
    let site = sessions_site();
    let out = build(&site, "site");
    let basis = json_ld(&module_page(&out, "geldzorgen-basis"));
    assert_eq!(basis["@type"], "Course");
    assert_eq!(
        basis["description"], "Basistraining <b>geldzorgen</b> & het gesprek </script> openen.",
        "content with `</script>` survives as data"
    );
    let instances = basis["hasCourseInstance"].as_array().unwrap();
    assert_eq!(instances.len(), 7);
    let summer = instances
        .iter()
        .find(|i| i["startDate"] == "2027-10-30T09:30:00+02:00")
        .expect("summer time offset");
    assert_eq!(summer["courseMode"], "onsite");
    assert_eq!(summer["location"]["name"], "Gemeentehuis, zaal 1");
    assert!(instances
        .iter()
        .any(|i| i["startDate"] == "2027-11-01T09:30:00+01:00"));

    let verdieping = json_ld(&module_page(&out, "schuldhulp-verdieping"));
    assert_eq!(
        verdieping["coursePrerequisites"][0]["name"],
        "Geldzorgen herkennen"
    );
    assert_eq!(
        verdieping["coursePrerequisites"][0]["url"],
        "https://kaart.testdorp.example/modules/geldzorgen-basis/"
    );
    let modes: Vec<&str> = verdieping["hasCourseInstance"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["courseMode"].as_str().unwrap())
        .collect();
    assert_eq!(modes, ["online", "blended"]);
    assert_eq!(
        verdieping["hasCourseInstance"][0]["location"]["@type"],
        "VirtualLocation"
    );
}

#[test]
fn the_feed_is_atom_with_the_newest_first() {
    let site = sessions_site();
    let out = build(&site, "site");
    let text = read(&out.join("nieuw.atom"));
    let doc = roxmltree::Document::parse(&text).expect("well-formed XML");
    let atom = "http://www.w3.org/2005/Atom";
    let feed = doc.root_element();
    assert!(feed.has_tag_name((atom, "feed")));
    let child = |node: roxmltree::Node<'_, '_>, name: &str| {
        node.children()
            .find(|c| c.has_tag_name((atom, name)))
            .and_then(|c| c.text().map(str::to_string))
    };
    assert!(child(feed, "id").unwrap().starts_with("tag:"));
    assert!(child(feed, "title").unwrap().contains("Wat is er nieuw"));
    assert_eq!(child(feed, "updated").unwrap(), "2026-11-20T00:00:00+01:00");
    let entries: Vec<_> = feed
        .children()
        .filter(|c| c.has_tag_name((atom, "entry")))
        .collect();
    assert!(!entries.is_empty());
    let mut ids = Vec::new();
    let mut dates = Vec::new();
    for entry in &entries {
        ids.push(child(*entry, "id").expect("entry id"));
        assert!(child(*entry, "title").is_some(), "entry title");
        let updated = child(*entry, "updated").expect("entry updated");
        dates.push(chrono::DateTime::parse_from_rfc3339(&updated).unwrap());
        let link = entry
            .children()
            .find(|c| c.has_tag_name((atom, "link")))
            .expect("entry link");
        assert!(link
            .attribute("href")
            .unwrap()
            .starts_with("https://kaart.testdorp.example/"));
    }
    assert!(
        dates.windows(2).all(|w| w[0] >= w[1]),
        "newest first: {dates:?}"
    );
    let unique: std::collections::BTreeSet<_> = ids.iter().collect();
    assert_eq!(unique.len(), ids.len(), "ids are unique");
    // Modules and their upcoming sessions (past ones not announced).
    assert!(ids.contains(
        &"tag:sociale-kaart-testdorp.kaartenbak,2026:modules/geldzorgen-basis".to_string()
    ));
    assert!(ids.contains(
        &"tag:sociale-kaart-testdorp.kaartenbak,2026:modules/geldzorgen-basis/sessies/januari"
            .to_string()
    ));
    assert!(!ids.iter().any(|i| i.ends_with("sessies/2026-10-06")));
    // The module verified on 2026-11-20 is the newest; wgs-expert (2026-10-01) the oldest.
    assert!(ids[0].contains("geldzorgen-basis"));
    assert_eq!(
        ids.last().unwrap(),
        "tag:sociale-kaart-testdorp.kaartenbak,2026:modules/wgs-expert"
    );
}

#[test]
fn new_module_writes_a_scaffold_with_a_session_that_check_guides_to_completion() {
    let site = sessions_site();
    site.run_ok(&["new", "module", "nieuwe-training"]);
    let output = site.run(&["check"]);
    assert_eq!(output.status.code(), Some(1));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("error[missing-field]: a session has no `start`"),
        "{stdout}"
    );
    let file = "content/modules/nieuwe-training.md";
    let scaffold = site.read(file);
    assert!(scaffold.contains("prerequisites:") && scaffold.contains("status: open"));
    let filled = scaffold
        .replace(
            "title:                     # required",
            "title: Nieuwe training",
        )
        .replace(
            "domains:                   # required: domain ids\n  -",
            "domains:\n  - financien",
        )
        .replace(
            "prerequisites:             # module ids to follow first\n  -",
            "prerequisites:\n  - geldzorgen-basis",
        )
        .replace(
            "  - start:                 # required",
            "  - start: 2027-03-09T09:30  #",
        )
        .replace(
            "    end:                   # required",
            "    end: \"12:30\"  #",
        );
    site.write(file, &filled);
    let stdout = site.run_ok(&["check"]);
    assert!(stdout.contains("0 error(s)"), "{stdout}");
    let out = build(&site, "site");
    let calendar = parse_calendar(&read(&out.join("modules/nieuwe-training/sessies.ics")));
    assert_eq!(calendar.events.len(), 1);
    assert_eq!(
        property(&calendar.events[0].properties, "UID"),
        Some(format!("nieuwe-training.2027-03-09{UID_DOMAIN}").as_str()),
        "the id defaults to the start date"
    );
}

#[test]
fn the_dashboard_lists_modules_without_upcoming_sessions() {
    let site = sessions_site();
    // Every session of the verdieping is cancelled or past: it has nothing upcoming.
    let file = "content/modules/schuldhulp-verdieping.md";
    let text = site
        .read(file)
        .replace(
            "    format: online\n",
            "    format: online\n    status: geannuleerd\n",
        )
        .replace("  - start: 2027-03-16T09:00", "  - start: 2026-03-16T09:00");
    site.write(file, &text);
    let out = build(&site, "site");
    let dashboard = read(&out.join("redactie/index.html"));
    let section = &dashboard[dashboard.find("id=\"sessies\"").unwrap()..];
    let section = &section[..section.find("</ul>").unwrap_or(section.len())];
    assert!(section.contains("Schuldhulp in de praktijk"), "{section}");
    assert!(!section.contains("Geldzorgen herkennen"));
    assert!(
        !section.contains("De Wgs voor gevorderden"),
        "an e-learning is always available"
    );
}

/// The part of `html` from the (relative) link to module `slug` up to the end of its list item.
fn item_linking_to<'a>(html: &'a str, slug: &str) -> &'a str {
    let at = html
        .find(&format!("{slug}/index.html\""))
        .unwrap_or_else(|| panic!("no link to {slug}"));
    let rest = &html[at..];
    &rest[..rest.find("</li>").expect("the item ends")]
}

/// Issue 24: an e-learning without dates can be followed at any time. Every listing says so the same way,
/// instead of "Geen geplande bijeenkomst", and its link does not call it a meeting.
#[test]
fn an_undated_e_learning_is_always_available_in_every_listing() {
    let site = TestSite::example();
    let out = build(&site, "site");
    // An e-learning of the example site, step 1 of its path for new coaches.
    let module = "zelfredzaamheid-matrix";
    for page in [
        "modules/index.html",
        "modules/vorm/e-learning/index.html",
        "leerroutes/startende-wijkcoach/index.html",
    ] {
        let html = read(&out.join(page));
        let item = item_linking_to(&html, module);
        assert!(item.contains("Altijd beschikbaar"), "{page}: {item}");
        assert!(
            !item.contains("Geen geplande bijeenkomst"),
            "{page}: {item}"
        );
    }
    let page = read(&out.join("modules/laaggeletterdheid-herkennen/index.html"));
    assert!(
        page.contains("Altijd beschikbaar"),
        "the module page says the same"
    );
    assert!(page.contains("Naar de e-learning"));
    assert!(!page.contains("Naar de online bijeenkomst"));
}
