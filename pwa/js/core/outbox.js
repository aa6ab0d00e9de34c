// The outbox: every write is kept in IndexedDB first, then sent to the server by idempotent
// request, in order, until the server has it. Nothing is dropped without the person's say.
import { ApiError, currentSession, request } from "./api.js";
import { deleteOne, getAll, putOne, updateOne } from "./idb.js";

const FIRST_RETRY_MS = 2000;
const LAST_RETRY_MS = 5 * 60 * 1000;
const LONGEST_RETRY_AFTER_MS = 60 * 60 * 1000;
// The server's answer to these is kept, so the history shows them while offline.
const REMEMBERED = new Set(["exercise-log", "check-in"]);

const listeners = new Set();
const channel = "BroadcastChannel" in self ? new BroadcastChannel("attune-outbox") : null;
let running = null;
let again = false;
let forced = false;
let timer = null;
let started = false;
let sequence = 0;

function spaceId() {
  return currentSession()?.space_id ?? null;
}

function notify(change, fromOtherTab = false) {
  if (!fromOtherTab) channel?.postMessage(change);
  for (const callback of listeners) callback(change);
}

/** Keep a write and start sending it; resolves once it is safe in IndexedDB. */
export async function enqueue({ id, method = "PUT", path, body, kind }) {
  const space = spaceId();
  if (!space) throw new Error("Attune has not opened your space yet.");
  sequence += 1;
  const entry = {
    id,
    kind,
    method,
    path,
    body,
    space_id: space,
    created_at: new Date().toISOString(),
    order: Date.now() * 1000 + (sequence % 1000),
    attempts: 0,
    next_attempt_at: 0,
    last_error: null,
    failed: false,
  };
  await putOne("outbox", entry);
  notify({ type: "enqueued", id, kind });
  syncNow({ retryNow: false });
  return entry;
}

/**
 * Writes of this space not on the server yet (of one kind, or all), oldest first. Each has
 * failed: true when the server refused it for good; last_error then says why.
 */
export async function pending(kind) {
  const space = spaceId();
  const all = await getAll("outbox");
  return all
    .filter((entry) => entry.space_id === space && (!kind || entry.kind === kind))
    .sort((a, b) => a.order - b.order);
}

/** Give up on a write the server refused: the person chose to let it go. */
export async function discard(id) {
  await deleteOne("outbox", id);
  notify({ type: "discarded", id });
}

/** Call back after any enqueue or sync change; returns a function that stops it. */
export function onChange(callback) {
  listeners.add(callback);
  return () => listeners.delete(callback);
}

function isTransient(error) {
  const status = error instanceof ApiError ? error.status : 0;
  return status === 0 || status >= 500 || status === 408 || status === 429;
}

function retryDelay(attempts, retryAfter) {
  const backoff = Math.min(FIRST_RETRY_MS * 2 ** (attempts - 1), LAST_RETRY_MS);
  // Jitter, so many devices coming back online do not all knock at once.
  const jittered = backoff * (0.75 + Math.random() * 0.5);
  const asked = Number(retryAfter) * 1000 || Date.parse(retryAfter) - Date.now() || 0;
  return Math.max(jittered, Math.min(asked, LONGEST_RETRY_AFTER_MS));
}

function problem(error) {
  const { status = 0, code = "error", message = "Something went wrong." } = error;
  return { status, code, message };
}

async function settle(entry, answer) {
  // The server's answer is kept before the write leaves the outbox: a reload between the two
  // steps must not leave it in neither place (and hidden until the next successful read).
  if (REMEMBERED.has(entry.kind) && answer) {
    const key = `${entry.kind}:${entry.id}`;
    await putOne("practice", { key, kind: entry.kind, space_id: entry.space_id, record: answer });
  }
  // Delete only what was sent: a newer write under the same id waits for its own turn.
  await updateOne("outbox", entry.id, (stored) => (stored.order === entry.order ? null : undefined));
  notify({ type: "synced", id: entry.id, kind: entry.kind, answer });
}

async function refuse(entry, error) {
  await updateOne("outbox", entry.id, (stored) => ({
    ...stored,
    failed: true,
    last_error: problem(error),
  }));
  notify({ type: "failed", id: entry.id, kind: entry.kind });
}

async function retryLater(entry, error) {
  await updateOne("outbox", entry.id, (stored) => {
    const attempts = stored.attempts + 1;
    const delay = retryDelay(attempts, error.retryAfter);
    return { ...stored, attempts, next_attempt_at: Date.now() + delay, last_error: problem(error) };
  });
  notify({ type: "retrying", id: entry.id, kind: entry.kind });
}

/** Send one entry; true when the pass may go on to the next. */
async function send(entry) {
  let answer;
  try {
    answer = await request(entry.method, entry.path, entry.body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    if (error.status === 401) return false;
    if (error.status === 404 && entry.method === "DELETE") {
      await settle(entry, null);
      return true;
    }
    if (isTransient(error)) {
      await retryLater(entry, error);
      return false;
    }
    await refuse(entry, error);
    return true;
  }
  await settle(entry, answer);
  return true;
}

async function pass(retryNow) {
  // Offline for sure: wait for the "online" event rather than knock on a closed door.
  if (!spaceId() || !navigator.onLine) return;
  for (const entry of await pending()) {
    if (entry.failed) continue;
    // In order: a write that must wait holds back the writes made after it.
    if (!retryNow && entry.next_attempt_at > Date.now()) break;
    if (!(await send(entry))) break;
  }
}

async function scheduleNextPass() {
  clearTimeout(timer);
  const waiting = (await pending()).filter((entry) => !entry.failed);
  if (!waiting.length || !spaceId() || !navigator.onLine) return;
  const next = Math.min(...waiting.map((entry) => entry.next_attempt_at));
  timer = setTimeout(() => syncNow({ retryNow: false }), Math.max(0, next - Date.now()));
}

function locked(work) {
  // One pass at a time across tabs too, where the browser can say so.
  if (navigator.locks) return navigator.locks.request("attune-outbox", work);
  return work();
}

/**
 * Run one sync pass now (waiting writes are tried at once unless retryNow is false);
 * resolves when the pass ends. A call during a pass runs one more pass after it.
 */
export function syncNow({ retryNow = true } = {}) {
  forced = forced || retryNow;
  if (running) {
    again = true;
    return running;
  }
  running = (async () => {
    do {
      again = false;
      const force = forced;
      forced = false;
      await locked(() => pass(force));
    } while (again);
    await scheduleNextPass();
  })()
    .catch((error) => console.warn("Sync pass stopped:", error.name))
    .finally(() => {
      running = null;
    });
  return running;
}

async function startAfresh() {
  for (const entry of await pending()) {
    await updateOne("outbox", entry.id, (stored) => ({ ...stored, attempts: 0, next_attempt_at: 0 }));
  }
  return syncNow();
}

/** Sync on load, when the network returns, after each enqueue and on a backoff timer. */
export function startSync() {
  if (started) return;
  started = true;
  addEventListener("online", () => startAfresh());
  channel?.addEventListener("message", (event) => notify(event.data, true));
  syncNow();
}
