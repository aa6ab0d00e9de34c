// The one way the app talks to the server: JSON in and out, the CSRF token on every write,
// reads network-first with a stored copy behind them, and this browser's session.
import { keepCopy, rememberContact, storedCopy } from "./copies.js";
import { clearAll } from "./idb.js";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);
// A read that takes longer than this is answered from the stored copy, if there is one.
const READ_TIMEOUT_MS = 3000;
const SESSION_PATH = "/api/session";
// The session without its CSRF token, so the app opens offline and knows its space after.
const SESSION_KEY = "attune:session";
// What this device keeps about one space (device preferences stay with the device).
const SPACE_KEYS = [
  SESSION_KEY,
  "attune:last-contact",
  "attune:schedule",
  "attune:zone-detected",
  "attune:unfinished-run",
  "attune:push-sent",
];

let session = null;

/** An API error with the server's code, message and field (or "offline" with no network). */
export class ApiError extends Error {
  constructor(status, { code = "error", message = "Something went wrong.", field = null } = {}) {
    super(message);
    this.name = "ApiError";
    this.status = status;
    this.code = code;
    this.field = field;
  }
}

const offline = () => new ApiError(0, { code: "offline", message: "You are offline." });

async function send(method, path, body, timeout) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (WRITES.has(method) && session?.csrf_token) headers["X-CSRF-Token"] = session.csrf_token;
  try {
    return await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      signal: timeout ? AbortSignal.timeout(timeout) : undefined,
    });
  } catch {
    throw offline();
  }
}

/** Send a request and return the parsed JSON body (null for 204). */
export async function request(method, path, body, { timeout = 0 } = {}) {
  // Opened offline, the session has no CSRF token yet: fetch it before the first write.
  if (WRITES.has(method) && session && !session.csrf_token) await refreshSession();
  let response = await send(method, path, body, timeout);
  let data = response.status === 204 ? null : await response.json().catch(() => null);
  // A stale token (the session changed elsewhere) is fetched again and the write sent once more.
  if (response.status === 403 && data?.error?.code === "csrf" && (await refreshSession())) {
    response = await send(method, path, body, timeout);
    data = response.status === 204 ? null : await response.json().catch(() => null);
  }
  if (response.status === 401 && session) {
    session = null;
    dispatchEvent(new CustomEvent("attune:signed-out"));
  }
  if (!response.ok) {
    const error = new ApiError(response.status, data && data.error ? data.error : {});
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  rememberContact();
  return data;
}

/**
 * Read path network-first: the server's answer within a few seconds, else this space's stored
 * copy (announced, so the page can say so); offline with no copy, an "offline" ApiError and
 * no failed request. The session is never kept: it carries the CSRF token.
 */
export async function get(path) {
  if (path.startsWith(SESSION_PATH)) return request("GET", path);
  const space = session?.space_id;
  if (navigator.onLine) {
    try {
      const data = await request("GET", path, undefined, { timeout: READ_TIMEOUT_MS });
      keepCopy(space, path, data).catch(() => {});
      return data;
    } catch (error) {
      if (error.code !== "offline") throw error;
    }
  }
  const copy = await storedCopy(space, path);
  if (!copy) throw offline();
  return copy.body;
}

export const post = (path, body = {}) => request("POST", path, body);
export const patch = (path, body) => request("PATCH", path, body);
export const del = (path) => request("DELETE", path);

/** This browser's session (space, device, CSRF token), or null when it has none. */
export function currentSession() {
  return session;
}

/** Use info as this browser's session; a copy without the CSRF token stays on the device. */
export function setSession(info) {
  session = info;
  const { csrf_token: _secret, ...kept } = info;
  try {
    localStorage.setItem(SESSION_KEY, JSON.stringify(kept));
  } catch {
    // No storage: the app then needs the network to open.
  }
}

/** The session this device last knew (without its CSRF token), or null. */
export function storedSession() {
  try {
    return JSON.parse(localStorage.getItem(SESSION_KEY));
  } catch {
    return null;
  }
}

async function refreshSession() {
  const info = await request("GET", SESSION_PATH).catch(() => null);
  if (!info?.signed_in) return false;
  setSession(info);
  return true;
}

/**
 * Return this browser's session, creating a private space on the very first visit. Offline,
 * the stored one (its CSRF token comes with the first write). A browser whose space is gone or
 * was signed out elsewhere gets null, and an "attune:signed-out" event saying which.
 */
export async function ensureSession() {
  const known = storedSession()?.space_id;
  // Known to be offline: no request, so no failed one in the console either.
  if (!navigator.onLine && known) {
    session = session ?? storedSession();
    return session;
  }
  let info;
  try {
    const query = known ? `?known_space=${encodeURIComponent(known)}` : "";
    info = await request("GET", `${SESSION_PATH}${query}`);
  } catch (error) {
    if (error.code !== "offline" || !known) throw error;
    session = session ?? storedSession();
    return session;
  }
  if (info.signed_in) {
    setSession(info);
  } else if (known) {
    session = null;
    const detail = { spaceGone: !info.space_exists };
    dispatchEvent(new CustomEvent("attune:signed-out", { detail }));
    return null;
  } else {
    setSession(await post("/api/spaces", {}));
  }
  return session;
}

/** Whether the space this device was in is gone for good (null when the server cannot say). */
export async function spaceGone(spaceId) {
  const path = `${SESSION_PATH}?known_space=${encodeURIComponent(spaceId)}`;
  const info = await request("GET", path).catch(() => null);
  return info && !info.signed_in ? !info.space_exists : null;
}

/** Forget the session and every copy kept of the space, the outbox included. */
export async function forgetSession() {
  session = null;
  // Left by earlier versions, whose worker kept API answers (and the session) in one cache.
  if ("caches" in window) await caches.delete("attune-data");
  await clearAll();
  for (const key of Object.keys(localStorage)) {
    if (SPACE_KEYS.some((prefix) => key === prefix || key.startsWith(`${prefix}:`))) {
      localStorage.removeItem(key);
    }
  }
}
