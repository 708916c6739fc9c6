-- Issue #5, INFO-2: the tamper-evident (hash-chained) audit trail, and what the
-- auditor's search needs. The chain is defined in jiekang_store::audit_chain.
--
-- Each record belongs to a unit (unit_id/unit_path): the acting user's unit at the
-- time, or the root of the tree when there is no acting user (command line, a login
-- with an unknown username). An auditor's scope is a range on unit_path, as for persons.
--
-- Rows written before this migration are chained once, in id order, by the store's
-- migrate step right after this file runs (SQLite has no sha256 in SQL): it finds the
-- head with sealed = 0, hashes every existing row and sets sealed = 1 in one
-- transaction. Rows written around the chain afterwards stay without a hash and are
-- reported by verify.

ALTER TABLE audit_events ADD COLUMN person_id INTEGER;
ALTER TABLE audit_events ADD COLUMN unit_id   INTEGER;
ALTER TABLE audit_events ADD COLUMN unit_path TEXT    NOT NULL DEFAULT '';
ALTER TABLE audit_events ADD COLUMN prev_id   INTEGER NOT NULL DEFAULT 0;
ALTER TABLE audit_events ADD COLUMN prev_hash TEXT;
ALTER TABLE audit_events ADD COLUMN hash      TEXT;

-- backfill the search columns of the existing rows
UPDATE audit_events SET person_id = object_id WHERE object_type = 'person';
UPDATE audit_events
   SET username = COALESCE((SELECT u.username FROM users u WHERE u.id = audit_events.user_id), '')
 WHERE username = '' AND user_id IS NOT NULL;
UPDATE audit_events
   SET unit_id = COALESCE((SELECT u.unit_id FROM users u WHERE u.id = audit_events.user_id),
                          (SELECT id FROM units WHERE parent_id IS NULL ORDER BY id LIMIT 1));
UPDATE audit_events
   SET unit_path = COALESCE((SELECT n.path FROM units n WHERE n.id = audit_events.unit_id), '');

CREATE TABLE audit_chain_head (
    id        INTEGER PRIMARY KEY CHECK (id = 1),
    last_id   INTEGER NOT NULL,
    last_hash TEXT    NOT NULL,
    entries   INTEGER NOT NULL,
    -- 0 until the rows older than this migration are chained
    sealed    INTEGER NOT NULL
);
INSERT INTO audit_chain_head (id, last_id, last_hash, entries, sealed)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0, 0);

-- the searches, each newest first with keyset pagination on id
CREATE INDEX audit_events_username ON audit_events(username, id);
CREATE INDEX audit_events_person   ON audit_events(person_id, id);
CREATE INDEX audit_events_scope    ON audit_events(unit_path, id);
CREATE INDEX audit_events_at_id    ON audit_events(at, id);
DROP INDEX audit_events_at;
