//! D1 — counting days to a deadline, and the statutory deadlines built on it
//! (N3 report-in, N11 report-in after transfer, N12 notice of expiry, CASE-2 hand-over).
//!
//! Every function comes in two forms: the provisional one the application works with (D2:
//! in a year without calendar data Monday–Friday count as working days and the answer is
//! flagged), and a strict one that refuses with [`CalendarUnknown`] (for `jiekang rules`).
//! None of them panics: past chrono's last date the provisional answer saturates at
//! `NaiveDate::MAX` (flagged) and the strict one reports the year as unknown.

use chrono::{Datelike, Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::calendar::{
    CalendarUnknown, Provisional, WorkCalendar, next_workday_on_or_after,
    next_workday_on_or_after_strict,
};

/// N3 — days to report in after receiving the 责令社区戒毒/社区康复 decision.
pub const REPORT_IN_DAYS: u32 = 15;
/// N11 — days to report in at the new township after a transfer.
pub const TRANSFER_REPORT_IN_DAYS: u32 = 15;
/// N12 — days for police to notify the township once the measure has expired.
pub const EXPIRY_NOTICE_DAYS: u32 = 7;
/// CASE-2 — working days for police to notify the township and hand over the file.
pub const HANDOVER_WORKDAYS: u32 = 7;

/// D1 — "`n` days from `from`": counting starts the day after `from`, so the last day is
/// `from + n`; if that is not a working day the deadline moves to the next working day
/// (民法典 201–203). Provisional if any day looked at lies in a year without data.
pub fn calendar_day_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Provisional<NaiveDate> {
    match from.checked_add_days(Days::new(n.into())) {
        Some(last) => next_workday_on_or_after(cal, last),
        None => Provisional {
            value: NaiveDate::MAX,
            provisional: true,
        },
    }
}

/// D1 — strict form of [`calendar_day_deadline`].
pub fn calendar_day_deadline_strict<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Result<NaiveDate, CalendarUnknown> {
    let last = from
        .checked_add_days(Days::new(n.into()))
        .ok_or(CalendarUnknown {
            year: NaiveDate::MAX.year().saturating_add(1),
        })?;
    next_workday_on_or_after_strict(cal, last)
}

/// D1, CASE-2 — the `n`-th working day after `from`, counting working days only, from the
/// day after `from`. `n == 0` gives `from` itself. Provisional if any day counted lies in a
/// year without data. Takes time proportional to `n`.
pub fn add_workdays<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Provisional<NaiveDate> {
    let mut provisional = false;
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = match day.succ_opt() {
            Some(next) => next,
            None => {
                return Provisional {
                    value: NaiveDate::MAX,
                    provisional: true,
                };
            }
        };
        let answer = cal.is_workday_or_provisional(day);
        provisional |= answer.provisional;
        if answer.value {
            left -= 1;
        }
    }
    Provisional {
        value: day,
        provisional,
    }
}

/// D1, CASE-2 — strict form of [`add_workdays`].
pub fn add_workdays_strict<C: WorkCalendar + ?Sized>(
    cal: &C,
    from: NaiveDate,
    n: u32,
) -> Result<NaiveDate, CalendarUnknown> {
    let mut day = from;
    let mut left = n;
    while left > 0 {
        day = day.succ_opt().ok_or(CalendarUnknown {
            year: day.year().saturating_add(1),
        })?;
        if cal.is_workday(day)? {
            left -= 1;
        }
    }
    Ok(day)
}

/// How a rule's period is counted (D1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "unit", content = "count", rename_all = "snake_case")]
pub enum Period {
    /// Calendar days; a last day that is not a working day moves to the next working day.
    CalendarDays(u32),
    /// Working days only.
    WorkingDays(u32),
}

impl Period {
    /// D1 — the deadline `self` after `from`.
    pub fn deadline<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Provisional<NaiveDate> {
        match self {
            Period::CalendarDays(n) => calendar_day_deadline(cal, from, n),
            Period::WorkingDays(n) => add_workdays(cal, from, n),
        }
    }

    /// D1 — strict form of [`Period::deadline`].
    pub fn deadline_strict<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Result<NaiveDate, CalendarUnknown> {
        match self {
            Period::CalendarDays(n) => calendar_day_deadline_strict(cal, from, n),
            Period::WorkingDays(n) => add_workdays_strict(cal, from, n),
        }
    }
}

/// The statutory deadlines, for code that lists or looks them up by code (`jiekang rules`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeadlineRule {
    /// N3 — report in within 15 days of receiving the decision.
    ReportIn,
    /// N11 — report in at the new township within 15 days of the transfer.
    TransferReportIn,
    /// N12 — police notify the township within 7 days of expiry.
    ExpiryNotice,
    /// CASE-2 — police notify the township within 7 working days of the decision.
    PoliceHandover,
}

impl DeadlineRule {
    pub const ALL: [DeadlineRule; 4] = [
        DeadlineRule::ReportIn,
        DeadlineRule::TransferReportIn,
        DeadlineRule::ExpiryNotice,
        DeadlineRule::PoliceHandover,
    ];

    /// The requirement ID in national-rules.md / requirements.md.
    pub fn rule_id(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "N3",
            DeadlineRule::TransferReportIn => "N11",
            DeadlineRule::ExpiryNotice => "N12",
            DeadlineRule::PoliceHandover => "CASE-2",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "report_in",
            DeadlineRule::TransferReportIn => "transfer_report_in",
            DeadlineRule::ExpiryNotice => "expiry_notice",
            DeadlineRule::PoliceHandover => "police_handover",
        }
    }

    /// Looks a rule up by its code or its requirement ID (case-insensitive).
    pub fn parse(text: &str) -> Option<DeadlineRule> {
        let text = text.trim();
        Self::ALL
            .into_iter()
            .find(|r| r.code().eq_ignore_ascii_case(text) || r.rule_id().eq_ignore_ascii_case(text))
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "收到决定书后报到期限",
            DeadlineRule::TransferReportIn => "变更执行地后报到期限",
            DeadlineRule::ExpiryNotice => "期满解除后通知乡镇期限",
            DeadlineRule::PoliceHandover => "决定后通知乡镇并移交材料期限",
        }
    }

    /// What the start date `from` is for this rule.
    pub fn from_label_zh(self) -> &'static str {
        match self {
            DeadlineRule::ReportIn => "决定书送达日",
            DeadlineRule::TransferReportIn => "变更执行地接收日",
            DeadlineRule::ExpiryNotice => "期满解除日(执行期最后一日的次日)",
            DeadlineRule::PoliceHandover => "决定日",
        }
    }

    pub fn period(self) -> Period {
        match self {
            DeadlineRule::ReportIn => Period::CalendarDays(REPORT_IN_DAYS),
            DeadlineRule::TransferReportIn => Period::CalendarDays(TRANSFER_REPORT_IN_DAYS),
            DeadlineRule::ExpiryNotice => Period::CalendarDays(EXPIRY_NOTICE_DAYS),
            DeadlineRule::PoliceHandover => Period::WorkingDays(HANDOVER_WORKDAYS),
        }
    }

    /// D1 — this rule's deadline counted from `from`.
    pub fn deadline<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Provisional<NaiveDate> {
        self.period().deadline(cal, from)
    }

    /// D1 — strict form, `Err` for a year without calendar data.
    pub fn deadline_strict<C: WorkCalendar + ?Sized>(
        self,
        cal: &C,
        from: NaiveDate,
    ) -> Result<NaiveDate, CalendarUnknown> {
        self.period().deadline_strict(cal, from)
    }
}

/// D1, N3 — the report-in deadline: 15 days from the day the decision was served.
pub fn report_in_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    served_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::ReportIn.deadline(cal, served_on)
}

/// D1, N11 — the report-in deadline at the new township: 15 days from the day the
/// transfer was accepted.
pub fn transfer_report_in_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    accepted_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::TransferReportIn.deadline(cal, accepted_on)
}

/// D1, N12 — police notify the township within 7 (calendar) days of expiry; `expired_on`
/// is the day the measure is lifted, the day after the term's last day (J7: term ends
/// 2025-04-29, lifted and served 2025-04-30, deadline 2025-05-07).
pub fn expiry_notice_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    expired_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::ExpiryNotice.deadline(cal, expired_on)
}

/// D1, CASE-2 — police notify the township and hand over the file within 7 working days
/// of the decision.
pub fn police_handover_deadline<C: WorkCalendar + ?Sized>(
    cal: &C,
    decided_on: NaiveDate,
) -> Provisional<NaiveDate> {
    DeadlineRule::PoliceHandover.deadline(cal, decided_on)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)] // a failed unwrap is a failed test
mod tests {
    use super::*;
    use crate::calendar::{HolidayCalendar, parse_notice_file};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn cal() -> &'static HolidayCalendar {
        HolidayCalendar::embedded()
    }

    fn certain(date: NaiveDate) -> Provisional<NaiveDate> {
        Provisional::certain(date)
    }

    fn provisional(date: NaiveDate) -> Provisional<NaiveDate> {
        Provisional {
            value: date,
            provisional: true,
        }
    }

    #[test]
    fn j1_handover_over_national_day_2024() {
        // 2024-09-29 and 2024-10-12 are make-up workdays; 10-01..07 holiday.
        assert_eq!(
            police_handover_deadline(cal(), d(2024, 9, 27)),
            certain(d(2024, 10, 12))
        );
        assert_eq!(
            add_workdays_strict(cal(), d(2024, 9, 27), 7),
            Ok(d(2024, 10, 12))
        );
    }

    #[test]
    fn j1_report_in_moves_off_a_sunday() {
        // 2024-09-28 + 15 = 2024-10-13, a Sunday → Monday.
        assert_eq!(
            report_in_deadline(cal(), d(2024, 9, 28)),
            certain(d(2024, 10, 14))
        );
        assert_eq!(
            DeadlineRule::ReportIn.deadline_strict(cal(), d(2024, 9, 28)),
            Ok(d(2024, 10, 14))
        );
    }

    #[test]
    fn j3_transfer_deadline_on_a_make_up_saturday_stays() {
        assert_eq!(
            transfer_report_in_deadline(cal(), d(2025, 9, 26)),
            certain(d(2025, 10, 11))
        );
    }

    #[test]
    fn j7_expiry_notice_over_labour_day_2025() {
        assert_eq!(
            expiry_notice_deadline(cal(), d(2025, 4, 30)),
            certain(d(2025, 5, 7))
        );
    }

    #[test]
    fn deadline_landing_in_a_holiday_block_moves_past_it() {
        // 2024-09-16 + 15 = 2024-10-01: National Day block → 2024-10-08.
        assert_eq!(
            calendar_day_deadline(cal(), d(2024, 9, 16), 15),
            certain(d(2024, 10, 8))
        );
        // n = 0 on a working day is that day.
        assert_eq!(
            calendar_day_deadline(cal(), d(2024, 10, 8), 0),
            certain(d(2024, 10, 8))
        );
        assert_eq!(
            add_workdays(cal(), d(2024, 10, 5), 0),
            certain(d(2024, 10, 5))
        );
    }

    #[test]
    fn victory_day_2015() {
        // 09-03 Thu and 09-04 Fri off, Sunday 09-06 worked.
        assert_eq!(
            add_workdays(cal(), d(2015, 9, 2), 7),
            certain(d(2015, 9, 14))
        );
        // 2015-08-19 + 15 = 09-03 (holiday), 09-04 (holiday), 09-05 (Sat) → Sunday 09-06.
        assert_eq!(
            calendar_day_deadline(cal(), d(2015, 8, 19), 15),
            certain(d(2015, 9, 6))
        );
    }

    #[test]
    fn spring_festival_extension_2020() {
        // 2020-01-16 + 15 = 01-31, off under the extension like 02-01 (formerly a make-up
        // Saturday) and 02-02 → Monday 02-03.
        assert_eq!(
            report_in_deadline(cal(), d(2020, 1, 16)),
            certain(d(2020, 2, 3))
        );
        // 01-19 (Sunday) worked: 1; 01-20..23: 2–5; 01-24..02-02 off; 02-03: 6; 02-04: 7.
        assert_eq!(
            police_handover_deadline(cal(), d(2020, 1, 17)),
            certain(d(2020, 2, 4))
        );
    }

    #[test]
    fn deadlines_running_into_2027_are_provisional() {
        // 2026-12-20 + 15 = 2027-01-04 (Monday): provisional, no 2027 notice yet.
        assert_eq!(
            report_in_deadline(cal(), d(2026, 12, 20)),
            provisional(d(2027, 1, 4))
        );
        // 2026-12-17 + 15 = 2027-01-01 (Friday): provisionally a working day — exactly why
        // the answer must be shown as provisional and recomputed.
        assert_eq!(
            report_in_deadline(cal(), d(2026, 12, 17)),
            provisional(d(2027, 1, 1))
        );
        assert_eq!(
            DeadlineRule::ReportIn.deadline_strict(cal(), d(2026, 12, 17)),
            Err(CalendarUnknown { year: 2027 })
        );
        // 7 working days from Monday 2026-12-28: 29, 30, 31, then 2027-01-01, 04, 05, 06.
        assert_eq!(
            police_handover_deadline(cal(), d(2026, 12, 28)),
            provisional(d(2027, 1, 6))
        );
        assert_eq!(
            add_workdays_strict(cal(), d(2026, 12, 28), 7),
            Err(CalendarUnknown { year: 2027 })
        );
        // Within 2026 nothing unknown is consulted.
        assert_eq!(
            report_in_deadline(cal(), d(2026, 12, 1)),
            certain(d(2026, 12, 16))
        );
    }

    #[test]
    fn a_2027_notice_entered_at_run_time_makes_the_answer_certain() {
        let notice = parse_notice_file("#year 2027\n2027-01-01\tholiday\t元旦\n").unwrap();
        let with_2027 = cal().with_overrides(&notice);
        assert_eq!(
            report_in_deadline(&with_2027, d(2026, 12, 17)),
            certain(d(2027, 1, 4))
        );
        assert_eq!(
            DeadlineRule::ReportIn.deadline_strict(&with_2027, d(2026, 12, 17)),
            Ok(d(2027, 1, 4))
        );
    }

    #[test]
    fn works_through_a_trait_object() {
        let dyn_cal: &dyn WorkCalendar = cal();
        assert_eq!(
            report_in_deadline(dyn_cal, d(2024, 9, 28)),
            certain(d(2024, 10, 14))
        );
    }

    #[test]
    fn never_panics_at_the_end_of_time() {
        let p = calendar_day_deadline(cal(), NaiveDate::MAX, 15);
        assert_eq!(p, provisional(NaiveDate::MAX));
        assert!(add_workdays(cal(), NaiveDate::MAX, 1).provisional);
        assert!(calendar_day_deadline_strict(cal(), NaiveDate::MAX, 15).is_err());
        assert!(add_workdays_strict(cal(), NaiveDate::MAX, 1).is_err());
        assert_eq!(
            calendar_day_deadline(cal(), NaiveDate::MIN, 0).value.year(),
            NaiveDate::MIN.year()
        );
    }

    #[test]
    fn rule_table() {
        let ids: Vec<&str> = DeadlineRule::ALL.iter().map(|r| r.rule_id()).collect();
        assert_eq!(ids, ["N3", "N11", "N12", "CASE-2"]);
        assert_eq!(
            DeadlineRule::parse("case-2"),
            Some(DeadlineRule::PoliceHandover)
        );
        assert_eq!(
            DeadlineRule::parse("report_in"),
            Some(DeadlineRule::ReportIn)
        );
        assert_eq!(DeadlineRule::parse("N4"), None);
        assert_eq!(DeadlineRule::ExpiryNotice.period(), Period::CalendarDays(7));
        assert_eq!(
            DeadlineRule::PoliceHandover.period(),
            Period::WorkingDays(7)
        );
    }

    mod properties {
        use proptest::prelude::*;

        use super::*;

        /// Dates from mid-2003 to 2027, so that unknown years on both sides are exercised.
        fn any_date() -> impl Strategy<Value = NaiveDate> {
            (0u64..(25 * 366)).prop_map(|offset| d(2003, 6, 1) + Days::new(offset))
        }

        fn is_wd(date: NaiveDate) -> bool {
            cal().is_workday_or_provisional(date).value
        }

        proptest! {
            #[test]
            fn calendar_day_deadline_is_the_earliest_working_day_on_or_after_from_plus_n(
                from in any_date(), n in 0u32..60,
            ) {
                let last = from + Days::new(n.into());
                let p = calendar_day_deadline(cal(), from, n);
                prop_assert!(p.value >= last);
                prop_assert!(is_wd(p.value));
                let mut day = last;
                let mut any_unknown = false;
                while day < p.value {
                    prop_assert!(!is_wd(day), "{} skipped a working day {}", p.value, day);
                    any_unknown |= !cal().is_year_known(day.year());
                    day = day.succ_opt().unwrap();
                }
                any_unknown |= !cal().is_year_known(p.value.year());
                prop_assert_eq!(p.provisional, any_unknown);
                match calendar_day_deadline_strict(cal(), from, n) {
                    Ok(date) => prop_assert_eq!((date, false), (p.value, p.provisional)),
                    Err(_) => prop_assert!(p.provisional),
                }
            }

            #[test]
            fn add_workdays_lands_on_the_nth_working_day(from in any_date(), n in 1u32..40) {
                let p = add_workdays(cal(), from, n);
                prop_assert!(p.value > from);
                prop_assert!(is_wd(p.value));
                let mut count = 0;
                let mut day = from.succ_opt().unwrap();
                while day <= p.value {
                    if is_wd(day) {
                        count += 1;
                    }
                    day = day.succ_opt().unwrap();
                }
                prop_assert_eq!(count, n);
                match add_workdays_strict(cal(), from, n) {
                    Ok(date) => prop_assert_eq!((date, false), (p.value, p.provisional)),
                    Err(_) => prop_assert!(p.provisional),
                }
            }
        }
    }
}
