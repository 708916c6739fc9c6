-- Issue #5 item 2, "break the glass": a user opens a person outside their scope by exact
-- ID number with a written reason; the grant expires and is listed for the supervisors
-- of both units (the user's and the person's).
CREATE TABLE emergency_access (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL REFERENCES users(id),
    user_path   TEXT NOT NULL,
    person_id   INTEGER NOT NULL REFERENCES persons(id),
    person_path TEXT NOT NULL,
    reason      TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);
CREATE INDEX emergency_access_user ON emergency_access(user_id, person_id, expires_at);
CREATE INDEX emergency_access_user_path ON emergency_access(user_path, id);
CREATE INDEX emergency_access_person_path ON emergency_access(person_path, id);
