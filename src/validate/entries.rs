//! Reads the fields of each entry kind into the entry core and the kind's details. Each reader reports every problem of its file and returns the
//! entry when its required fields are usable, so cross-file checks still see it.

use crate::content::{
    Address, AreaScope, ContactPoint, ContactPurpose, Entry, EntryDetails, EntryMeta,
    MarkdownSource, Module, Notice, Page, PageLink, Partner, Regulation, Service,
};
use crate::diagnostics::Position;
use crate::formats;
use crate::yaml::{At, FieldReader, ReadContext, Spanned};
use serde_yaml::Value;

use kaartenbak_shared::MUNICIPALITY_WIDE;
pub const LEVELS: &[&str] = &["landelijk", "regionaal", "gemeentelijk"];
pub const INSTRUMENTS: &[&str] = &[
    "wet",
    "besluit",
    "verordening",
    "beleidsregel",
    "werkinstructie",
];

fn meta(ctx: &mut ReadContext, r: &mut FieldReader, id: String) -> EntryMeta {
    EntryMeta {
        id,
        file: ctx.file.to_string(),
        source: ctx.source,
        last_verified: r.date(ctx, "last_verified"),
        verified_by: r.text(ctx, "verified_by").map(|t| t.value),
    }
}

fn markdown_field(
    ctx: &mut ReadContext,
    r: &mut FieldReader,
    key: &'static str,
) -> Option<MarkdownSource> {
    let text = r.text(ctx, key)?;
    Some(MarkdownSource::new(text.value, ctx.at(r.path_of(key))))
}

fn texts(ctx: &mut ReadContext, r: &mut FieldReader, key: &'static str) -> Vec<String> {
    r.text_list(ctx, key).into_iter().map(|t| t.value).collect()
}

fn text(ctx: &mut ReadContext, r: &mut FieldReader, key: &'static str) -> Option<String> {
    r.text(ctx, key).map(|t| t.value)
}

fn required_domains(
    ctx: &mut ReadContext,
    r: &mut FieldReader,
) -> Vec<crate::yaml::Spanned<String>> {
    if !r.has("domains") {
        r.report_missing(
            ctx,
            "domains",
            "add `domains:` with at least one domain id from content/_data/domains.yaml".into(),
        );
    }
    let domains = r.id_list(ctx, "domains");
    if r.is_empty_list("domains") {
        let at = ctx.positions.value(&r.path_of("domains"));
        ctx.error(
            "missing-field",
            at,
            "`domains` lists no domain".into(),
            "add at least one domain id from content/_data/domains.yaml, e.g. `domains: [financien]`"
                .into(),
        );
    }
    domains
}

fn body_or_empty(body: Option<MarkdownSource>) -> MarkdownSource {
    body.unwrap_or_else(|| MarkdownSource::new(String::new(), At::Known(Position::START)))
}

/// The fields the Markdown kinds (regulation, module, page) share, read before the kind's own.
struct CoreFields {
    meta: EntryMeta,
    title: Option<Spanned<String>>,
    summary: Option<String>,
    domains: Vec<Spanned<String>>,
}

impl CoreFields {
    fn read(
        ctx: &mut ReadContext,
        r: &mut FieldReader,
        id: String,
        domains_required: bool,
    ) -> Self {
        let meta = meta(ctx, r, id);
        let title = r.required_text(ctx, "title");
        let summary = text(ctx, r, "summary");
        let domains = if domains_required {
            required_domains(ctx, r)
        } else {
            r.id_list(ctx, "domains")
        };
        CoreFields {
            meta,
            title,
            summary,
            domains,
        }
    }

    /// The entry, when its title was usable; kinds without wijken.
    fn into_entry(self, body: Option<MarkdownSource>, details: EntryDetails) -> Option<Entry> {
        Some(Entry {
            meta: self.meta,
            title: self.title?.value,
            summary: self.summary,
            body: body_or_empty(body),
            domains: self.domains,
            areas: None,
            details,
        })
    }
}

pub fn read_partner(ctx: &mut ReadContext, value: &Value, id: String) -> Option<Entry> {
    let mut r = FieldReader::new(ctx, value, "", "partner")?;
    let meta = meta(ctx, &mut r, id);
    let name = r.required_text(ctx, "name");
    let alternate_name = text(ctx, &mut r, "alternate_name");
    let kind = text(ctx, &mut r, "kind");
    let description = markdown_field(ctx, &mut r, "description");
    let website = r.url(ctx, "website").map(|t| t.value);
    let email = r.email(ctx, "email").map(|t| t.value);
    let phone = r.phone(ctx, "phone").map(|t| t.value);
    let address = r.mapping(ctx, "address", "address").map(|mut a| {
        let address = Address {
            street: text(ctx, &mut a, "street"),
            postal_code: text(ctx, &mut a, "postal_code"),
            city: text(ctx, &mut a, "city"),
        };
        a.finish(ctx);
        address
    });
    let area_ids = r.id_list(ctx, "areas");
    let areas = if area_ids.is_empty() || area_ids.iter().any(|a| a.value == MUNICIPALITY_WIDE) {
        if area_ids.len() > 1 {
            let at = area_ids[0].position();
            ctx.error(
                "invalid-value",
                at,
                "`gemeentebreed` cannot be combined with wijken".into(),
                "write either `areas: gemeentebreed` or a list of wijk ids".into(),
            );
        }
        AreaScope::Municipality
    } else {
        AreaScope::Areas(area_ids)
    };
    let domains = required_domains(ctx, &mut r);
    if !r.has("services") {
        r.report_missing(
            ctx,
            "services",
            "add `services:` with at least one service (`- name: …`); coaches refer to services"
                .into(),
        );
    }
    let services: Vec<Service> = r
        .mapping_list(ctx, "services", "service")
        .into_iter()
        .filter_map(|s| read_service(ctx, s))
        .collect();
    let opening_hours = text(ctx, &mut r, "opening_hours");
    let hours = super::attributes::read_hours(ctx, &mut r);
    let contact_points: Vec<ContactPoint> = r
        .mapping_list(ctx, "contact_points", "contact point")
        .into_iter()
        .filter_map(|mut c| {
            let role = c.required_text(ctx, "role");
            let written = c
                .choice(ctx, "purpose", ContactPurpose::NAMES)
                .and_then(|p| ContactPurpose::from_name(p.value));
            let phone = c.phone(ctx, "phone").map(|t| t.value);
            let email = c.email(ctx, "email").map(|t| t.value);
            if phone.is_none() && email.is_none() && !c.has("phone") && !c.has("email") {
                let at = c.position(ctx);
                let role = role
                    .as_ref()
                    .map_or("this contact point", |r| r.value.as_str());
                ctx.error(
                    "missing-field",
                    at,
                    format!("the contact point `{role}` has no `phone` or `email`"),
                    "add the number or address coaches use, or remove the contact point".into(),
                );
            }
            let purpose = written.unwrap_or_else(|| {
                let read = role
                    .as_ref()
                    .map_or(ContactPurpose::General, |r| ContactPurpose::from_role(&r.value));
                // Only a point with a role can be read; a missing role is reported already.
                if let (Some(role), false) = (&role, c.has("purpose")) {
                    ctx.warning(
                        "missing-purpose",
                        role.position(),
                        format!(
                            "contact point `{}` has no `purpose`; read as `{}` from its role",
                            role.value,
                            read.name()
                        ),
                        format!(
                            "add `purpose: {}` (one of: {}); the partner page calls the referral and urgent lines first",
                            read.name(),
                            ContactPurpose::NAMES.join(", ")
                        ),
                    );
                }
                read
            });
            c.finish(ctx);
            role.map(|role| ContactPoint {
                role: role.value,
                purpose,
                phone,
                email,
            })
        })
        .collect();
    let reachable = services.iter().any(|s| s.referral.is_some())
        || [&phone, &email, &website].iter().any(|f| f.is_some())
        || ["phone", "email", "website"].iter().any(|k| r.has(k))
        || contact_points
            .iter()
            .any(|c| c.phone.is_some() || c.email.is_some());
    if !reachable {
        // What the content model requires: a coach must be able to refer to the partner or reach it.
        let at = r.position(ctx);
        ctx.error(
            "missing-field",
            at,
            "a partner has no way to refer or to reach it: no service `referral` and no `phone`, `email`, `website` or contact point".into(),
            "add how a coach refers (`referral:` on a service), the general `phone:` or `email:`, or a contact point (`contact_points:` with `role` and `phone` or `email`)".into(),
        );
    }
    let notice = read_notice(ctx, &mut r);
    r.finish(ctx);
    Some(Entry {
        meta,
        title: name?.value,
        summary: None,
        body: body_or_empty(description),
        domains,
        areas: Some(areas),
        details: EntryDetails::Partner(Partner {
            alternate_name,
            kind,
            website,
            email,
            phone,
            address,
            services,
            opening_hours,
            hours,
            contact_points,
            notice,
        }),
    })
}

fn read_service(ctx: &mut ReadContext, mut s: FieldReader) -> Option<Service> {
    let name = s.required_text(ctx, "name");
    let description = markdown_field(ctx, &mut s, "description");
    let target_group = text(ctx, &mut s, "target_group");
    let minimum_age = s.whole_number(ctx, "minimum_age");
    let maximum_age = s.whole_number(ctx, "maximum_age");
    if let (Some(min), Some(max)) = (&minimum_age, &maximum_age) {
        if min.value > max.value {
            ctx.error(
                "invalid-value",
                max.position(),
                format!("`maximum_age` {} is below `minimum_age` {}", max.value, min.value),
                "ages are inclusive: `minimum_age: 18`, `maximum_age: 27` means 18 up to and including 27".into(),
            );
        }
    }
    let service = Service {
        name: String::new(),
        description,
        target_group,
        minimum_age: minimum_age.map(|a| a.value),
        maximum_age: maximum_age.map(|a| a.value),
        eligibility: text(ctx, &mut s, "eligibility"),
        referral: text(ctx, &mut s, "referral"),
        fees: text(ctx, &mut s, "fees"),
        wait_time: text(ctx, &mut s, "wait_time"),
        languages: super::attributes::read_languages(ctx, &mut s),
        domains: s.id_list(ctx, "domains"),
        cost: super::attributes::read_cost(ctx, &mut s),
        referral_required: s.flag(ctx, "referral_required").map(|f| f.value),
        home_visits: s.flag(ctx, "home_visits").map(|f| f.value),
        hours: super::attributes::read_hours(ctx, &mut s),
        notice: read_notice(ctx, &mut s),
    };
    s.finish(ctx);
    Some(Service {
        name: name?.value,
        ..service
    })
}

/// `notice:` with `text` (required), `from`, `until` and `refer_meanwhile`.
fn read_notice(ctx: &mut ReadContext, r: &mut FieldReader) -> Option<Notice> {
    let mut n = r.mapping(ctx, "notice", "notice")?;
    let text = n.required_text(ctx, "text");
    let from = n.date(ctx, "from");
    let until = n.date(ctx, "until");
    let refer_meanwhile = n.flag(ctx, "refer_meanwhile").map(|f| f.value);
    if let (Some(from), Some(until)) = (&from, &until) {
        if until.value < from.value {
            ctx.error(
                "invalid-value",
                until.position(),
                format!(
                    "the notice ends ({}) before it starts ({})",
                    until.value, from.value
                ),
                "`until` is the last day the notice applies, on or after `from`".into(),
            );
        }
    }
    n.finish(ctx);
    Some(Notice {
        text: text?.value,
        from: from.map(|d| d.value),
        until: until.map(|d| d.value),
        refer_meanwhile,
    })
}

pub fn read_regulation(
    ctx: &mut ReadContext,
    value: &Value,
    id: String,
    body: Option<MarkdownSource>,
) -> Option<Entry> {
    let mut r = FieldReader::new(ctx, value, "", "regulation")?;
    let core = CoreFields::read(ctx, &mut r, id, false);
    let law = r.required_text(ctx, "law");
    if !r.has("level") {
        r.report_missing(
            ctx,
            "level",
            format!("add `level:` with one of: {}", LEVELS.join(", ")),
        );
    }
    let level = r.choice(ctx, "level", LEVELS);
    let articles = texts(ctx, &mut r, "articles");
    let instrument = r.choice(ctx, "instrument", INSTRUMENTS).map(|c| c.value);
    let mandate = text(ctx, &mut r, "mandate");
    let effective_from = r.date(ctx, "effective_from").map(|d| d.value);
    let source = r.url(ctx, "source").map(|t| t.value);
    let partners = r.id_list(ctx, "partners");
    r.finish(ctx);
    let regulation = Regulation {
        law: law?.value,
        articles,
        level: level?.value,
        instrument,
        mandate,
        effective_from,
        source,
        partners,
    };
    core.into_entry(body, EntryDetails::Regulation(regulation))
}

pub fn read_module(
    ctx: &mut ReadContext,
    value: &Value,
    id: String,
    body: Option<MarkdownSource>,
) -> Option<Entry> {
    let mut r = FieldReader::new(ctx, value, "", "module")?;
    let core = CoreFields::read(ctx, &mut r, id, true);
    let format = text(ctx, &mut r, "format");
    let sessions = super::sessions::read_sessions(ctx, &mut r, format.as_deref());
    let module = Module {
        level: text(ctx, &mut r, "level"),
        format,
        duration_hours: r.number(ctx, "duration_hours").map(|n| n.value),
        trainers: texts(ctx, &mut r, "trainers"),
        learning_goals: texts(ctx, &mut r, "learning_goals"),
        prerequisites: r.id_list(ctx, "prerequisites"),
        partners: r.id_list(ctx, "partners"),
        regulations: r.id_list(ctx, "regulations"),
        sessions,
    };
    r.finish(ctx);
    core.into_entry(body, EntryDetails::Module(module))
}

pub fn read_page(
    ctx: &mut ReadContext,
    value: &Value,
    id: String,
    body: Option<MarkdownSource>,
) -> Option<Entry> {
    let mut r = FieldReader::new(ctx, value, "", "page")?;
    let core = CoreFields::read(ctx, &mut r, id, false);
    let links = r
        .mapping_list(ctx, "links", "link")
        .into_iter()
        .filter_map(|mut l| {
            let title = l.required_text(ctx, "title");
            let url = l.required_text(ctx, "url");
            l.finish(ctx);
            let url = url?;
            if !url.value.starts_with("@/") {
                if let Err(error) = formats::check_url(&url.value) {
                    ctx.error(
                        "invalid-format",
                        url.position(),
                        error.message,
                        "write an `@/KIND/ID` link or an absolute URL".into(),
                    );
                    return None;
                }
            }
            Some(PageLink {
                title: title?.value,
                url,
            })
        })
        .collect();
    r.finish(ctx);
    core.into_entry(body, EntryDetails::Page(Page { links }))
}
