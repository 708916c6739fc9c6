-- Issue #6 item 1: a bulk load drops the secondary indexes of the history tables (and
-- on PostgreSQL their foreign keys) and builds each again once at the end: one sort
-- or one validating join instead of millions of row-by-row updates and checks.
-- Each dropped definition is kept here until it is built again, so an interrupted
-- load never leaves the database without them: the next start rebuilds them.
CREATE TABLE deferred_indexes (
    name       TEXT NOT NULL PRIMARY KEY,
    table_name TEXT NOT NULL,
    definition TEXT NOT NULL
);

-- No query looks audit records up by object (the trail is searched by person, user,
-- unit, action and time); the index cost every append and half a minute of a
-- 1,000,000-person load.
DROP INDEX audit_events_object;

-- The work queues' windows: open ones only. A window the sweep settled as missed
-- (or void) left the queues for good, yet stayed in these indexes, so every
-- overdue list and count read years of missed windows (13 s for the city's
-- snapshot at 1,000,000 persons). The queues add `missed IS NULL` to match.
DROP INDEX test_windows_due;
DROP INDEX test_windows_due_date;
CREATE INDEX test_windows_due ON test_windows(unit_path, planned_on)
    WHERE done_on IS NULL AND missed IS NULL;
CREATE INDEX test_windows_due_date ON test_windows(planned_on)
    WHERE done_on IS NULL AND missed IS NULL;

-- The police-notification queue (N10) counted per case of the scope: a probe into
-- the few open tasks, not into every test of the case (0.2 s per township count).
CREATE INDEX drug_tests_police_case ON drug_tests(case_id)
    WHERE needs_police AND police_notified_on IS NULL;

-- The case queues of a scope (CASE-8 talks due, N12 expiring, N9/N10 breaches) seek
-- one (unit, state) at a time and answer from the index alone: with the state
-- outside the index every matching case was read (11 ms per township count).
DROP INDEX cases_talk_due;
DROP INDEX cases_term_end;
DROP INDEX cases_scope_state;
CREATE INDEX cases_talk_due ON cases(unit_path, state, talk_due_on);
CREATE INDEX cases_term_end ON cases(unit_path, state, term_end);
CREATE INDEX cases_scope_state ON cases(unit_path, state, breach_level);
