// Stored copies: the last answer to each API read, kept per space, shown when the network is
// not there. The page always knows when it shows one: every copy used is announced with the
// time it was stored, for the quiet "Offline · showing what this phone knew at 10:02" line.
import { getOne, putOne } from "./idb.js";

const STORE = "copies";
const LAST_CONTACT_KEY = "attune:last-contact";

function keyOf(spaceId, path) {
  return `${spaceId} ${path}`;
}

/** Keep the server's answer to path for this space. */
export async function keepCopy(spaceId, path, body) {
  if (!spaceId) return;
  const copy = { key: keyOf(spaceId, path), space_id: spaceId, path, body, stored_at: Date.now() };
  await putOne(STORE, copy);
}

/**
 * The stored answer to path for this space ({ body, stored_at }), or null; a copy found is
 * announced with an "attune:stored-copy" event, so the page can say what it shows.
 */
export async function storedCopy(spaceId, path) {
  if (!spaceId) return null;
  const copy = await getOne(STORE, keyOf(spaceId, path)).catch(() => undefined);
  if (!copy) return null;
  dispatchEvent(new CustomEvent("attune:stored-copy", { detail: { storedAt: copy.stored_at } }));
  return copy;
}

/** Note that the server answered just now. */
export function rememberContact() {
  try {
    localStorage.setItem(LAST_CONTACT_KEY, String(Date.now()));
  } catch {
    // Private browsing may refuse storage; the offline line then says less.
  }
}

/** When the server last answered this device (epoch ms), or null. */
export function lastContact() {
  const value = Number(localStorage.getItem(LAST_CONTACT_KEY));
  return value > 0 ? value : null;
}
