//! INFO-2 质量倒查 and N19 on PostgreSQL: the SQL shared by both engines, in
//! `crates/store/engine-sql/quality.rs`, bound to this engine's types.

use sqlx::Postgres as Db;

/// Days from the day `recorded_on` to the Beijing day of the instant `entered_at`.
fn entry_delay_days_sql(entered_at: &str, recorded_on: &str) -> String {
    format!("(CAST(({entered_at} AT TIME ZONE 'Asia/Shanghai') AS DATE) - {recorded_on})")
}

include!("../../store/engine-sql/quality.rs");
