-- Check-in prompts: local 'HH:MM' times, comma separated, on workdays without sessions.
ALTER TABLE space_settings ADD COLUMN check_in_prompts TEXT NOT NULL DEFAULT '';

-- One reminder for one push subscription. Keyed by (subscription, reminder key, start): the key
-- is 'appointment:<id>' or 'prompt:<local day>T<HH:MM>', and appointment ids survive template
-- regeneration and calendar refresh, so there is deliberately no foreign key to appointments
-- (their rows are deleted and written again); a session moved to another time is a new row.
-- Deleting the space or the subscription deletes its deliveries.
--
-- state: pending (waiting for next_attempt_at) -> claimed (a sender holds it until lease_until)
-- -> sent | failed | gone | skipped, or back to pending to retry. expires_at is the last moment
-- the reminder is worth landing (the session's start). attempts counts claims and fences a
-- sender whose lease ran out: its late answer must still see the attempt it claimed.
-- id is only a short handle for the claim; on PostgreSQL it would be an identity column.
CREATE TABLE reminder_deliveries (
    id INTEGER PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    subscription_id TEXT NOT NULL REFERENCES push_subscriptions (id) ON DELETE CASCADE,
    reminder_key TEXT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('appointment', 'prompt')),
    starts_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    due_at TEXT NOT NULL,
    state TEXT NOT NULL DEFAULT 'pending'
        CHECK (state IN ('pending', 'claimed', 'sent', 'failed', 'skipped', 'gone')),
    lease_until TEXT,
    attempts INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_status INTEGER,
    updated_at TEXT NOT NULL,
    UNIQUE (subscription_id, reminder_key, starts_at),
    CHECK ((state = 'claimed') = (lease_until IS NOT NULL))
);
-- next_attempt_at is the due time of a pending row (never before due_at): the loop's sleep and
-- its claim read only this index, never the appointments.
CREATE INDEX reminder_deliveries_due ON reminder_deliveries (next_attempt_at)
    WHERE state = 'pending';
CREATE INDEX reminder_deliveries_leases ON reminder_deliveries (lease_until)
    WHERE state = 'claimed';
CREATE INDEX reminder_deliveries_by_space ON reminder_deliveries (space_id, starts_at);
