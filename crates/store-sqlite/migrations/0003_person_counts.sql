-- Scale: exact ID-number lookups use an index led by the number itself.
DROP INDEX persons_identifier;
CREATE UNIQUE INDEX persons_identifier ON persons(id_number, id_type);

-- Persons per unit, maintained by triggers so that no write path can forget it.
-- A scope's count is then a sum over its units (hundreds of rows), not a scan of
-- its persons (up to a million).
CREATE TABLE unit_person_counts (
    unit_id   INTEGER PRIMARY KEY REFERENCES units(id),
    unit_path TEXT    NOT NULL,
    persons   INTEGER NOT NULL
);
CREATE INDEX unit_person_counts_scope ON unit_person_counts(unit_path);
INSERT INTO unit_person_counts (unit_id, unit_path, persons)
    SELECT unit_id, unit_path, COUNT(*) FROM persons GROUP BY unit_id, unit_path;

CREATE TRIGGER persons_counted_on_insert AFTER INSERT ON persons BEGIN
    INSERT INTO unit_person_counts (unit_id, unit_path, persons) VALUES (NEW.unit_id, NEW.unit_path, 1)
    ON CONFLICT(unit_id) DO UPDATE SET persons = persons + 1;
END;
CREATE TRIGGER persons_counted_on_delete AFTER DELETE ON persons BEGIN
    UPDATE unit_person_counts SET persons = persons - 1 WHERE unit_id = OLD.unit_id;
END;
CREATE TRIGGER persons_counted_on_move AFTER UPDATE OF unit_id ON persons
WHEN OLD.unit_id <> NEW.unit_id BEGIN
    UPDATE unit_person_counts SET persons = persons - 1 WHERE unit_id = OLD.unit_id;
    INSERT INTO unit_person_counts (unit_id, unit_path, persons) VALUES (NEW.unit_id, NEW.unit_path, 1)
    ON CONFLICT(unit_id) DO UPDATE SET persons = persons + 1;
END;
