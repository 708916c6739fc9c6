-- CASE-4, N11: a transfer's hand-over remembers the unit that sent it and the unit the
-- receiving office placed the case in on acceptance (a community under the receiver,
-- or the receiver itself). The sending office keeps a stub of the case it ran until
-- then: the store finds it by the sender's path (index `handovers_from`). NULL on
-- hand-overs from the police and on transfers sent before this column existed.
ALTER TABLE handovers ADD COLUMN from_unit_id INTEGER REFERENCES units(id);
ALTER TABLE handovers ADD COLUMN from_path TEXT;
ALTER TABLE handovers ADD COLUMN placed_unit_id INTEGER REFERENCES units(id);
CREATE INDEX handovers_from ON handovers(from_path, case_id) WHERE from_path IS NOT NULL;
