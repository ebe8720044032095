//! schema.org JSON-LD of a module page: a `Course` with its prerequisites and one `CourseInstance` per
//! session, built with serde_json and made safe to embed in `<script type="application/ld+json">`.

use crate::content::{Module, Relation, SessionStatus, SessionTime};
use crate::model::{EntryNode, EntryRef, Site};
use serde_json::{json, Map, Value};

/// The absolute address of the site path `path` (root-relative, with the base path).
fn absolute(site: &Site, path: &str) -> Option<String> {
    site.config.base_url.join(path).ok().map(|u| u.to_string())
}

/// The `Course` of module `entry`, as JSON text in which no `<`, `>` or `&` appears literally: content
/// cannot close the script element or open a comment, and the text is still the same JSON.
pub fn course(site: &Site, entry: EntryRef, node: &EntryNode, m: &Module) -> String {
    let mut course = Map::new();
    course.insert("@context".into(), json!("https://schema.org"));
    course.insert("@type".into(), json!("Course"));
    course.insert("name".into(), json!(node.entry.title));
    if let Some(url) = absolute(site, &site.entry_url(entry)) {
        course.insert("@id".into(), json!(url));
        course.insert("url".into(), json!(url));
    }
    course.insert(
        "description".into(),
        json!(node.entry.summary.as_deref().unwrap_or(&node.summary)),
    );
    course.insert("inLanguage".into(), json!(site.config.language.code()));
    if let Some(level) = &m.level {
        course.insert("educationalLevel".into(), json!(level));
    }
    if !m.learning_goals.is_empty() {
        course.insert("teaches".into(), json!(m.learning_goals));
    }
    if !m.trainers.is_empty() {
        let providers: Vec<Value> = m
            .trainers
            .iter()
            .map(|name| json!({"@type": "Organization", "name": name}))
            .collect();
        course.insert("provider".into(), Value::Array(providers));
    }
    let prerequisites: Vec<Value> = node
        .relations
        .stated(Relation::Prerequisite)
        .iter()
        .map(|&index| {
            let prerequisite = EntryRef {
                kind: Relation::Prerequisite.target(),
                index,
            };
            let mut p = Map::new();
            p.insert("@type".into(), json!("Course"));
            p.insert("name".into(), json!(site.entry_title(prerequisite)));
            if let Some(url) = absolute(site, &site.entry_url(prerequisite)) {
                p.insert("url".into(), json!(url));
            }
            Value::Object(p)
        })
        .collect();
    if !prerequisites.is_empty() {
        course.insert("coursePrerequisites".into(), Value::Array(prerequisites));
    }
    let instances: Vec<Value> = m.sessions.iter().map(instance).collect();
    if !instances.is_empty() {
        course.insert("hasCourseInstance".into(), Value::Array(instances));
    }
    script_safe(&Value::Object(course).to_string())
}

fn instance(session: &crate::content::Session) -> Value {
    let mut i = Map::new();
    i.insert("@type".into(), json!("CourseInstance"));
    i.insert("courseMode".into(), json!(session.format.course_mode()));
    match (session.when, session.instants()) {
        (SessionTime::Timed { .. }, Some((start, end))) => {
            i.insert(
                "startDate".into(),
                json!(start.format("%Y-%m-%dT%H:%M:%S%:z").to_string()),
            );
            i.insert(
                "endDate".into(),
                json!(end.format("%Y-%m-%dT%H:%M:%S%:z").to_string()),
            );
        }
        (SessionTime::Day(day), _) => {
            i.insert("startDate".into(), json!(day.to_string()));
        }
        _ => {}
    }
    let location = match (&session.location, &session.online) {
        (Some(place), _) => Some(json!({"@type": "Place", "name": place})),
        (None, Some(url)) => Some(json!({"@type": "VirtualLocation", "url": url})),
        (None, None) => None,
    };
    if let Some(location) = location {
        i.insert("location".into(), location);
    }
    if session.status == SessionStatus::Geannuleerd {
        i.insert(
            "eventStatus".into(),
            json!("https://schema.org/EventCancelled"),
        );
    }
    if let Some(trainer) = &session.trainer {
        i.insert(
            "instructor".into(),
            json!({"@type": "Person", "name": trainer}),
        );
    }
    Value::Object(i)
}

/// JSON with `<`, `>` and `&` written as `\u003c`, `\u003e`, `\u0026` (they only occur inside strings).
fn script_safe(json: &str) -> String {
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_cannot_close_the_script() {
        let text = Value::from("</script><script>alert(1)</script> & <!--").to_string();
        let safe = script_safe(&text);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        let back: Value = serde_json::from_str(&safe).unwrap();
        assert_eq!(
            back,
            Value::from("</script><script>alert(1)</script> & <!--")
        );
    }
}
