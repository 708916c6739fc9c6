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
