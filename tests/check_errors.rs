//! One fixture per class of content error: `kaartenbak check` must print exactly the diagnostics in the
//! fixture's `expected.txt` (file:line:col, message, hint) and exit 1. Set UPDATE_EXPECTED=1 to rewrite
//! the expected files after an intended change, then review the diff.

mod common;

use common::{fixtures, TestSite};

fn assert_check_output(class: &str) {
    let site = TestSite::with_errors(class);
    let expected = fixtures().join("errors").join(class).join("expected.txt");
    let stdout = site.assert_check_prints(&expected, class);
    assert!(
        stdout.contains(&format!("[{}]", class_code(class))),
        "no diagnostic of class {class}"
    );
}

/// The diagnostic code each fixture is about (a fixture may also trigger follow-up diagnostics).
fn class_code(class: &str) -> &str {
    match class {
        "invalid-format" => "invalid-format",
        "many-files" => "unknown-domain",
        "postcode-overlap" => "postcode-overlap",
        "glossary-link" => "unknown-partner",
        "session-value" => "invalid-value",
        "service-attributes" => "invalid-value",
        "unloaded-partner" => "yaml-syntax",
        "unloaded-regulation" => "missing-field",
        "required-fields" => "missing-field",
        "session-time" => "invalid-format",
        "contact-purpose" => "missing-purpose",
        // The lexicon's fixtures are named after their code.
        other => other.strip_prefix("lexicon-").unwrap_or(other),
    }
}

macro_rules! error_class {
    ($($name:ident => $dir:literal),* $(,)?) => {
        $(#[test] fn $name() { assert_check_output($dir); })*
    };
}

error_class! {
    unknown_field => "unknown-field",
    contact_point_purpose_invalid_or_read_from_its_role => "contact-purpose",
    unknown_domain => "unknown-domain",
    unknown_area => "unknown-area",
    unknown_partner => "unknown-partner",
    unknown_module => "unknown-module",
    prerequisite_cycle => "prerequisite-cycle",
    broken_link => "broken-link",
    yaml_syntax => "yaml-syntax",
    invalid_format => "invalid-format",
    missing_field => "missing-field",
    duplicate_id => "duplicate-id",
    front_matter => "front-matter",
    wrong_type => "wrong-type",
    postcode_overlap => "postcode-overlap",
    errors_in_many_files_are_reported_together => "many-files",
    glossary_links_to_unknown_entries => "glossary-link",
    duplicate_abbreviation => "duplicate-abbreviation",
    remote_embeds_in_markdown_html_and_yaml => "remote-embed",
    session_end_before_start => "session-end-before-start",
    session_overlap => "session-overlap",
    session_date_that_does_not_exist => "invalid-date",
    session_unknown_status_and_format => "session-value",
    duplicate_session_id => "duplicate-session-id",
    lexicon_need_in_an_unknown_domain => "lexicon-unknown-domain",
    lexicon_need_with_an_unknown_term => "lexicon-unknown-term",
    lexicon_need_id_given_twice => "lexicon-duplicate-id",
    lexicon_expression_naming_two_needs => "lexicon-duplicate-expression",
    lexicon_need_missing_fields => "lexicon-missing-field",
    lexicon_removing_an_unknown_need => "lexicon-unknown-need",
    unknown_language_names_get_a_did_you_mean => "unknown-language",
    opening_days_that_are_no_weekdays_or_run_backwards => "invalid-days",
    opening_times_that_are_unreadable => "invalid-time",
    opening_hours_that_end_before_they_start => "hours-end-before-start",
    service_cost_referral_and_home_visit_values => "service-attributes",
    // Issue 24: a broken file gives its own error and one note, not an error per link to it.
    file_with_a_tab_that_others_link_to_gives_one_error_and_a_note => "unloaded-partner",
    regulation_without_law_gives_its_own_error_first => "unloaded-regulation",
    partner_without_domain_or_contact_and_an_empty_list_item => "required-fields",
    // Issue 24: Dutch session times are read (two on one day do not overlap), the rest is reported.
    session_times_in_dutch_forms_or_reported => "session-time",
}

#[test]
fn every_error_fixture_has_a_test() {
    let tested = [
        "unknown-field",
        "contact-purpose",
        "unknown-domain",
        "unknown-area",
        "unknown-partner",
        "unknown-module",
        "prerequisite-cycle",
        "broken-link",
        "yaml-syntax",
        "invalid-format",
        "missing-field",
        "duplicate-id",
        "front-matter",
        "wrong-type",
        "postcode-overlap",
        "many-files",
        "glossary-link",
        "duplicate-abbreviation",
        "remote-embed",
        "session-end-before-start",
        "session-overlap",
        "invalid-date",
        "session-value",
        "duplicate-session-id",
        "lexicon-unknown-domain",
        "lexicon-unknown-term",
        "lexicon-duplicate-id",
        "lexicon-duplicate-expression",
        "lexicon-missing-field",
        "lexicon-unknown-need",
        "unknown-language",
        "invalid-days",
        "invalid-time",
        "hours-end-before-start",
        "service-attributes",
        "unloaded-partner",
        "unloaded-regulation",
        "required-fields",
        "duplicate-partner",
        "session-time",
    ];
    for entry in std::fs::read_dir(fixtures().join("errors")).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().to_string();
        assert!(
            tested.contains(&name.as_str()),
            "fixture errors/{name} has no test"
        );
    }
}

#[test]
fn the_valid_fixture_has_no_errors_but_reports_staleness() {
    let site = TestSite::valid();
    let stdout = site.run_ok(&["check"]);
    assert!(
        stdout.contains("content/partners/woonkracht.yaml:11:16: warning[stale]"),
        "{stdout}"
    );
    assert!(
        stdout.ends_with("checked 6 entries: 0 error(s), 1 warning(s)\n"),
        "{stdout}"
    );
    let strict = site.run(&["check", "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
}

/// Issue 24: a copy of a partner file under another name passes `check` (a warning is no error) but says
/// which file it repeats.
#[test]
fn a_partner_copied_under_another_file_name_warns() {
    let site = TestSite::with_errors("duplicate-partner");
    let expected = fixtures().join("errors/duplicate-partner/expected.txt");
    let output = site.run(&["check"]);
    let stdout = String::from_utf8(output.stdout).unwrap();
    if std::env::var_os("UPDATE_EXPECTED").is_some() {
        std::fs::write(&expected, &stdout).unwrap();
    }
    assert_eq!(stdout, std::fs::read_to_string(&expected).unwrap());
    assert!(
        output.status.success(),
        "a duplicate is a warning: {stdout}"
    );
}

#[test]
fn json_and_github_formats_carry_the_same_diagnostics() {
    let site = TestSite::with_errors("unknown-domain");
    let json: serde_json::Value =
        serde_json::from_slice(&site.run(&["check", "--format", "json"]).stdout).unwrap();
    let first = &json["diagnostics"][0];
    assert_eq!(first["file"], "content/partners/typo.yaml");
    assert_eq!(first["code"], "unknown-domain");
    assert_eq!(first["line"], 2);
    assert_eq!(first["hint"], "did you mean `financien`?");
    let github = String::from_utf8(site.run(&["check", "--format", "github"]).stdout).unwrap();
    assert!(
        github.contains("::error file=content/partners/typo.yaml,line=2,col=11,title=unknown-domain::unknown domain `financein` — did you mean `financien`?"),
        "{github}"
    );
}
