-- STAT-1 报表: periodic reports. Each count of a period is a version with the figures of
-- every unit path that has any (a unit's figure is the sum over its subtree). An open
-- period has one running version, replaced by each count; the first count after the
-- period closes is its frozen version, never changed; a later recount that finds other
-- figures is kept beside it as a correction.
CREATE TABLE report_versions (
    id         INTEGER PRIMARY KEY,
    period     TEXT    NOT NULL,
    kind       TEXT    NOT NULL,
    as_of      TEXT    NOT NULL,
    counted_at TEXT    NOT NULL,
    counted_by INTEGER REFERENCES users(id)
);
CREATE UNIQUE INDEX report_versions_one_frozen ON report_versions(period) WHERE kind = 'frozen';
CREATE UNIQUE INDEX report_versions_one_running ON report_versions(period) WHERE kind = 'running';
CREATE INDEX report_versions_period ON report_versions(period, id);

CREATE TABLE report_figures (
    version_id INTEGER NOT NULL REFERENCES report_versions(id),
    unit_path  TEXT    NOT NULL,
    figure     TEXT    NOT NULL,
    n          INTEGER NOT NULL,
    PRIMARY KEY (version_id, unit_path, figure)
);

-- A township's report of a closed period: submitted, then accepted or returned by the
-- district; a returned report is submitted again.
CREATE TABLE report_submissions (
    period       TEXT    NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    unit_path    TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    version_id   INTEGER NOT NULL REFERENCES report_versions(id),
    submitted_at TEXT    NOT NULL,
    submitted_by INTEGER NOT NULL REFERENCES users(id),
    note         TEXT    NOT NULL DEFAULT '',
    reviewed_at  TEXT,
    reviewed_by  INTEGER REFERENCES users(id),
    review_note  TEXT    NOT NULL DEFAULT '',
    PRIMARY KEY (period, unit_id)
);
CREATE INDEX report_submissions_scope ON report_submissions(period, unit_path);

-- The count reads windows closing in a period and events of a kind in a period.
CREATE INDEX test_windows_ends ON test_windows(ends_on, unit_path);
CREATE INDEX case_events_kind_day ON case_events(kind, occurred_on);
-- A figure's list of persons walks the scope's orders in (unit path, id) order.
CREATE INDEX cases_scope_id ON cases(unit_path, id);
CREATE INDEX drug_tests_positive_day ON drug_tests(tested_on) WHERE outcome = 'positive';
