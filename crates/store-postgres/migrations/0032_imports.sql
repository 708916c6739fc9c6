-- INFO-1 import: imports of legacy registers (历史台账). One row per run of a file: who,
-- which file (name and SHA-256), how many rows, when it started and finished, and
-- what it wrote. Each person and order an import wrote has a key (a keyed hash of
-- the ID number's blind index with the decision number and date): a second run of
-- the same file, or a run resumed after a kill, skips what the keys name.
CREATE TABLE imports (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    file_name   TEXT    NOT NULL,
    file_sha256 TEXT    NOT NULL,
    file_rows   BIGINT  NOT NULL,
    unit_id     BIGINT  NOT NULL REFERENCES units(id),
    unit_path   TEXT COLLATE "C" NOT NULL,
    started_at  TIMESTAMPTZ NOT NULL,
    started_by  BIGINT  NOT NULL REFERENCES users(id),
    -- NULL: running, or killed before it finished
    finished_at TIMESTAMPTZ,
    persons     BIGINT  NOT NULL DEFAULT 0,
    orders      BIGINT  NOT NULL DEFAULT 0,
    records     BIGINT  NOT NULL DEFAULT 0,
    skipped     BIGINT  NOT NULL DEFAULT 0,
    refused     BIGINT  NOT NULL DEFAULT 0
);
CREATE INDEX imports_scope ON imports(unit_path, id);
CREATE TABLE import_keys (
    key       BYTEA   PRIMARY KEY,
    import_id BIGINT  NOT NULL REFERENCES imports(id),
    person_id BIGINT  NOT NULL REFERENCES persons(id),
    -- NULL: the key of a person
    case_id   BIGINT  REFERENCES cases(id)
);
