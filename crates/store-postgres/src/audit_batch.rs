//! Audit records of their own share a transaction.
//!
//! Every append locks the chain head until its transaction commits, so on one
//! database all appends of all instances take turns, each turn as long as a commit.
//! A record that belongs to no change (an archive read, a login, an export) need not
//! have a turn of its own: one task per instance takes every such record waiting at
//! that moment and appends them in one transaction, so the turns are shared by as many
//! reads as arrived while the previous turn ran. Changes keep appending their record
//! in their own transaction, with the change (the record stands or falls with it).
//!
//! A request is answered only after the transaction holding its record committed; if
//! it fails, every request of that batch gets an error and none of the batch is kept.

use jiekang_store::model::AuditEntry;
use jiekang_store::{StoreError, StoreResult};
use sqlx::PgPool;
use tokio::sync::{mpsc, oneshot};

/// Records taken into one transaction at most.
const MAX_BATCH: usize = 256;

/// Records waiting at most; a request beyond that waits for room.
const QUEUE_DEPTH: usize = 4_096;

struct Job {
    entry: AuditEntry,
    done: oneshot::Sender<StoreResult<()>>,
}

/// The handle requests append through; cheap to clone, one task behind it.
#[derive(Clone)]
pub(crate) struct AuditBatch {
    jobs: mpsc::Sender<Job>,
}

impl AuditBatch {
    /// Start the appending task on the current runtime; it ends with the last handle.
    pub(crate) fn start(pool: PgPool) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(run(pool, rx));
        Self { jobs }
    }

    /// Append `entry` to the audit trail; returns once it is committed.
    pub(crate) async fn append(&self, entry: AuditEntry) -> StoreResult<()> {
        let (done, answer) = oneshot::channel();
        self.jobs
            .send(Job { entry, done })
            .await
            .map_err(|_| not_run())?;
        answer.await.map_err(|_| not_run())?
    }
}

fn not_run() -> StoreError {
    StoreError::Backend("审计记录未写入 (the audit batch stopped before this record)".into())
}

async fn run(pool: PgPool, mut rx: mpsc::Receiver<Job>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let (entries, answers): (Vec<AuditEntry>, Vec<_>) =
            jobs.drain(..).map(|j| (j.entry, j.done)).unzip();
        tracing::debug!(records = entries.len(), "audit batch");
        let failed = append_batch(&pool, &entries).await.err().map(|e| match e {
            StoreError::Backend(cause) => cause.to_string(),
            other => other.to_string(),
        });
        for done in answers {
            // a request whose client left no longer listens; its record stands all the same
            let _ = done.send(match &failed {
                None => Ok(()),
                Some(why) => Err(StoreError::Backend(
                    format!("审计记录未能提交 (the audit batch did not commit): {why}").into(),
                )),
            });
        }
    }
}

async fn append_batch(pool: &PgPool, entries: &[AuditEntry]) -> StoreResult<()> {
    let mut tx = pool.begin().await?;
    crate::audit::append_all(&mut tx, entries).await?;
    tx.commit().await?;
    Ok(())
}
