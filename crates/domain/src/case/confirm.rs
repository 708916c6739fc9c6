//! N10, N12, N13, N14 — the steps that cannot be taken back, which the user confirms
//! after reading what they do, and the day from which 期满解除 is offered.
//!
//! Decision where the law is silent: 期满解除 is offered from the first day it may be
//! dated (N12, D3: the day after the term's last day, as [`check_step_date`] requires),
//! never earlier, so the step cannot be taken early by a slip.

use chrono::NaiveDate;

use super::Step;

impl Step {
    /// N10, N12, N13, N14 — the step closes the case (终止, 期满解除, 强制隔离戒毒) or
    /// hands the person to police (移交公安): it is confirmed on a page that states the
    /// consequence before it is taken.
    pub fn needs_confirmation(self) -> bool {
        matches!(
            self,
            Step::Terminate | Step::ReferToPolice | Step::Expire | Step::DecideIsolation
        )
    }
}

/// N12, D3 — the first day 期满解除 may be dated: the day after the term's last day.
pub fn earliest_expiry(term_last_day: NaiveDate) -> NaiveDate {
    term_last_day.succ_opt().unwrap_or(term_last_day)
}

/// N12 — whether 期满解除 is offered on `today`: only once the term has run out (a case
/// with no term yet, never).
pub fn expiry_offered(term_last_day: Option<NaiveDate>, today: NaiveDate) -> bool {
    term_last_day.is_some_and(|last| today >= earliest_expiry(last))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap_or_default()
    }

    #[test]
    fn n12_expiry_is_offered_from_the_day_after_the_terms_last_day() {
        let last = d(2027, 10, 7);
        assert!(!expiry_offered(Some(last), d(2025, 1, 1)));
        assert!(!expiry_offered(Some(last), d(2027, 10, 6)));
        assert!(!expiry_offered(Some(last), last));
        assert!(expiry_offered(Some(last), d(2027, 10, 8)));
        assert!(expiry_offered(Some(last), d(2028, 1, 1)));
        assert!(!expiry_offered(None, d(2028, 1, 1)));
        // the same day the date check accepts
        let dates = super::super::CaseDates {
            term_last_day: Some(last),
            ..Default::default()
        };
        let first = earliest_expiry(last);
        assert!(
            super::super::check_step_date(
                &dates,
                super::super::Dated::Step(Step::Expire),
                first,
                first
            )
            .is_ok()
        );
    }

    #[test]
    fn the_four_irreversible_steps_are_confirmed_and_no_other() {
        let confirmed: Vec<_> = Step::ALL
            .into_iter()
            .filter(|s| s.needs_confirmation())
            .collect();
        assert_eq!(
            confirmed,
            [
                Step::ReferToPolice,
                Step::DecideIsolation,
                Step::Terminate,
                Step::Expire
            ]
        );
    }
}
