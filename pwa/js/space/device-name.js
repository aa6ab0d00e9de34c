// Two phones of the same kind are both "Chrome on Android": each is told apart by when it was
// added, in the list, in the buttons' names and in every toast.
import { friendlyTime } from "../core/time.js";

const added = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const addedAt = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "short",
  hour: "2-digit",
  minute: "2-digit",
});

/** The device's label; when another device has the same label, which one it is. */
export function deviceName(device, devices) {
  const twins = devices.filter((other) => other.label === device.label);
  if (twins.length < 2) return device.label;
  if (device.current) return `${device.label} (this device)`;
  const day = (d) => added.format(new Date(d.created_at));
  const sameDay = twins.some((other) => other.id !== device.id && day(other) === day(device));
  const when = (sameDay ? addedAt : added).format(new Date(device.created_at));
  return `${device.label} (added ${when})`;
}

/** "In use now · added 3 Mar, 09:10" or "Last seen 5 minutes ago · added 3 Mar, 09:10". */
export function deviceFacts(device) {
  const seen = device.current ? "In use now" : `Last seen ${friendlyTime(device.last_seen_at)}`;
  return `${seen} · added ${addedAt.format(new Date(device.created_at))}`;
}
