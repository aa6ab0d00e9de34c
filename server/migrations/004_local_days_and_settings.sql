-- Each practice event keeps the local day (and UTC offset) it happened on, fixed when written,
-- so a later change of time zone never moves past days. Existing rows are filled in by the
-- Python step of this migration (server/migrations/__init__.py), from the space's zone.
ALTER TABLE exercise_logs ADD COLUMN local_day TEXT NOT NULL DEFAULT '';
ALTER TABLE exercise_logs ADD COLUMN utc_offset_minutes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX exercise_logs_by_day ON exercise_logs (space_id, local_day);
ALTER TABLE check_ins ADD COLUMN local_day TEXT NOT NULL DEFAULT '';
ALTER TABLE check_ins ADD COLUMN utc_offset_minutes INTEGER NOT NULL DEFAULT 0;
CREATE INDEX check_ins_by_day ON check_ins (space_id, local_day);

-- Every zone a space has chosen and since when: the zone in force at an event's moment decides
-- its local day, even when the event syncs after the zone changed.
CREATE TABLE space_zones (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    since TEXT NOT NULL,
    time_zone TEXT NOT NULL,
    PRIMARY KEY (space_id, since)
);
INSERT INTO space_zones (space_id, since, time_zone)
    SELECT id, created_at, time_zone FROM spaces WHERE time_zone <> 'UTC';

-- What the therapist chose; a space without a row has the defaults. Workdays are a bit mask,
-- Monday = 1 … Sunday = 64 (31 = Monday to Friday).
CREATE TABLE space_settings (
    space_id TEXT PRIMARY KEY REFERENCES spaces (id) ON DELETE CASCADE,
    reminders_on INTEGER NOT NULL DEFAULT 1 CHECK (reminders_on IN (0, 1)),
    reminder_lead_minutes INTEGER NOT NULL DEFAULT 5
        CHECK (reminder_lead_minutes BETWEEN 1 AND 30),
    workdays INTEGER NOT NULL DEFAULT 31 CHECK (workdays BETWEEN 0 AND 127),
    hide_streaks INTEGER NOT NULL DEFAULT 0 CHECK (hide_streaks IN (0, 1)),
    updated_at TEXT NOT NULL
);
