-- Scale: exact ID-number lookups use an index led by the number itself.
DROP INDEX persons_identifier;
CREATE UNIQUE INDEX persons_identifier ON persons(id_number, id_type);

-- Persons per unit, maintained by statement-level triggers (set-based: one upsert per
-- statement, however many rows it touched), so that no write path can forget it.
CREATE TABLE unit_person_counts (
    unit_id   BIGINT PRIMARY KEY REFERENCES units(id),
    unit_path TEXT COLLATE "C" NOT NULL,
    persons   BIGINT NOT NULL
);
CREATE INDEX unit_person_counts_scope ON unit_person_counts(unit_path);
INSERT INTO unit_person_counts (unit_id, unit_path, persons)
    SELECT unit_id, unit_path, COUNT(*) FROM persons GROUP BY unit_id, unit_path;

CREATE FUNCTION unit_person_counts_add() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO unit_person_counts AS c (unit_id, unit_path, persons)
        SELECT unit_id, unit_path, COUNT(*) FROM new_rows GROUP BY unit_id, unit_path
        ORDER BY unit_id
    ON CONFLICT (unit_id) DO UPDATE SET persons = c.persons + EXCLUDED.persons;
    RETURN NULL;
END $$;

CREATE FUNCTION unit_person_counts_remove() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE unit_person_counts c SET persons = c.persons - o.n
    FROM (SELECT unit_id, COUNT(*) AS n FROM old_rows GROUP BY unit_id) o
    WHERE c.unit_id = o.unit_id;
    RETURN NULL;
END $$;

CREATE FUNCTION unit_person_counts_move() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE unit_person_counts c SET persons = c.persons - o.n
    FROM (SELECT unit_id, COUNT(*) AS n FROM old_rows GROUP BY unit_id) o
    WHERE c.unit_id = o.unit_id;
    INSERT INTO unit_person_counts AS c (unit_id, unit_path, persons)
        SELECT unit_id, unit_path, COUNT(*) FROM new_rows GROUP BY unit_id, unit_path
        ORDER BY unit_id
    ON CONFLICT (unit_id) DO UPDATE SET persons = c.persons + EXCLUDED.persons;
    RETURN NULL;
END $$;

CREATE TRIGGER persons_counted_on_insert AFTER INSERT ON persons
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_person_counts_add();
CREATE TRIGGER persons_counted_on_delete AFTER DELETE ON persons
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_person_counts_remove();
CREATE TRIGGER persons_counted_on_update AFTER UPDATE ON persons
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION unit_person_counts_move();
