-- Issue #5 item 3: ID numbers, phone numbers and TOTP secrets sealed at rest
-- (AES-256-GCM, see jiekang_store::sealed), ID numbers found by a keyed blind index.
--
-- The sealing itself needs the key, so it happens after this migration: rows that
-- still hold plaintext (`id_number` or `phone` not empty, `secret` not empty) are
-- sealed in batches by the command line's first start with a key, which then empties
-- the plaintext columns. New rows never write them. They stay (empty) so that this
-- migration needs no key; a later migration may drop them.
ALTER TABLE persons ADD COLUMN id_number_sealed BLOB;
-- HMAC-SHA256(index key, type and upper-cased number)
ALTER TABLE persons ADD COLUMN id_number_index BLOB;
-- NULL: no phone number
ALTER TABLE persons ADD COLUMN phone_sealed BLOB;

-- INFO-1, one person per ID number: unique on the blind index (led by it for lookups).
DROP INDEX persons_identifier;
CREATE UNIQUE INDEX persons_identifier ON persons(id_number_index, id_type);
-- the rows still to seal, found without a scan
CREATE INDEX persons_unsealed ON persons(id) WHERE id_number <> '' OR phone <> '';

ALTER TABLE user_totp ADD COLUMN secret_sealed BLOB;

-- One known value per data key version ('data.N', sealed) and one for the index key
-- ('index', its HMAC): a wrong key is refused at start instead of reading garbage.
CREATE TABLE key_checks (
    name  TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
