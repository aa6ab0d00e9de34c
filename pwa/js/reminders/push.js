// This device's push subscription: what the browser can do, and subscribing or unsubscribing it
// with the server. The server keeps one subscription per device (PUT replaces it).
import { del, get, request } from "../core/api.js";

// What was last sent to the server, so a load can tell when the browser's keys changed.
const SENT_KEY = "attune:push-sent";

/** Whether this browser can receive reminders at all. */
export function pushSupported() {
  return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
}

/** iPhone or iPad Safari outside the Home Screen app, where push is not offered at all. */
export function needsHomeScreen() {
  const ios =
    /iPhone|iPad|iPod/.test(navigator.userAgent) ||
    (navigator.platform === "MacIntel" && navigator.maxTouchPoints > 1);
  const standalone =
    navigator.standalone === true || matchMedia("(display-mode: standalone)").matches;
  return ios && !standalone;
}

/** "granted", "denied" or "default". */
export function permission() {
  return pushSupported() ? Notification.permission : "denied";
}

/** The browser's current subscription, or null (never waits for a worker that is not there). */
export async function browserSubscription() {
  if (!pushSupported()) return null;
  const registration = await navigator.serviceWorker.getRegistration("/");
  return registration ? registration.pushManager.getSubscription() : null;
}

/** The server's record of this device's subscription ({ endpoint, … }) or null. */
export function serverSubscription() {
  return request("GET", "/api/push/subscription");
}

/** What identifies a subscription: its endpoint and keys, as text to compare. */
export function fingerprint(subscription) {
  const { endpoint, keys = {} } = subscription.toJSON();
  return JSON.stringify([endpoint, keys.p256dh, keys.auth]);
}

function keyBytes(base64url) {
  const text = atob(base64url.replace(/-/g, "+").replace(/_/g, "/"));
  return Uint8Array.from(text, (char) => char.charCodeAt(0));
}

function sameKey(subscription, key) {
  const current = subscription.options?.applicationServerKey;
  if (!current) return true;
  const bytes = new Uint8Array(current);
  return bytes.length === key.length && bytes.every((byte, i) => byte === key[i]);
}

/** Tell the server where to reach this device. */
export async function sendSubscription(subscription) {
  await request("PUT", "/api/push/subscription", subscription.toJSON());
  localStorage.setItem(SENT_KEY, fingerprint(subscription));
}

/** Whether subscription differs from what this device last sent. */
export function changedSince(subscription) {
  return localStorage.getItem(SENT_KEY) !== fingerprint(subscription);
}

/**
 * Subscribe this device. Call from a tap: iOS and some browsers ask for permission only then.
 * Returns "subscribed" or "denied" (the person said no, now or before).
 */
export async function subscribeThisDevice() {
  if ((await Notification.requestPermission()) !== "granted") return "denied";
  const [{ public_key: publicKey }, registration] = await Promise.all([
    get("/api/push/key"),
    navigator.serviceWorker.ready,
  ]);
  const key = keyBytes(publicKey);
  let subscription = await registration.pushManager.getSubscription();
  // A subscription made for another server key cannot be reused: the browser refuses it.
  if (subscription && !sameKey(subscription, key)) {
    await subscription.unsubscribe();
    subscription = null;
  }
  subscription ??= await registration.pushManager.subscribe({
    userVisibleOnly: true,
    applicationServerKey: key,
  });
  await sendSubscription(subscription);
  return "subscribed";
}

/** Stop reminders on this device: the server forgets it first, then the browser. */
export async function unsubscribeThisDevice() {
  await del("/api/push/subscription");
  localStorage.removeItem(SENT_KEY);
  const subscription = await browserSubscription();
  await subscription?.unsubscribe();
}

/** Forget the server's copy when the browser no longer has one. */
export async function forgetServerSubscription() {
  await del("/api/push/subscription");
  localStorage.removeItem(SENT_KEY);
}
