-- Audit records waiting to enter the chain. Every append used to lock the chain head
-- (audit_chain_head) until its transaction committed, so on one database all audited
-- requests of all instances took turns, each as long as a commit's flush to disk. Now a
-- request writes its record here, in its own transaction (the record stands or falls
-- with the change it records), without any lock; a chainer moves the records, oldest
-- first, into audit_events under the head's lock, many per transaction. Reading the
-- trail (search, count, verify, head) chains what is waiting first.
CREATE TABLE audit_pending (
    seq         BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    user_id     BIGINT,
    username    TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    object_type TEXT        NOT NULL,
    object_id   BIGINT,
    person_id   BIGINT,
    detail      TEXT        NOT NULL,
    client      TEXT        NOT NULL
);

-- A unit's cases found from the index alone when they are joined to other tables by
-- case id (the police tab counts a unit's unreported positive tests case by case):
-- the index carries the id. SQLite's indexes carry the row id, which is the case id,
-- already.
DROP INDEX cases_scope_state;
CREATE INDEX cases_scope_state ON cases (unit_path, state, breach_level) INCLUDE (id);
