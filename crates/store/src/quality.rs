//! INFO-2 质量倒查 — the findings of the data-quality checks (`jiekang_domain::quality`),
//! the sweep's cutoffs for them, and the 倒查 a supervising office opens on a case.

use chrono::{DateTime, NaiveDate, Utc};
use jiekang_domain::quality::{
    QualityCheck, case1_addicted_without_measure_cutoff, info2_recent_from,
    n5_agreement_missing_cutoff,
};
use jiekang_domain::sweep::{case2_notification_overdue_cutoff, d4_window_closed_cutoff};
use serde::Serialize;

/// The days and instants the checks compare with on one sweep day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct QualityCutoffs {
    pub today: NaiveDate,
    pub addicted: NaiveDate,
    pub handover: NaiveDate,
    pub agreement: NaiveDate,
    pub window_closed: NaiveDate,
    /// CASE-1, N16 — releases with an order on or before this day are past follow-up.
    pub release: NaiveDate,
    /// Entries made at or after this instant are looked at (Beijing midnight of the
    /// first recent day).
    pub recent_from: DateTime<Utc>,
}

impl QualityCutoffs {
    pub fn on(today: NaiveDate) -> Self {
        let recent_day = info2_recent_from(today);
        Self {
            today,
            addicted: case1_addicted_without_measure_cutoff(today),
            handover: case2_notification_overdue_cutoff(today),
            agreement: n5_agreement_missing_cutoff(today),
            window_closed: d4_window_closed_cutoff(today),
            release: jiekang_domain::isolation::case1_release_cutoff(today),
            recent_from: jiekang_domain::clock::beijing_midnight_utc(recent_day),
        }
    }
}

/// What one pass of a check changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct QualitySweep {
    pub raised: i64,
    pub cleared: i64,
}

impl QualitySweep {
    pub fn add(&mut self, o: QualitySweep) {
        self.raised += o.raised;
        self.cleared += o.cleared;
    }
}

/// One open (or cleared) finding, as the lists show it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityFinding {
    pub id: i64,
    pub check: QualityCheck,
    pub person_id: i64,
    pub person_name: String,
    pub case_id: Option<i64>,
    pub unit_name: String,
    /// What was seen (dates, counts, the minute of a batch).
    pub detail: String,
    pub raised_on: NaiveDate,
    pub cleared_on: Option<NaiveDate>,
}

/// The open findings of a scope, per check (every check listed, zero included).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct QualityCount {
    pub check: QualityCheck,
    pub open: i64,
}

/// A 倒查 a supervising office opens on a case of its subtree: a task to the township
/// office that keeps the case, answered there and closed by the opener.
#[derive(Debug, Clone, PartialEq)]
pub struct NewTraceBack {
    pub case_id: i64,
    pub question: String,
    pub due_on: NaiveDate,
}
