-- The web app (issue 7): analysts' accounts and sessions, and the contact details a respondent
-- may leave on the public form. Kept identical in meaning to migrations/postgres/ of the same name.
CREATE TABLE users (
    username      TEXT PRIMARY KEY,
    password_hash TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'analyst', 'viewer')),
    created_at    TEXT NOT NULL
);

-- Only a hash of the session token is kept, so a copy of the database opens no session.
CREATE TABLE sessions (
    token_hash  TEXT PRIMARY KEY,
    username    TEXT NOT NULL REFERENCES users(username) ON DELETE CASCADE,
    csrf_token  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    expires_at  TEXT NOT NULL
);

-- Name and email are personal data that no analysis reads: kept apart from the response.
CREATE TABLE form_contacts (
    response_id TEXT PRIMARY KEY REFERENCES responses(id) ON DELETE CASCADE,
    name        TEXT,
    email       TEXT
);
