-- The store's schema as version 1 of the program created it (for the migration test).
CREATE TABLE reports (
    id INTEGER PRIMARY KEY,
    report_id TEXT NOT NULL UNIQUE,
    file TEXT NOT NULL,
    original_name TEXT,
    format TEXT NOT NULL,
    unit TEXT NOT NULL,
    unit_type TEXT NOT NULL,
    year INTEGER,
    secretary TEXT,
    manifest TEXT,
    chars INTEGER NOT NULL,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    extractor_version TEXT NOT NULL
);
CREATE INDEX reports_version ON reports (extractor_version);
CREATE INDEX reports_year_type ON reports (year, unit_type);
CREATE TABLE texts (
    rid INTEGER PRIMARY KEY REFERENCES reports (id) ON DELETE CASCADE,
    text TEXT NOT NULL
);
CREATE TABLE mentions (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    metric TEXT NOT NULL,
    value NOT NULL,
    approx INTEGER NOT NULL,
    unit_of_measure TEXT NOT NULL,
    evidence TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    PRIMARY KEY (rid, seq)
) WITHOUT ROWID;
CREATE INDEX mentions_metric ON mentions (metric);
CREATE TABLE problems (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    item INTEGER NOT NULL,
    section TEXT NOT NULL,
    text TEXT NOT NULL,
    categories TEXT NOT NULL,
    span_start INTEGER NOT NULL,
    span_end INTEGER NOT NULL,
    PRIMARY KEY (rid, item)
) WITHOUT ROWID;
CREATE TABLE terms (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    seq INTEGER NOT NULL,
    term TEXT NOT NULL,
    count INTEGER NOT NULL,
    PRIMARY KEY (rid, seq)
) WITHOUT ROWID;
CREATE TABLE corrections (
    rid INTEGER NOT NULL REFERENCES reports (id) ON DELETE CASCADE,
    field TEXT NOT NULL CHECK (field IN ('unit', 'unit_type', 'year', 'secretary')),
    value,
    corrected_at TEXT NOT NULL,
    PRIMARY KEY (rid, field)
) WITHOUT ROWID;
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE revision (id INTEGER PRIMARY KEY CHECK (id = 1), n INTEGER NOT NULL);
INSERT INTO revision (id, n) VALUES (1, 0);
-- Metadata as shown everywhere: a user's correction wins over what was inferred.
CREATE VIEW meta AS
SELECT
    r.id AS rid,
    r.report_id AS report_id,
    CASE WHEN cu.field IS NULL THEN r.unit ELSE cu.value END AS unit,
    CASE WHEN ct.field IS NULL THEN r.unit_type ELSE ct.value END AS unit_type,
    CASE WHEN cy.field IS NULL THEN r.year ELSE cy.value END AS year,
    CASE WHEN cs.field IS NULL THEN r.secretary ELSE cs.value END AS secretary,
    (cu.field IS NOT NULL OR ct.field IS NOT NULL OR cy.field IS NOT NULL
     OR cs.field IS NOT NULL) AS corrected
FROM reports AS r
LEFT JOIN corrections AS cu ON cu.rid = r.id AND cu.field = 'unit'
LEFT JOIN corrections AS ct ON ct.rid = r.id AND ct.field = 'unit_type'
LEFT JOIN corrections AS cy ON cy.rid = r.id AND cy.field = 'year'
LEFT JOIN corrections AS cs ON cs.rid = r.id AND cs.field = 'secretary';
PRAGMA user_version = 1;
