// A tiny IndexedDB wrapper: one database, a few object stores, promises instead of events.

const NAME = "attune";
const VERSION = 2;
// outbox: writes waiting for the server, by id. practice: what the server last returned,
// keyed "<kind>:<id>", so the history shows offline. copies: the last answer to each API read,
// keyed "<space id> <path>", for when the network does not answer (see copies.js).
const STORES = { outbox: "id", practice: "key", copies: "key" };

let opening = null;

function promised(request) {
  return new Promise((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });
}

function open() {
  if (opening) return opening;
  const request = indexedDB.open(NAME, VERSION);
  request.onupgradeneeded = () => {
    for (const [store, keyPath] of Object.entries(STORES)) {
      if (!request.result.objectStoreNames.contains(store)) {
        request.result.createObjectStore(store, { keyPath });
      }
    }
  };
  opening = promised(request).then((db) => {
    // Another tab upgrading or deleting the database: let it, and reopen next time.
    db.onversionchange = () => {
      db.close();
      opening = null;
    };
    return db;
  });
  opening.catch(() => {
    opening = null;
  });
  return opening;
}

/** Run work(store) in one transaction; resolves with its result once the transaction commits. */
async function withStore(name, mode, work) {
  const db = await open();
  const transaction = db.transaction(name, mode);
  const committed = new Promise((resolve, reject) => {
    transaction.oncomplete = resolve;
    transaction.onabort = () => reject(transaction.error || new Error("IndexedDB aborted"));
  });
  const [result] = await Promise.all([work(transaction.objectStore(name)), committed]);
  return result;
}

export const getOne = (store, key) => withStore(store, "readonly", (s) => promised(s.get(key)));
export const getAll = (store) => withStore(store, "readonly", (s) => promised(s.getAll()));
export const putOne = (store, value) => withStore(store, "readwrite", (s) => promised(s.put(value)));
export const deleteOne = (store, key) => withStore(store, "readwrite", (s) => promised(s.delete(key)));

/**
 * Read, change and write one value in a single transaction: change(current) returns the new
 * value, null to delete it, or undefined to leave it. A missing key is never created.
 */
export const updateOne = (store, key, change) =>
  withStore(store, "readwrite", async (s) => {
    const current = await promised(s.get(key));
    if (current === undefined) return undefined;
    const next = change(current);
    if (next === null) await promised(s.delete(key));
    else if (next !== undefined) await promised(s.put(next));
    return next;
  });

/** Put many values in one transaction. */
export const putMany = (store, values) =>
  withStore(store, "readwrite", (s) => Promise.all(values.map((value) => promised(s.put(value)))));

/** Empty every store: this device keeps nothing of a space it has left. */
export async function clearAll() {
  for (const store of Object.keys(STORES)) {
    await withStore(store, "readwrite", (s) => promised(s.clear()));
  }
}
