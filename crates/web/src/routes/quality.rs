//! INFO-2 质量倒查: the data-quality checks and the trace-backs.

use jiekang_domain::permission::Action;

use super::{Access, Table};
use crate::pages;

pub(super) fn routes(t: Table) -> Table {
    use Access::*;
    t.get(
        "/quality",
        Permission(Action::QualityRead),
        pages::quality::show,
    )
    .get(
        "/quality/trace-backs",
        Permission(Action::QualityTraceBack),
        pages::quality::trace::list,
    )
    .get(
        "/quality/trace-backs/{id}",
        Permission(Action::QualityTraceBack),
        pages::quality::trace::show,
    )
    .post(
        "/quality/trace-backs/{id}/review",
        Permission(Action::QualityTraceBack),
        pages::quality::trace::review,
    )
    .get(
        "/quality/findings",
        Permission(Action::QualityRead),
        pages::quality::list,
    )
    .get(
        "/quality/findings/export.xlsx",
        Permission(Action::QualityRead),
        pages::quality::export,
    )
    .get(
        "/cases/{id}/trace-back",
        Permission(Action::QualityTraceBack),
        pages::quality::trace::new,
    )
    .post(
        "/cases/{id}/trace-back",
        Permission(Action::QualityTraceBack),
        pages::quality::trace::open,
    )
}
