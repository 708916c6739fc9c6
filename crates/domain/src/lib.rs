//! # jiekang-domain — 戒康 domain rules
//!
//! Pure functions and typed values. No I/O, no async, no database types.
//! Every statutory (N*) or decided (D*) rule of `shared/spec/national-rules.md`
//! and every numeric rule of `requirements.md` lives here exactly once, named
//! after its requirement; handlers, the store and the CLI call these functions
//! and never re-derive a rule.

pub mod age;
pub mod answer;
pub mod breach;
pub mod calendar;
pub mod case;
pub mod caseload;
pub mod clinic;
pub mod clock;
mod code;
pub mod compliance;
pub mod deadline;
pub mod documents;
pub mod facilities;
pub mod funding;
pub mod id_number;
pub mod import;
pub mod inspection;
pub mod isolation;
pub mod lockout;
pub mod measure;
pub mod metrics;
pub mod org;
pub mod password;
pub mod permission;
pub mod placement;
pub mod quality;
pub mod records;
pub mod rehab_centre;
pub mod report;
pub mod risk;
pub mod schedule;
pub mod second_factor;
#[cfg(feature = "sqlx")]
mod sql;
pub mod staff;
pub mod staffing;
pub mod supervision;
pub mod support;
pub mod sweep;
pub mod task;
pub mod term;
pub mod text;
pub mod welfare;
