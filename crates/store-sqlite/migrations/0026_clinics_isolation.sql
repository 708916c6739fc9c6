-- MMT-1, N17: methadone clinics (美沙酮门诊). The register: each clinic belongs to a unit
-- (a district) whose office or an administrator keeps it.
CREATE TABLE clinics (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    unit_path  TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    address    TEXT    NOT NULL DEFAULT '',
    created_at TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE UNIQUE INDEX clinics_unit_name ON clinics(unit_id, name);
CREATE INDEX clinics_scope ON clinics(unit_path, id);

-- Clinic staff users: one clinic each.
CREATE TABLE clinic_staff (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id),
    clinic_id  INTEGER NOT NULL REFERENCES clinics(id),
    created_at TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX clinic_staff_clinic ON clinic_staff(clinic_id);

-- Enrolment with the person's consent, linked to the person by ID number (blind index).
-- last_attended_on: the latest dose; dropout_reported_on: N17, the day the current
-- absence was reported (a later attendance starts a new count).
CREATE TABLE clinic_enrolments (
    id                  INTEGER PRIMARY KEY,
    clinic_id           INTEGER NOT NULL REFERENCES clinics(id),
    person_id           INTEGER NOT NULL REFERENCES persons(id),
    enrolled_on         TEXT    NOT NULL,
    consent_on          TEXT    NOT NULL,
    ended_on            TEXT,
    end_kind            TEXT,
    last_attended_on    TEXT,
    last_dose_mg        INTEGER,
    dropout_reported_on TEXT,
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES users(id)
);
-- one running enrolment per person
CREATE UNIQUE INDEX clinic_enrolments_open_person ON clinic_enrolments(person_id) WHERE ended_on IS NULL;
-- the roster: a clinic's running enrolments by id (keyset)
CREATE INDEX clinic_enrolments_roster ON clinic_enrolments(clinic_id, id) WHERE ended_on IS NULL;
-- the rates and the case page: every enrolment of a clinic / of a person
CREATE INDEX clinic_enrolments_clinic ON clinic_enrolments(clinic_id, enrolled_on);
CREATE INDEX clinic_enrolments_person ON clinic_enrolments(person_id, id);
-- N17's daily check: running enrolments by their latest attendance
CREATE INDEX clinic_enrolments_attended ON clinic_enrolments(last_attended_on) WHERE ended_on IS NULL;

-- Daily attendance and dose: one a day.
CREATE TABLE clinic_doses (
    enrolment_id INTEGER NOT NULL REFERENCES clinic_enrolments(id),
    dosed_on     TEXT    NOT NULL,
    dose_mg      INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id),
    PRIMARY KEY (enrolment_id, dosed_on)
);

-- Urine tests at the clinic (they fill no D4 test window; see jiekang_domain::clinic).
CREATE TABLE clinic_tests (
    id           INTEGER PRIMARY KEY,
    enrolment_id INTEGER NOT NULL REFERENCES clinic_enrolments(id),
    tested_on    TEXT    NOT NULL,
    positive     INTEGER NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX clinic_tests_enrolment ON clinic_tests(enrolment_id, tested_on);

-- CASE-5, N16: releases from compulsory isolation (强制隔离戒毒所), with or without a
-- 社区康复 order; one with an order is handed over to the township (必送必接). Kept
-- also without an order, for the data-quality check.
CREATE TABLE isolation_releases (
    id             INTEGER PRIMARY KEY,
    person_id      INTEGER NOT NULL REFERENCES persons(id),
    released_on    TEXT    NOT NULL,
    centre_name    TEXT    NOT NULL,
    centre_unit_id INTEGER NOT NULL REFERENCES units(id),
    has_order      INTEGER NOT NULL,
    order_number   TEXT    NOT NULL DEFAULT '',
    to_unit_id     INTEGER REFERENCES units(id),
    to_path        TEXT,
    received_on    TEXT,
    received_by    INTEGER REFERENCES users(id),
    created_at     TEXT    NOT NULL,
    created_by     INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX isolation_releases_centre ON isolation_releases(centre_unit_id, id);
CREATE INDEX isolation_releases_to ON isolation_releases(to_path, id) WHERE to_path IS NOT NULL;
CREATE INDEX isolation_releases_person ON isolation_releases(person_id, id);
CREATE INDEX isolation_releases_no_order ON isolation_releases(released_on) WHERE NOT has_order;
