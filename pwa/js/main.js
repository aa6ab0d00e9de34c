// Boot: register the service worker, make sure this browser has a space, then show the view.
import { ApiError, ensureSession, forgetSession } from "./core/api.js";
import { h, replaceChildren } from "./core/dom.js";
import { startSync } from "./core/outbox.js";
import { defineRoutes, renderView, startRouter } from "./core/router.js";
import { registerServiceWorker } from "./core/update.js";
// Today comes with the shell, fetched alongside it; every other view is imported when first opened.
import * as today from "./today/today.js";

defineRoutes({
  "/": () => today,
  "/devices": () => import("./space/devices.js"),
  "/pair": () => import("./space/pair.js"),
  "/join": () => import("./space/join.js"),
  "/space": () => import("./space/space.js"),
  "/schedule": () => import("./schedule/schedule.js"),
  "/check-in": () => import("./check-ins/check-in.js"),
  "/ground": () => import("./practice/ground.js"),
  "/exercises": () => import("./practice/exercises.js"),
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
  const { default: signedOut } = await import("./space/signed-out.js");
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
