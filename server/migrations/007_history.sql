-- Daily totals of practice per space and local day, kept in the same transaction as each
-- exercise log and check-in, so the history never re-reads years of raw rows. `attune
-- rebuild-totals` recounts them from the raw rows (the Python step below does so now).
-- A pair is an exercise with a check-in before and after it; it counts on the after's day.
CREATE TABLE daily_practice (
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    local_day TEXT NOT NULL,
    exercises_completed INTEGER NOT NULL DEFAULT 0,
    exercises_partial INTEGER NOT NULL DEFAULT 0,
    check_ins INTEGER NOT NULL DEFAULT 0,
    presence_sum INTEGER NOT NULL DEFAULT 0,
    energy_sum INTEGER NOT NULL DEFAULT 0,
    pairs INTEGER NOT NULL DEFAULT 0,
    presence_change_sum INTEGER NOT NULL DEFAULT 0,
    energy_change_sum INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (space_id, local_day)
);

-- Each appointment's local day in the space's zone at its start, so workdays are one query
-- answered from the index alone. Filled for existing rows by the Python step.
ALTER TABLE appointments ADD COLUMN local_day TEXT NOT NULL DEFAULT '';
CREATE INDEX appointments_by_day ON appointments (space_id, status, local_day);
CREATE INDEX check_ins_by_exercise ON check_ins (space_id, exercise_log_id);
