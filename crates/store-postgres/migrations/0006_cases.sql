-- Case work (issue #4): the person's profile, orders (cases) with their state machine,
-- test windows and tests, the timeline, hand-overs, leave, absences, suspensions and
-- attachments. Paths are COLLATE "C" (see 0001).

-- INFO-1: the person's identity and history beyond the minimal registry.
ALTER TABLE persons ADD COLUMN former_names TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN ethnicity TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN phone TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN household_address TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN residence_address TEXT NOT NULL DEFAULT '';
-- N2: the current residence may be the execution place only with a fixed home there
ALTER TABLE persons ADD COLUMN fixed_home BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE persons ADD COLUMN family_contacts TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN substances TEXT NOT NULL DEFAULT '';
ALTER TABLE persons ADD COLUMN first_use_on DATE;
ALTER TABLE persons ADD COLUMN addiction_assessed_on DATE;
ALTER TABLE persons ADD COLUMN prior_isolation TEXT NOT NULL DEFAULT '';

CREATE TABLE cases (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES persons(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    unit_path TEXT COLLATE "C"    NOT NULL,
    measure TEXT    NOT NULL,
    state TEXT    NOT NULL,
    state_since DATE    NOT NULL,
    deciding_organ TEXT    NOT NULL,
    decision_number TEXT    NOT NULL,
    decided_on DATE    NOT NULL,
    decided_years BIGINT,
    served_on DATE,
    family_served_on DATE,
    place_basis TEXT    NOT NULL,
    handover_deadline DATE    NOT NULL,
    notified_on DATE,
    report_deadline DATE,
    reported_on DATE,
    last_reported_on DATE,
    agreement_on DATE,
    term_end DATE,
    talk_due_on DATE,
    suspended_from DATE,
    transfer_to_unit_id BIGINT REFERENCES units(id),
    transfer_to_path TEXT COLLATE "C",
    refused_or_evaded BIGINT NOT NULL DEFAULT 0,
    breach_level TEXT    NOT NULL DEFAULT 'none',
    closed_on DATE,
    work_group TEXT    NOT NULL DEFAULT '',
    seed BIGINT NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id),
    updated_at TIMESTAMPTZ    NOT NULL,
    updated_by BIGINT NOT NULL REFERENCES users(id),
    version BIGINT NOT NULL DEFAULT 1
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
    case_id BIGINT NOT NULL REFERENCES cases(id),
    idx BIGINT NOT NULL,
    unit_path TEXT COLLATE "C"    NOT NULL,
    starts_on DATE    NOT NULL,
    ends_on DATE    NOT NULL,
    planned_on DATE    NOT NULL,
    provisional BOOLEAN NOT NULL,
    done_on DATE,
    PRIMARY KEY (case_id, idx)
);
CREATE INDEX test_windows_due ON test_windows(unit_path, planned_on) WHERE done_on IS NULL;
CREATE INDEX test_windows_due_date ON test_windows(planned_on) WHERE done_on IS NULL;

CREATE TABLE drug_tests (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    tested_at TIMESTAMP    NOT NULL,
    tested_on DATE    NOT NULL,
    kind TEXT    NOT NULL,
    sample TEXT,
    outcome TEXT    NOT NULL,
    satisfies_window BOOLEAN NOT NULL,
    needs_police BOOLEAN NOT NULL,
    substances TEXT    NOT NULL,
    tester_1 TEXT    NOT NULL,
    tester_2 TEXT    NOT NULL,
    sample_a TEXT    NOT NULL,
    sample_b TEXT    NOT NULL,
    planned BOOLEAN NOT NULL,
    note TEXT    NOT NULL,
    police_notified_on DATE,
    created_at TIMESTAMPTZ    NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX drug_tests_case ON drug_tests(case_id, tested_on);
CREATE INDEX drug_tests_police ON drug_tests(tested_on) WHERE needs_police AND police_notified_on IS NULL;

CREATE TABLE case_events (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT    NOT NULL,
    occurred_on DATE    NOT NULL,
    summary TEXT    NOT NULL,
    note TEXT    NOT NULL,
    collected_by TEXT    NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX case_events_case ON case_events(case_id, occurred_on);

CREATE TABLE handovers (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT    NOT NULL,
    to_unit_id BIGINT NOT NULL REFERENCES units(id),
    to_path TEXT COLLATE "C"    NOT NULL,
    sent_on DATE    NOT NULL,
    sent_by BIGINT NOT NULL REFERENCES users(id),
    received_on DATE,
    received_by BIGINT REFERENCES users(id),
    note TEXT    NOT NULL
);
CREATE INDEX handovers_case ON handovers(case_id);
CREATE INDEX handovers_pending ON handovers(to_path, sent_on) WHERE received_on IS NULL;

CREATE TABLE case_leaves (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    from_on DATE    NOT NULL,
    to_on DATE    NOT NULL,
    destination TEXT    NOT NULL,
    reason TEXT    NOT NULL,
    state TEXT    NOT NULL,
    requested_by BIGINT NOT NULL REFERENCES users(id),
    created_at TIMESTAMPTZ    NOT NULL,
    decided_on DATE,
    decided_by BIGINT REFERENCES users(id),
    returned_on DATE
);
CREATE INDEX case_leaves_case ON case_leaves(case_id);

CREATE TABLE case_absences (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    from_on DATE    NOT NULL,
    to_on DATE    NOT NULL,
    note TEXT    NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX case_absences_case ON case_absences(case_id);

CREATE TABLE case_suspensions (
    case_id BIGINT NOT NULL REFERENCES cases(id),
    from_on DATE    NOT NULL,
    to_on DATE    NOT NULL,
    PRIMARY KEY (case_id, from_on)
);

CREATE TABLE attachments (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id BIGINT NOT NULL REFERENCES cases(id),
    kind TEXT    NOT NULL,
    file_name TEXT    NOT NULL,
    content_type TEXT    NOT NULL,
    size BIGINT NOT NULL,
    sha256 TEXT    NOT NULL,
    data BYTEA    NOT NULL,
    created_at TIMESTAMPTZ    NOT NULL,
    created_by BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX attachments_case ON attachments(case_id);
