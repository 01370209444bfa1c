-- Corrected re-exports: a changed response under an old id, imported with `--revise`, keeps
-- every earlier version here; the responses row always holds the latest. Kept identical in
-- meaning to migrations/postgres/ of the same name.
CREATE TABLE response_revisions (
    response_id  TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    revision     INTEGER NOT NULL,
    content_hash TEXT NOT NULL,
    source_file  TEXT NOT NULL,
    source_line  INTEGER,
    record       TEXT NOT NULL,
    replaced_at  TEXT NOT NULL,
    PRIMARY KEY (response_id, revision)
);

-- An analyst's label on a response that has since been revised asks for another look.
ALTER TABLE stance_labels ADD COLUMN recheck INTEGER NOT NULL DEFAULT 0;

-- A letter read from a scanned page by OCR: the recogniser's mean word confidence, 0 to 1.
ALTER TABLE responses ADD COLUMN ocr_confidence REAL;
