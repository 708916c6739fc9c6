-- Case work (issue #4): the person's profile, orders (cases) with their state machine,
-- test windows and tests, the timeline, hand-overs, leave, absences, suspensions and
-- attachments. Dates are ISO-8601 TEXT, instants RFC 3339 TEXT in UTC.

-- INFO-1: the person's identity and history beyond the minimal registry.
ALTER TABLE persons ADD COLUMN former_names TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN household_address TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN residence_address TEXT NOT NULL DEFAULT '';
-- N2: the current residence may be the execution place only with a fixed home there
ALTER TABLE persons ADD COLUMN fixed_home INTEGER NOT NULL DEFAULT 0;
ALTER TABLE persons ADD COLUMN family_contacts TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN substances TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN first_use_on TEXT;
ALTER TABLE persons ADD COLUMN addiction_assessed_on TEXT;
ALTER TABLE persons ADD COLUMN prior_isolation TEXT NOT NULL DEFAULT '';

CREATE TABLE cases (
    id                  INTEGER PRIMARY KEY,
    person_id           INTEGER NOT NULL REFERENCES persons(id),
    unit_id             INTEGER NOT NULL REFERENCES units(id),
    unit_path           TEXT    NOT NULL,
    measure             TEXT    NOT NULL,
    state               TEXT    NOT NULL,
    state_since         TEXT    NOT NULL,
    deciding_organ      TEXT    NOT NULL,
    decision_number     TEXT    NOT NULL,
    decided_on          TEXT    NOT NULL,
    decided_years       INTEGER,
    served_on           TEXT,
    family_served_on    TEXT,
    place_basis         TEXT    NOT NULL,
    handover_deadline   TEXT    NOT NULL,
    notified_on         TEXT,
    report_deadline     TEXT,
    reported_on         TEXT,
    last_reported_on    TEXT,
    agreement_on        TEXT,
    term_end            TEXT,
    talk_due_on         TEXT,
    suspended_from      TEXT,
    transfer_to_unit_id INTEGER REFERENCES units(id),
    transfer_to_path    TEXT,
    refused_or_evaded   INTEGER NOT NULL DEFAULT 0,
    breach_level        TEXT    NOT NULL DEFAULT 'none',
    closed_on           TEXT,
    work_group          TEXT    NOT NULL DEFAULT '',
    seed                INTEGER NOT NULL,
    created_at          TEXT    NOT NULL,
    created_by          INTEGER NOT NULL REFERENCES users(id),
    updated_at          TEXT    NOT NULL,
    updated_by          INTEGER NOT NULL REFERENCES users(id),
    version             INTEGER NOT NULL DEFAULT 1
);
-- one open order per person
CREATE UNIQUE INDEX cases_open_per_person ON cases(person_id) WHERE closed_on IS NULL;
CREATE INDEX cases_person ON cases(person_id, id);
CREATE INDEX cases_scope_state ON cases(unit_path, state);
CREATE INDEX cases_state ON cases(state, unit_path);
CREATE INDEX cases_transfer_to ON cases(transfer_to_path) WHERE transfer_to_path IS NOT NULL;
CREATE INDEX cases_talk_due ON cases(unit_path, talk_due_on);
CREATE INDEX cases_term_end ON cases(unit_path, term_end);

-- D4: each window with its planned date; done_on = the first test with a result in it.
CREATE TABLE test_windows (
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    idx         INTEGER NOT NULL,
    unit_path   TEXT    NOT NULL,
    starts_on   TEXT    NOT NULL,
    ends_on     TEXT    NOT NULL,
    planned_on  TEXT    NOT NULL,
    provisional INTEGER NOT NULL,
    done_on     TEXT,
    PRIMARY KEY (case_id, idx)
) WITHOUT ROWID;
CREATE INDEX test_windows_due ON test_windows(unit_path, planned_on) WHERE done_on IS NULL;
CREATE INDEX test_windows_due_date ON test_windows(planned_on) WHERE done_on IS NULL;

CREATE TABLE drug_tests (
    id                 INTEGER PRIMARY KEY,
    case_id            INTEGER NOT NULL REFERENCES cases(id),
    tested_at          TEXT    NOT NULL,
    tested_on          TEXT    NOT NULL,
    kind               TEXT    NOT NULL,
    sample             TEXT,
    outcome            TEXT    NOT NULL,
    satisfies_window   INTEGER NOT NULL,
    needs_police       INTEGER NOT NULL,
    substances         TEXT    NOT NULL,
    tester_1           TEXT    NOT NULL,
    tester_2           TEXT    NOT NULL,
    sample_a           TEXT    NOT NULL,
    sample_b           TEXT    NOT NULL,
    planned            INTEGER NOT NULL,
    note               TEXT    NOT NULL,
    police_notified_on TEXT,
    created_at         TEXT    NOT NULL,
    created_by         INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX drug_tests_case ON drug_tests(case_id, tested_on);
CREATE INDEX drug_tests_police ON drug_tests(tested_on) WHERE needs_police AND police_notified_on IS NULL;

CREATE TABLE case_events (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT    NOT NULL,
    occurred_on  TEXT    NOT NULL,
    summary      TEXT    NOT NULL,
    note         TEXT    NOT NULL,
    collected_by TEXT    NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX case_events_case ON case_events(case_id, occurred_on);

CREATE TABLE handovers (
    id          INTEGER PRIMARY KEY,
    case_id     INTEGER NOT NULL REFERENCES cases(id),
    kind        TEXT    NOT NULL,
    to_unit_id  INTEGER NOT NULL REFERENCES units(id),
    to_path     TEXT    NOT NULL,
    sent_on     TEXT    NOT NULL,
    sent_by     INTEGER NOT NULL REFERENCES users(id),
    received_on TEXT,
    received_by INTEGER REFERENCES users(id),
    note        TEXT    NOT NULL
);
CREATE INDEX handovers_case ON handovers(case_id);
CREATE INDEX handovers_pending ON handovers(to_path, sent_on) WHERE received_on IS NULL;

CREATE TABLE case_leaves (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    from_on      TEXT    NOT NULL,
    to_on        TEXT    NOT NULL,
    destination  TEXT    NOT NULL,
    reason       TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    requested_by INTEGER NOT NULL REFERENCES users(id),
    created_at   TEXT    NOT NULL,
    decided_on   TEXT,
    decided_by   INTEGER REFERENCES users(id),
    returned_on  TEXT
);
CREATE INDEX case_leaves_case ON case_leaves(case_id);

CREATE TABLE case_absences (
    id         INTEGER PRIMARY KEY,
    case_id    INTEGER NOT NULL REFERENCES cases(id),
    from_on    TEXT    NOT NULL,
    to_on      TEXT    NOT NULL,
    note       TEXT    NOT NULL,
    created_at TEXT    NOT NULL,
    created_by INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX case_absences_case ON case_absences(case_id);

CREATE TABLE case_suspensions (
    case_id INTEGER NOT NULL REFERENCES cases(id),
    from_on TEXT    NOT NULL,
    to_on   TEXT    NOT NULL,
    PRIMARY KEY (case_id, from_on)
) WITHOUT ROWID;

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    case_id      INTEGER NOT NULL REFERENCES cases(id),
    kind         TEXT    NOT NULL,
    file_name    TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT    NOT NULL,
    data         BLOB    NOT NULL,
    created_at   TEXT    NOT NULL,
    created_by   INTEGER NOT NULL REFERENCES users(id)
);
CREATE INDEX attachments_case ON attachments(case_id);
