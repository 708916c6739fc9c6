-- Issue #6: the counts by state of a scope (every queue page, every dashboard) read
-- only this index. The index on the path alone sent each of a township's ~500 rows
-- back to the table for its state and count.
DROP INDEX unit_case_counts_scope;
CREATE INDEX unit_case_counts_scope
    ON unit_case_counts(unit_path, state, served, reported, n);
