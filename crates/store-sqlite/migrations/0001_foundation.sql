-- Foundation: the organisation tree, users, sessions, minimal persons, audit trail.
-- Dates are ISO-8601 TEXT (YYYY-MM-DD), timestamps RFC 3339 TEXT in UTC.

CREATE TABLE units (
    id          INTEGER PRIMARY KEY,
    parent_id   INTEGER REFERENCES units(id),
    code        TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    level       TEXT    NOT NULL,
    -- materialised path of ancestor ids, e.g. /1/7/42/ (see jiekang_store::scope)
    path        TEXT    NOT NULL UNIQUE,
    valid_from  TEXT    NOT NULL,
    valid_to    TEXT,
    version     INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL
);
-- a code is unique among units in use; retired units keep their old codes
CREATE UNIQUE INDEX units_code_in_use ON units(code) WHERE valid_to IS NULL;
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    display_name         TEXT    NOT NULL,
    role                 TEXT    NOT NULL,
    unit_id              INTEGER NOT NULL REFERENCES units(id),
    unit_path            TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL,
    must_change_password INTEGER NOT NULL DEFAULT 0,
    disabled             INTEGER NOT NULL DEFAULT 0,
    created_at           TEXT    NOT NULL,
    last_login_at        TEXT,
    version              INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX users_scope ON users(unit_path, id);

CREATE TABLE sessions (
    token_hash   TEXT    PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id),
    csrf_token   TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    last_seen_at TEXT    NOT NULL,
    expires_at   TEXT    NOT NULL,
    client       TEXT    NOT NULL
) WITHOUT ROWID;
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE persons (
    id          INTEGER PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    unit_path   TEXT    NOT NULL,
    name        TEXT    NOT NULL,
    id_type     TEXT    NOT NULL,
    id_number   TEXT    NOT NULL,
    sex         TEXT,
    birth_date  TEXT,
    created_at  TEXT    NOT NULL,
    created_by  INTEGER NOT NULL REFERENCES users(id),
    updated_at  TEXT    NOT NULL,
    updated_by  INTEGER NOT NULL REFERENCES users(id),
    version     INTEGER NOT NULL DEFAULT 1
);
-- one person per ID number across the whole system (INFO-1)
CREATE UNIQUE INDEX persons_identifier ON persons(id_type, id_number);
CREATE INDEX persons_scope ON persons(unit_path, id);
CREATE INDEX persons_name ON persons(name, id);

CREATE TABLE audit_events (
    id          INTEGER PRIMARY KEY,
    at          TEXT    NOT NULL,
    user_id     INTEGER,
    username    TEXT    NOT NULL,
    action      TEXT    NOT NULL,
    object_type TEXT    NOT NULL,
    object_id   INTEGER,
    detail      TEXT    NOT NULL,
    client      TEXT    NOT NULL
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
CREATE INDEX audit_events_action ON audit_events(action, id);
