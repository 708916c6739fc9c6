-- D2, D4: planned test dates drawn provisionally (a year without calendar data) are
-- drawn again when that year's notice arrives; this finds their cases directly.
CREATE INDEX test_windows_provisional ON test_windows(case_id) WHERE provisional;
