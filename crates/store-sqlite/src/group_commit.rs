//! Group commit on the single writer.
//!
//! SQLite has one writer, and in WAL mode every commit makes every reader connection
//! drop its page cache at its next read. A busy district committed once per archive
//! opened (its audit record) and once per test recorded, so the readers re-read their
//! pages from the kernel again and again. Here one task owns the writer's turn: it
//! takes every change and every audit record waiting at that moment, runs each change
//! in a savepoint of one transaction, appends the records, and commits once.
//!
//! Nothing is lost and nothing is partly written:
//! - a request is answered only after the transaction that holds its change committed;
//! - a change that fails is rolled back to its savepoint, alone, and answered with its
//!   own error; the others in the batch go on;
//! - if the transaction itself fails, every request of the batch gets an error, and
//!   none of it is kept.
//!
//! Within a batch the changes run one after the other, in the order they arrived, as
//! they would have on the single writer: a second change to the same case sees the
//! first and is refused as stale.

use futures_util::future::BoxFuture;
use jiekang_store::model::AuditEntry;
use jiekang_store::{StoreError, StoreResult};
use sqlx::{Connection, SqliteConnection, SqlitePool};
use tokio::sync::{mpsc, oneshot};

/// Jobs taken into one transaction at most (an audit record binds 15 values; SQLite
/// allows 32,766 per statement).
const MAX_BATCH: usize = 512;

/// Jobs waiting for the writer at most; a request beyond that waits for room.
const QUEUE_DEPTH: usize = 4_096;

/// What a change leaves to do once the batch's fate is known: `None` when it
/// committed, else why not.
type Finish = Box<dyn FnOnce(Option<&str>) + Send>;

/// A change: its writes on the batch's connection, then whether they stand.
type Work =
    Box<dyn for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, (bool, Finish)> + Send>;

enum Job {
    /// An audit record of its own (a read, an export, a login).
    Audit {
        entry: AuditEntry,
        done: oneshot::Sender<StoreResult<()>>,
    },
    Change(Work),
}

/// The handle requests write through; cheap to clone, one writer task behind it.
#[derive(Clone)]
pub(crate) struct GroupCommit {
    jobs: mpsc::Sender<Job>,
}

impl GroupCommit {
    /// Start the writer task on the current runtime; it ends with the last handle.
    pub(crate) fn start(write: SqlitePool) -> Self {
        let (jobs, rx) = mpsc::channel(QUEUE_DEPTH);
        tokio::spawn(run(write, rx));
        Self { jobs }
    }

    /// Append `entry` to the audit trail; returns once it is committed.
    pub(crate) async fn audit(&self, entry: AuditEntry) -> StoreResult<()> {
        let (done, answer) = oneshot::channel();
        self.jobs
            .send(Job::Audit { entry, done })
            .await
            .map_err(|_| not_run())?;
        answer.await.map_err(|_| not_run())?
    }

    /// Run `work` as one change (all of it or none); returns its result once committed.
    pub(crate) async fn change<T, F>(&self, work: F) -> StoreResult<T>
    where
        T: Send + 'static,
        F: for<'c> FnOnce(&'c mut SqliteConnection) -> BoxFuture<'c, StoreResult<T>>
            + Send
            + 'static,
    {
        let (done, answer) = oneshot::channel::<StoreResult<T>>();
        let work: Work = Box::new(move |conn| {
            Box::pin(async move {
                let result = work(conn).await;
                let ok = result.is_ok();
                let finish: Finish = Box::new(move |failed: Option<&str>| {
                    let _ = done.send(match (result, failed) {
                        (Ok(value), None) => Ok(value),
                        (Ok(_), Some(why)) => Err(batch_failed(why)),
                        (Err(e), _) => Err(e),
                    });
                });
                (ok, finish)
            })
        });
        self.jobs
            .send(Job::Change(work))
            .await
            .map_err(|_| not_run())?;
        answer.await.map_err(|_| not_run())?
    }
}

/// The batch failed before this job ran, or the writer task is gone: nothing of it was
/// written.
fn not_run() -> StoreError {
    StoreError::Backend("写入未执行 (the write batch failed or stopped before this change)".into())
}

fn batch_failed(why: &str) -> StoreError {
    StoreError::Backend(format!("写入批次未能提交 (the write batch did not commit): {why}").into())
}

/// The cause, for each request's log (a backend error shows only its kind).
fn cause(e: StoreError) -> String {
    match e {
        StoreError::Backend(cause) => cause.to_string(),
        other => other.to_string(),
    }
}

async fn run(write: SqlitePool, mut rx: mpsc::Receiver<Job>) {
    let mut jobs: Vec<Job> = Vec::with_capacity(MAX_BATCH);
    // Everything waiting now, at least one: the longer the writer was busy, the more
    // jobs share the next commit.
    while rx.recv_many(&mut jobs, MAX_BATCH).await > 0 {
        let mut entries = Vec::new();
        let mut audited = Vec::new();
        let mut changes = Vec::new();
        for job in jobs.drain(..) {
            match job {
                Job::Audit { entry, done } => {
                    entries.push(entry);
                    audited.push(done);
                }
                Job::Change(work) => changes.push(work),
            }
        }
        tracing::debug!(
            changes = changes.len(),
            records = entries.len(),
            "group commit"
        );
        let mut finished: Vec<Finish> = Vec::with_capacity(changes.len());
        let outcome = batch(&write, changes, &entries, &mut finished).await;
        let failed = outcome.err().map(cause);
        for finish in finished {
            finish(failed.as_deref());
        }
        for done in audited {
            // A request that gave up (its client left) no longer listens; what it
            // wrote stands all the same.
            let _ = done.send(match &failed {
                None => Ok(()),
                Some(why) => Err(batch_failed(why)),
            });
        }
    }
}

/// One transaction: each change in its savepoint, then the audit records, then COMMIT.
/// Changes not reached when it fails are dropped unrun (their requests get
/// [`not_run`]).
async fn batch(
    write: &SqlitePool,
    changes: Vec<Work>,
    entries: &[AuditEntry],
    finished: &mut Vec<Finish>,
) -> StoreResult<()> {
    let mut tx = write.begin().await?;
    for work in changes {
        let mut savepoint = tx.begin().await?;
        let (ok, finish) = work(&mut savepoint).await;
        finished.push(finish);
        if ok {
            savepoint.commit().await?;
        } else {
            savepoint.rollback().await?;
        }
    }
    crate::audit::append_all(&mut tx, entries).await?;
    tx.commit().await?;
    Ok(())
}
