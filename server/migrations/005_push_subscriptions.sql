-- Each device's Web Push subscription (at most one). The endpoint is a capability URL: anyone who
-- knows it can push to that browser, so it never leaves the server, not even into logs. A push
-- service's refusals (400, 413, 401, 403) are counted per subscription for the operator; a
-- subscription the push service calls gone (404, 410) is deleted instead.
CREATE TABLE push_subscriptions (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces (id) ON DELETE CASCADE,
    device_id TEXT NOT NULL UNIQUE REFERENCES devices (id) ON DELETE CASCADE,
    endpoint TEXT NOT NULL,
    p256dh TEXT NOT NULL,
    auth TEXT NOT NULL,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    refusals INTEGER NOT NULL DEFAULT 0,
    last_refusal_status INTEGER,
    last_refusal_at TEXT
);
CREATE INDEX push_subscriptions_by_space ON push_subscriptions (space_id);
