//! The fallback readings of the prose fields (`fees`, `referral`, service texts) for content that has not
//! filled in the structured attributes. Each reads only what its text says plainly at its start or in a
//! fixed phrase; anything mixed ("Gratis of een kleine bijdrage", "Via de mentor of rechtstreeks") is left
//! unknown, because a wrong "gratis" or "zonder verwijzing" misleads a coach more than no answer.

use super::Cost;

/// The first clause of `text`, lowercased: up to the first `;`, `,`, `(` or full stop.
fn first_clause(text: &str) -> String {
    let lower = text.trim().to_lowercase();
    let end = lower.find([';', ',', '(', '.']).unwrap_or(lower.len());
    lower[..end].trim().to_string()
}

/// The cost a `fees` text states: `Gratis …`/`Kosteloos …`/`Geen kosten` → free, `Eigen bijdrage …` or
/// the Wmo abonnementstarief → own contribution, an amount (`€ 5 per maand`, `Vanaf € 19`) → paid; the
/// first clause decides, and one that mixes them decides nothing.
pub fn cost_from_fees(fees: &str) -> Option<Cost> {
    let clause = first_clause(fees);
    let mentions_payment = ["bijdrage", "€", "euro", "tarief", "betal", "kost "]
        .iter()
        .any(|w| clause.contains(w));
    if [
        "gratis",
        "kosteloos",
        "geen kosten",
        "kost niets",
        "kost niks",
    ]
    .iter()
    .any(|w| clause.starts_with(w))
    {
        return (!mentions_payment).then_some(Cost::Free);
    }
    let contribution = [
        "eigen bijdrage",
        "inkomensafhankelijke bijdrage",
        "wmo-abonnementstarief",
        "abonnementstarief",
    ]
    .iter()
    .any(|w| clause.starts_with(w));
    if contribution {
        return Some(Cost::Contribution);
    }
    if clause.starts_with('€') || clause.starts_with("vanaf €") {
        return Some(Cost::Paid);
    }
    None
}

/// Whether a `referral` text says a referral is needed: `Alleen met verwijsbrief …`, `Niet rechtstreeks;
/// via de huisarts` → needed; `Zonder afspraak`, `Rechtstreeks aanmelden`, `Binnenlopen …` → not
/// needed; both or neither → unknown.
pub fn referral_required_from_text(referral: &str) -> Option<bool> {
    let lower = referral.trim().to_lowercase();
    let clause = first_clause(referral);
    let needed = [
        "verwijsbrief",
        "verwijzing nodig",
        "verwijzing van de huisarts",
        "met een verwijzing",
        "alleen via",
        "alleen met",
        "niet rechtstreeks",
        "huisarts verwijst",
    ]
    .iter()
    .any(|w| lower.contains(w));
    let open = [
        "zonder verwijzing",
        "geen verwijzing nodig",
        "zonder verwijsbrief",
        "vrij toegankelijk",
    ]
    .iter()
    .any(|w| lower.contains(w))
        || [
            "zonder afspraak",
            "rechtstreeks",
            "binnenlopen",
            "loop binnen",
            "zelf een afspraak",
            "inloop",
        ]
        .iter()
        .any(|w| clause.starts_with(w));
    match (needed, open) {
        (true, false) => Some(true),
        (false, true) => Some(false),
        _ => None,
    }
}

/// Whether a service text says it comes to the client's home (`huisbezoek`, `aan huis`, `bij u thuis`).
/// Prose never says "no" here: a text that does not mention home visits leaves them unknown.
pub fn home_visits_from_text(text: &str) -> Option<bool> {
    let lower = text.to_lowercase();
    [
        "huisbezoek",
        "aan huis",
        "bij u thuis",
        "bij de cliënt thuis",
        "thuisbezoek",
    ]
    .iter()
    .any(|w| lower.contains(w))
    .then_some(true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fees_that_say_free_or_a_contribution_plainly() {
        for fees in [
            "Gratis",
            "Gratis; lunch € 3",
            "Gratis; geen eigen bijdrage voor jeugdhulp",
            "Gratis, valt niet onder het eigen risico",
            "Gratis (gemeentelijke subsidie)",
            "Kosteloos voor inwoners",
        ] {
            assert_eq!(cost_from_fees(fees), Some(Cost::Free), "{fees}");
        }
        for fees in [
            "Eigen bijdrage volgens de Wmo-regels",
            "Wmo-abonnementstarief (€ 21,80 per maand in 2026)",
            "Wmo-abonnementstarief; bij woningaanpassing soms een eigen bijdrage naar draagkracht",
        ] {
            assert_eq!(cost_from_fees(fees), Some(Cost::Contribution), "{fees}");
        }
        assert_eq!(cost_from_fees("€ 5 per maand"), Some(Cost::Paid));
        assert_eq!(
            cost_from_fees("Vanaf € 19 per maand; soms vergoed via aanvullende verzekering"),
            Some(Cost::Paid)
        );
    }

    #[test]
    fn mixed_or_other_fees_decide_nothing() {
        for fees in [
            "Gratis of een kleine bijdrage (maaltijd € 5)",
            "Thuisoppas gratis; logeerhuis eigen bijdrage van € 15 per etmaal",
            "Advies gratis; bij verwijzing naar een advocaat een inkomensafhankelijke eigen bijdrage",
            "Vergoed uit de basisverzekering; eigen risico van toepassing",
            "Gewone huur",
            "Lesgeld vanaf 18 jaar (landelijk tarief); studiefinanciering mogelijk",
            "",
        ] {
            assert_eq!(cost_from_fees(fees), None, "{fees}");
        }
    }

    #[test]
    fn referral_texts_that_say_whether_one_is_needed() {
        for text in [
            "Alleen met verwijsbrief van de huisarts; de coach bespreekt eerst met de cliënt een afspraak",
            "Verwijsbrief van de huisarts via Zorgdomein",
            "Niet rechtstreeks; via huisarts, huisartsenpost, politie of SEH. Bij direct gevaar 112",
            "Alleen via Veilig Thuis (0800-2000), ook 's nachts",
            "Huisarts verwijst via Zorgdomein; open spreekuur kan de verwijzing voorbereiden",
        ] {
            assert_eq!(referral_required_from_text(text), Some(true), "{text}");
        }
        for text in [
            "Zonder afspraak",
            "Zonder afspraak of verwijzing; de coach kan meegaan",
            "Rechtstreeks aanmelden, cliënt tekent zelf",
            "Rechtstreeks of via huisarts of wijkteam",
            "Binnenlopen tijdens openingstijden; buurtwerker kan de eerste keer meegaan",
            "Zelf een afspraak maken",
            "Inloopspreekuur zonder afspraak of afspraak via het algemene nummer",
        ] {
            assert_eq!(referral_required_from_text(text), Some(false), "{text}");
        }
        for text in [
            "Via de studieloopbaanbegeleider of rechtstreeks bij het studentenloket",
            "Melding bij het Wmo-loket; kennismaken en meelopen kan vooraf",
            "Verwijzer belt de coördinator; ophalen dezelfde of volgende werkdag",
            "Via de huisarts; vermeld voorkeur voor groepsbehandeling",
        ] {
            assert_eq!(referral_required_from_text(text), None, "{text}");
        }
    }

    #[test]
    fn home_visits_only_when_the_text_says_so() {
        assert_eq!(
            home_visits_from_text("Ondersteuning bij u thuis, een of twee keer per week"),
            Some(true)
        );
        assert_eq!(
            home_visits_from_text("De wijkverpleegkundige komt voor een intake op huisbezoek"),
            Some(true)
        );
        assert_eq!(home_visits_from_text("Spreekuur in het wijkcentrum"), None);
        assert_eq!(
            home_visits_from_text("Thuisadministratie met een vrijwilliger"),
            None
        );
    }
}
