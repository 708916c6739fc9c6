-- Security item 6: sensitive data at rest beyond ID numbers and phones (0009) —
-- sealed with the same data keys (AES-256-GCM, see jiekang_store::at_rest):
-- a person's free-text profile (former names, 户籍地/现居住地 addresses, family
-- contacts, substances used, earlier isolation) as one value, the substances a drug
-- test found, and attachments' bytes.
--
-- As in 0009 the sealing needs the key, so it happens after this migration: the first
-- start with a key seals the rows still holding plain text in batches and empties the
-- plain columns; new rows never write them. Names, birth dates, sex, test outcomes and
-- dates stay in clear (lists, searches and queues use them; README, Security).

-- NULL: no free text
ALTER TABLE persons ADD COLUMN profile_sealed BYTEA;
-- the rows still to seal, found without a scan (the predicate the sealing pass uses)
DROP INDEX persons_unsealed;
CREATE INDEX persons_unsealed ON persons(id)
    WHERE (id_number <> '' OR phone <> '' OR former_names <> ''
        OR household_address <> '' OR residence_address <> '' OR family_contacts <> ''
        OR substances <> '' OR prior_isolation <> '');

-- NULL: no substance found
ALTER TABLE drug_tests ADD COLUMN substances_sealed BYTEA;
CREATE INDEX drug_tests_unsealed ON drug_tests(id) WHERE substances <> '';

-- the plain data is empty once sealed
ALTER TABLE attachments ADD COLUMN data_sealed BYTEA;
CREATE INDEX attachments_unsealed ON attachments(id) WHERE length(data) > 0;
