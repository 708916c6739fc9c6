-- Issue 20: the work system itself. STAFF-4 — the staff register: every full-time and
-- part-time worker and the township's cadres in charge, with sex (STAFF-3), post
-- (STAFF-1/2), employment mode, unit, start and end, training, awards and sanctions;
-- linked to a user account where the worker has one. A worker counts for the staffing
-- report (STAFF-1..3) on the days from started_on to ended_on.
CREATE TABLE staff (
    id             BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id        BIGINT  NOT NULL REFERENCES units(id),
    unit_path      TEXT COLLATE "C" NOT NULL,
    name           TEXT    NOT NULL,
    sex            TEXT    NOT NULL,
    post           TEXT    NOT NULL,
    employment     TEXT    NOT NULL,
    user_id        BIGINT REFERENCES users(id),
    started_on     DATE    NOT NULL,
    -- NULL: still serving
    ended_on       DATE,
    training_hours BIGINT NOT NULL DEFAULT 0,
    courses        TEXT    NOT NULL DEFAULT '',
    awards         TEXT    NOT NULL DEFAULT '',
    sanctions      TEXT    NOT NULL DEFAULT '',
    created_at     TIMESTAMPTZ    NOT NULL,
    created_by     BIGINT  NOT NULL REFERENCES users(id),
    updated_at     TIMESTAMPTZ    NOT NULL,
    updated_by     BIGINT  NOT NULL REFERENCES users(id),
    version        BIGINT NOT NULL DEFAULT 1
);
-- the register of a scope, keyset by id; the report's per-unit counts
CREATE INDEX staff_scope ON staff(unit_path, id);
-- one serving register entry per user account
CREATE UNIQUE INDEX staff_user ON staff(user_id) WHERE user_id IS NOT NULL AND ended_on IS NULL;

-- FUND-1 — money of the work, in fen: budgets of a level's year, allocations to the
-- units below and spending, each by category (staff, office, testing, training, rewards).
CREATE TABLE funding_entries (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id     BIGINT  NOT NULL REFERENCES units(id),
    unit_path   TEXT COLLATE "C" NOT NULL,
    year        BIGINT NOT NULL,
    kind        TEXT    NOT NULL,
    category    TEXT    NOT NULL,
    amount_fen  BIGINT NOT NULL CHECK (amount_fen > 0),
    entered_on  DATE    NOT NULL,
    note        TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ    NOT NULL,
    created_by  BIGINT  NOT NULL REFERENCES users(id)
);
-- the entries of a scope's year, keyset by id; the report's sums
CREATE INDEX funding_scope ON funding_entries(year, unit_path, id);
-- persons under a measure in a year: cases by scope and decision (FUND-1)
CREATE INDEX cases_scope_decided ON cases(unit_path, decided_on);
