-- The indexes PostgreSQL has had since 0001 and SQLite lacked, so that both engines
-- migrate to the same schema (crates/store-postgres/tests/schema_parity.rs):
-- retiring a unit counts its users and persons by unit, and a unit is found by its
-- code whether in use or retired (units_code_in_use covers only those in use).
CREATE INDEX IF NOT EXISTS units_code ON units(code);
CREATE INDEX IF NOT EXISTS users_unit ON users(unit_id);
CREATE INDEX IF NOT EXISTS persons_unit ON persons(unit_id);
