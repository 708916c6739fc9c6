-- BASE-1 — the register of employment placement facilities (就业安置基地 / 就业安置点): each
-- kept by a district (or a unit below it), with its capacity and contact, open from
-- opened_on to closed_on. A placement record (support_records, kind 'placement') may
-- name the facility it places the person at, so that each facility counts its persons.
CREATE TABLE placement_bases (
    id            INTEGER PRIMARY KEY,
    unit_id       INTEGER NOT NULL REFERENCES units(id),
    unit_path     TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    -- 'base' or 'point' (PlacementFacility)
    facility      TEXT    NOT NULL,
    address       TEXT    NOT NULL DEFAULT '',
    capacity      INTEGER NOT NULL DEFAULT 0,
    contact       TEXT    NOT NULL DEFAULT '',
    phone         TEXT    NOT NULL DEFAULT '',
    opened_on     TEXT    NOT NULL,
    -- NULL: still open
    closed_on     TEXT,
    note          TEXT    NOT NULL DEFAULT '',
    created_at    TEXT    NOT NULL,
    created_by    INTEGER NOT NULL REFERENCES users(id),
    updated_at    TEXT    NOT NULL,
    updated_by    INTEGER NOT NULL REFERENCES users(id),
    version       INTEGER NOT NULL DEFAULT 1
);
-- the register of a scope, keyset by id
CREATE INDEX placement_bases_scope ON placement_bases(unit_path, id);

ALTER TABLE support_records ADD COLUMN placement_base_id INTEGER REFERENCES placement_bases(id);
-- the persons placed at a facility
CREATE INDEX support_records_base ON support_records(placement_base_id) WHERE placement_base_id IS NOT NULL;
