// Loaded on every app load once Today is on screen: a tap on a reminder reaches this window
// (the worker asks it to open the check-in or the exercise), and the push subscription the
// server holds is checked against the browser's.
import { navigate } from "../core/router.js";
import { checkSubscription } from "./sync.js";

function openFromWorker(event) {
  if (event.data?.type !== "attune:open") return;
  const url = new URL(event.data.url, location.href);
  if (url.origin !== location.origin) return;
  navigate(url.hash.replace(/^#/, "") || "/");
}

/** Listen for reminder taps, then bring the server's copy of the subscription up to date. */
export function start() {
  if (!("serviceWorker" in navigator)) return Promise.resolve("skipped");
  navigator.serviceWorker.addEventListener("message", openFromWorker);
  return checkSubscription().catch((error) => {
    console.warn("Reminder subscription not checked:", error.message);
    return "failed";
  });
}
