-- An index a bulk load had deferred (0012) is built here in its new form, and its old
-- definition is no longer kept for the load to restore.

-- Issue #6: a township's hand-over queue sorts and cuts its pending hand-overs from
-- this index alone, then reads the cases of only the rows of its page; without the
-- case in the index each pending hand-over went back to the table first.
DROP INDEX IF EXISTS handovers_pending;
DELETE FROM deferred_indexes WHERE name = 'handovers_pending';
CREATE INDEX handovers_pending ON handovers(to_path, sent_on, id, case_id) WHERE received_on IS NULL;

-- Issue #6: a community's test queues (today, this week, overdue: counted on every
-- view of its queue page, then listed) need each open window's end and case; with
-- them in the index the window rows themselves are not read.
DROP INDEX IF EXISTS test_windows_due;
DELETE FROM deferred_indexes WHERE name = 'test_windows_due';
CREATE INDEX test_windows_due ON test_windows(unit_path, planned_on, ends_on, case_id)
    WHERE done_on IS NULL AND missed IS NULL;
