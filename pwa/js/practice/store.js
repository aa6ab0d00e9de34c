// Practice data for the screens: exercise runs and check-ins, offline included. Writes go
// through the outbox; reads merge what the server last said with what is still waiting.
import { enqueue } from "../core/outbox.js";
import { DAY_MS, SERVER_DEFAULT_DAYS, merged, refresh } from "./server-copy.js";

// The device's offset from UTC at that moment, in minutes east: the server places the event on
// this local day when the space has not chosen a time zone yet.
function offsetAt(moment) {
  return -new Date(moment).getTimezoneOffset();
}

/** Record one run of an exercise (complete, or stopped early) for syncing. */
export async function saveExerciseLog({
  id = crypto.randomUUID(),
  exercise_id,
  started_at,
  duration_seconds,
  completed,
}) {
  const body = {
    exercise_id,
    started_at,
    duration_seconds,
    completed,
    utc_offset_minutes: offsetAt(started_at),
  };
  await enqueue({ id, kind: "exercise-log", path: `/api/exercise-logs/${id}`, body });
  return { id, ...body, pending: true, error: null };
}

/** Record a check-in (on its own, or before/after the exercise run exercise_log_id). */
export async function saveCheckIn({
  id = crypto.randomUUID(),
  checked_in_at,
  presence,
  energy,
  feelings = [],
  note = null,
  exercise_log_id = null,
  moment = null,
}) {
  const body = {
    checked_in_at,
    presence,
    energy,
    feelings,
    note: note && note.trim() ? note.trim() : null,
    exercise_log_id,
    moment,
    utc_offset_minutes: offsetAt(checked_in_at),
  };
  await enqueue({ id, kind: "check-in", path: `/api/check-ins/${id}`, body });
  return { id, ...body, pending: true, error: null };
}

/** Exercise runs and check-ins since then, newest first, each marked pending or not. */
export async function recentPractice({ since }) {
  const start = new Date(since);
  await Promise.all([refresh("exercise-log", start), refresh("check-in", start)]);
  const [exerciseLogs, checkIns] = await Promise.all([
    merged("exercise-log", start),
    merged("check-in", start),
  ]);
  return { exerciseLogs, checkIns };
}

/** Counts for today (the local date): complete and partial runs, check-ins, still waiting. */
export async function todaysPractice() {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const { exerciseLogs, checkIns } = await recentPractice({ since: midnight });
  const waiting = [...exerciseLogs, ...checkIns].filter((item) => item.pending);
  return {
    completed: exerciseLogs.filter((log) => log.completed).length,
    partial: exerciseLogs.filter((log) => !log.completed).length,
    checkIns: checkIns.length,
    pending: waiting.length,
  };
}

/** The newest check-in of the last month, waiting or synced, or null. */
export async function lastCheckIn() {
  const since = new Date(Date.now() - SERVER_DEFAULT_DAYS * DAY_MS);
  await refresh("check-in", since);
  const checkIns = await merged("check-in", since);
  return checkIns[0] ?? null;
}
