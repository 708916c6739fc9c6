-- WEL-1..7, JOB-1, N7 (issue #19 items 4, 5, 7): what the partner departments and the
-- community record on a case, one row per record (jiekang_domain::support::SupportKind):
-- welfare applications and their decisions (民政), training, employment, unemployment
-- registration and placement (人社), services given (N7). The scope is the case's
-- (joined, so a transfer takes the records along).
CREATE TABLE support_records (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id      BIGINT NOT NULL REFERENCES cases(id),
    person_id    BIGINT NOT NULL REFERENCES persons(id),
    kind         TEXT NOT NULL,
    -- the service's or the employment's kind (ServiceKind, EmploymentKind); '' if none
    subkind      TEXT NOT NULL DEFAULT '',
    -- course, employer, organisation, base or provider
    title        TEXT NOT NULL DEFAULT '',
    -- applied, started or given on
    started_on   DATE NOT NULL,
    ended_on     DATE,
    hours        BIGINT,
    certificate  TEXT NOT NULL DEFAULT '',
    -- fen: the amount applied for or granted (benefit, subsidy, relief)
    amount_fen   BIGINT,
    -- WEL-1 facts of a 低保 application, per month in fen
    income_fen   BIGINT,
    line_fen     BIGINT,
    fixed_income BOOLEAN,
    status       TEXT NOT NULL,
    decided_on   DATE,
    outcome      TEXT NOT NULL DEFAULT '',
    created_at   TIMESTAMPTZ NOT NULL,
    created_by   BIGINT NOT NULL REFERENCES users(id),
    decided_at   TIMESTAMPTZ,
    decided_by   BIGINT REFERENCES users(id)
);
-- the case page's list
CREATE INDEX support_records_case ON support_records(case_id, id);
-- the queues: pending records, keyset by id (few: each is decided within weeks)
CREATE INDEX support_records_pending ON support_records(id) WHERE status = 'pending';
-- JOB-1: a case's jobs and training (persons without them, the employment rate)
CREATE INDEX support_records_jobs ON support_records(case_id, kind, started_on);
