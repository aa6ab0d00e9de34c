// Boot: make sure this browser has a space, show Today, then register the service worker.
import {
  ApiError,
  currentSession,
  ensureSession,
  forgetSession,
  spaceGone,
  storedSession,
} from "./core/api.js";
import { h, replaceChildren } from "./core/dom.js";
import { startSync } from "./core/outbox.js";
import { defineRoutes, renderView, startRouter } from "./core/router.js";
// Today comes with the shell, fetched alongside it; every other view is imported when first opened.
import * as today from "./today/today.js";

const loadedStyles = new Map();

// A feature's stylesheet arrives with its view, so the first load carries only the shell's.
function styles(...hrefs) {
  return Promise.all(
    hrefs.map((href) => {
      if (!loadedStyles.has(href)) {
        const link = h("link", { rel: "stylesheet", href });
        const loaded = new Promise((resolve) => {
          link.onload = link.onerror = resolve;
        });
        loadedStyles.set(href, loaded);
        document.head.append(link);
      }
      return loadedStyles.get(href);
    }),
  );
}

const view = (load, ...hrefs) => () => Promise.all([load(), styles(...hrefs)]).then(([m]) => m);

defineRoutes({
  "/": () => today,
  "/settings": view(
    () => import("./space/settings.js"),
    "/css/reminders.css",
    // The workday chips in "Your data" are the schedule's day chips.
    "/css/schedule.css",
  ),
  "/pair": view(() => import("./space/pair.js")),
  "/join": view(() => import("./space/join.js")),
  "/schedule": view(() => import("./schedule/schedule.js"), "/css/schedule.css"),
  "/check-in": view(() => import("./check-ins/check-in.js"), "/css/check-in.css"),
  "/ground": view(() => import("./practice/ground.js"), "/css/player.css", "/css/check-in.css"),
  "/exercises": view(() => import("./practice/exercises.js"), "/css/player.css"),
  "/history": view(() => import("./history/history.js"), "/css/history.css"),
});

function showCannotOpen(error) {
  const offline = error instanceof ApiError && error.code === "offline";
  document.body.dataset.bare = "true";
  replaceChildren(
    document.getElementById("main"),
    h("h1", { tabindex: "-1" }, offline ? "You are offline" : "Attune could not open"),
    h(
      "p",
      {},
      offline
        ? "This device has not opened your space while online yet. Connect once, and Attune " +
            "will work offline after that."
        : error.message,
    ),
    h("button", { type: "button", class: "button primary", onclick: boot }, "Try again"),
  );
}

// Signed out by another device, or the space deleted elsewhere: say which, keep nothing.
let leaving = false;
addEventListener("attune:signed-out", async (event) => {
  if (leaving) return;
  leaving = true;
  const known = currentSession()?.space_id ?? storedSession()?.space_id;
  const gone = event.detail?.spaceGone ?? (known ? await spaceGone(known) : null);
  await forgetSession();
  const { default: signedOut } = await import("./space/signed-out.js");
  renderView(signedOut(gone ? "Your space is gone" : "This device is signed out"));
  leaving = false;
});

// A stored copy shown before the offline line has loaded (the first screen) is told to it after.
let firstCopy = null;
const noteFirstCopy = (event) => {
  firstCopy ??= event.detail;
};
addEventListener("attune:stored-copy", noteFirstCopy);

// After the first screen: the update watch and the quiet "Offline · showing …" line.
function afterFirstScreen() {
  import("./core/offline-note.js")
    .then((note) => {
      removeEventListener("attune:stored-copy", noteFirstCopy);
      note.start(firstCopy);
    })
    .catch(() => {});
  import("./core/update.js")
    .then((update) => update.registerServiceWorker())
    .catch((error) => console.warn("Service worker not registered:", error));
  // Reminder taps routed here, and the server's push subscription checked against this one.
  import("./reminders/on-load.js")
    .then((reminders) => reminders.start())
    .catch(() => {});
}

async function boot() {
  let session;
  try {
    session = await ensureSession();
  } catch (error) {
    showCannotOpen(error);
    return;
  }
  if (!session) return;
  delete document.body.dataset.bare;
  startSync();
  await startRouter();
  // Nothing on screen waits for these: the worker installs once Today is there.
  afterFirstScreen();
}

boot();
