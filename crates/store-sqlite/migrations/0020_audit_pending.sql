-- Nothing changes here: PostgreSQL's 0020 adds audit_pending, where its records wait to
-- be chained after their own commit. SQLite has one writer, which chains every record in
-- the transaction that writes it (group_commit), so it needs no such table
-- (tests/schema_parity.rs lists it as PostgreSQL's own). Kept so that both engines number
-- their migrations alike.
SELECT 1;
