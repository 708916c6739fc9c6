//! The store's refusals as messages: each [`Refusal`] becomes a catalogue message in
//! the page's language, its values as arguments (dates as dates, states and steps as
//! their words).

use jiekang_domain::case::{CaseState, DateOrderError, IllegalTransition, Step};
use jiekang_domain::term::TermError;
use jiekang_store::Refusal;
use jiekang_store::refusal::RefusalArg;

use super::labels::label_id;
use super::{Arg, Msg, msg};

/// The message of a refusal.
pub fn refusal(r: &Refusal) -> Msg {
    match r {
        Refusal::Text(text) => Msg::recorded(text.as_str()),
        Refusal::Message { id, args, .. } => args.iter().fold(msg(id), |m, (name, value)| {
            m.arg(name, argument(name, value))
        }),
        Refusal::Transition(e) => transition(e),
        Refusal::DateOrder(e) => date_order(e),
        Refusal::Term(e) => term(e),
        Refusal::TestRecord(e) => Msg::recorded(e.to_string()),
        Refusal::UnitCode(e) => super::domain::unit_code_error(e),
    }
}

/// A value as an argument; a state's or a step's code becomes its word.
fn argument(name: &str, value: &RefusalArg) -> Arg {
    match (name, value) {
        ("state", RefusalArg::Text(code)) if CaseState::parse(code).is_some() => {
            Msg::dynamic(label_id("case-state", code)).into()
        }
        ("step", RefusalArg::Text(code)) if Step::parse(code).is_some() => {
            Msg::dynamic(label_id("case-step", code)).into()
        }
        (_, RefusalArg::Text(t)) => Arg::Text(t.clone()),
        (_, RefusalArg::Number(n)) => Arg::Number(*n),
        (_, RefusalArg::Date(d)) => (*d).into(),
    }
}

fn transition(e: &IllegalTransition) -> Msg {
    msg("domain-illegal-transition")
        .arg("state", Msg::dynamic(label_id("case-state", e.from.code())))
        .arg("step", Msg::dynamic(label_id("case-step", e.step.code())))
}

fn date_order(e: &DateOrderError) -> Msg {
    match *e {
        DateOrderError::InFuture(date) => msg("domain-date-in-future").arg("date", date),
        DateOrderError::BeforeDecision { date, decided_on } => msg("domain-date-before-decision")
            .arg("date", date)
            .arg("decided", decided_on),
        DateOrderError::ReportInBeforeService { date, served_on } => {
            msg("domain-report-in-before-service")
                .arg("date", date)
                .arg("served", served_on)
        }
        DateOrderError::BeforeReportIn { date, reported_on } => msg("domain-date-before-report-in")
            .arg("date", date)
            .arg("reported", reported_on),
        DateOrderError::ExpiryBeforeTermEnd { date, earliest } => {
            msg("domain-expiry-before-term-end")
                .arg("date", date)
                .arg("earliest", earliest)
        }
    }
}

fn term(e: &TermError) -> Msg {
    match *e {
        TermError::DetoxYearsNotThree(y) => msg("domain-term-detox-years").arg("years", y),
        TermError::RehabYearsOutOfRange(y) => msg("domain-term-rehab-years").arg("years", y),
        TermError::RehabYearsMissing => msg("domain-term-rehab-years-missing"),
        TermError::SuspensionReversed { from, to } => msg("domain-suspension-reversed")
            .arg("from", from)
            .arg("to", to),
        TermError::SuspensionBeforeReportIn { from, report_in } => {
            msg("domain-suspension-before-report-in")
                .arg("from", from)
                .arg("reported", report_in)
        }
        TermError::SuspensionsOverlap {
            first_from,
            first_to,
            second_from,
        } => msg("domain-suspensions-overlap")
            .arg("from", first_from)
            .arg("to", first_to)
            .arg("second", second_from),
        TermError::SuspensionAfterTermEnd { from, last_day } => {
            msg("domain-suspension-after-term-end")
                .arg("from", from)
                .arg("last", last_day)
        }
        TermError::DateOutOfRange => msg("domain-date-out-of-range"),
    }
}
