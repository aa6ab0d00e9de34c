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

// Reminders. The push is Declarative Web Push JSON ({"web_push": 8030, "notification": {…}}),
// which Safari 18.4+ shows by itself; everywhere else this shows the same notification. Every
// push shows one, even one that cannot be read: a push that shows nothing gets the
// subscription revoked.
const CHECK_IN_URL = "/#/check-in?from=reminder";
const REMINDER_FALLBACK = {
  title: "How present are you?",
  body: "A moment to check in with yourself.",
  navigate: CHECK_IN_URL,
  actions: [
    { action: "check-in", title: "Check in", navigate: CHECK_IN_URL },
    { action: "ground", title: "Ground · 1 min", navigate: "/#/ground?then=check-in" },
  ],
};

function reminderFrom(data) {
  try {
    const notification = data.json().notification;
    if (typeof notification?.title === "string" && notification.title) return notification;
  } catch {
    // Not JSON, or no payload at all: the fallback below still prompts the check-in.
  }
  return REMINDER_FALLBACK;
}

function showReminder(data) {
  const reminder = reminderFrom(data);
  const actions = Array.isArray(reminder.actions) ? reminder.actions : [];
  return self.registration.showNotification(reminder.title, {
    body: reminder.body || "",
    tag: reminder.tag || undefined,
    icon: "/icons/icon-192.png",
    badge: "/icons/icon-192.png",
    data: {
      navigate: reminder.navigate || CHECK_IN_URL,
      actions: Object.fromEntries(actions.map((action) => [action.action, action.navigate])),
    },
    actions: actions.map(({ action, title }) => ({ action, title })),
  });
}

self.addEventListener("push", (event) => {
  event.waitUntil(showReminder(event.data));
});

/** Close notification and open where it leads (action's, or the body's): an open Attune first. */
async function openFromNotification(notification, action) {
  notification.close();
  const data = notification.data || {};
  const target = (action && data.actions && data.actions[action]) || data.navigate || CHECK_IN_URL;
  // Only ever this app: the path and route of the address, on this worker's own origin.
  const asked = new URL(target, self.location.origin);
  const url = new URL(asked.pathname + asked.search + asked.hash, self.location.origin);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windows.find((client) => client.focused) || windows[0];
  if (!open) {
    await self.clients.openWindow(url.href);
    return;
  }
  // The page's router takes it from here (js/reminders/on-load.js): no reload, no second window.
  open.postMessage({ type: "attune:open", url: url.href });
  await open.focus().catch(() => {});
}

self.addEventListener("notificationclick", (event) => {
  event.waitUntil(openFromNotification(event.notification, event.action));
});

// Lets the browser tests tap a shown notification, which no driver can do: the same path as a tap.
self.addEventListener("message", (event) => {
  if (event.data?.type !== "OPEN_NOTIFICATION") return;
  const { tag, action } = event.data;
  event.waitUntil(
    self.registration
      .getNotifications({ tag })
      .then(([notification]) => notification && openFromNotification(notification, action)),
  );
});
