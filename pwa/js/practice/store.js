// Practice data for the screens: exercise runs and check-ins, offline included. Writes go
// through the outbox; reads merge what the server last said with what is still waiting.
import { ApiError, currentSession, get } from "../core/api.js";
import { getAll, putMany } from "../core/idb.js";
import { enqueue, pending } from "../core/outbox.js";

const DAY_MS = 86400000;
// The server lists the last 31 days when asked without "since": one address for the usual
// case, so the worker's offline copy of it is replaced rather than piling up.
const SERVER_DEFAULT_DAYS = 30;

const KINDS = {
  "exercise-log": { api: "/api/exercise-logs", list: "exercise_logs", time: "started_at" },
  "check-in": { api: "/api/check-ins", list: "check_ins", time: "checked_in_at" },
};

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

// Ask the server for what it has since then and keep it; offline, the kept copy is enough.
async function refresh(kind, since) {
  if (!navigator.onLine) return;
  const { api, list } = KINDS[kind];
  const recent = since.getTime() >= Date.now() - SERVER_DEFAULT_DAYS * DAY_MS;
  const day = new Date(since.getFullYear(), since.getMonth(), since.getDate());
  const path = recent ? `${api}/` : `${api}/?since=${encodeURIComponent(day.toISOString())}`;
  try {
    const answer = await get(path);
    const space = currentSession()?.space_id;
    const records = answer[list].map((record) => ({
      key: `${kind}:${record.id}`,
      kind,
      space_id: space,
      record,
    }));
    await putMany("practice", records);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

function newestFirst(kind) {
  const field = KINDS[kind].time;
  return (a, b) => Date.parse(b[field]) - Date.parse(a[field]);
}

async function merged(kind, since) {
  const space = currentSession()?.space_id;
  const byId = new Map();
  for (const row of await getAll("practice")) {
    if (row.space_id === space && row.kind === kind) {
      byId.set(row.record.id, { ...row.record, pending: false, error: null });
    }
  }
  // A write still in the outbox wins: it is what this device last said about that id.
  for (const entry of await pending(kind)) {
    const error = entry.failed ? entry.last_error.message : null;
    byId.set(entry.id, { id: entry.id, ...entry.body, pending: true, error });
  }
  const field = KINDS[kind].time;
  return [...byId.values()]
    .filter((item) => Date.parse(item[field]) >= since.getTime())
    .sort(newestFirst(kind));
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
