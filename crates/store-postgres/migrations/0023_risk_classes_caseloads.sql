-- CASE-7, D6: classified management. A risk-assessment scheme is data an administrator
-- edits; every edit is a new version (`risk_schemes.version`), and an assessment keeps
-- the version it was made under, so a new version never changes a past assessment.
-- The body is the scheme as `jiekang_domain::risk::RiskScheme` serialises it (JSON).
CREATE TABLE risk_schemes (
    version    BIGINT PRIMARY KEY,
    name       TEXT NOT NULL,
    body       TEXT NOT NULL,
    created_at TIMESTAMPTZ,
    -- NULL: the default scheme this migration installs
    created_by BIGINT REFERENCES users(id)
);
-- The default scheme (jiekang_domain::risk::default_scheme; a contract test compares them).
INSERT INTO risk_schemes (version, name, body) VALUES (1, '吸毒人员风险分类评估(四色)', '{"name": "吸毒人员风险分类评估(四色)", "items": [{"code": "drug_kind", "label": "吸食毒品种类及方式(合成毒品、注射等)", "max_score": 20}, {"code": "use_history", "label": "吸毒史年限与频次", "max_score": 20}, {"code": "relapse", "label": "复吸及既往强制隔离戒毒、社区戒毒次数", "max_score": 20}, {"code": "compliance", "label": "执行协议情况(报到、检测、请假)", "max_score": 15}, {"code": "crime", "label": "违法犯罪记录", "max_score": 10}, {"code": "mental", "label": "心理、精神状况及肇事肇祸倾向", "max_score": 5}, {"code": "livelihood", "label": "就业与生活来源", "max_score": 5}, {"code": "family", "label": "家庭支持与居住环境", "max_score": 5}], "classes": [{"code": "red", "label": "红色", "level": "high", "min_score": 60, "talk_interval_days": 7, "visit_interval_days": 30, "reassess_days": 90}, {"code": "yellow", "label": "黄色", "level": "medium", "min_score": 40, "talk_interval_days": 15, "visit_interval_days": 60, "reassess_days": 180}, {"code": "blue", "label": "蓝色", "level": "low", "min_score": 20, "talk_interval_days": 30, "visit_interval_days": 90, "reassess_days": 180}, {"code": "green", "label": "绿色", "level": "low", "min_score": 0, "talk_interval_days": 30, "visit_interval_days": 180, "reassess_days": 365}]}');

-- D6: each assessment with its inputs (item scores, JSON), total, class and assessor.
CREATE TABLE risk_assessments (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id         BIGINT NOT NULL REFERENCES cases(id),
    scheme_version  BIGINT NOT NULL REFERENCES risk_schemes(version),
    assessed_on     DATE NOT NULL,
    assessor        TEXT NOT NULL,
    scores          TEXT NOT NULL,
    total           BIGINT NOT NULL,
    risk_level      TEXT NOT NULL,
    class_code      TEXT NOT NULL,
    class_label     TEXT NOT NULL,
    reassess_due_on DATE NOT NULL,
    note            TEXT NOT NULL DEFAULT '',
    created_at      TIMESTAMPTZ NOT NULL,
    created_by      BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX risk_assessments_case ON risk_assessments(case_id, id);

-- The case's current class and what it demands (copied from its latest assessment), and
-- its caseload: the responsible community worker and community police officer.
ALTER TABLE cases ADD COLUMN risk_level TEXT;
ALTER TABLE cases ADD COLUMN risk_label TEXT;
ALTER TABLE cases ADD COLUMN talk_interval_days BIGINT;
ALTER TABLE cases ADD COLUMN visit_interval_days BIGINT;
ALTER TABLE cases ADD COLUMN visit_due_on DATE;
ALTER TABLE cases ADD COLUMN reassess_due_on DATE;
ALTER TABLE cases ADD COLUMN worker_id BIGINT REFERENCES users(id);
ALTER TABLE cases ADD COLUMN police_id BIGINT REFERENCES users(id);
-- "我的人员": a worker's or officer's open cases, by id (keyset)
CREATE INDEX cases_worker ON cases(worker_id, id) WHERE closed_on IS NULL AND worker_id IS NOT NULL;
CREATE INDEX cases_police ON cases(police_id, id) WHERE closed_on IS NULL AND police_id IS NOT NULL;
-- D6: the reassessment queue, as the talks queue (scope path, state, due date)
CREATE INDEX cases_reassess_due ON cases(unit_path, state, reassess_due_on)
    WHERE reassess_due_on IS NOT NULL;

-- Every assignment of a worker and officer to a case, dated, with who entered it.
CREATE TABLE case_assignments (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    case_id     BIGINT NOT NULL REFERENCES cases(id),
    worker_id   BIGINT REFERENCES users(id),
    police_id   BIGINT REFERENCES users(id),
    assigned_on DATE NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    created_by  BIGINT NOT NULL REFERENCES users(id)
);
CREATE INDEX case_assignments_case ON case_assignments(case_id, id);

-- STAT-1, D6: classified orders per unit, state and level, kept by triggers in the
-- transaction of every case change (as unit_case_counts); unclassified orders are not
-- counted here (a bulk load of unclassified cases pays nothing).
CREATE TABLE unit_risk_counts (
    unit_id    BIGINT NOT NULL REFERENCES units(id),
    unit_path  TEXT COLLATE "C" NOT NULL,
    state      TEXT NOT NULL,
    risk_level TEXT NOT NULL,
    n          BIGINT NOT NULL,
    PRIMARY KEY (unit_id, state, risk_level)
);
CREATE INDEX unit_risk_counts_scope ON unit_risk_counts(unit_path);

CREATE FUNCTION unit_risk_counts_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('UPDATE', 'DELETE') AND OLD.risk_level IS NOT NULL THEN
        UPDATE unit_risk_counts SET n = n - 1
        WHERE unit_id = OLD.unit_id AND state = OLD.state AND risk_level = OLD.risk_level;
    END IF;
    IF TG_OP IN ('UPDATE', 'INSERT') AND NEW.risk_level IS NOT NULL THEN
        INSERT INTO unit_risk_counts AS k (unit_id, unit_path, state, risk_level, n)
        VALUES (NEW.unit_id, NEW.unit_path, NEW.state, NEW.risk_level, 1)
        ON CONFLICT (unit_id, state, risk_level) DO UPDATE SET n = k.n + 1;
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER cases_risk_counted_on_insert AFTER INSERT ON cases
    FOR EACH ROW WHEN (NEW.risk_level IS NOT NULL)
    EXECUTE FUNCTION unit_risk_counts_change();
CREATE TRIGGER cases_risk_counted_on_delete AFTER DELETE ON cases
    FOR EACH ROW WHEN (OLD.risk_level IS NOT NULL)
    EXECUTE FUNCTION unit_risk_counts_change();
CREATE TRIGGER cases_risk_counted_on_change AFTER UPDATE OF unit_id, state, risk_level ON cases
    FOR EACH ROW
    WHEN (OLD.risk_level IS DISTINCT FROM NEW.risk_level
          OR (NEW.risk_level IS NOT NULL
              AND (OLD.unit_id <> NEW.unit_id OR OLD.state <> NEW.state)))
    EXECUTE FUNCTION unit_risk_counts_change();
