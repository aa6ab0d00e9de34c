// The schedule: the server's last answer kept for offline use, with pending edits laid over it.
import { ApiError, currentSession, get, request } from "../core/api.js";
import { discard, enqueue, onChange, pending, syncNow } from "../core/outbox.js";
import { withPending } from "./overlay.js";
import { addDays, browserZone, localDay } from "./time.js";

const CACHE_KEY = "attune:schedule";
const ZONE_SET_KEY = "attune:zone-detected";

// Writes the server has just taken stay laid over its answers for a while: right after the
// network returns, an answer can still come from the worker's offline copy.
const CONFIRMED_MS = 5 * 60 * 1000;

// The schedule screen shows this week and the seven after it; once it has been opened here, the
// copy kept covers them all, so every week opens offline too. Other screens need only days ahead.
const WEEKS_DAYS = 62;
const NEAR_DAYS = 8;

const listeners = new Set();
const confirmed = [];
const seen = new Map();
let inFlight = null;

function spaceId() {
  return currentSession()?.space_id ?? null;
}

function cached() {
  try {
    const saved = JSON.parse(localStorage.getItem(CACHE_KEY));
    return saved && saved.space_id === spaceId() ? saved.schedule : null;
  } catch {
    return null;
  }
}

function keep(schedule) {
  localStorage.setItem(CACHE_KEY, JSON.stringify({ space_id: spaceId(), schedule }));
}

async function overlaid(schedule) {
  if (!schedule) return null;
  const entries = await pending("schedule");
  for (const entry of entries) seen.set(entry.id, entry);
  const recent = confirmed.filter((c) => Date.now() - c.at < CONFIRMED_MS).map((c) => c.entry);
  const taken = withPending(schedule, recent, { pending: false });
  return {
    ...withPending(
      taken,
      entries.filter((entry) => !entry.failed),
    ),
    refused: entries.filter((entry) => entry.failed),
  };
}

async function notify() {
  const schedule = await overlaid(cached());
  for (const listener of listeners) listener(schedule);
}

// A new space starts in UTC; the first time it is opened here, it takes this browser's zone.
async function adoptBrowserZone(schedule, weeks) {
  const zone = browserZone();
  const key = `${ZONE_SET_KEY}:${spaceId()}`;
  if (schedule.time_zone !== "UTC" || zone === "UTC" || localStorage.getItem(key)) return schedule;
  localStorage.setItem(key, "1");
  await request("PUT", "/api/space/time-zone", { time_zone: zone });
  return get(schedulePath(weeks));
}

function schedulePath(weeks) {
  const known = cached();
  const wide = weeks || (known && known.to >= addDays(known.today, NEAR_DAYS));
  if (!wide) return "/api/schedule";
  const today = localDay(Date.now(), known?.time_zone ?? browserZone());
  return `/api/schedule?to=${addDays(today, WEEKS_DAYS)}`;
}

async function fetchSchedule(weeks) {
  try {
    // Known to be offline: no request, so no failed one either.
    if (!navigator.onLine) throw new ApiError(0, { code: "offline", message: "You are offline." });
    keep(await adoptBrowserZone(await get(schedulePath(weeks)), weeks));
  } catch (error) {
    if (!(error instanceof ApiError && error.code === "offline") || !cached()) throw error;
  }
  await notify();
  return overlaid(cached());
}

/**
 * Ask the server for the coming week (with weeks, the eight weeks the schedule screen shows);
 * offline, the last answer. Pending edits are laid over. A request already on its way is
 * shared, unless after is set or it asks for fewer days: then one more follows it.
 */
export function refreshSchedule({ after = false, weeks = false } = {}) {
  if (inFlight && (after || weeks)) {
    return inFlight.catch(() => {}).then(() => refreshSchedule({ weeks }));
  }
  inFlight ??= fetchSchedule(weeks).finally(() => {
    inFlight = null;
  });
  return inFlight;
}

/** The last known schedule with pending edits, without asking the server (null if none yet). */
export function knownSchedule() {
  return overlaid(cached());
}

/** Call back with the schedule whenever it changes; returns the way to stop. */
export function onScheduleChange(callback) {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

/**
 * Queue a schedule edit: it shows at once as pending and reaches the server when it can.
 * With takeBack, a change the server refuses at once is taken out of the outbox and its
 * error ({ status, code, message }) returned, for the form that is still open to show.
 */
export async function saveEdit(path, body, method = "PUT", { takeBack = false } = {}) {
  const id = crypto.randomUUID();
  await enqueue({ id, method, path, body, kind: "schedule" });
  await notify();
  if (!takeBack || !navigator.onLine) return null;
  await syncNow();
  const refused = (await pending("schedule")).find((entry) => entry.id === id && entry.failed);
  if (!refused) return null;
  await discard(id);
  return refused.last_error;
}

/** Let go of a change the server refused. */
export function letGo(id) {
  return discard(id);
}

/** Change the space's time zone (needs a connection); future weekly sessions follow it. */
export async function setTimeZone(zone) {
  await request("PUT", "/api/space/time-zone", { time_zone: zone });
  return refreshSchedule();
}

// Once the outbox has sent something, the server's answer is the truth again.
onChange((change) => {
  if (change.kind && change.kind !== "schedule") return;
  if (change.type !== "synced") {
    notify();
    return;
  }
  if (seen.has(change.id)) confirmed.push({ entry: seen.get(change.id), at: Date.now() });
  seen.delete(change.id);
  refreshSchedule({ after: true }).catch(() => notify());
});
