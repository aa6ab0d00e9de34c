// Attune's service worker: the app shell from a versioned cache. API requests pass through
// untouched: the page keeps its own copies of API reads, per space, and never of the session
// (it carries the CSRF token); see js/core/copies.js.
// The server fills in SHELL (a digest of the shell files, the release, the newest file's day and
// the files' URLs) when it serves this file.
const SHELL = /*SHELL*/ {"version": "dev", "release": "", "updated": "", "files": []} /*END*/;

const SHELL_PREFIX = "attune-shell-";
const SHELL_CACHE = `${SHELL_PREFIX}${SHELL.version}`;
// Earlier versions kept API answers here, the session among them: never again.
const OLD_DATA_CACHE = "attune-data";

// True only while this worker installs into an origin with no active worker yet.
let firstInstall = false;

self.addEventListener("install", (event) => {
  firstInstall = !self.registration.active;
  event.waitUntil(
    caches
      .open(SHELL_CACHE)
      .then((cache) => cache.addAll(SHELL.files.map((url) => new Request(url, { cache: "reload" })))),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      const old = names.filter(
        (name) =>
          (name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE) || name === OLD_DATA_CACHE,
      );
      await Promise.all(old.map((name) => caches.delete(name)));
      // The first visit should work offline at once; an update waits for the page to ask.
      if (firstInstall) await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "SKIP_WAITING") self.skipWaiting();
  if (type === "GET_VERSION" && event.ports[0]) {
    const { version, release, updated } = SHELL;
    event.ports[0].postMessage({ version, release, updated, cache: SHELL_CACHE });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;

  if (request.mode === "navigate") {
    event.respondWith(navigation(request, url));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

async function navigation(request, url) {
  const shell = await caches.match("/", { cacheName: SHELL_CACHE });
  if (url.pathname === "/" || url.pathname === "/index.html") {
    return shell || fetch(request);
  }
  try {
    return await fetch(request);
  } catch (error) {
    if (shell) return shell;
    throw error;
  }
}

async function cacheFirst(request) {
  const cached = await caches.match(request, { cacheName: SHELL_CACHE, ignoreSearch: true });
  return cached || fetch(request);
}
