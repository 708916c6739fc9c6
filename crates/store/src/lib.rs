//! # jiekang-store — the storage interface
//!
//! Storage traits in domain terms, one per capability (units, users, accounts,
//! sessions, persons, cases, queues, tasks, supervision, audit, bulk load, sealing, …)
//! under one [`Store`], implemented once per database engine (`jiekang-store-sqlite`,
//! `jiekang-store-postgres`), each with its own migrations and the SQL both share
//! (`engine-sql/`). Callers `use jiekang_store::prelude::*;` for the traits' methods.
//! Every method that touches units, users or persons takes the acting user's
//! [`Scope`]: jurisdiction is enforced here, in the storage layer, and a record outside
//! the scope answers exactly like a missing one.
//!
//! The [`contract`] suite (feature `contract`) runs the same cases on every engine.

pub mod accounts;
// Free text and files sealed at rest
pub mod at_rest;
// Administration in the audit trail
pub mod admin_audit;
pub mod audit_chain;
// GB/T 22239: the audited client address of the request being served
pub mod audit_client;
pub mod bulk;
pub mod calendar;
pub mod cases;
// MMT-1, N17: methadone clinics
pub mod clinics;
pub mod dashboard;
pub mod emergency;
pub mod error;
// INFO-1: import of legacy registers
pub mod imports;
// CASE-1, CASE-2, N16: releases from compulsory isolation
pub mod isolation;
// FAC-1, INSPECT-1: offices and inspections
pub mod inspections;
pub mod model;
pub mod quality;
pub mod refusal;
// CASE-5: stays in a rehabilitation centre
pub mod rehab_stays;
pub mod reports;
pub mod risk;
pub mod rows;
pub mod scope;
// Personal data sealed at rest
pub mod sealed;
// the work system itself: staff register (STAFF-1..4) and funding (FUND-1)
pub mod staff;
// BASE-1, the placement facilities
pub mod placement;
mod store;
// WEL-*, JOB-1, N7: the partner departments' records on a case
pub mod support;
// --- Daily sweep and job leases ---
pub mod sweep;
// 待办事项: tasks addressed to a unit's office
pub mod tasks;

#[cfg(feature = "contract")]
pub mod contract;

pub use error::{StoreError, StoreResult};
pub use refusal::Refusal;
pub use scope::Scope;
pub use store::Store;

/// The storage traits, for method resolution: `use jiekang_store::prelude::*;`.
pub mod prelude {
    pub use crate::store::Clinics;
    // CASE-1, CASE-2, N16
    pub use crate::store::Isolation;
    pub use crate::store::RehabStays;
    #[cfg(feature = "contract")]
    pub use crate::store::TestHooks;
    pub use crate::store::{
        Accounts, AuditLog, BulkLoad, Calendar, Cases, Emergency, Engine, Persons, Quality, Queues,
        Reports, Risk, Sealing, Sessions, Store, Supervision, Sweep, Tasks, Units, Users,
    };
    // the work system itself (STAFF-1..4, FUND-1)
    pub use crate::store::{Funding, Staff};
    // WEL-*, JOB-1, N7
    pub use crate::store::Support;
    // BASE-1
    pub use crate::store::PlacementBases;
    // INFO-1 import
    pub use crate::store::Imports;
    // FAC-1, INSPECT-1
    pub use crate::store::{Inspections, Offices};
}
