// What the server last said about practice, kept on this device so the screens work offline:
// read network-first, one request per address at a time, merged with writes still waiting.
import { ApiError, currentSession, get } from "../core/api.js";
import { deleteOne, getAll, putMany } from "../core/idb.js";
import { pending } from "../core/outbox.js";

export const DAY_MS = 86400000;
// The server lists the last 31 days when asked without "since": one address for the usual
// case, so the worker's offline copy of it is replaced rather than piling up.
export const SERVER_DEFAULT_DAYS = 30;
// The device keeps what its screens show (at most a month back) and a few days' margin, no more.
const KEEP_DAYS = 35;

const KINDS = {
  "exercise-log": { api: "/api/exercise-logs", list: "exercise_logs", time: "started_at" },
  "check-in": { api: "/api/check-ins", list: "check_ins", time: "checked_in_at" },
};

// Rows older than the screens look, or of another space, are dropped as new ones are kept.
async function prune(kind, space) {
  const oldest = Date.now() - KEEP_DAYS * DAY_MS;
  const { time } = KINDS[kind];
  const stale = (await getAll("practice")).filter(
    (row) =>
      row.kind === kind && (row.space_id !== space || Date.parse(row.record[time]) < oldest),
  );
  for (const row of stale) await deleteOne("practice", row.key);
}

// One request per address at a time: every screen part asking at once shares the same answer.
const inFlight = new Map();

/** Ask the server for what it has since then and keep it; offline, the kept copy is enough. */
export function refresh(kind, since) {
  if (!navigator.onLine) return Promise.resolve();
  const { api } = KINDS[kind];
  const recent = since.getTime() >= Date.now() - SERVER_DEFAULT_DAYS * DAY_MS;
  const day = new Date(since.getFullYear(), since.getMonth(), since.getDate());
  const path = recent ? `${api}/` : `${api}/?since=${encodeURIComponent(day.toISOString())}`;
  if (!inFlight.has(path)) {
    const done = () => inFlight.delete(path);
    inFlight.set(path, keep(kind, path).finally(done));
  }
  return inFlight.get(path);
}

async function keep(kind, path) {
  try {
    const answer = await get(path);
    const space = currentSession()?.space_id;
    const records = answer[KINDS[kind].list].map((record) => ({
      key: `${kind}:${record.id}`,
      kind,
      space_id: space,
      record,
    }));
    await putMany("practice", records);
    await prune(kind, space);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
  }
}

function newestFirst(kind) {
  const field = KINDS[kind].time;
  return (a, b) => Date.parse(b[field]) - Date.parse(a[field]);
}

/** Runs or check-ins (kind) since then, newest first: the kept copy, then what still waits. */
export async function merged(kind, since) {
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

