//! The working-day calendar (D2): the State Council's notices entered at run time.

use async_trait::async_trait;

use crate::error::StoreResult;
use crate::model::StoredCalendarNotice;

#[async_trait]
pub trait Calendar: Send + Sync {
    /// The notice in force for each year entered at run time (newest per year), by year.
    async fn calendar_notices(&self) -> StoreResult<Vec<StoredCalendarNotice>>;
    /// Record notices (year, notice text) in one transaction; each replaces its year.
    async fn save_calendar_notices(
        &self,
        entered_by: Option<i64>,
        notices: &[(i32, String)],
    ) -> StoreResult<()>;
}
