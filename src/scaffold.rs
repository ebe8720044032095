//! `kaartenbak new`: commented scaffolds for a new entry. Required fields are left empty so that `check`
//! names exactly what is still to be filled in; once filled, the entry passes `check`.

use crate::content::EntryKind;
use crate::formats::check_id;
use std::path::{Path, PathBuf};

#[derive(Debug, thiserror::Error)]
pub enum ScaffoldError {
    #[error("{0}")]
    InvalidId(String),
    #[error("{0} already exists; choose another id or edit that file")]
    Exists(PathBuf),
    #[error("cannot write {path}: {source}")]
    Write {
        path: PathBuf,
        source: std::io::Error,
    },
}

fn template(kind: EntryKind, today: &str) -> String {
    match kind {
        EntryKind::Partner => format!(
            r#"# A partner organisation. Field reference: `kaartenbak help content`
name:                      # required: the organisation's name
alternate_name:            # the name or abbreviation people use
kind:                      # category as written, e.g. schuldhulpverlening, woningcorporatie
description: |            # Markdown: what the organisation does and for whom; link entries as [text](@/partners/ID)

website:                   # https://…
email:                     # general address
phone:                     # e.g. 040-123 45 67
address:
  street:
  postal_code:             # e.g. "5641 AB"
  city:
areas: gemeentebreed       # or a list of wijk ids from content/_data/areas.yaml
domains:                   # required: domain ids from content/_data/domains.yaml
  -
services:                  # required: at least one
  - name:                  # required
    description:
    target_group:
    minimum_age:           # whole number, inclusive
    maximum_age:
    eligibility:           # who qualifies
    referral:              # how a coach refers: the line coaches need most
    referral_required:     # true or false: does the client need a referral (huisarts, wijkteam, gemeente)?
    fees:                  # costs in words, e.g. "Gratis; lunch € 3"
    cost:                  # gratis, eigen-bijdrage or betaald
    home_visits:           # true or false: does the service come to the client's home?
    wait_time:
    languages: [Nederlands]  # Dutch names or ISO 639 codes: [Nederlands, Turks, pl]
    hours: []              # only when the service differs from the partner's hours below
    domains: []
opening_hours:             # words, e.g. "ma–vr 9.00–17.00; inloop do 13.00–15.00"
hours:                     # the same as structured rows: days ma di wo do vr za zo, ranges ma-vr, lists ma, wo
  - days: ma-vr
    time: "09:00-17:00"
contact_points:            # role mailboxes and numbers for professionals, no private persons
  - role: Aanmelding
    purpose: referral      # referral, urgent, general or professionals: referral and urgent lines are called first
    phone:
    email:
last_verified: {today}     # update whenever you check the entry with the organisation
verified_by:
"#
        ),
        EntryKind::Regulation => format!(
            r#"---
# A regulation. Field reference: `kaartenbak help content`
title:                     # required
law:                       # required, e.g. Wmo 2015, Jeugdwet, Participatiewet, Wgs, or a local verordening
articles: []               # e.g. ["art. 2.3.2"]
level:                     # required: landelijk, regionaal or gemeentelijk
instrument:                # wet, besluit, verordening, beleidsregel or werkinstructie
mandate:                   # who may decide / issue the beschikking; what a coach may grant
effective_from:            # YYYY-MM-DD
source:                    # https://… official text
summary:
domains: []
partners: []               # ids of partners that carry it out
last_verified: {today}
verified_by:
---
## Wat regelt dit?

"#
        ),
        EntryKind::Module => format!(
            r#"---
# A training module. Field reference: `kaartenbak help content`
title:                     # required
summary:
domains:                   # required: domain ids
  -
level:                     # e.g. basis, verdieping
format:                    # e.g. klassikaal, e-learning, blended
duration_hours:
trainers: []
learning_goals: []
prerequisites:             # module ids to follow first
  -
partners: []
regulations: []
sessions:                  # one item per session; remove the item for a module without dates
  - start:                 # required: local time, e.g. 2027-03-09T09:30
    end:                   # required: e.g. "12:30" (same day) or 2027-03-09T12:30
    format: klassikaal     # klassikaal, online, hybride or e-learning (e-learning may go without start)
    location:              # address and room; for online sessions `online: https://…` instead
    seats:
    status: open           # open, vol, wachtlijst or geannuleerd (keep cancelled sessions listed)
    signup:                # URL or e-mail address
    trainer:
    # id:                  # defaults to the start date; never change it once published (calendar UID)
last_verified: {today}
verified_by:
---
## Programma

"#
        ),
        EntryKind::Page => format!(
            r#"---
# A knowledge article. Field reference: `kaartenbak help content`
title:                     # required
summary:
domains: []
links: []                  # each: title, url (an @/KIND/ID link or https://…)
last_verified: {today}
---
"#
        ),
    }
}

/// Writes the scaffold for a new `kind` entry with `id` into the site at `root`; returns its path.
pub fn create(
    root: &Path,
    kind: EntryKind,
    id: &str,
    today: &str,
) -> Result<PathBuf, ScaffoldError> {
    check_id(id).map_err(|e| ScaffoldError::InvalidId(format!("{} ({})", e.message, e.hint)))?;
    let extension = if kind.is_yaml() { "yaml" } else { "md" };
    let dir = root.join("content").join(kind.folder());
    let path = dir.join(format!("{id}.{extension}"));
    if path.exists() {
        return Err(ScaffoldError::Exists(path));
    }
    let write_error = |source| ScaffoldError::Write {
        path: path.clone(),
        source,
    };
    std::fs::create_dir_all(&dir).map_err(write_error)?;
    std::fs::write(&path, template(kind, today)).map_err(write_error)?;
    Ok(path)
}
