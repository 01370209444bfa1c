-- Campaigns (issue 6): the groups of responses that copy one template letter, as the last
-- analysis found them, and each member's personal additions. Kept identical in meaning to
-- migrations/postgres/ of the same name; only integer types differ.
CREATE TABLE campaigns (
    consultation_id      TEXT NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    id                   TEXT NOT NULL,
    template_response_id TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    template             TEXT NOT NULL,
    size                 INTEGER NOT NULL,
    first_seen           TEXT,
    last_seen            TEXT,
    PRIMARY KEY (consultation_id, id)
);

CREATE TABLE campaign_members (
    consultation_id   TEXT NOT NULL,
    campaign_id       TEXT NOT NULL,
    response_id       TEXT NOT NULL REFERENCES responses(id) ON DELETE CASCADE,
    personal_addition TEXT,
    PRIMARY KEY (consultation_id, response_id),
    FOREIGN KEY (consultation_id, campaign_id) REFERENCES campaigns(consultation_id, id) ON DELETE CASCADE
);

CREATE INDEX campaign_members_by_campaign ON campaign_members (consultation_id, campaign_id);
