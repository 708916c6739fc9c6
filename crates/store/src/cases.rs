//! Case work: the order's life, its records and the work queues. The
//! engine-independent parts live here; each engine runs the same SQL text
//! (`engine-sql/cases/`, included by both) against its own schema.

mod archive;
mod command;
mod ids;
mod model;
mod plan;
mod queue;

pub use archive::*;
pub use command::*;
pub use ids::*;
pub use model::*;
pub use plan::*;
pub use queue::*;
