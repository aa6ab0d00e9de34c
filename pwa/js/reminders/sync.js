// On every app load, after Today is on screen: the server should reach this device exactly
// where the browser now listens. A browser renews or drops a subscription on its own (a new
// endpoint, new keys, site data cleared); the server hears of it here, not at the next reminder.
import {
  browserSubscription,
  changedSince,
  forgetServerSubscription,
  pushSupported,
  sendSubscription,
  serverSubscription,
} from "./push.js";

/** Re-send a changed subscription, or forget the server's when the browser has none. */
export async function checkSubscription() {
  if (!pushSupported() || !navigator.onLine) return "skipped";
  const [browser, server] = await Promise.all([browserSubscription(), serverSubscription()]);
  if (browser) {
    const same = server && server.endpoint === browser.endpoint && !changedSince(browser);
    if (same) return "current";
    await sendSubscription(browser);
    return "sent";
  }
  if (server) {
    await forgetServerSubscription();
    return "forgotten";
  }
  return "none";
}
