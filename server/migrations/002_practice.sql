-- Exercise logs and check-ins. Ids come from the client (offline outbox), so they are unique per
-- space; fingerprint is a digest of what was first stored, to tell a retry from a clash.
CREATE TABLE exercise_logs (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    exercise_id TEXT NOT NULL,
    started_at TEXT NOT NULL,
    duration_seconds INTEGER NOT NULL CHECK (duration_seconds BETWEEN 1 AND 60),
    completed INTEGER NOT NULL CHECK (completed IN (0, 1)),
    recorded_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (space_id, id)
);
CREATE INDEX exercise_logs_by_time ON exercise_logs (space_id, started_at);

-- exercise_log_id has no foreign key: a "before" check-in is written before its exercise ends.
CREATE TABLE check_ins (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    checked_in_at TEXT NOT NULL,
    presence INTEGER NOT NULL CHECK (presence BETWEEN 1 AND 5),
    energy INTEGER NOT NULL CHECK (energy BETWEEN 1 AND 5),
    feelings TEXT NOT NULL,
    note TEXT,
    exercise_log_id TEXT,
    moment TEXT CHECK (moment IN ('before', 'after')),
    recorded_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    PRIMARY KEY (space_id, id)
);
CREATE INDEX check_ins_by_time ON check_ins (space_id, checked_in_at);
