//! The records of case work (INFO-1, CASE-*, TEST-1) as the store hands them out.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};
use jiekang_domain::breach::BreachLevel;
use jiekang_domain::case::{CaseDates, CaseState, PlaceBasis};
use jiekang_domain::compliance::{Compliance, TestEvent, TestOutcome, assess_compliance};
use jiekang_domain::id_number::Sex;
use jiekang_domain::measure::Measure;
use jiekang_domain::records::{Sample, TestKind};
use jiekang_domain::risk::RiskLevel;
use jiekang_domain::schedule::PlannedWindow;
use serde::Serialize;

use super::ids::{CaseId, PersonId, UnitId};

/// One order (社区戒毒 or 社区康复) of one person: the case, as the engines' shared
/// case SQL selects it, as a command's plan changes it and as the bulk loader writes
/// it. The coded columns are the domain's enums (stored as their TEXT codes).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Case {
    pub id: CaseId,
    pub person_id: PersonId,
    pub person_name: String,
    pub person_sex: Option<Sex>,
    pub person_birth_date: Option<NaiveDate>,
    /// The execution place (N2): a township or one of its communities.
    pub unit_id: UnitId,
    pub unit_name: String,
    #[serde(skip)]
    pub unit_path: String,
    pub measure: Measure,
    pub state: CaseState,
    /// The day the current state began.
    pub state_since: NaiveDate,
    pub deciding_organ: String,
    pub decision_number: String,
    pub decided_on: NaiveDate,
    /// 社区康复 only (N16).
    pub decided_years: Option<i64>,
    pub served_on: Option<NaiveDate>,
    pub family_served_on: Option<NaiveDate>,
    pub place_basis: PlaceBasis,
    /// CASE-2 — police notify the township by this day.
    pub handover_deadline: NaiveDate,
    pub notified_on: Option<NaiveDate>,
    /// N3 / N11 — the person must report in (at the current township) by this day.
    pub report_deadline: Option<NaiveDate>,
    /// D3 — the first report-in: day 1 of the term.
    pub reported_on: Option<NaiveDate>,
    /// N11 — the report-in at the current township (after a transfer, a new one).
    pub last_reported_on: Option<NaiveDate>,
    /// N5, N11 — the agreement in force at the current township.
    pub agreement_on: Option<NaiveDate>,
    /// D3 — the term's last day, moved by suspensions.
    pub term_end: Option<NaiveDate>,
    /// CASE-8 — the next talk or visit is due by this day.
    pub talk_due_on: Option<NaiveDate>,
    /// N13 — the first day of the suspension in progress.
    pub suspended_from: Option<NaiveDate>,
    pub transfer_to_unit_id: Option<UnitId>,
    pub transfer_to_name: Option<String>,
    #[serde(skip)]
    pub transfer_to_path: Option<String>,
    /// N9 — refused or evaded tests so far.
    pub refused_or_evaded: i64,
    /// N9 — the rung of the ladder reached.
    pub breach_level: BreachLevel,
    pub closed_on: Option<NaiveDate>,
    /// N6 — the members of the work group, one per line.
    pub work_group: String,
    /// CASE-7, D6, N6 — the class and the caseload.
    #[sqlx(flatten)]
    #[serde(flatten)]
    pub care: CaseCare,
    /// D4 — the per-case secret seed of the planned test dates.
    #[serde(skip)]
    pub seed: i64,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
    pub updated_at: DateTime<Utc>,
    pub updated_by: String,
    pub version: i64,
}

impl Case {
    /// The decided years as the rules take them.
    pub fn years(&self) -> Option<u8> {
        self.decided_years.and_then(|y| u8::try_from(y).ok())
    }

    pub fn dates(&self) -> CaseDates {
        CaseDates {
            decided_on: Some(self.decided_on),
            served_on: self.served_on,
            reported_on: self.reported_on,
            agreement_on: self.agreement_on,
            term_last_day: self.term_end,
        }
    }

    pub fn state_label(&self) -> &'static str {
        self.state.label_zh()
    }

    pub fn measure_label(&self) -> &'static str {
        self.measure.label_zh()
    }

    pub fn person_is_female(&self) -> bool {
        self.person_sex == Some(Sex::Female)
    }
}

/// CASE-7, D6 — a case's current risk class (from its latest assessment) and what the
/// class demands; N6 — its responsible community worker and police officer. All `None`
/// until assessed or assigned: the talk interval is then the default 30 days.
#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct CaseCare {
    pub risk_level: Option<RiskLevel>,
    /// The class's local label (红色, C1 …) under the scheme it was assessed with.
    pub risk_label: Option<String>,
    pub talk_interval_days: Option<i64>,
    pub visit_interval_days: Option<i64>,
    /// CASE-8, D6 — the next home visit is due by this day (classified cases only).
    pub visit_due_on: Option<NaiveDate>,
    /// D6 — the class is to be assessed again by this day.
    pub reassess_due_on: Option<NaiveDate>,
    pub worker_id: Option<i64>,
    pub worker_name: Option<String>,
    pub police_id: Option<i64>,
    pub police_name: Option<String>,
}

/// A decision (CASE-1, N1, N16), as entered.
#[derive(Debug, Clone)]
pub struct NewCase {
    pub person_id: i64,
    pub unit_id: i64,
    pub measure: Measure,
    pub decided_years: Option<u8>,
    pub deciding_organ: String,
    pub decision_number: String,
    pub decided_on: NaiveDate,
    pub served_on: Option<NaiveDate>,
    pub family_served_on: Option<NaiveDate>,
    pub place_basis: PlaceBasis,
    pub work_group: String,
    /// D4 — the secret seed of the planned test dates, drawn by the caller from the
    /// operating system's random source.
    pub seed: i64,
}

/// D4 — one stored test window with its planned date; `done_on` is the first test
/// with a result inside it.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct StoredWindow {
    pub idx: i64,
    pub starts_on: NaiveDate,
    pub ends_on: NaiveDate,
    pub planned_on: NaiveDate,
    pub provisional: bool,
    pub done_on: Option<NaiveDate>,
    /// D4 — the daily sweep's verdict once the window closed with no test: `true`
    /// missed, `false` void (the case closed first); `None` before (the daily sweep).
    pub missed: Option<bool>,
}

/// N20 — a recorded drug test.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct DrugTest {
    pub id: i64,
    pub case_id: i64,
    pub tested_at: NaiveDateTime,
    pub tested_on: NaiveDate,
    pub kind: TestKind,
    pub sample: Option<Sample>,
    pub outcome: TestOutcome,
    pub substances: String,
    pub tester_1: String,
    pub tester_2: String,
    pub sample_a: String,
    pub sample_b: String,
    pub planned: bool,
    pub note: String,
    /// N10 — when police were informed of a positive, refusal or evasion.
    pub police_notified_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// One line of the archive's timeline (INFO-1); `collected_by` and `created_by`
/// answer INFO-2's "who collected, who entered".
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CaseEvent {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub occurred_on: NaiveDate,
    pub summary: String,
    pub note: String,
    pub collected_by: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// CASE-4 — what the sending office still sees of a case it transferred once the
/// transfer was accepted: the case as it ran it (the person's name, the measure, the
/// decision), where the case went and when, and the timeline up to and including the
/// acceptance. Nothing the receiving office recorded afterwards (events, tests, test
/// plans, leave, attachments) and no person data beyond the name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TransferredCase {
    pub case_id: CaseId,
    pub person_name: String,
    pub measure: Measure,
    pub deciding_organ: String,
    pub decision_number: String,
    pub decided_on: NaiveDate,
    /// The unit that ran the case and sent the transfer (in the reader's scope).
    pub from_unit_id: UnitId,
    pub from_unit_name: String,
    /// The unit the receiving office placed the case in: a community under the
    /// receiving unit, or the receiving unit itself.
    pub placed_unit_id: UnitId,
    pub placed_unit_name: String,
    pub requested_on: NaiveDate,
    pub accepted_on: NaiveDate,
    /// The timeline up to and including the acceptance, newest first.
    pub events: Vec<CaseEvent>,
}

/// CASE-2 — a hand-over (必送必接): sent, and acknowledged by the receiving unit.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Handover {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub to_unit_id: i64,
    pub to_unit_name: String,
    pub sent_on: NaiveDate,
    pub sent_by: String,
    pub received_on: Option<NaiveDate>,
    pub received_by: Option<String>,
    pub note: String,
}

impl Handover {
    pub fn kind_label(&self) -> &'static str {
        match self.kind.as_str() {
            "transfer" => "变更执行地移交",
            _ => "公安移交决定书及材料",
        }
    }
}

/// N8 — a leave request (离开县域3日以上须书面报告).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct Leave {
    pub id: i64,
    pub case_id: i64,
    pub from_on: NaiveDate,
    pub to_on: NaiveDate,
    pub destination: String,
    pub reason: String,
    /// `requested`, `approved`, `refused` or `returned`.
    pub state: String,
    /// N8 — the day it was requested (none for requests entered before it was kept).
    pub requested_on: Option<NaiveDate>,
    pub decided_on: Option<NaiveDate>,
    pub returned_on: Option<NaiveDate>,
}

impl Leave {
    pub fn state_label(&self) -> &'static str {
        match self.state.as_str() {
            "requested" => "待审批",
            "approved" => "已批准",
            "refused" => "不批准",
            "returned" => "已返回",
            _ => "未知",
        }
    }
}

/// CASE-5, INFO-1 — an attachment's metadata (the bytes come separately).
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct AttachmentMeta {
    pub id: i64,
    pub case_id: i64,
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub created_at: DateTime<Utc>,
    pub created_by: String,
}

/// An attachment with its bytes.
#[derive(Debug, Clone)]
pub struct Attachment {
    pub meta: AttachmentMeta,
    pub data: Vec<u8>,
}

/// A new attachment, already checked by content and size.
#[derive(Debug, Clone)]
pub struct NewAttachment {
    pub kind: String,
    pub file_name: String,
    pub content_type: String,
    pub sha256: String,
    pub data: Vec<u8>,
}

/// Everything the case page and the archive show about one case; reading it is
/// audited.
#[derive(Debug, Clone, Serialize)]
pub struct CaseFile {
    pub case: Case,
    pub windows: Vec<StoredWindow>,
    pub tests: Vec<DrugTest>,
    pub events: Vec<CaseEvent>,
    pub handovers: Vec<Handover>,
    pub leaves: Vec<Leave>,
    pub attachments: Vec<AttachmentMeta>,
    /// The acting user reached the case as the receiving township of a pending
    /// transfer, not through its execution place.
    pub as_receiver: bool,
}

impl CaseFile {
    /// D4, N9 — the windows' states and the summary at `today`, from the stored windows
    /// and tests (for the case page and its JSON twin alike).
    pub fn compliance(&self, today: NaiveDate) -> Compliance {
        let windows: Vec<PlannedWindow> = self
            .windows
            .iter()
            .map(|w| PlannedWindow {
                index: u32::try_from(w.idx).unwrap_or(0),
                start: w.starts_on,
                end: w.ends_on,
                planned: w.planned_on,
                provisional: w.provisional,
            })
            .collect();
        let events: Vec<TestEvent> = self
            .tests
            .iter()
            .map(|t| TestEvent {
                date: t.tested_on,
                outcome: t.outcome,
            })
            .collect();
        assess_compliance(&windows, &events, today)
    }

    /// CASE-8 — whether a talk or visit is recorded (its record can be printed).
    pub fn has_talks(&self) -> bool {
        self.events.iter().any(|e| e.kind == "talk")
    }

    /// N9, CASE-6 — whether the case was referred to the police (the referral letter).
    pub fn was_referred(&self) -> bool {
        self.events.iter().any(|e| e.kind == "refer_to_police")
    }

    /// CASE-4 — whether a transfer was sent (the hand-over letter).
    pub fn has_transfer(&self) -> bool {
        self.handovers.iter().any(|h| h.kind == "transfer")
    }

    /// N10 — the latest warning (告诫) recorded: who warned (`collected_by`), when, how.
    pub fn last_warning(&self) -> Option<&CaseEvent> {
        self.events
            .iter()
            .filter(|e| e.kind == "warning")
            .max_by_key(|e| (e.occurred_on, e.id))
    }

    /// N10 — a warning is due: the case stands at a minor breach and no warning was
    /// recorded on or after its latest refused or evaded test or unauthorised absence
    /// ([`jiekang_domain::breach::warning_due`]).
    pub fn warning_due(&self) -> bool {
        let last_refusal = self
            .tests
            .iter()
            .filter(|t| t.outcome.counts_toward_breach())
            .map(|t| t.tested_on)
            .max();
        let last_absence = self
            .events
            .iter()
            .filter(|e| e.kind == "absence")
            .map(|e| e.occurred_on)
            .max();
        jiekang_domain::breach::warning_due(
            self.case.breach_level,
            last_refusal.max(last_absence),
            self.last_warning().map(|e| e.occurred_on),
        )
    }
}

/// A case as listed on the person's archive and in lists.
#[derive(Debug, Clone, PartialEq, Serialize, sqlx::FromRow)]
pub struct CaseSummary {
    pub id: CaseId,
    pub measure: Measure,
    pub state: CaseState,
    pub unit_name: String,
    pub decided_on: NaiveDate,
    pub reported_on: Option<NaiveDate>,
    pub term_end: Option<NaiveDate>,
    pub closed_on: Option<NaiveDate>,
}

impl CaseSummary {
    pub fn state_label(&self) -> &'static str {
        self.state.label_zh()
    }
    pub fn measure_label(&self) -> &'static str {
        self.measure.label_zh()
    }
}

/// INFO-1 — the person's identity and history beyond the registry: former names,
/// ethnicity, phone, 户籍地 and 现居住地 (with the fixed-home flag of N2), family
/// contacts and drug-use history.
#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow)]
pub struct PersonProfile {
    pub former_names: String,
    pub ethnicity: String,
    pub phone: String,
    pub household_address: String,
    pub residence_address: String,
    /// N2, CASE-3: the person has a fixed home at the current residence.
    pub fixed_home: bool,
    pub family_contacts: String,
    pub substances: String,
    pub first_use_on: Option<NaiveDate>,
    /// 成瘾认定 date.
    pub addiction_assessed_on: Option<NaiveDate>,
    /// Earlier 强制隔离戒毒 (dates and places).
    pub prior_isolation: String,
}

/// INFO-1 — what a printed document of a case shows: the case file, and the person's
/// identity (the full ID number) and addresses. Reading it is audited
/// (`case.document`, naming the document).
#[derive(Debug, Clone, Serialize)]
pub struct CaseDocument {
    pub file: CaseFile,
    pub person: crate::model::Person,
    pub profile: PersonProfile,
}
