-- Foundation: the organisation tree, users, sessions, minimal persons, audit trail.
--
-- Every materialised path column is COLLATE "C": the scope is the byte-ordered range
-- `path >= lower AND path < upper` (jiekang_store::scope), which is only a prefix
-- test under byte order, and only then can it use the btree indexes below. The
-- database's own collation (often zh_CN or en_US) would order '/' and digits
-- differently.

CREATE TABLE units (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    parent_id   BIGINT      REFERENCES units(id),
    code        TEXT        NOT NULL,
    name        TEXT        NOT NULL,
    level       TEXT        NOT NULL,
    -- materialised path of ancestor ids, e.g. /1/7/42/ (see jiekang_store::scope)
    path        TEXT        COLLATE "C" NOT NULL UNIQUE,
    valid_from  DATE        NOT NULL,
    valid_to    DATE,
    version     BIGINT      NOT NULL DEFAULT 1,
    created_at  TIMESTAMPTZ NOT NULL,
    updated_at  TIMESTAMPTZ NOT NULL
);
-- a code is unique among units in use; retired units keep their old codes
CREATE UNIQUE INDEX units_code_in_use ON units(code) WHERE valid_to IS NULL;
CREATE INDEX units_code ON units(code);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE users (
    id                   BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    username             TEXT        NOT NULL UNIQUE,
    display_name         TEXT        NOT NULL,
    role                 TEXT        NOT NULL,
    unit_id              BIGINT      NOT NULL REFERENCES units(id),
    unit_path            TEXT        COLLATE "C" NOT NULL,
    password_hash        TEXT        NOT NULL,
    must_change_password BOOLEAN     NOT NULL DEFAULT FALSE,
    disabled             BOOLEAN     NOT NULL DEFAULT FALSE,
    created_at           TIMESTAMPTZ NOT NULL,
    last_login_at        TIMESTAMPTZ,
    version              BIGINT      NOT NULL DEFAULT 1
);
CREATE INDEX users_scope ON users(unit_path, id);
-- retire_unit counts a unit's active users
CREATE INDEX users_unit ON users(unit_id);

CREATE TABLE sessions (
    token_hash   TEXT        PRIMARY KEY,
    user_id      BIGINT      NOT NULL REFERENCES users(id),
    csrf_token   TEXT        NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL,
    expires_at   TIMESTAMPTZ NOT NULL,
    client       TEXT        NOT NULL
);
CREATE INDEX sessions_user ON sessions(user_id);

CREATE TABLE persons (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id     BIGINT      NOT NULL REFERENCES units(id),
    unit_path   TEXT        COLLATE "C" NOT NULL,
    name        TEXT        NOT NULL,
    id_type     TEXT        NOT NULL,
    id_number   TEXT        NOT NULL,
    sex         TEXT,
    birth_date  DATE,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  BIGINT      NOT NULL REFERENCES users(id),
    updated_at  TIMESTAMPTZ NOT NULL,
    updated_by  BIGINT      NOT NULL REFERENCES users(id),
    version     BIGINT      NOT NULL DEFAULT 1
);
-- one person per ID number across the whole system (INFO-1)
CREATE UNIQUE INDEX persons_identifier ON persons(id_type, id_number);
CREATE INDEX persons_scope ON persons(unit_path, id);
-- the name-prefix filter is a byte-ordered range (`name COLLATE "C" >= p AND < p || U+10FFFF`);
-- the column keeps the database collation for display sorting
CREATE INDEX persons_name ON persons((name COLLATE "C"), id);
-- retire_unit counts a unit's persons
CREATE INDEX persons_unit ON persons(unit_id);

CREATE TABLE audit_events (
    id          BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    at          TIMESTAMPTZ NOT NULL,
    user_id     BIGINT,
    username    TEXT        NOT NULL,
    action      TEXT        NOT NULL,
    object_type TEXT        NOT NULL,
    object_id   BIGINT,
    detail      TEXT        NOT NULL,
    client      TEXT        NOT NULL
);
CREATE INDEX audit_events_at ON audit_events(at);
CREATE INDEX audit_events_object ON audit_events(object_type, object_id);
CREATE INDEX audit_events_action ON audit_events(action, id);
