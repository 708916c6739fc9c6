//! A new decision (CASE-1, CASE-2, N1 … N3, N16): checked, with its deadlines.

use chrono::NaiveDate;
use jiekang_domain::calendar::HolidayCalendar;
use jiekang_domain::deadline::report_in_deadline;

use super::{provisional_note, refused};
use crate::error::StoreResult;

/// What a new case starts with (CASE-1, CASE-2, N1–N3, N16).
#[derive(Debug, Clone, PartialEq)]
pub struct NewCasePlan {
    pub handover_deadline: NaiveDate,
    pub report_deadline: Option<NaiveDate>,
    pub summary: String,
}

/// CASE-1, CASE-2, N2, N3, N16 — check a decision and compute its deadlines.
/// `unit_is_execution_level`: the unit is a township/street or a community.
pub fn plan_new_case(
    new: &crate::cases::model::NewCase,
    fixed_home: bool,
    unit_is_execution_level: bool,
    cal: &HolidayCalendar,
    today: NaiveDate,
) -> StoreResult<NewCasePlan> {
    use jiekang_domain::case::execution_place_allowed;
    use jiekang_domain::deadline::police_handover_deadline;
    use jiekang_domain::term::term_years;
    if !unit_is_execution_level {
        return Err(refused("执行地须为乡镇(街道)或社区"));
    }
    term_years(new.measure, new.decided_years).map_err(refused)?;
    if !execution_place_allowed(new.place_basis, fixed_home) {
        return Err(refused("现居住地作为执行地须有固定住所(请先在档案中登记)"));
    }
    if new.decided_on > today {
        return Err(refused("决定日期不能晚于今天"));
    }
    for served in [new.served_on, new.family_served_on].into_iter().flatten() {
        if served < new.decided_on || served > today {
            return Err(refused("送达日期须在决定日期与今天之间"));
        }
    }
    let handover = police_handover_deadline(cal, new.decided_on);
    let report = new.served_on.map(|s| report_in_deadline(cal, s));
    let mut summary = format!(
        "{}决定({} {});公安应于 {} 前通知乡镇(街道){}",
        new.measure.label_zh(),
        new.deciding_organ,
        new.decision_number,
        handover.value,
        provisional_note(&handover)
    );
    if let Some(r) = &report {
        summary.push_str(&format!(";应于 {} 前报到{}", r.value, provisional_note(r)));
    }
    Ok(NewCasePlan {
        handover_deadline: handover.value,
        report_deadline: report.map(|r| r.value),
        summary,
    })
}
