-- Issue #6 items 3–4: the daily sweep and the leases that let exactly one of several
-- instances run a job for a period.

-- A job's period claimed by one holder (INSERT … ON CONFLICT DO NOTHING); a holder
-- that crashed leaves a lease that expires, and another instance may take it over.
CREATE TABLE job_leases (
    job         TEXT NOT NULL,
    period      TEXT NOT NULL,
    holder      TEXT NOT NULL,
    acquired_at TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    finished_at TIMESTAMPTZ,
    PRIMARY KEY (job, period)
);

-- One row per completed sweep (its period is a day).
CREATE TABLE sweep_runs (
    period                  TEXT   NOT NULL PRIMARY KEY,
    holder                  TEXT   NOT NULL,
    started_at              TIMESTAMPTZ NOT NULL,
    finished_at             TIMESTAMPTZ NOT NULL,
    windows_missed          BIGINT NOT NULL,
    windows_void            BIGINT NOT NULL,
    notification_overdue    BIGINT NOT NULL,
    report_in_overdue       BIGINT NOT NULL,
    term_ended              BIGINT NOT NULL,
    handover_unacknowledged BIGINT NOT NULL,
    flags_cleared           BIGINT NOT NULL
);

-- D4: the sweep's verdict on a window that closed with no test: TRUE missed (漏检),
-- FALSE void (the case closed first); NULL while open, done or not yet swept.
ALTER TABLE test_windows ADD COLUMN missed BOOLEAN;
CREATE INDEX test_windows_unswept ON test_windows(ends_on) WHERE done_on IS NULL AND missed IS NULL;

-- Tasks the sweep raises on a case (N3 逾期未报到, CASE-2, N12 期满待解除, 必送必接);
-- cleared by the sweep once the condition no longer holds.
CREATE TABLE case_flags (
    case_id    BIGINT NOT NULL REFERENCES cases(id),
    kind       TEXT   NOT NULL,
    due_on     DATE   NOT NULL,
    unit_path  TEXT COLLATE "C" NOT NULL,
    raised_on  DATE   NOT NULL,
    cleared_on DATE,
    PRIMARY KEY (case_id, kind, due_on)
);
CREATE INDEX case_flags_open ON case_flags(unit_path, kind, due_on) WHERE cleared_on IS NULL;
CREATE INDEX case_flags_open_case ON case_flags(kind, case_id) WHERE cleared_on IS NULL;
