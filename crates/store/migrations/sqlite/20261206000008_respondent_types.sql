-- Respondent types (issue 15). Kept identical in meaning to the other dialect's file of the
-- same name.

-- Whether the source said what kind of respondent this is; where it did not, the analysis
-- infers a type. Rows stored before this migration count as declared when a mapped
-- organisation type was given.
ALTER TABLE responses ADD COLUMN type_declared INTEGER NOT NULL DEFAULT 0;
UPDATE responses SET type_declared = 1
    WHERE organisation_type_raw IS NOT NULL AND respondent_type <> 'other_organisation';

-- The domain of the address an emailed letter came from (never the address): a clue to the
-- sender's type.
ALTER TABLE responses ADD COLUMN sender_domain TEXT;

-- An analyst's correction of a response's respondent type. It outranks the declared and the
-- inferred type, and every change is also written to audit_log in the same transaction.
CREATE TABLE respondent_type_labels (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    response_id     TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    respondent_type TEXT NOT NULL,
    analyst         TEXT NOT NULL,
    labelled_at     TEXT NOT NULL,
    PRIMARY KEY (response_id)
);
CREATE INDEX respondent_type_labels_by_consultation ON respondent_type_labels (consultation_id);

-- Organisations an analyst marked as notable, by the organisation's key (its normalised name),
-- so the mark survives re-analysis and re-import.
CREATE TABLE starred_organisations (
    consultation_id TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    organisation    TEXT NOT NULL,
    analyst         TEXT NOT NULL,
    starred_at      TEXT NOT NULL,
    PRIMARY KEY (consultation_id, organisation)
);
