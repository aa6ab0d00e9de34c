-- Private spaces and the devices signed in to them. Tokens and codes are stored only as hashes.
CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    created_at TEXT NOT NULL,
    time_zone TEXT NOT NULL DEFAULT 'UTC',
    recovery_hash TEXT UNIQUE,
    recovery_created_at TEXT
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    token_hash TEXT NOT NULL UNIQUE,
    label TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX devices_by_space ON devices (space_id);

CREATE TABLE pairing_codes (
    space_id TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL UNIQUE,
    expires_at TEXT NOT NULL
);
