-- INFO-1 import: imports of legacy registers (历史台账). One row per run of a file: who,
-- which file (name and SHA-256), how many rows, when it started and finished, and
-- what it wrote. Each person and order an import wrote has a key (a keyed hash of
-- the ID number's blind index with the decision number and date): a second run of
-- the same file, or a run resumed after a kill, skips what the keys name.
CREATE TABLE imports (
    id          INTEGER PRIMARY KEY,
    file_name   TEXT    NOT NULL,
    file_sha256 TEXT    NOT NULL,
    file_rows   INTEGER NOT NULL,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    unit_path   TEXT    NOT NULL,
    started_at  TEXT    NOT NULL,
    started_by  INTEGER NOT NULL REFERENCES users(id),
    -- NULL: running, or killed before it finished
    finished_at TEXT,
    persons     INTEGER NOT NULL DEFAULT 0,
    orders      INTEGER NOT NULL DEFAULT 0,
    records     INTEGER NOT NULL DEFAULT 0,
    skipped     INTEGER NOT NULL DEFAULT 0,
    refused     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX imports_scope ON imports(unit_path, id);
CREATE TABLE import_keys (
    key       BLOB    PRIMARY KEY,
    import_id INTEGER NOT NULL REFERENCES imports(id),
    person_id INTEGER NOT NULL REFERENCES persons(id),
    -- NULL: the key of a person
    case_id   INTEGER REFERENCES cases(id)
) WITHOUT ROWID;
