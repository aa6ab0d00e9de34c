-- The schedule: a weekly template, the appointments made from it, from calendars or by hand, and
-- pauses. Times are UTC text (server.clock.to_db); days and wall-clock times are the space's local
-- ones ('YYYY-MM-DD', 'HH:MM'). Only start and end times are ever kept: no titles, no names.

CREATE TABLE schedule_slots (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    weekday INTEGER NOT NULL CHECK (weekday BETWEEN 0 AND 6),
    start_time TEXT NOT NULL,
    length_minutes INTEGER NOT NULL CHECK (length_minutes BETWEEN 10 AND 240),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (space_id, id)
);

-- The last local day the template has been turned into appointments for; the scheduler and every
-- read of the schedule extend it, so appointments always reach some weeks ahead.
CREATE TABLE schedule_horizons (
    space_id TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    generated_through TEXT NOT NULL
);

-- source_id is the slot or calendar an appointment came from, without a foreign key: past
-- appointments outlive a deleted slot or calendar, for the history. A moved appointment keeps its
-- row with status 'moved' and points at its replacement. fingerprint is set for appointments
-- created by a client id, to tell a retry from a clash.
CREATE TABLE appointments (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    source TEXT NOT NULL CHECK (source IN ('template', 'manual', 'calendar')),
    source_id TEXT,
    starts_at TEXT NOT NULL,
    ends_at TEXT NOT NULL,
    status TEXT NOT NULL DEFAULT 'scheduled' CHECK (status IN ('scheduled', 'cancelled', 'moved')),
    replaced_by TEXT,
    fingerprint TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (space_id, id),
    CHECK (ends_at > starts_at),
    CHECK ((status = 'moved') = (replaced_by IS NOT NULL))
);
CREATE INDEX appointments_by_start ON appointments (space_id, starts_at);
CREATE INDEX appointments_by_source ON appointments (space_id, source_id, starts_at);

-- Reminders are off on every local day from first_day to last_day, inclusive.
CREATE TABLE schedule_pauses (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    first_day TEXT NOT NULL,
    last_day TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (space_id, id),
    CHECK (last_day >= first_day)
);
CREATE INDEX schedule_pauses_by_day ON schedule_pauses (space_id, last_day);

-- A calendar file or feed. The feed URL is a secret: feed_url_sealed is AES-GCM ciphertext under a
-- key derived from the data directory's secret, feed_url_masked only scheme and host. fingerprint
-- is a keyed digest of the subscription, to tell a retry from a clash. next_refresh_at says when
-- the scheduler fetches the feed again; imported_at is the last full (unconditional) import.
CREATE TABLE calendar_sources (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('file', 'feed')),
    keyword TEXT,
    feed_url_sealed BLOB,
    feed_url_masked TEXT,
    fingerprint TEXT,
    etag TEXT,
    last_modified TEXT,
    last_refresh_at TEXT,
    last_error TEXT,
    next_refresh_at TEXT,
    imported_at TEXT,
    created_at TEXT NOT NULL,
    PRIMARY KEY (space_id, id),
    CHECK ((kind = 'feed') = (feed_url_sealed IS NOT NULL))
);
CREATE INDEX calendar_feeds_due ON calendar_sources (next_refresh_at) WHERE kind = 'feed';
