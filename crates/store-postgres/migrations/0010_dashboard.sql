-- STAT-1, issue #6 — the supervision dashboards without GROUP BY over millions of rows
-- per request (see jiekang_store::dashboard for the design). Paths are COLLATE "C".

-- Orders per unit and group (state; served; reported), maintained by triggers in the
-- transaction of every case change, so no write path can forget it. A unit's figure
-- is a sum over the rows of its subtree (a range on unit_path).
CREATE TABLE unit_case_counts (
    unit_id   BIGINT  NOT NULL REFERENCES units(id),
    unit_path TEXT COLLATE "C" NOT NULL,
    state     TEXT    NOT NULL,
    served    BOOLEAN NOT NULL,
    reported  BOOLEAN NOT NULL,
    n         BIGINT  NOT NULL,
    PRIMARY KEY (unit_id, state, served, reported)
);
CREATE INDEX unit_case_counts_scope ON unit_case_counts(unit_path);
INSERT INTO unit_case_counts (unit_id, unit_path, state, served, reported, n)
    SELECT unit_id, unit_path, state, served_on IS NOT NULL, reported_on IS NOT NULL, COUNT(*)
    FROM cases GROUP BY unit_id, unit_path, state, served_on IS NOT NULL, reported_on IS NOT NULL;

-- Row-level: one case changes at a time. On a change both counter rows are written in
-- one statement in key order, so two opposite transfers cannot deadlock.
CREATE FUNCTION unit_case_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO unit_case_counts AS k (unit_id, unit_path, state, served, reported, n)
        VALUES (NEW.unit_id, NEW.unit_path, NEW.state, NEW.served_on IS NOT NULL,
                NEW.reported_on IS NOT NULL, 1)
        ON CONFLICT (unit_id, state, served, reported) DO UPDATE SET n = k.n + 1;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE unit_case_counts SET n = n - 1
        WHERE unit_id = OLD.unit_id AND state = OLD.state
          AND served = (OLD.served_on IS NOT NULL) AND reported = (OLD.reported_on IS NOT NULL);
    ELSE
        INSERT INTO unit_case_counts AS k (unit_id, unit_path, state, served, reported, n)
        SELECT * FROM (VALUES
            (OLD.unit_id, OLD.unit_path, OLD.state, OLD.served_on IS NOT NULL,
             OLD.reported_on IS NOT NULL, -1::BIGINT),
            (NEW.unit_id, NEW.unit_path, NEW.state, NEW.served_on IS NOT NULL,
             NEW.reported_on IS NOT NULL, 1::BIGINT)
        ) AS d (unit_id, unit_path, state, served, reported, n)
        ORDER BY unit_id, state, served, reported
        ON CONFLICT (unit_id, state, served, reported) DO UPDATE SET n = k.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER cases_counted_on_insert_delete AFTER INSERT OR DELETE ON cases
    FOR EACH ROW EXECUTE FUNCTION unit_case_counts_change();
CREATE TRIGGER cases_counted_on_change AFTER UPDATE OF unit_id, state, served_on, reported_on ON cases
    FOR EACH ROW
    WHEN (OLD.unit_id <> NEW.unit_id OR OLD.state <> NEW.state
          OR (OLD.served_on IS NULL) <> (NEW.served_on IS NULL)
          OR (OLD.reported_on IS NULL) <> (NEW.reported_on IS NULL))
    EXECUTE FUNCTION unit_case_counts_change();

-- The figures that depend on the day (overdue windows, report-in overdue, late
-- hand-overs, expiring soon), per unit path, as of `dashboard_refresh.refreshed_at`.
CREATE TABLE dashboard_counts (
    unit_path TEXT COLLATE "C" NOT NULL,
    figure    TEXT   NOT NULL,
    n         BIGINT NOT NULL,
    PRIMARY KEY (unit_path, figure)
);

-- One row: when the snapshot was taken, for which day, and the lease of the instance
-- refreshing it (compare-and-set on lease_gen; the lease lives here, not in memory).
CREATE TABLE dashboard_refresh (
    id            BIGINT PRIMARY KEY CHECK (id = 1),
    refreshed_at  TIMESTAMPTZ,
    refreshed_for DATE,
    lease_gen     BIGINT NOT NULL,
    lease_until   TIMESTAMPTZ
);
INSERT INTO dashboard_refresh (id, lease_gen) VALUES (1, 0);
