// The one way the app talks to the server: JSON in and out, CSRF token on every write.
import { clearAll } from "./idb.js";

const WRITES = new Set(["POST", "PUT", "PATCH", "DELETE"]);

// What this device keeps about one space (device preferences stay with the device).
const SPACE_KEYS = ["attune:schedule", "attune:zone-detected", "attune:unfinished-run"];

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

/** Send a request and return the parsed JSON body (null for 204). */
export async function request(method, path, body) {
  const headers = { Accept: "application/json" };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (WRITES.has(method) && session) headers["X-CSRF-Token"] = session.csrf_token;
  let response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
    });
  } catch {
    throw new ApiError(0, { code: "offline", message: "You are offline." });
  }
  if (response.status === 401 && session) {
    session = null;
    dispatchEvent(new CustomEvent("attune:signed-out"));
  }
  if (response.status === 204) return null;
  const data = await response.json().catch(() => null);
  if (!response.ok) {
    const error = new ApiError(response.status, data && data.error ? data.error : {});
    error.retryAfter = response.headers.get("Retry-After");
    throw error;
  }
  return data;
}

export const get = (path) => request("GET", path);
export const post = (path, body = {}) => request("POST", path, body);
export const patch = (path, body) => request("PATCH", path, body);
export const del = (path) => request("DELETE", path);

/** This browser's session (space, device, CSRF token), or null when it has none. */
export function currentSession() {
  return session;
}

export function setSession(info) {
  session = info;
}

/** Return this browser's session, creating a private space on the very first visit. */
export async function ensureSession() {
  try {
    session = await get("/api/session");
  } catch (error) {
    if (!(error instanceof ApiError) || error.status !== 401) throw error;
    session = await post("/api/spaces", {});
  }
  return session;
}

/** Forget the session and any API data kept for offline use, the outbox included. */
export async function forgetSession() {
  session = null;
  if ("caches" in window) await caches.delete("attune-data");
  await clearAll();
  for (const key of Object.keys(localStorage)) {
    if (SPACE_KEYS.some((prefix) => key === prefix || key.startsWith(`${prefix}:`))) {
      localStorage.removeItem(key);
    }
  }
}
