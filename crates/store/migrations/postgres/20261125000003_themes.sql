-- Analysts' edits to discovered themes (rename, merge, split, delete, move a response),
-- replayed in order on every run. The edit itself is JSON, in the analysis crate's shape.
CREATE TABLE theme_edits (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_id     TEXT NOT NULL,
    seq             BIGINT NOT NULL,
    author          TEXT NOT NULL,
    made_at         TEXT NOT NULL,
    edit            TEXT NOT NULL,
    PRIMARY KEY (consultation_id, question_id, seq)
);
