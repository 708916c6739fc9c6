-- STAT-1, issue #6 — the supervision dashboards without GROUP BY over millions of rows
-- per request (see jiekang_store::dashboard for the design).

-- Orders per unit and group (state; served; reported), maintained by triggers in the
-- transaction of every case change, so no write path can forget it. A unit's figure
-- is a sum over the rows of its subtree (a range on unit_path).
CREATE TABLE unit_case_counts (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    unit_path TEXT    NOT NULL,
    state     TEXT    NOT NULL,
    served    INTEGER NOT NULL,
    reported  INTEGER NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (unit_id, state, served, reported)
);
CREATE INDEX unit_case_counts_scope ON unit_case_counts(unit_path);
INSERT INTO unit_case_counts (unit_id, unit_path, state, served, reported, n)
    SELECT unit_id, unit_path, state, served_on IS NOT NULL, reported_on IS NOT NULL, COUNT(*)
    FROM cases GROUP BY unit_id, unit_path, state, served_on IS NOT NULL, reported_on IS NOT NULL;

CREATE TRIGGER cases_counted_on_insert AFTER INSERT ON cases BEGIN
    INSERT INTO unit_case_counts (unit_id, unit_path, state, served, reported, n)
    VALUES (NEW.unit_id, NEW.unit_path, NEW.state, NEW.served_on IS NOT NULL,
            NEW.reported_on IS NOT NULL, 1)
    ON CONFLICT(unit_id, state, served, reported) DO UPDATE SET n = n + 1;
END;
CREATE TRIGGER cases_counted_on_delete AFTER DELETE ON cases BEGIN
    UPDATE unit_case_counts SET n = n - 1
    WHERE unit_id = OLD.unit_id AND state = OLD.state AND served = (OLD.served_on IS NOT NULL)
      AND reported = (OLD.reported_on IS NOT NULL);
END;
CREATE TRIGGER cases_counted_on_change AFTER UPDATE OF unit_id, state, served_on, reported_on ON cases
WHEN OLD.unit_id <> NEW.unit_id OR OLD.state <> NEW.state
  OR (OLD.served_on IS NULL) <> (NEW.served_on IS NULL)
  OR (OLD.reported_on IS NULL) <> (NEW.reported_on IS NULL) BEGIN
    UPDATE unit_case_counts SET n = n - 1
    WHERE unit_id = OLD.unit_id AND state = OLD.state AND served = (OLD.served_on IS NOT NULL)
      AND reported = (OLD.reported_on IS NOT NULL);
    INSERT INTO unit_case_counts (unit_id, unit_path, state, served, reported, n)
    VALUES (NEW.unit_id, NEW.unit_path, NEW.state, NEW.served_on IS NOT NULL,
            NEW.reported_on IS NOT NULL, 1)
    ON CONFLICT(unit_id, state, served, reported) DO UPDATE SET n = n + 1;
END;

-- The figures that depend on the day (overdue windows, report-in overdue, late
-- hand-overs, expiring soon), per unit path, as of `dashboard_refresh.refreshed_at`.
CREATE TABLE dashboard_counts (
    unit_path TEXT    NOT NULL,
    figure    TEXT    NOT NULL,
    n         INTEGER NOT NULL,
    PRIMARY KEY (unit_path, figure)
) WITHOUT ROWID;

-- One row: when the snapshot was taken, for which day, and the lease of the instance
-- refreshing it (compare-and-set on lease_gen; the lease lives here, not in memory).
CREATE TABLE dashboard_refresh (
    id            INTEGER PRIMARY KEY CHECK (id = 1),
    refreshed_at  TEXT,
    refreshed_for TEXT,
    lease_gen     INTEGER NOT NULL,
    lease_until   TEXT
);
INSERT INTO dashboard_refresh (id, lease_gen) VALUES (1, 0);
