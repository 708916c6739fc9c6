//! The storage traits: what the application may ask of a database engine, by
//! capability. Each capability is one trait in its own file below; [`Store`] is all
//! of them, implemented for any type that implements each one, so the application
//! holds an `Arc<dyn Store>`. Bring the traits into scope with
//! `use jiekang_store::prelude::*;` to call their methods on an engine's own type.
//!
//! Methods that read or write units, users or persons take the acting user's
//! [`crate::Scope`]; a record outside it is reported as [`crate::StoreError::NotFound`].
//! Each method is one transaction.

mod accounts;
mod audit;
mod bulk_load;
mod calendar;
mod cases;
mod clinics;
mod emergency;
mod engine;
// INFO-1: import of legacy registers
mod imports;
// CASE-1, CASE-2, N16: releases from compulsory isolation
mod isolation;
mod persons;
// BASE-1, the placement facilities
mod placement;
mod quality;
// CASE-5: stays in a rehabilitation centre
mod queues;
mod rehab_stays;
mod reports;
mod risk;
mod sealing;
mod sessions;
// the work system: staff (STAFF-1..4) and funding (FUND-1)
mod funding;
mod staff;
// FAC-1, INSPECT-1
mod inspections;
mod offices;
mod supervision;
mod support;
mod sweep;
mod tasks;
#[cfg(feature = "contract")]
mod test_hooks;
mod units;
mod users;

pub use accounts::Accounts;
pub use audit::AuditLog;
pub use bulk_load::BulkLoad;
pub use calendar::Calendar;
pub use cases::Cases;
pub use clinics::Clinics;
pub use emergency::Emergency;
pub use engine::Engine;
pub use funding::Funding;
pub use imports::Imports;
pub use inspections::Inspections;
pub use isolation::Isolation;
pub use offices::Offices;
pub use persons::Persons;
pub use placement::PlacementBases;
pub use quality::Quality;
pub use queues::Queues;
pub use rehab_stays::RehabStays;
pub use reports::Reports;
pub use risk::Risk;
pub use sealing::Sealing;
pub use sessions::Sessions;
pub use staff::Staff;
pub use supervision::Supervision;
pub use support::Support;
pub use sweep::Sweep;
pub use tasks::Tasks;
#[cfg(feature = "contract")]
pub use test_hooks::TestHooks;
pub use units::Units;
pub use users::Users;

/// Declare [`Store`] as the sum of the capabilities listed, with its blanket
/// implementation (the list differs only by the test hooks).
macro_rules! store_of {
    ($($capability:ident),+ $(,)?) => {
        /// Everything an engine provides: every capability trait. Implemented for each
        /// type that implements them all; nothing to implement by hand.
        pub trait Store: $($capability +)+ 'static {}

        impl<T: $($capability +)+ 'static> Store for T {}
    };
}

#[cfg(not(feature = "contract"))]
store_of!(
    Engine,
    Units,
    Users,
    Accounts,
    Sessions,
    Persons,
    Cases,
    Queues,
    Reports,
    Risk,
    Tasks,
    Supervision,
    AuditLog,
    Emergency,
    Calendar,
    Sweep,
    BulkLoad,
    Sealing,
    Quality,
    Staff,
    Funding,
    Support,
    Clinics,
    PlacementBases,
    Imports,
    Isolation,
    RehabStays,
    Offices,
    Inspections,
);

#[cfg(feature = "contract")]
store_of!(
    Engine,
    Units,
    Users,
    Accounts,
    Sessions,
    Persons,
    Cases,
    Queues,
    Reports,
    Risk,
    Tasks,
    Supervision,
    AuditLog,
    Emergency,
    Calendar,
    Sweep,
    BulkLoad,
    Sealing,
    Quality,
    Staff,
    Funding,
    Support,
    Clinics,
    PlacementBases,
    Imports,
    Isolation,
    RehabStays,
    Offices,
    Inspections,
    TestHooks,
);

/// Keep the items inside when `jiekang-store` has its `contract` feature, drop them
/// otherwise: an engine's `TestHooks` implementation goes in here.
/// (Cargo unifies features across the build, so an engine's own features cannot tell
/// whether this crate's trait asks for the hooks.)
#[cfg(feature = "contract")]
#[macro_export]
macro_rules! contract_only {
    ($($item:item)*) => {
        $($item)*
    };
}

/// See the `contract` version of this macro: without the feature the items are dropped.
#[cfg(not(feature = "contract"))]
#[macro_export]
macro_rules! contract_only {
    ($($item:item)*) => {};
}
