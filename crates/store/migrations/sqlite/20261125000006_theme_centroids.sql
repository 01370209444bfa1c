-- Each open question's themes as the last analysis discovered them (before analysts' edits):
-- their centres, so that the next analysis starts from them and themes keep their ids.
-- Kept per encoder model, since a centre means nothing in another model's space. Identical
-- in meaning to the other backend's file of the same name; only the BLOB/BYTEA type differs.
CREATE TABLE theme_centroids (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    question_id     TEXT NOT NULL,
    model_id        TEXT NOT NULL,
    theme_id        TEXT NOT NULL,
    split_from      TEXT,
    centre          BLOB NOT NULL,
    PRIMARY KEY (consultation_id, question_id, model_id, theme_id)
);
