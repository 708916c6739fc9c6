-- INFO-2 质量倒查, 防止空转: the findings of the data-quality checks
-- (jiekang_domain::quality). The daily sweep raises a finding the day its condition is
-- first seen and clears it the day it no longer holds; a subject (the case, or the
-- person for the CASE-1 check) has at most one open finding per check.
CREATE TABLE quality_findings (
    id         INTEGER PRIMARY KEY,
    check_code TEXT    NOT NULL,
    -- the case id, or the person id where the check is about a person
    subject_id INTEGER NOT NULL,
    person_id  INTEGER NOT NULL REFERENCES persons(id),
    case_id    INTEGER REFERENCES cases(id),
    -- the execution place (or the person's unit) when raised
    unit_path  TEXT    NOT NULL,
    -- what was seen, in the check's own words (counts, the minute, the entering user)
    detail     TEXT    NOT NULL DEFAULT '',
    raised_on  TEXT    NOT NULL,
    cleared_on TEXT
);
CREATE UNIQUE INDEX quality_findings_open_subject
    ON quality_findings(check_code, subject_id) WHERE cleared_on IS NULL;
-- the supervising offices' counts and lists: open findings of a subtree by check
CREATE INDEX quality_findings_open ON quality_findings(unit_path, check_code, id)
    WHERE cleared_on IS NULL;
-- the same for a scope that holds most of them (a city's list reads by check, in id order)
CREATE INDEX quality_findings_open_check ON quality_findings(check_code, id)
    WHERE cleared_on IS NULL;
-- a case page's findings
CREATE INDEX quality_findings_case ON quality_findings(case_id, id) WHERE case_id IS NOT NULL;

-- the entry checks look at recent entries only
CREATE INDEX drug_tests_created ON drug_tests(created_at);
CREATE INDEX case_events_created ON case_events(created_at);

-- A 倒查 (trace-back) is a task a supervising office opens on one case, with its question.
ALTER TABLE tasks ADD COLUMN case_id INTEGER REFERENCES cases(id);
ALTER TABLE tasks ADD COLUMN question TEXT NOT NULL DEFAULT '';

-- what each daily sweep did about quality and N19
ALTER TABLE sweep_runs ADD COLUMN quality_raised INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sweep_runs ADD COLUMN quality_cleared INTEGER NOT NULL DEFAULT 0;
ALTER TABLE sweep_runs ADD COLUMN left_control INTEGER NOT NULL DEFAULT 0;

-- N19: orders that ended by expiry, by the day they closed
CREATE INDEX cases_expired_closed ON cases(closed_on, person_id) WHERE state = 'expired';

-- the 倒查 of a subtree (newest first), and a case's open one
CREATE INDEX tasks_by_kind_scope ON tasks(kind, unit_path, id);
CREATE INDEX tasks_case ON tasks(case_id) WHERE case_id IS NOT NULL;
