// Attune's service worker: the app shell from a versioned cache, API data network-first.
// The server fills in SHELL (a digest of the shell files and their URLs) when it serves this file.
const SHELL = /*SHELL*/ {"version": "dev", "files": []} /*END*/;

const SHELL_PREFIX = "attune-shell-";
const SHELL_CACHE = `${SHELL_PREFIX}${SHELL.version}`;
const DATA_CACHE = "attune-data";
const OFFLINE = { error: { code: "offline", message: "You are offline.", field: null } };

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
      const old = names.filter((name) => name.startsWith(SHELL_PREFIX) && name !== SHELL_CACHE);
      await Promise.all(old.map((name) => caches.delete(name)));
      // The first visit should work offline at once; an update waits for the page to ask.
      if (firstInstall) await self.clients.claim();
    })(),
  );
});

self.addEventListener("message", (event) => {
  const type = event.data && event.data.type;
  if (type === "SKIP_WAITING") self.skipWaiting();
  if (type === "KEEP_FOR_OFFLINE") {
    const urls = event.data.urls.filter((url) => url.startsWith("/api/"));
    event.waitUntil(Promise.all(urls.map((url) => networkFirst(new Request(url)))));
  }
  if (type === "GET_VERSION" && event.ports[0]) {
    event.ports[0].postMessage({ version: SHELL.version, cache: SHELL_CACHE });
  }
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;

  if (url.pathname.startsWith("/api/")) {
    event.respondWith(networkFirst(request));
  } else if (request.mode === "navigate") {
    event.respondWith(navigation(request, url));
  } else {
    event.respondWith(cacheFirst(request));
  }
});

async function networkFirst(request) {
  const cache = await caches.open(DATA_CACHE);
  let response;
  try {
    response = await fetch(request);
  } catch {
    return (await cache.match(request)) || offlineResponse();
  }
  if (response.ok) {
    await cache.put(request, response.clone());
  } else if (response.status === 401) {
    // This browser no longer has a space: keep nothing of the old one.
    await caches.delete(DATA_CACHE);
  }
  return response;
}

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

function offlineResponse() {
  return new Response(JSON.stringify(OFFLINE), {
    status: 503,
    headers: { "Content-Type": "application/json" },
  });
}
