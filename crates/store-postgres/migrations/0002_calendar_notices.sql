-- D2: holiday notices entered at run time (a new year's notice, or a correction).
-- Each import appends; the newest row of a year is in force and replaces the embedded
-- data for that year. Older rows stay as history (nothing is ever lost).
CREATE TABLE calendar_notices (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    year        INTEGER     NOT NULL,
    -- the year's notice in the import file format (jiekang_domain::calendar::to_notice_file)
    notice      TEXT        NOT NULL,
    entered_by  BIGINT      REFERENCES users(id),
    entered_at  TIMESTAMPTZ NOT NULL
);
CREATE INDEX calendar_notices_year ON calendar_notices(year, id);
