//! What export and import agree on: the UUID namespace and names behind every id, the labels that fold a
//! service's target group and eligibility into one HSDS field, the suffix naming the time zone of opening
//! hours, the taxonomy of domains, and how `@/` links become absolute URLs and back.

use crate::content::{ContactPurpose, Cost, Notice};
use uuid::Uuid;

/// Fixed namespace of every Kaartenbak HSDS id (a random v4 UUID chosen once; never change it, or every
/// re-export gets new ids).
const NAMESPACE: Uuid = Uuid::from_u128(0x5d1c_0f4e_9a7b_4c2e_8f31_6b0a_d2e4_c917);

/// A stable UUID (v5) for a record: `site` (the base URL, so two municipalities' `voedselbank` differ)
/// plus the record's own name, e.g. `partner:voedselbank-lindewaard/service:noodpakket`.
pub fn stable_id(site: &str, name: &str) -> String {
    uuid_v5(&NAMESPACE, &format!("{site}|{name}")).to_string()
}

/// RFC 9562 UUID version 5: the SHA-1 of the namespace and the name, with version and variant bits set.
fn uuid_v5(namespace: &Uuid, name: &str) -> Uuid {
    let mut sha1 = sha1_smol::Sha1::new();
    sha1.update(namespace.as_bytes());
    sha1.update(name.as_bytes());
    let digest = sha1.digest().bytes();
    let mut bytes = [0u8; 16];
    bytes.copy_from_slice(&digest[..16]);
    uuid::Builder::from_sha1_bytes(bytes).into_uuid()
}

/// The taxonomy the site's domains form in HSDS.
pub const DOMAIN_TAXONOMY_NAME: &str = "Kaartenbak levensdomeinen";

pub const TARGET_GROUP_LABEL: &str = "Doelgroep: ";
pub const ELIGIBILITY_LABEL: &str = "Voorwaarden: ";

/// HSDS `eligibility_description` from a service's target group and eligibility.
pub fn eligibility_description(target: Option<&str>, eligibility: Option<&str>) -> Option<String> {
    match (target, eligibility) {
        (Some(t), Some(e)) => Some(format!("{TARGET_GROUP_LABEL}{t}\n\n{ELIGIBILITY_LABEL}{e}")),
        (Some(t), None) => Some(format!("{TARGET_GROUP_LABEL}{t}")),
        (None, Some(e)) => Some(e.to_string()),
        (None, None) => None,
    }
}

/// The reverse of `eligibility_description`: (target group, eligibility). Text without the labels is
/// eligibility as a whole.
pub fn split_eligibility(text: &str) -> (Option<String>, Option<String>) {
    let text = text.trim();
    if text.is_empty() {
        return (None, None);
    }
    let Some(rest) = text.strip_prefix(TARGET_GROUP_LABEL) else {
        return (None, Some(text.to_string()));
    };
    match rest.split_once(&format!("\n\n{ELIGIBILITY_LABEL}")) {
        Some((target, eligibility)) => (
            Some(target.trim().to_string()),
            Some(eligibility.trim().to_string()),
        ),
        None => (Some(rest.trim().to_string()), None),
    }
}

/// HSDS gives a schedule a numeric UTC offset only, which is wrong half the year in the Netherlands; the
/// named zone goes into the description instead.
pub const TIME_ZONE_SUFFIX: &str = " (tijdzone Europe/Amsterdam)";

pub fn schedule_description(opening_hours: &str) -> String {
    format!("{opening_hours}{TIME_ZONE_SUFFIX}")
}

pub fn opening_hours_from(description: &str) -> String {
    description
        .trim()
        .strip_suffix(TIME_ZONE_SUFFIX.trim_start())
        .unwrap_or(description.trim())
        .trim()
        .to_string()
}

/// The taxonomy of a service's structured facts in HSDS: cost, referral and home visits.
pub const CHARACTERISTICS_TAXONOMY_NAME: &str = "Kaartenbak dienstkenmerken";

/// The taxonomy of a contact point's `purpose` in HSDS: a term on the contact (HSDS 3.0 has no field for
/// what a contact is for). The codes are the content's own values (`referral`, `urgent`, `general`,
/// `professionals`), the names Dutch.
pub const CONTACT_PURPOSE_TAXONOMY_NAME: &str = "Kaartenbak contactdoelen";

/// The Dutch name of a purpose's term.
pub fn contact_purpose_label(purpose: ContactPurpose) -> &'static str {
    match purpose {
        ContactPurpose::Referral => "Aanmelden en verwijzen",
        ContactPurpose::Urgent => "Spoed en crisis",
        ContactPurpose::General => "Algemeen",
        ContactPurpose::Professionals => "Voor professionals",
    }
}

/// The terms of the service facts' taxonomy: (code, Dutch name). The codes are the content's own values.
const CHARACTERISTICS: [(&str, &str); 7] = [
    ("kosten-gratis", "Gratis"),
    ("kosten-eigen-bijdrage", "Eigen bijdrage"),
    ("kosten-betaald", "Betaald"),
    ("verwijzing-nodig", "Verwijzing nodig"),
    ("zonder-verwijzing", "Zonder verwijzing"),
    ("aan-huis", "Komt aan huis"),
    ("niet-aan-huis", "Niet aan huis"),
];

pub fn cost_label(cost: Cost) -> &'static str {
    match cost {
        Cost::Free => CHARACTERISTICS[0].1,
        Cost::Contribution => CHARACTERISTICS[1].1,
        Cost::Paid => CHARACTERISTICS[2].1,
    }
}

/// The terms a service's facts make.
pub fn characteristic_codes(
    cost: Option<Cost>,
    referral_required: Option<bool>,
    home_visits: Option<bool>,
) -> Vec<(&'static str, &'static str)> {
    let cost = cost.map(|c| match c {
        Cost::Free => 0,
        Cost::Contribution => 1,
        Cost::Paid => 2,
    });
    let referral = referral_required.map(|r| if r { 3 } else { 4 });
    let home = home_visits.map(|h| if h { 5 } else { 6 });
    [cost, referral, home]
        .into_iter()
        .flatten()
        .map(|i| CHARACTERISTICS[i])
        .collect()
}

/// A service fact read back from a term code of the taxonomy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Characteristic {
    Cost(Cost),
    ReferralRequired(bool),
    HomeVisits(bool),
}

pub fn characteristic(code: &str) -> Option<Characteristic> {
    Some(match code {
        "kosten-gratis" => Characteristic::Cost(Cost::Free),
        "kosten-eigen-bijdrage" => Characteristic::Cost(Cost::Contribution),
        "kosten-betaald" => Characteristic::Cost(Cost::Paid),
        "verwijzing-nodig" => Characteristic::ReferralRequired(true),
        "zonder-verwijzing" => Characteristic::ReferralRequired(false),
        "aan-huis" => Characteristic::HomeVisits(true),
        "niet-aan-huis" => Characteristic::HomeVisits(false),
        _ => return None,
    })
}

/// Markdown with `@/KIND/ID#anchor` links rewritten to absolute page URLs under `base_url`, since an HSDS
/// reader knows no `@/` links.
pub fn absolute_links(markdown: &str, base_url: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find("@/") {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let link = &after[2..];
        let end = link
            .find(|c: char| c == ')' || c.is_whitespace() || c == '"')
            .unwrap_or(link.len());
        let (target, anchor) = match link[..end].split_once('#') {
            Some((t, a)) => (t, Some(a)),
            None => (&link[..end], None),
        };
        let target = target.trim_end_matches('/');
        if target.split('/').count() == 2 && !target.is_empty() {
            out.push_str(&format!("{base}/{target}/"));
            if let Some(anchor) = anchor {
                out.push('#');
                out.push_str(anchor);
            }
        } else {
            out.push_str(&after[..2 + end]);
        }
        rest = &link[end..];
    }
    out.push_str(rest);
    out
}

/// The reverse of `absolute_links` for partner pages: `BASE/partners/ID/` becomes `@/partners/ID` when
/// `known(ID)`; every other URL stays absolute (the importing site may not have that regulation).
pub fn partner_links(markdown: &str, base_url: &str, known: impl Fn(&str) -> bool) -> String {
    let prefix = format!("{}/partners/", base_url.trim_end_matches('/'));
    let mut out = String::with_capacity(markdown.len());
    let mut rest = markdown;
    while let Some(at) = rest.find(&prefix) {
        let (before, after) = rest.split_at(at);
        out.push_str(before);
        let tail = &after[prefix.len()..];
        let id_end = tail
            .find(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'))
            .unwrap_or(tail.len());
        let id = &tail[..id_end];
        let slash = tail[id_end..].starts_with('/');
        if !id.is_empty() && slash && known(id) {
            out.push_str("@/partners/");
            out.push_str(id);
            rest = &tail[id_end + 1..];
        } else {
            out.push_str(&prefix);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// A Kaartenbak id from a name: lowercase ASCII letters and digits joined by single hyphens, at most 60
/// characters; None when nothing usable is left.
pub fn id_from_name(name: &str) -> Option<String> {
    let slug = crate::markdown::slugify(name);
    let mut id = String::new();
    for part in slug.split('-').filter(|p| !p.is_empty()) {
        if id.len() + part.len() + 1 > 60 && !id.is_empty() {
            break;
        }
        if !id.is_empty() {
            id.push('-');
        }
        id.push_str(part);
    }
    let id: String = id.chars().take(60).collect();
    let id = id.trim_matches('-').to_string();
    crate::formats::check_id(&id).ok().map(|_| id)
}

/// A temporary notice as the text of an HSDS service `alert`: the text, then its dates and whether to
/// refer meanwhile, in Dutch as the content is.
pub fn alert_text(notice: &Notice) -> String {
    let mut text = notice.text.trim().to_string();
    let dates = match (notice.from, notice.until) {
        (Some(from), Some(until)) => Some(format!("van {from} tot en met {until}")),
        (Some(from), None) => Some(format!("vanaf {from}")),
        (None, Some(until)) => Some(format!("tot en met {until}")),
        (None, None) => None,
    };
    if let Some(dates) = dates {
        text.push_str(&format!(" ({dates})"));
    }
    match notice.refer_meanwhile {
        Some(true) => text.push_str(" Verwijzen kan in de tussentijd."),
        Some(false) => text.push_str(" Verwijs in de tussentijd niet."),
        None => {}
    }
    text
}

/// The notices of an HSDS service `alert`, one a line, read back from what `alert_text` writes: the dates
/// in brackets at the end and the sentence on referring meanwhile are taken out of the text when they are
/// exactly as written there; any other alert is a notice with its text only.
pub fn notices_from_alert(alert: &str) -> Vec<Notice> {
    alert.lines().filter_map(notice_from_alert_line).collect()
}

fn notice_from_alert_line(line: &str) -> Option<Notice> {
    let mut text = line.trim();
    let mut refer_meanwhile = None;
    for (sentence, refer) in [
        (" Verwijzen kan in de tussentijd.", true),
        (" Verwijs in de tussentijd niet.", false),
    ] {
        if let Some(rest) = text.strip_suffix(sentence) {
            text = rest;
            refer_meanwhile = Some(refer);
            break;
        }
    }
    let (mut from, mut until) = (None, None);
    if let Some((rest, dates)) = text.strip_suffix(')').and_then(|t| t.rsplit_once(" (")) {
        let date = |t: &str| chrono::NaiveDate::parse_from_str(t, "%Y-%m-%d").ok();
        let parsed = if let Some(both) = dates.strip_prefix("van ") {
            both.split_once(" tot en met ")
                .and_then(|(a, b)| Some((Some(date(a)?), Some(date(b)?))))
        } else if let Some(a) = dates.strip_prefix("vanaf ") {
            date(a).map(|a| (Some(a), None))
        } else if let Some(b) = dates.strip_prefix("tot en met ") {
            date(b).map(|b| (None, Some(b)))
        } else {
            None
        };
        // Dates in the wrong order are no period a notice can have (`check` refuses them): they stay text.
        if let Some((a, b)) = parsed.filter(|(a, b)| a.zip(*b).is_none_or(|(a, b)| a <= b)) {
            (from, until) = (a, b);
            text = rest;
        }
    }
    let text = text.trim();
    (!text.is_empty()).then(|| Notice {
        text: text.to_string(),
        from,
        until,
        refer_meanwhile,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_reads_back_as_the_notices_it_was_written_from() {
        let day = |d: &str| Some(d.parse::<chrono::NaiveDate>().unwrap());
        let notices = [
            Notice {
                text: "Wachtlijst (gemiddeld zes weken).".into(),
                from: day("2026-11-01"),
                until: day("2027-03-31"),
                refer_meanwhile: Some(true),
            },
            Notice {
                text: "Intake gesloten".into(),
                from: day("2026-12-01"),
                until: None,
                refer_meanwhile: Some(false),
            },
            Notice {
                text: "Verhuizing".into(),
                from: None,
                until: day("2027-01-31"),
                refer_meanwhile: None,
            },
        ];
        let alert: Vec<String> = notices.iter().map(alert_text).collect();
        assert_eq!(notices_from_alert(&alert.join("\n")), notices);
        // Dates in the wrong order stay in the text.
        assert_eq!(
            notices_from_alert("Dicht (van 2027-01-01 tot en met 2026-01-01)")[0].from,
            None
        );
        // Another publisher's alert is a notice with its text only.
        assert_eq!(
            notices_from_alert("Closed for renovation (until spring)\n\n"),
            [Notice {
                text: "Closed for renovation (until spring)".into(),
                from: None,
                until: None,
                refer_meanwhile: None,
            }]
        );
    }

    #[test]
    fn ids_are_stable_and_differ_per_site_and_record() {
        let a = stable_id("https://a.example/", "partner:x");
        assert_eq!(a, stable_id("https://a.example/", "partner:x"));
        assert_ne!(a, stable_id("https://b.example/", "partner:x"));
        assert_ne!(a, stable_id("https://a.example/", "partner:y"));
        assert_eq!(Uuid::parse_str(&a).unwrap().get_version_num(), 5);
    }

    #[test]
    fn uuid_v5_matches_the_published_example() {
        // The DNS namespace of RFC 9562 and "python.org", as Python's uuid.uuid5 documents it.
        let dns = Uuid::parse_str("6ba7b810-9dad-11d1-80b4-00c04fd430c8").unwrap();
        assert_eq!(
            uuid_v5(&dns, "python.org").to_string(),
            "886313e1-3b8a-5372-9b90-0c9aee199e5d"
        );
    }

    #[test]
    fn target_group_and_eligibility_survive_one_field() {
        for (t, e) in [
            (Some("Jongeren"), Some("Woont in de gemeente")),
            (Some("Jongeren"), None),
            (None, Some("Iedereen")),
        ] {
            let text = eligibility_description(t, e).unwrap();
            assert_eq!(
                split_eligibility(&text),
                (t.map(String::from), e.map(String::from))
            );
        }
        assert_eq!(split_eligibility("  "), (None, None));
    }

    #[test]
    fn links_become_absolute_and_partner_links_come_back() {
        let md = "Zie [wet](@/regulations/wgs#beslistermijn) en [bank](@/partners/kredietbank).";
        let abs = absolute_links(md, "https://kaart.example/");
        assert_eq!(abs, "Zie [wet](https://kaart.example/regulations/wgs/#beslistermijn) en [bank](https://kaart.example/partners/kredietbank/).");
        let back = partner_links(&abs, "https://kaart.example/", |id| id == "kredietbank");
        assert_eq!(back, "Zie [wet](https://kaart.example/regulations/wgs/#beslistermijn) en [bank](@/partners/kredietbank).");
    }

    #[test]
    fn names_become_valid_ids() {
        assert_eq!(
            id_from_name("Example Organization Inc.").as_deref(),
            Some("example-organization-inc")
        );
        assert_eq!(id_from_name("Café Één").as_deref(), Some("cafe-een"));
        assert_eq!(id_from_name("!!!"), None);
        assert!(id_from_name(&"woord ".repeat(40)).unwrap().len() <= 60);
    }

    #[test]
    fn opening_hours_lose_only_the_zone_suffix() {
        assert_eq!(
            opening_hours_from(&schedule_description("ma–vr 9.00–17.00")),
            "ma–vr 9.00–17.00"
        );
        assert_eq!(opening_hours_from("10 am to 6pm"), "10 am to 6pm");
    }
}
