-- Accounts (issue #5 item 4; GB/T 22239-2019 8.1.4.1): login lockout, password history,
-- TOTP second factor, sessions awaiting their second factor. Kept in the database so
-- that every instance sees the same counters and locks.

-- One row per failed login per key: kind 'account' (the typed username, existing or
-- not) or 'address' (the client address). Rows older than the window are pruned.
CREATE TABLE login_failures (
    id      BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind    TEXT        NOT NULL,
    subject TEXT        NOT NULL,
    at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX login_failures_subject ON login_failures(kind, subject, at);
CREATE INDEX login_failures_at ON login_failures(at);

CREATE TABLE login_locks (
    kind         TEXT        NOT NULL,
    subject      TEXT        NOT NULL,
    locked_until TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (kind, subject)
);

-- Hashes a user's password had before, newest id last; the current one stays in users.
CREATE TABLE password_history (
    id            BIGINT      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    user_id       BIGINT      NOT NULL REFERENCES users(id),
    password_hash TEXT        NOT NULL,
    replaced_at   TIMESTAMPTZ NOT NULL
);
CREATE INDEX password_history_user ON password_history(user_id, id);

-- A confirmed TOTP secret (RFC 6238, base32) and the last step accepted (replay guard).
CREATE TABLE user_totp (
    user_id        BIGINT      PRIMARY KEY REFERENCES users(id),
    secret         TEXT        NOT NULL,
    last_used_step BIGINT,
    enabled_at     TIMESTAMPTZ NOT NULL
);

-- A session that has passed the password but not yet the code.
ALTER TABLE sessions ADD COLUMN second_factor_pending BOOLEAN NOT NULL DEFAULT FALSE;
