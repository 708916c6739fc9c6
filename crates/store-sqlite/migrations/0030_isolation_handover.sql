-- CASE-1, CASE-2, N16: the compulsory-isolation centre's release register (table
-- isolation_releases, 0026) comes into use: the 社区康复 order's decision date, and the
-- hand-over deadline by which the receiving township acknowledges it (必送必接; the
-- police's CASE-2 working-day rule counted from the release).
ALTER TABLE isolation_releases ADD COLUMN order_decided_on TEXT;
ALTER TABLE isolation_releases ADD COLUMN handover_deadline TEXT;
-- the township's pending hand-overs, by deadline
CREATE INDEX isolation_releases_pending ON isolation_releases(to_path, handover_deadline)
    WHERE has_order AND received_on IS NULL;
-- the releases linked to a 社区康复 case: the person's rehabilitation orders by decision date
CREATE INDEX cases_rehab_person ON cases(person_id, decided_on) WHERE measure = 'community_rehab';

-- CASE-5: stays in a 戒毒康复场所 by agreement, on a case; the entry and the exit each
-- recorded jointly: the township's user and the centre's person (a name).
CREATE TABLE rehab_centre_stays (
    id              INTEGER PRIMARY KEY,
    case_id         INTEGER NOT NULL REFERENCES cases(id),
    place           TEXT NOT NULL,
    agreement       TEXT NOT NULL,
    entered_on      TEXT NOT NULL,
    entry_by        INTEGER NOT NULL REFERENCES users(id),
    entry_centre_by TEXT NOT NULL,
    entry_at        TEXT NOT NULL,
    exited_on       TEXT,
    exit_end        TEXT,
    exit_by         INTEGER REFERENCES users(id),
    exit_centre_by  TEXT,
    exit_at         TEXT
);
-- one running stay per case
CREATE UNIQUE INDEX rehab_centre_stays_open ON rehab_centre_stays(case_id) WHERE exited_on IS NULL;
CREATE INDEX rehab_centre_stays_case ON rehab_centre_stays(case_id, id);
