-- Analysts' stance labels, and the audit log every analyst edit writes to.
-- Kept identical in meaning to migrations/postgres/ of the same name.
CREATE TABLE stance_labels (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    response_id     TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    proposal_id     TEXT NOT NULL,
    camp            TEXT NOT NULL,
    analyst         TEXT NOT NULL,
    note            TEXT,
    labelled_at     TEXT NOT NULL,
    PRIMARY KEY (response_id, proposal_id)
);

CREATE INDEX stance_labels_by_consultation ON stance_labels (consultation_id);

-- Append-only: rows are inserted in the same transaction as the edit they record, never updated.
CREATE TABLE audit_log (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    consultation_id TEXT NOT NULL,
    actor           TEXT NOT NULL,
    action          TEXT NOT NULL,
    target          TEXT NOT NULL,
    before          TEXT,
    after           TEXT,
    at              TEXT NOT NULL
);

CREATE INDEX audit_log_by_consultation ON audit_log (consultation_id, id);
