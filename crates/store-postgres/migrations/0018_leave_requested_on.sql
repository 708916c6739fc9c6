-- N8: a leave request carries the day it was made (entered late, it keeps its real day),
-- so that its decision can be checked not to come before it. NULL for requests entered
-- before this column existed (their decision is checked against the record range only).
ALTER TABLE case_leaves ADD COLUMN requested_on DATE;
