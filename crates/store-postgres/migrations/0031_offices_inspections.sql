-- FAC-1 — the office (work station) of a township or community: one per unit, with its
-- address, area in tenths of a square metre, the rooms it is used for (talk, testing,
-- training: codes, comma-separated) and its equipment. Its inspection status is read
-- from the latest inspection finding on the office item (INSPECT-1), not stored here.
CREATE TABLE offices (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id     BIGINT NOT NULL UNIQUE REFERENCES units(id),
    unit_path   TEXT COLLATE "C" NOT NULL,
    address     TEXT    NOT NULL,
    area_tenths BIGINT NOT NULL CHECK (area_tenths > 0),
    rooms       TEXT    NOT NULL DEFAULT '',
    equipment   TEXT    NOT NULL DEFAULT '',
    created_at  TIMESTAMPTZ    NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users(id),
    updated_at  TIMESTAMPTZ    NOT NULL,
    updated_by  BIGINT NOT NULL REFERENCES users(id),
    version     BIGINT NOT NULL DEFAULT 1
);
CREATE INDEX offices_scope ON offices(unit_path, id);

-- FAC-1 — photos of an office, kept in the database (JPEG or PNG, checked by content,
-- at most 5 MB each); served back only through the office's scope.
CREATE TABLE office_photos (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    office_id    BIGINT NOT NULL REFERENCES offices(id),
    content_type TEXT    NOT NULL,
    size         BIGINT NOT NULL,
    caption      TEXT    NOT NULL DEFAULT '',
    data         BYTEA    NOT NULL,
    created_at   TIMESTAMPTZ    NOT NULL,
    created_by   BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX office_photos_office ON office_photos(office_id, id);

-- INSPECT-1 — an inspection round planned by a district or the city office (the unit
-- it belongs to), over units below it.
CREATE TABLE inspections (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    unit_id     BIGINT NOT NULL REFERENCES units(id),
    unit_path   TEXT COLLATE "C" NOT NULL,
    name        TEXT    NOT NULL,
    starts_on   DATE    NOT NULL,
    ends_on     DATE    NOT NULL,
    created_at  TIMESTAMPTZ    NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX inspections_scope ON inspections(unit_path, id);

-- the units a round inspects, and the day each was inspected
CREATE TABLE inspection_units (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    unit_path     TEXT COLLATE "C" NOT NULL,
    inspected_on  DATE,
    PRIMARY KEY (inspection_id, unit_id)
);
CREATE INDEX inspection_units_unit ON inspection_units(unit_id);

-- one finding per checklist item (domain::inspection::CHECKLIST) and inspected unit
CREATE TABLE inspection_findings (
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    item          TEXT    NOT NULL,
    passed        BOOLEAN NOT NULL,
    note          TEXT    NOT NULL DEFAULT '',
    recorded_at   TIMESTAMPTZ    NOT NULL,
    recorded_by   BIGINT NOT NULL REFERENCES users(id),
    PRIMARY KEY (inspection_id, unit_id, item)
);
-- an office's latest finding on the office item
CREATE INDEX inspection_findings_unit_item ON inspection_findings(unit_id, item);

-- a rectification is a task (kind 'rectification') of the round and unit
ALTER TABLE tasks ADD COLUMN inspection_id BIGINT REFERENCES inspections(id);
CREATE INDEX tasks_inspection ON tasks(inspection_id, unit_id) WHERE inspection_id IS NOT NULL;

-- 通报 — praise or criticism of an inspected unit, numbered per inspecting unit and year
CREATE TABLE inspection_notices (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    kind          TEXT    NOT NULL,
    number        TEXT    NOT NULL,
    title         TEXT    NOT NULL,
    body          TEXT    NOT NULL,
    issued_on     DATE    NOT NULL,
    created_at    TIMESTAMPTZ    NOT NULL,
    created_by    BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX inspection_notices_round ON inspection_notices(inspection_id, id);

-- 约谈 — a talk with an inspected unit's leaders about what fell short
CREATE TABLE inspection_summons (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    inspection_id BIGINT NOT NULL REFERENCES inspections(id),
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    held_on       DATE    NOT NULL,
    attendees     TEXT    NOT NULL,
    content       TEXT    NOT NULL,
    created_at    TIMESTAMPTZ    NOT NULL,
    created_by    BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX inspection_summons_round ON inspection_summons(inspection_id, id);
