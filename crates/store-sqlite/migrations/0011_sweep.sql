-- Issue #6 items 3–4: the daily sweep and the leases that let exactly one of several
-- instances run a job for a period.

-- A job's period claimed by one holder (INSERT … ON CONFLICT DO NOTHING); a holder
-- that crashed leaves a lease that expires, and another instance may take it over.
CREATE TABLE job_leases (
    job         TEXT NOT NULL,
    period      TEXT NOT NULL,
    holder      TEXT NOT NULL,
    acquired_at TEXT NOT NULL,
    expires_at  TEXT NOT NULL,
    finished_at TEXT,
    PRIMARY KEY (job, period)
) WITHOUT ROWID;

-- One row per completed sweep (its period is a day).
CREATE TABLE sweep_runs (
    period                  TEXT    NOT NULL PRIMARY KEY,
    holder                  TEXT    NOT NULL,
    started_at              TEXT    NOT NULL,
    finished_at             TEXT    NOT NULL,
    windows_missed          INTEGER NOT NULL,
    windows_void            INTEGER NOT NULL,
    notification_overdue    INTEGER NOT NULL,
    report_in_overdue       INTEGER NOT NULL,
    term_ended              INTEGER NOT NULL,
    handover_unacknowledged INTEGER NOT NULL,
    flags_cleared           INTEGER NOT NULL
) WITHOUT ROWID;

-- D4: the sweep's verdict on a window that closed with no test: 1 missed (漏检),
-- 0 void (the case closed first); NULL while open, done or not yet swept.
ALTER TABLE test_windows ADD COLUMN missed INTEGER;
CREATE INDEX test_windows_unswept ON test_windows(ends_on) WHERE done_on IS NULL AND missed IS NULL;

-- Tasks the sweep raises on a case (N3 逾期未报到, CASE-2, N12 期满待解除, 必送必接);
-- cleared by the sweep once the condition no longer holds.
CREATE TABLE case_flags (
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    kind       TEXT    NOT NULL,
    due_on     TEXT    NOT NULL,
    unit_path  TEXT    NOT NULL,
    raised_on  TEXT    NOT NULL,
    cleared_on TEXT,
    PRIMARY KEY (case_id, kind, due_on)
) WITHOUT ROWID;
CREATE INDEX case_flags_open ON case_flags(unit_path, kind, due_on) WHERE cleared_on IS NULL;
CREATE INDEX case_flags_open_case ON case_flags(kind, case_id) WHERE cleared_on IS NULL;
