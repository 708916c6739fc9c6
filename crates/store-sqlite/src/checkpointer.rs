//! WAL checkpoints off the writer's path.
//!
//! By default SQLite folds the write-ahead log back into the database file inside the
//! commit that crosses 1,000 pages, on the committing connection: the single writer
//! then stops for the copy and its `fsync`, and every request waiting to write waits
//! with it. The writer here checkpoints only as a last resort (`WRITER_AUTOCHECKPOINT`);
//! a connection of its own folds the log in the background, in PASSIVE mode, which
//! never blocks a writer or a reader. The log stays small, so readers find pages in
//! it quickly.

use std::time::Duration;

use sqlx::SqlitePool;

/// How often the background checkpoint runs.
const PERIOD: Duration = Duration::from_millis(500);

/// The writer's own automatic checkpoint, in pages (4 KiB each): only if the
/// background one falls far behind (256 times SQLite's default).
pub(crate) const WRITER_AUTOCHECKPOINT: &str = "256000";

/// Fold the log into the file every [`PERIOD`] on `pool` (one connection of its own)
/// until the pool is closed.
pub(crate) fn start(pool: SqlitePool) {
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(PERIOD);
        tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            tick.tick().await;
            if pool.is_closed() {
                break;
            }
            if let Err(e) = sqlx::query("PRAGMA wal_checkpoint(PASSIVE)")
                .execute(&pool)
                .await
            {
                if pool.is_closed() {
                    break;
                }
                tracing::warn!(error = %e, "background WAL checkpoint failed");
            }
        }
    });
}
