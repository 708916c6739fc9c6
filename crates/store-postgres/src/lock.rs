//! Session-level advisory locks, so that one of several instances sharing the
//! database runs a job (a purge, a nightly export) while the others skip it.

use jiekang_store::StoreResult;
use sqlx::pool::PoolConnection;
use sqlx::{PgPool, Postgres};

/// A held advisory lock. It lives on one pooled connection; [`AdvisoryLock::release`]
/// unlocks and returns the connection to the pool. Dropped without releasing, the
/// connection is closed instead of pooled, which ends its session and so frees the
/// lock: a pooled connection must never carry a lock over to an unrelated caller.
pub struct AdvisoryLock {
    conn: PoolConnection<Postgres>,
    key: i64,
    released: bool,
}

impl AdvisoryLock {
    pub fn key(&self) -> i64 {
        self.key
    }

    pub async fn release(mut self) -> StoreResult<()> {
        let unlocked: bool = sqlx::query_scalar("SELECT pg_advisory_unlock($1)")
            .bind(self.key)
            .fetch_one(&mut *self.conn)
            .await?;
        // only a connection known to hold no lock goes back to the pool
        self.released = unlocked;
        Ok(())
    }
}

impl Drop for AdvisoryLock {
    fn drop(&mut self) {
        if !self.released {
            self.conn.close_on_drop();
        }
    }
}

pub(crate) async fn try_lock(pool: &PgPool, key: i64) -> StoreResult<Option<AdvisoryLock>> {
    // the guard exists before the lock is asked for, so a cancelled call cannot pool
    // a connection that holds it
    let mut lock = AdvisoryLock {
        conn: pool.acquire().await?,
        key,
        released: false,
    };
    let got: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
        .bind(key)
        .fetch_one(&mut *lock.conn)
        .await?;
    if got {
        Ok(Some(lock))
    } else {
        lock.released = true;
        Ok(None)
    }
}
