-- 待办事项: tasks addressed to a unit's office, opened by the system or a supervising
-- office, answered by the office (who, when, on which day) and then closed. The first
-- kind: 他处登记重复证件号码 — another office tried to register a person this unit holds.
CREATE TABLE tasks (
    id           INTEGER PRIMARY KEY,
    kind         TEXT    NOT NULL,
    state        TEXT    NOT NULL,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    unit_path    TEXT    NOT NULL,
    person_id    INTEGER REFERENCES persons(id),
    from_unit_id INTEGER REFERENCES units(id),
    opened_on    TEXT    NOT NULL,
    due_on       TEXT,
    opened_at    TEXT    NOT NULL,
    opened_by    INTEGER REFERENCES users(id),
    answer       TEXT    NOT NULL DEFAULT '',
    answered_on  TEXT,
    answered_at  TEXT,
    answered_by  INTEGER REFERENCES users(id),
    version      INTEGER NOT NULL DEFAULT 1
);
-- An office's lists: the open (or finished) tasks of its subtree, in id order.
CREATE INDEX tasks_by_state_scope ON tasks (state, unit_path, id);
-- Repeated refusals of the same number from the same unit keep one open task.
CREATE UNIQUE INDEX tasks_one_open_per_person_and_opener
    ON tasks (kind, person_id, from_unit_id) WHERE state = 'open';
