//! The forms of case work, parsed at the edge into typed store commands. Every field
//! is a string as posted; each bad field gets its own Chinese message, all at once.

use chrono::{NaiveDate, NaiveDateTime};
use jiekang_domain::breach::WarningManner;
use jiekang_domain::case::{PlaceBasis, Step};
use jiekang_domain::compliance::TestOutcome;
use jiekang_domain::measure::Measure;
use jiekang_domain::records::{Sample, TalkKind, TestKind};
use jiekang_domain::text::{clean_note, clean_text};
use jiekang_store::cases::{CaseCommand, NewCase, NewDrugTest, StepInput};
use serde::{Deserialize, Serialize};

use crate::error::FieldErrors;
use crate::i18n::domain::text_error;
use crate::i18n::msg;

/// Longest free text kept in a note.
const NOTE_MAX: usize = 2000;
/// Longest short text (names, places, numbers).
const SHORT_MAX: usize = 100;

struct Fields {
    errors: FieldErrors,
}

impl Fields {
    fn new() -> Self {
        Self { errors: Vec::new() }
    }

    fn date(&mut self, field: &'static str, value: &str, required: bool) -> Option<NaiveDate> {
        let v = value.trim();
        if v.is_empty() {
            if required {
                self.errors.push((field, msg("case-enter-date")));
            }
            return None;
        }
        match NaiveDate::parse_from_str(v, "%Y-%m-%d") {
            Ok(d) => Some(d),
            Err(_) => {
                self.errors.push((field, msg("common-date-format")));
                None
            }
        }
    }

    fn short(&mut self, field: &'static str, value: &str, required: bool) -> String {
        match clean_text(value, usize::from(required), SHORT_MAX) {
            Ok(v) => v,
            Err(e) => {
                self.errors.push((field, text_error(&e, None)));
                String::new()
            }
        }
    }

    fn note(&mut self, field: &'static str, value: &str) -> String {
        match clean_note(value, NOTE_MAX) {
            Ok(v) => v,
            Err(e) => {
                self.errors.push((field, text_error(&e, None)));
                String::new()
            }
        }
    }

    fn choice<T>(&mut self, field: &'static str, parsed: Option<T>) -> Option<T> {
        if parsed.is_none() {
            self.errors.push((field, msg("case-please-choose")));
        }
        parsed
    }

    fn id(&mut self, field: &'static str, value: &str) -> Option<i64> {
        let v = value.trim().parse().ok();
        if v.is_none() {
            self.errors.push((field, msg("case-please-choose")));
        }
        v
    }

    fn finish<T>(self, value: Option<T>) -> Result<T, FieldErrors> {
        match value {
            Some(v) if self.errors.is_empty() => Ok(v),
            _ if self.errors.is_empty() => Err(vec![("form", msg("error-invalid"))]),
            _ => Err(self.errors),
        }
    }
}

/// The version the user saw, carried by every case form (optimistic concurrency).
pub fn parse_version(value: &str) -> Result<i64, FieldErrors> {
    value
        .trim()
        .parse()
        .map_err(|_| vec![("version", msg("case-form-has-expired-reload"))])
}

/// The decision form (CASE-1).
#[derive(Debug, Default, Clone, Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CaseForm {
    pub unit_id: String,
    pub measure: String,
    pub decided_years: String,
    pub deciding_organ: String,
    pub decision_number: String,
    pub decided_on: String,
    pub served_on: String,
    pub family_served_on: String,
    pub place_basis: String,
    pub work_group: String,
}

pub fn parse_case(form: &CaseForm, person_id: i64, seed: i64) -> Result<NewCase, FieldErrors> {
    let mut f = Fields::new();
    let unit_id = f.id("unit_id", &form.unit_id);
    let measure = f.choice("measure", Measure::parse(form.measure.trim()));
    let decided_years = match form.decided_years.trim() {
        "" => None,
        y => match y.parse::<u8>() {
            Ok(y) => Some(y),
            Err(_) => {
                f.errors
                    .push(("decided_years", msg("case-enter-whole-number-from")));
                None
            }
        },
    };
    if measure == Some(Measure::CommunityRehab) && decided_years.is_none() {
        f.errors.push((
            "decided_years",
            msg("case-community-rehabilitation-needs-term"),
        ));
    }
    let decided_years = if measure == Some(Measure::CommunityDetox) {
        None
    } else {
        decided_years
    };
    let deciding_organ = f.short("deciding_organ", &form.deciding_organ, true);
    let decision_number = f.short("decision_number", &form.decision_number, true);
    let decided_on = f.date("decided_on", &form.decided_on, true);
    let served_on = f.date("served_on", &form.served_on, false);
    let family_served_on = f.date("family_served_on", &form.family_served_on, false);
    let place_basis = f.choice("place_basis", PlaceBasis::parse(form.place_basis.trim()));
    let work_group = f.note("work_group", &form.work_group);
    let value = (|| {
        Some(NewCase {
            person_id,
            unit_id: unit_id?,
            measure: measure?,
            decided_years,
            deciding_organ: deciding_organ.clone(),
            decision_number: decision_number.clone(),
            decided_on: decided_on?,
            served_on,
            family_served_on,
            place_basis: place_basis?,
            work_group: work_group.clone(),
            seed,
        })
    })();
    f.finish(value)
}

/// A step of the state machine.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct StepForm {
    pub version: String,
    pub step: String,
    pub on: String,
    pub note: String,
    /// 申请变更执行地: the receiving unit; 接收变更执行地: the community that will carry
    /// the case out. The unit's code, its full path ending in `(code)`, a name only one
    /// unit has, or its id (`crate::unit_picker`).
    pub transfer_to_unit_id: String,
    pub served_on: String,
}

pub fn parse_step(form: &StepForm) -> Result<CaseCommand, FieldErrors> {
    let mut f = Fields::new();
    let step = f.choice("step", Step::parse(form.step.trim()));
    let on = f.date("on", &form.on, true);
    let note = f.note("note", &form.note);
    // CASE-4: the receiving unit of a request; the community chosen on acceptance
    let transfer_to_unit_id = if step == Some(Step::RequestTransfer)
        || step == Some(Step::AcceptTransfer) && !form.transfer_to_unit_id.trim().is_empty()
    {
        f.id("transfer_to_unit_id", &form.transfer_to_unit_id)
    } else {
        None
    };
    let served_on = f.date("served_on", &form.served_on, false);
    let value = (|| {
        Some(CaseCommand::Step(StepInput {
            step: step?,
            on: on?,
            note: note.clone(),
            transfer_to_unit_id,
            served_on,
        }))
    })();
    f.finish(value)
}

/// A drug test (N20).
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TestForm {
    pub version: String,
    pub tested_on: String,
    pub tested_time: String,
    pub kind: String,
    pub sample: String,
    pub outcome: String,
    pub substances: String,
    pub tester_1: String,
    pub tester_2: String,
    pub sample_a: String,
    pub sample_b: String,
    pub planned: String,
    pub female_tester_present: String,
    pub note: String,
}

pub fn parse_test(form: &TestForm) -> Result<CaseCommand, FieldErrors> {
    let mut f = Fields::new();
    let on = f.date("tested_on", &form.tested_on, true);
    let time = match form.tested_time.trim() {
        "" => chrono::NaiveTime::from_hms_opt(9, 0, 0),
        t => match chrono::NaiveTime::parse_from_str(t, "%H:%M") {
            Ok(t) => Some(t),
            Err(_) => {
                f.errors
                    .push(("tested_time", msg("case-times-look-like-09")));
                None
            }
        },
    };
    let kind = f.choice("kind", TestKind::parse(form.kind.trim()));
    let outcome = f.choice("outcome", TestOutcome::parse(form.outcome.trim()));
    let sample = Sample::parse(form.sample.trim());
    let substances = f.short("substances", &form.substances, false);
    let tester_1 = f.short("tester_1", &form.tester_1, true);
    let tester_2 = f.short("tester_2", &form.tester_2, true);
    let sample_a = f.short("sample_a", &form.sample_a, false);
    let sample_b = f.short("sample_b", &form.sample_b, false);
    let note = f.note("note", &form.note);
    let value = (|| {
        Some(CaseCommand::Test(NewDrugTest {
            tested_at: NaiveDateTime::new(on?, time?),
            kind: kind?,
            sample,
            outcome: outcome?,
            substances: substances.clone(),
            tester_1: tester_1.clone(),
            tester_2: tester_2.clone(),
            sample_a: sample_a.clone(),
            sample_b: sample_b.clone(),
            planned: form.planned == "yes",
            female_tester_present: form.female_tester_present == "yes",
            note: note.clone(),
        }))
    })();
    f.finish(value)
}

/// Talks, searches, warnings, alert requests, absences, leave and the work group: one
/// form with a `kind`, each kind reading the fields it needs.
#[derive(Debug, Default, Clone, Deserialize, Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RecordForm {
    pub version: String,
    pub kind: String,
    pub on: String,
    pub from: String,
    pub to: String,
    pub talk_kind: String,
    pub place: String,
    pub outcome: String,
    pub who: String,
    pub destination: String,
    pub note: String,
    pub leave_id: String,
    pub approve: String,
    pub test_id: String,
    /// N10 — how a warning was given (`oral`, `written`; oral when blank).
    pub manner: String,
}

impl RecordForm {
    /// What a form may leave blank, filled in: a warning's "who warned" is the user
    /// entering it, and a leave request is made today, unless the form says otherwise.
    pub fn with_defaults(mut self, entering_user: &str, today: NaiveDate) -> Self {
        match self.kind.trim() {
            "warning" if self.who.trim().is_empty() => self.who = entering_user.to_owned(),
            "leave_requested" if self.on.trim().is_empty() => self.on = today.to_string(),
            _ => {}
        }
        self
    }
}

pub fn parse_record(form: &RecordForm) -> Result<CaseCommand, FieldErrors> {
    let mut f = Fields::new();
    let note = f.note("note", &form.note);
    let value = match form.kind.trim() {
        "talk" => {
            let kind = f.choice("talk_kind", TalkKind::parse(form.talk_kind.trim()));
            let on = f.date("on", &form.on, true);
            let who = f.short("who", &form.who, true);
            (|| {
                Some(CaseCommand::Talk {
                    kind: kind?,
                    on: on?,
                    note: note.clone(),
                    collected_by: who.clone(),
                })
            })()
        }
        "search" => {
            let on = f.date("on", &form.on, true);
            let place = f.short("place", &form.place, true);
            let outcome = f.short("outcome", &form.outcome, true);
            let who = f.short("who", &form.who, true);
            on.map(|on| CaseCommand::Search {
                on,
                place,
                outcome,
                searched_by: who,
            })
        }
        "alert_requested" => f
            .date("on", &form.on, true)
            .map(|on| CaseCommand::AlertRequested {
                on,
                note: note.clone(),
            }),
        "warning" => {
            // N10: when, who warned and how.
            let on = f.date("on", &form.on, true);
            let by = f.short("who", &form.who, true);
            let manner = match form.manner.trim() {
                "" => Some(WarningManner::Oral),
                m => f.choice("manner", WarningManner::parse(m)),
            };
            (|| {
                Some(CaseCommand::Warning {
                    on: on?,
                    by: by.clone(),
                    manner: manner?,
                    note: note.clone(),
                })
            })()
        }
        "absence" => {
            let from = f.date("from", &form.from, true);
            let to = f.date("to", &form.to, true);
            (|| {
                Some(CaseCommand::Absence {
                    from: from?,
                    to: to?,
                    note: note.clone(),
                })
            })()
        }
        "leave_requested" => {
            let on = f.date("on", &form.on, true);
            let from = f.date("from", &form.from, true);
            let to = f.date("to", &form.to, true);
            let destination = f.short("destination", &form.destination, true);
            (|| {
                Some(CaseCommand::RequestLeave {
                    on: on?,
                    from: from?,
                    to: to?,
                    destination: destination.clone(),
                    reason: note.clone(),
                })
            })()
        }
        "leave_decided" => {
            let leave_id = f.id("leave_id", &form.leave_id);
            let on = f.date("on", &form.on, true);
            (|| {
                Some(CaseCommand::DecideLeave {
                    leave_id: leave_id?,
                    approve: form.approve == "yes",
                    on: on?,
                })
            })()
        }
        "leave_returned" => {
            let leave_id = f.id("leave_id", &form.leave_id);
            let on = f.date("on", &form.on, true);
            (|| {
                Some(CaseCommand::LeaveReturned {
                    leave_id: leave_id?,
                    on: on?,
                })
            })()
        }
        "police_notified" => {
            let test_id = f.id("test_id", &form.test_id);
            let on = f.date("on", &form.on, true);
            (|| {
                Some(CaseCommand::PoliceNotified {
                    test_id: test_id?,
                    on: on?,
                })
            })()
        }
        "work_group" => Some(CaseCommand::WorkGroup {
            members: note.clone(),
        }),
        _ => {
            f.errors.push(("kind", msg("case-unknown-kind-record")));
            None
        }
    };
    f.finish(value)
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests;

mod profile;
pub use profile::{ProfileForm, parse_profile};

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod props;
