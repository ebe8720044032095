//! Writing a mapped partner as the text of its partner file, fields in the content model's order, every
//! foreign value quoted or folded so that the file reads back as it was meant.

use super::super::yaml_out::{quoted, scalar};
use super::mapper::Partner;
use super::service_facts::write_hours;
use crate::content::Notice;

/// The partner file, fields in the content model's order.
pub(super) fn render(p: &Partner, hsds_id: &str) -> String {
    // The id is foreign text: quoted, so a line break or a control character in it cannot end the
    // comment early (a smuggled key) or make the whole file unreadable YAML.
    let mut out = format!(
        "# Imported from Open Referral HSDS, organization {}\n",
        quoted(hsds_id)
    );
    let mut line = |indent: usize, key: &str, value: Option<&str>| {
        if let Some(value) = value {
            out.push_str(&format!(
                "{}{key}: {}\n",
                " ".repeat(indent),
                scalar(value, indent)
            ));
        }
    };
    line(0, "name", Some(&p.name));
    line(0, "alternate_name", p.alternate_name.as_deref());
    line(0, "description", p.description.as_deref());
    line(0, "website", p.website.as_deref());
    line(0, "email", p.email.as_deref());
    line(0, "phone", p.phone.as_deref());
    let has_address = p.street.is_some() || p.postal_code.is_some() || p.city.is_some();
    if has_address {
        out.push_str("address:\n");
        for (key, value) in [
            ("street", &p.street),
            ("postal_code", &p.postal_code),
            ("city", &p.city),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("  {key}: {}\n", quoted(value)));
            }
        }
    }
    match &p.areas {
        Some(areas) if !areas.is_empty() => {
            out.push_str("areas:\n");
            for a in areas {
                out.push_str(&format!("  - {a}\n"));
            }
        }
        _ => out.push_str(&format!(
            "areas: {}\n",
            kaartenbak_shared::MUNICIPALITY_WIDE
        )),
    }
    out.push_str("domains:\n");
    for d in &p.domains {
        out.push_str(&format!("  - {d}\n"));
    }
    out.push_str("services:\n");
    for s in &p.services {
        out.push_str(&format!("  - name: {}\n", scalar(&s.name, 4)));
        let mut field = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {}\n", scalar(&value, 4)));
            }
        };
        field("description", s.description.clone());
        field("target_group", s.target_group.clone());
        if let Some(age) = s.minimum_age {
            out.push_str(&format!("    minimum_age: {age}\n"));
        }
        if let Some(age) = s.maximum_age {
            out.push_str(&format!("    maximum_age: {age}\n"));
        }
        let mut field = |key: &str, value: Option<String>| {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {}\n", scalar(&value, 4)));
            }
        };
        field("eligibility", s.eligibility.clone());
        field("referral", s.referral.clone());
        field("fees", s.fees.clone());
        field("cost", s.cost.map(|c| c.keyword().to_string()));
        field("wait_time", s.wait_time.clone());
        // Booleans unquoted: a quoted "true" is text, which `check` refuses for these fields.
        for (key, value) in [
            ("referral_required", s.referral_required),
            ("home_visits", s.home_visits),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("    {key}: {value}\n"));
            }
        }
        if !s.languages.is_empty() {
            out.push_str("    languages:\n");
            for l in &s.languages {
                out.push_str(&format!("      - {}\n", quoted(l)));
            }
        }
        if !s.domains.is_empty() {
            out.push_str("    domains:\n");
            for d in &s.domains {
                out.push_str(&format!("      - {d}\n"));
            }
        }
        write_hours(&mut out, &s.hours, 4);
        write_notice(&mut out, s.notice.as_ref(), 4);
    }
    if !p.opening_hours.is_empty() {
        out.push_str(&format!(
            "opening_hours: {}\n",
            quoted(&p.opening_hours.join("; "))
        ));
    }
    write_hours(&mut out, &p.hours, 0);
    if !p.contact_points.is_empty() {
        out.push_str("contact_points:\n");
        for point in &p.contact_points {
            out.push_str(&format!("  - role: {}\n", quoted(&point.role)));
            if let Some(purpose) = point.purpose {
                out.push_str(&format!("    purpose: {}\n", purpose.name()));
            }
            if let Some(phone) = &point.phone {
                out.push_str(&format!("    phone: {}\n", quoted(phone)));
            }
            if let Some(email) = &point.email {
                out.push_str(&format!("    email: {}\n", quoted(email)));
            }
        }
    }
    write_notice(&mut out, p.notice.as_ref(), 0);
    if let Some(date) = p.last_verified {
        out.push_str(&format!("last_verified: {date}\n"));
    }
    if let Some(by) = &p.verified_by {
        out.push_str(&format!("verified_by: {}\n", quoted(by)));
    }
    out
}

/// A `notice:` block of a partner (`indent` 0) or a service (4). Dates and the boolean unquoted, as `check`
/// reads them.
fn write_notice(out: &mut String, notice: Option<&Notice>, indent: usize) {
    let Some(notice) = notice else {
        return;
    };
    let pad = " ".repeat(indent);
    out.push_str(&format!(
        "{pad}notice:\n{pad}  text: {}\n",
        scalar(&notice.text, indent + 2)
    ));
    for (key, date) in [("from", notice.from), ("until", notice.until)] {
        if let Some(date) = date {
            out.push_str(&format!("{pad}  {key}: {date}\n"));
        }
    }
    if let Some(refer) = notice.refer_meanwhile {
        out.push_str(&format!("{pad}  refer_meanwhile: {refer}\n"));
    }
}

#[cfg(test)]
mod tests {
    use super::super::mapper::{ContactPoint, Service};
    use super::*;
    use crate::content::ContactPurpose;

    #[test]
    fn purposes_and_notices_are_written_as_editors_write_them() {
        let partner = Partner {
            name: "Veilig Thuis".into(),
            domains: vec!["huiselijke-relaties".into()],
            services: vec![Service {
                name: "Advies".into(),
                notice: Some(Notice {
                    text: "Tijdelijk trager".into(),
                    from: "2026-11-15".parse().ok(),
                    until: None,
                    refer_meanwhile: Some(true),
                }),
                ..Service::default()
            }],
            contact_points: vec![ContactPoint {
                role: "Bereikbaarheidsdienst".into(),
                purpose: Some(ContactPurpose::Urgent),
                phone: Some("0800-2001".into()),
                email: None,
            }],
            notice: Some(Notice {
                text: "Verhuizing".into(),
                from: None,
                until: "2027-01-31".parse().ok(),
                refer_meanwhile: None,
            }),
            ..Partner::default()
        };
        let file = render(&partner, "o1");
        assert!(file.contains(
            "  - name: \"Advies\"\n    notice:\n      text: \"Tijdelijk trager\"\n      from: 2026-11-15\n      refer_meanwhile: true\n"
        ), "{file}");
        assert!(file.contains(
            "contact_points:\n  - role: \"Bereikbaarheidsdienst\"\n    purpose: urgent\n    phone: \"0800-2001\"\n"
        ), "{file}");
        assert!(
            file.contains("notice:\n  text: \"Verhuizing\"\n  until: 2027-01-31\n"),
            "{file}"
        );
    }
}
