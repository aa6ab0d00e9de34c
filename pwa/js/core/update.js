// Service-worker updates: a new version waits until the person taps "Reload".
import { showToast } from "./toast.js";

const OFFLINE_READY_KEY = "attune:offline-ready-shown";
const VERSION_ANSWER_MS = 2000;

let reloadRequested = false;
const tracked = new WeakSet();

/** Register the service worker and watch it for first install and for updates. */
export async function registerServiceWorker() {
  if (!("serviceWorker" in navigator)) return null;
  const registration = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
  watchUpdates(registration);
  return registration;
}

function watchUpdates(registration) {
  navigator.serviceWorker.addEventListener("controllerchange", () => {
    // Only the tab that asked reloads, and only once.
    if (!reloadRequested) return;
    reloadRequested = false;
    location.reload();
  });

  if (registration.waiting && navigator.serviceWorker.controller) {
    offerUpdate(registration.waiting);
  }
  if (registration.installing) track(registration.installing);
  registration.addEventListener("updatefound", () => track(registration.installing));
}

function track(worker) {
  if (!worker || tracked.has(worker)) return;
  tracked.add(worker);
  worker.addEventListener("statechange", () => {
    if (worker.state === "installed" && navigator.serviceWorker.controller) {
      offerUpdate(worker);
    }
    if (worker.state === "activated") announceOfflineReady();
  });
}

function offerUpdate(worker) {
  showToast("Update ready", {
    id: "update-toast",
    actions: [
      {
        label: "Reload",
        primary: true,
        onClick: () => {
          reloadRequested = true;
          worker.postMessage({ type: "SKIP_WAITING" });
        },
      },
      { label: "Not now" },
    ],
  });
}

function announceOfflineReady() {
  if (localStorage.getItem(OFFLINE_READY_KEY)) return;
  localStorage.setItem(OFFLINE_READY_KEY, "1");
  showToast("Ready to work offline");
}

/** Ask the active service worker which shell version it serves (null if it does not say). */
export function shellVersion() {
  const controller = navigator.serviceWorker?.controller;
  if (!controller) return Promise.resolve(null);
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = (event) => resolve(event.data);
    controller.postMessage({ type: "GET_VERSION" }, [channel.port2]);
    setTimeout(() => resolve(null), VERSION_ANSWER_MS);
  });
}
