use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::calendar::HolidayCalendar;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

/// CASE-2 — the release hand-over uses the police's rule: released on Friday 2024-09-27,
/// acknowledged by 2024-10-12 (the J1 dates over the National Day holiday).
#[test]
fn case2_release_handover_counts_seven_working_days_over_national_day() {
    let cal = HolidayCalendar::embedded();
    let deadline = n16_release_handover_deadline(cal, d(2024, 9, 27));
    assert_eq!(deadline, d(2024, 10, 12));
    assert_eq!(
        deadline,
        crate::deadline::police_handover_deadline(cal, d(2024, 9, 27)).value
    );
    assert!(!case2_release_overdue(deadline, None, d(2024, 10, 12)));
    assert!(case2_release_overdue(deadline, None, d(2024, 10, 13)));
    // acknowledged (even late): no longer overdue
    assert!(!case2_release_overdue(
        deadline,
        Some(d(2024, 10, 14)),
        d(2024, 10, 20)
    ));
}

/// CASE-1 — a release without an order is a finding at once; one with an order after
/// 30 days without a case; a case opened clears both.
#[test]
fn case1_release_without_rehab_is_flagged() {
    let released = d(2026, 10, 1);
    assert!(case1_release_unfollowed(false, released, false, released));
    assert!(!case1_release_unfollowed(false, released, true, released));
    assert!(!case1_release_unfollowed(
        true,
        released,
        false,
        d(2026, 10, 30)
    ));
    assert!(case1_release_unfollowed(
        true,
        released,
        false,
        d(2026, 10, 31)
    ));
    assert!(!case1_release_unfollowed(
        true,
        released,
        true,
        d(2027, 1, 1)
    ));
}

#[test]
fn case1_releases_and_receipts_refuse_future_and_missing_facts() {
    let today = d(2026, 12, 7);
    assert_eq!(
        check_release("鄂尔多斯市强制隔离戒毒所", today, None, today),
        Ok(())
    );
    assert_eq!(
        check_release(" ", today, None, today),
        Err(ReleaseError::CentreName)
    );
    assert_eq!(
        check_release("所", d(2026, 12, 8), None, today),
        Err(ReleaseError::ReleasedInFuture)
    );
    assert_eq!(
        check_release("所", today, Some((" ", today)), today),
        Err(ReleaseError::OrderNumberMissing)
    );
    assert_eq!(
        check_release(
            "所",
            today,
            Some(("鄂公(禁)决字〔2026〕1号", d(2026, 12, 8))),
            today
        ),
        Err(ReleaseError::OrderInFuture)
    );
    let released = d(2026, 12, 1);
    assert_eq!(
        check_receipt(true, released, false, released, today),
        Ok(())
    );
    assert_eq!(
        check_receipt(false, released, false, today, today),
        Err(ReleaseError::NothingToReceive)
    );
    assert_eq!(
        check_receipt(true, released, true, today, today),
        Err(ReleaseError::AlreadyReceived)
    );
    assert_eq!(
        check_receipt(true, released, false, d(2026, 11, 30), today),
        Err(ReleaseError::ReceivedBeforeRelease)
    );
    assert_eq!(
        check_receipt(true, released, false, d(2026, 12, 8), today),
        Err(ReleaseError::ReceivedInFuture)
    );
    for e in [
        ReleaseError::ReleasedInFuture,
        ReleaseError::OrderNumberMissing,
        ReleaseError::OrderInFuture,
        ReleaseError::CentreName,
        ReleaseError::ReceivedBeforeRelease,
        ReleaseError::ReceivedInFuture,
        ReleaseError::AlreadyReceived,
        ReleaseError::NothingToReceive,
    ] {
        assert!(e.code().starts_with("release-") && !e.to_string().is_empty());
    }
}

proptest! {
    /// CASE-1 — the cutoff splits the releases with an order exactly as the row rule.
    #[test]
    fn case1_the_release_cutoff_splits_as_the_row_rule(
        offset in 0i64..400, back in 0i64..400
    ) {
        let today = d(2026, 1, 1) + chrono::Duration::days(offset);
        let released = today - chrono::Duration::days(back);
        prop_assert_eq!(
            case1_release_unfollowed(true, released, false, today),
            released <= case1_release_cutoff(today)
        );
    }
}
