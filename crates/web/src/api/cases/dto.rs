//! The JSON shapes of `/api/v1` case work: cases, their schedule and compliance,
//! tests, timeline entries, and the work-queue pages.

use chrono::NaiveDate;
use jiekang_store::cases::{Case, CaseFile, CaseSummary};
use serde::{Deserialize, Serialize};

/// A case's state and dates (ui.md words in `state_label`).
#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseDto {
    pub id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub unit_id: i64,
    pub unit_name: String,
    /// `community_detox` or `community_rehab`.
    pub measure: String,
    /// ui.md state code, e.g. `executing`.
    pub state: String,
    pub state_label: String,
    pub state_since: NaiveDate,
    pub decided_on: NaiveDate,
    pub decided_years: Option<i64>,
    pub deciding_organ: String,
    pub decision_number: String,
    pub served_on: Option<NaiveDate>,
    /// CASE-2 deadline for the police's notification.
    pub handover_deadline: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    /// N3 / N11 report-in deadline.
    pub report_deadline: Option<NaiveDate>,
    pub reported_on: Option<NaiveDate>,
    pub agreement_on: Option<NaiveDate>,
    /// D3 term's last day.
    pub term_end: Option<NaiveDate>,
    pub talk_due_on: Option<NaiveDate>,
    pub transfer_to_unit_id: Option<i64>,
    pub refused_or_evaded: i64,
    /// N9: `none`, `warning`, `serious`.
    pub breach_level: String,
    pub closed_on: Option<NaiveDate>,
    pub work_group: String,
    pub created_by: String,
    pub updated_by: String,
    /// Send it back with every command (optimistic concurrency).
    pub version: i64,
    /// CASE-7, D6: `high`, `medium`, `low`; null until assessed.
    pub risk_level: Option<String>,
    /// The class's local label (红色, C1 …).
    pub risk_label: Option<String>,
    /// CASE-8, D6: a talk at least every this many days (30 without a class).
    pub talk_interval_days: i64,
    pub visit_due_on: Option<NaiveDate>,
    pub reassess_due_on: Option<NaiveDate>,
    /// N6: the responsible community worker and police officer (user ids and names).
    pub worker_id: Option<i64>,
    pub worker_name: Option<String>,
    pub police_id: Option<i64>,
    pub police_name: Option<String>,
}

impl From<Case> for CaseDto {
    fn from(c: Case) -> Self {
        Self {
            state_label: c.state_label().to_owned(),
            id: c.id.get(),
            person_id: c.person_id.get(),
            person_name: c.person_name,
            unit_id: c.unit_id.get(),
            unit_name: c.unit_name,
            measure: c.measure.code().to_owned(),
            state: c.state.code().to_owned(),
            state_since: c.state_since,
            decided_on: c.decided_on,
            decided_years: c.decided_years,
            deciding_organ: c.deciding_organ,
            decision_number: c.decision_number,
            served_on: c.served_on,
            handover_deadline: c.handover_deadline,
            notified_on: c.notified_on,
            report_deadline: c.report_deadline,
            reported_on: c.reported_on,
            agreement_on: c.agreement_on,
            term_end: c.term_end,
            talk_due_on: c.talk_due_on,
            transfer_to_unit_id: c.transfer_to_unit_id.map(|u| u.get()),
            refused_or_evaded: c.refused_or_evaded,
            breach_level: c.breach_level.code().to_owned(),
            closed_on: c.closed_on,
            work_group: c.work_group,
            created_by: c.created_by,
            updated_by: c.updated_by,
            version: c.version,
            risk_level: c.care.risk_level.map(|l| l.code().to_owned()),
            risk_label: c.care.risk_label,
            talk_interval_days: jiekang_domain::risk::case8_talk_interval_days(
                c.care.talk_interval_days,
            ),
            visit_due_on: c.care.visit_due_on,
            reassess_due_on: c.care.reassess_due_on,
            worker_id: c.care.worker_id,
            worker_name: c.care.worker_name,
            police_id: c.care.police_id,
            police_name: c.care.police_name,
        }
    }
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseSummaryDto {
    pub id: i64,
    pub measure: String,
    pub state: String,
    pub unit_name: String,
    pub decided_on: NaiveDate,
    pub reported_on: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl From<CaseSummary> for CaseSummaryDto {
    fn from(c: CaseSummary) -> Self {
        Self {
            id: c.id.get(),
            measure: c.measure.code().to_owned(),
            state: c.state.code().to_owned(),
            unit_name: c.unit_name,
            decided_on: c.decided_on,
            reported_on: c.reported_on,
            term_end: c.term_end,
            closed_on: c.closed_on,
        }
    }
}

/// D4 — one test window and whether it is done.
#[derive(Serialize, utoipa::ToSchema)]
pub struct WindowDto {
    pub index: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    /// Staff only: the person is not told (定期不定时).
    pub planned_on: NaiveDate,
    pub provisional: bool,
    pub done_on: Option<NaiveDate>,
}

/// D4, N9 — compliance at today.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ComplianceDto {
    pub required: u32,
    pub done: u32,
    /// D4: closed windows without a test with a result (those with a refusal included).
    pub missed: u32,
    /// N9: begun windows with a refused or evaded test and no result, shown as 拒检 (they
    /// count toward N9; once closed they are among `missed` for D4's figures).
    pub refused_windows: u32,
    pub refused_or_evaded: u32,
    pub positives: u32,
    pub next_planned_on: Option<NaiveDate>,
    pub overdue: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct TestDto {
    pub id: i64,
    /// As entered, Beijing time with its offset.
    pub tested_at: chrono::DateTime<chrono::FixedOffset>,
    pub kind: String,
    pub sample: Option<String>,
    pub outcome: String,
    pub tester_1: String,
    pub tester_2: String,
    pub planned: bool,
    pub police_notified_on: Option<NaiveDate>,
    pub created_by: String,
}

/// INFO-1, INFO-2 — a timeline entry with who collected and who entered it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct EventDto {
    pub kind: String,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub note: String,
    pub collected_by: String,
    pub created_by: String,
    /// Beijing time with its offset (ISO 8601, `+08:00`).
    pub created_at: chrono::DateTime<chrono::FixedOffset>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CaseFileDto {
    pub case: CaseDto,
    pub compliance: ComplianceDto,
    pub windows: Vec<WindowDto>,
    pub tests: Vec<TestDto>,
    pub events: Vec<EventDto>,
    /// Reached as the receiving township of a pending transfer.
    pub as_receiver: bool,
}

pub(super) fn file_dto(file: CaseFile, today: NaiveDate) -> CaseFileDto {
    let compliance = file.compliance(today);
    let s = compliance.summary;
    CaseFileDto {
        compliance: ComplianceDto {
            required: s.required,
            done: s.done,
            missed: s.missed,
            refused_windows: compliance.refused_windows(),
            refused_or_evaded: s.refused_or_evaded,
            positives: s.positives,
            next_planned_on: s.next_due.map(|w| w.planned),
            overdue: s.overdue,
        },
        windows: file
            .windows
            .into_iter()
            .map(|w| WindowDto {
                index: w.idx,
                starts_on: w.starts_on,
                ends_on: w.ends_on,
                planned_on: w.planned_on,
                provisional: w.provisional,
                done_on: w.done_on,
            })
            .collect(),
        tests: file
            .tests
            .into_iter()
            .map(|t| TestDto {
                id: t.id,
                tested_at: crate::shown_time::json_local(t.tested_at),
                kind: t.kind.code().to_owned(),
                sample: t.sample.map(|s| s.code().to_owned()),
                outcome: t.outcome.code().to_owned(),
                tester_1: t.tester_1,
                tester_2: t.tester_2,
                planned: t.planned,
                police_notified_on: t.police_notified_on,
                created_by: t.created_by,
            })
            .collect(),
        events: file
            .events
            .into_iter()
            .map(|e| EventDto {
                kind: e.kind,
                occurred_on: e.occurred_on,
                summary: e.summary,
                note: e.note,
                collected_by: e.collected_by,
                created_by: e.created_by,
                created_at: crate::shown_time::json(e.created_at),
            })
            .collect(),
        as_receiver: file.as_receiver,
        case: file.case.into(),
    }
}

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct QueueParams {
    /// Queue code, e.g. `tests_today`, `not_reported`, `handovers`.
    pub q: String,
    /// Cursor from the previous page's `next`.
    pub after: Option<String>,
    pub limit: Option<u32>,
    /// Only this unit's subtree (inside the caller's scope).
    pub unit_id: Option<i64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueueItemDto {
    pub key: i64,
    pub case_id: i64,
    pub person_id: i64,
    pub person_name: String,
    pub id_number_masked: String,
    /// Age in whole years (周岁); N18: never the birth date, which the mask hides.
    pub age: Option<u32>,
    pub unit_name: String,
    pub state: String,
    pub due_on: NaiveDate,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct QueuePageDto {
    pub queue: String,
    pub label: String,
    pub items: Vec<QueueItemDto>,
    pub next: Option<String>,
}
