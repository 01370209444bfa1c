-- Barometer's first schema. Kept identical in meaning to migrations/sqlite/ of the same name;
-- only column types differ (BIGINT for INTEGER, BYTEA for BLOB).
CREATE TABLE consultations (
    id            TEXT PRIMARY KEY,
    title         TEXT NOT NULL,
    organisation  TEXT NOT NULL,
    opens         TEXT NOT NULL,
    closes        TEXT NOT NULL,
    definition    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE proposals (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    position        BIGINT NOT NULL,
    short           TEXT,
    text            TEXT NOT NULL,
    PRIMARY KEY (consultation_id, id)
);

CREATE TABLE questions (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    id              TEXT NOT NULL,
    position        BIGINT NOT NULL,
    kind            TEXT NOT NULL,
    text            TEXT NOT NULL,
    proposal_id     TEXT,
    explains        TEXT,
    PRIMARY KEY (consultation_id, id)
);

CREATE TABLE imports (
    id              TEXT PRIMARY KEY,
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    format          TEXT NOT NULL,
    files           TEXT NOT NULL,
    records         BIGINT NOT NULL,
    inserted        BIGINT NOT NULL,
    imported_at     TEXT NOT NULL
);

CREATE TABLE responses (
    id                    TEXT PRIMARY KEY,
    consultation_id       TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    source                TEXT NOT NULL,
    external_id           TEXT NOT NULL,
    source_file           TEXT NOT NULL,
    source_line           BIGINT,
    responding_as         TEXT NOT NULL,
    organisation_name     TEXT,
    organisation_type_raw TEXT,
    respondent_type       TEXT NOT NULL,
    region                TEXT,
    submitted_at          TEXT,
    content_hash          TEXT NOT NULL,
    import_id             TEXT REFERENCES imports(id),
    UNIQUE (consultation_id, source, external_id)
);

CREATE INDEX responses_by_consultation ON responses (consultation_id);

CREATE TABLE answers (
    response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    question_id TEXT NOT NULL,
    position    BIGINT NOT NULL,
    option      TEXT,
    text        TEXT,
    PRIMARY KEY (response_id, question_id)
);

CREATE TABLE embeddings (
    model_id  TEXT NOT NULL,
    text_hash BYTEA NOT NULL,
    dim       BIGINT NOT NULL,
    vector    BYTEA NOT NULL,
    PRIMARY KEY (model_id, text_hash)
);
