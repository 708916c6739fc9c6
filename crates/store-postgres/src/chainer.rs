//! The background chainer of one instance: every [`INTERVAL`] it chains the records
//! waiting in `audit_pending` ([`crate::audit::chain_pending`]), all of them in one
//! transaction (a flush to disk) per batch; whatever reads the trail chains what is
//! waiting first, so no reader waits for the tick. Several instances each run one; they
//! take turns on the chain head's lock.

use std::time::Duration;

use sqlx::PgPool;
use tokio::sync::mpsc;

/// How long a record waits at most before a chainer takes it (unless a reader does).
const INTERVAL: Duration = Duration::from_millis(200);

/// The task's handle; the task ends with the last handle (nothing is ever sent: the
/// channel only tells the task when the store is gone).
#[derive(Clone)]
pub(crate) struct Chainer {
    _alive: mpsc::Sender<()>,
}

impl Chainer {
    /// Start the task on the current runtime.
    pub(crate) fn start(pool: PgPool) -> Self {
        let (alive, rx) = mpsc::channel(1);
        tokio::spawn(run(pool, rx));
        Self { _alive: alive }
    }
}

/// Whether the database has the waiting room yet (a store opened before its migrations,
/// as `jiekang migrate` opens one, has nothing to chain).
async fn migrated(pool: &PgPool) -> bool {
    sqlx::query_scalar::<_, bool>("SELECT to_regclass('audit_pending') IS NOT NULL")
        .fetch_one(pool)
        .await
        .unwrap_or(false)
}

async fn run(pool: PgPool, mut alive: mpsc::Receiver<()>) {
    let mut ready = false;
    loop {
        // Ok(None): every handle is gone, the store with them
        if let Ok(None) = tokio::time::timeout(INTERVAL, alive.recv()).await {
            return;
        }
        if pool.is_closed() {
            return;
        }
        if !ready {
            ready = migrated(&pool).await;
            if !ready {
                continue;
            }
        }
        match crate::audit::chain_pending(&pool).await {
            Ok(0) => {}
            Ok(n) => tracing::debug!(records = n, "audit records chained"),
            Err(e) => {
                tracing::warn!(error = %e, "chaining audit records failed; retried at the next tick")
            }
        }
    }
}
