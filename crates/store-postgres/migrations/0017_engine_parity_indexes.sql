-- Nothing changes here: SQLite's 0017 adds the indexes units_code, users_unit and
-- persons_unit that this engine has had since 0001, so that both engines migrate to the
-- same schema (tests/schema_parity.rs). Kept so that both number their migrations alike.
SELECT 1;
