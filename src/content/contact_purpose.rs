//! What a partner's contact point is for (`purpose:`): the line a coach refers through, the urgent line,
//! the general number, or the line for chain partners. The partner page puts the referral and urgent lines
//! first; a point without `purpose` gets one read from its free-text `role`, which `check` reports so the
//! editor writes it down.

/// The structured purpose of a contact point.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ContactPurpose {
    /// Where a coach refers or registers a client (aanmelding, intake, centrale toegang).
    Referral,
    /// The line for urgent cases and crises (spoed, crisis).
    Urgent,
    /// The general number or mailbox.
    General,
    /// Consultation and coordination between professionals (ketenpartners, consultatie), no referrals.
    Professionals,
}

impl ContactPurpose {
    /// The values an editor writes, in the order the content model lists them.
    pub const NAMES: &'static [&'static str] = &["referral", "urgent", "general", "professionals"];

    pub fn from_name(name: &str) -> Option<ContactPurpose> {
        match name {
            "referral" => Some(ContactPurpose::Referral),
            "urgent" => Some(ContactPurpose::Urgent),
            "general" => Some(ContactPurpose::General),
            "professionals" => Some(ContactPurpose::Professionals),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            ContactPurpose::Referral => "referral",
            ContactPurpose::Urgent => "urgent",
            ContactPurpose::General => "general",
            ContactPurpose::Professionals => "professionals",
        }
    }

    /// The purpose a role text names, for contact points written before `purpose` existed (and HSDS imports,
    /// whose contacts carry a title only). Urgent words win over referral words: "Spoedaanmelding" is an
    /// urgent line. The word stems are the ones the example content and the imported directories use; see
    /// docs/content-model.md.
    pub fn from_role(role: &str) -> ContactPurpose {
        let role = role.to_lowercase();
        let has = |stems: &[&str]| stems.iter().any(|stem| role.contains(stem));
        if has(&["spoed", "crisis", "acuut", "nood", "24/7", "24 uur"]) {
            ContactPurpose::Urgent
        } else if has(&["aanmeld", "verwijz", "intake", "toegang", "toeleiding"]) {
            ContactPurpose::Referral
        } else if has(&["ketenpartner", "professional", "consult", "samenwerk"]) {
            ContactPurpose::Professionals
        } else {
            ContactPurpose::General
        }
    }

    /// Order on a partner page's first screen: the referral line first, then the urgent line.
    pub fn call_rank(self) -> u8 {
        match self {
            ContactPurpose::Referral => 0,
            ContactPurpose::Urgent => 1,
            ContactPurpose::General => 2,
            ContactPurpose::Professionals => 3,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::ContactPurpose::*;
    use super::*;

    #[test]
    fn roles_of_the_example_content_and_imports_read_as_their_purpose() {
        for (role, purpose) in [
            ("Aanmeldlijn schuldhulpverlening", Referral),
            ("Intake voor verwijzers", Referral),
            ("Centrale toegang", Referral),
            ("Spoedlijn deurwaarder en ontruiming", Urgent),
            ("Crisisdienst (24/7)", Urgent),
            ("Spoedaanmelding", Urgent),
            ("Ketenpartners en vroegsignalering", Professionals),
            ("Consultatie voor professionals", Professionals),
            ("Receptie", General),
        ] {
            assert_eq!(ContactPurpose::from_role(role), purpose, "{role}");
        }
    }

    #[test]
    fn names_round_trip() {
        for name in ContactPurpose::NAMES {
            assert_eq!(ContactPurpose::from_name(name).unwrap().name(), *name);
        }
    }
}
