//! The next session of a module, from its sessions' `date` fields: the one stand-in for the session model
//! of issue 13 part A (which adds start, end and status). When that lands, this function is the one place
//! to swap for the session model's own "next session" (e.g. skipping cancelled sessions).

use crate::content::Module;
use chrono::NaiveDate;

/// The earliest session on or after `today`; None when all are past or there are none (e-learning).
pub fn next_session(module: &Module, today: NaiveDate) -> Option<NaiveDate> {
    module
        .sessions
        .iter()
        .map(|s| s.date)
        .filter(|date| *date >= today)
        .min()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::Session;

    fn on(date: &str) -> Session {
        Session {
            date: date.parse().unwrap(),
            time: None,
            location: None,
            seats: None,
            signup: None,
        }
    }

    #[test]
    fn the_next_session_is_the_earliest_from_today_on_in_any_order() {
        let today: NaiveDate = "2026-11-25".parse().unwrap();
        let module = Module {
            sessions: vec![on("2027-03-01"), on("2026-10-01"), on("2026-12-08")],
            ..Module::default()
        };
        assert_eq!(next_session(&module, today), "2026-12-08".parse().ok());
        let today_too = Module {
            sessions: vec![on("2026-11-25"), on("2026-12-08")],
            ..Module::default()
        };
        assert_eq!(next_session(&today_too, today), Some(today));
        let all_past = Module {
            sessions: vec![on("2026-01-10")],
            ..Module::default()
        };
        assert_eq!(next_session(&all_past, today), None);
        assert_eq!(next_session(&Module::default(), today), None);
    }
}
