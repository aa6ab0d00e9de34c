// Boot: register the service worker, make sure this browser has a space, then show the view.
import { ApiError, ensureSession, forgetSession } from "./api.js";
import { h, replaceChildren } from "./dom.js";
import { startSync } from "./outbox.js";
import { defineRoutes, renderView, startRouter } from "./router.js";
import { registerServiceWorker } from "./update.js";
import checkIn from "./views/check-in.js";
import devices from "./views/devices.js";
import exercises from "./views/exercises.js";
import ground from "./views/ground.js";
import home from "./views/home.js";
import join from "./views/join.js";
import pair from "./views/pair.js";
import schedule from "./views/schedule.js";
import signedOut from "./views/signed-out.js";
import space from "./views/space.js";

defineRoutes({
  "/": home,
  "/devices": devices,
  "/pair": pair,
  "/join": join,
  "/space": space,
  "/schedule": schedule,
  "/check-in": checkIn,
  "/ground": ground,
  "/exercises": exercises,
});

function showCannotOpen(error) {
  const offline = error instanceof ApiError && error.code === "offline";
  replaceChildren(
    document.getElementById("main"),
    h("h1", { tabindex: "-1" }, offline ? "You are offline" : "Attune could not open"),
    h(
      "p",
      {},
      offline
        ? "This device has not opened your space while online yet. Connect once, and Attune will work offline after that."
        : error.message,
    ),
    h("button", { type: "button", class: "button primary", onclick: boot }, "Try again"),
  );
}

// On the very first visit the worker takes control after the page has loaded its data:
// the worker fetches it again so the app can open offline from now on.
function keepForOffline() {
  if (!("serviceWorker" in navigator) || navigator.serviceWorker.controller) return;
  navigator.serviceWorker.addEventListener(
    "controllerchange",
    () =>
      navigator.serviceWorker.controller?.postMessage({
        type: "KEEP_FOR_OFFLINE",
        urls: ["/api/session", "/api/devices"],
      }),
    { once: true },
  );
}

// Another device signed this one out, or the space was deleted elsewhere.
addEventListener("attune:signed-out", async () => {
  await forgetSession();
  renderView(signedOut("This device is signed out"));
});

async function boot() {
  keepForOffline();
  registerServiceWorker().catch((error) => console.warn("Service worker not registered:", error));
  try {
    await ensureSession();
  } catch (error) {
    showCannotOpen(error);
    return;
  }
  startSync();
  await startRouter();
}

boot();
