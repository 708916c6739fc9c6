//! INFO-2 质量倒查 and N19 on Sqlite: the SQL shared by both engines, in
//! `crates/store/engine-sql/quality.rs`, bound to this engine's types.

use sqlx::Sqlite as Db;

/// Days from the day `recorded_on` to the Beijing day of the instant `entered_at`.
fn entry_delay_days_sql(entered_at: &str, recorded_on: &str) -> String {
    format!("(julianday(date({entered_at}, '+8 hours')) - julianday({recorded_on}))")
}

include!("../../store/engine-sql/quality.rs");
