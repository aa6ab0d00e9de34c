// Times in the space's own time zone: local days, wall-clock times, and back to UTC instants.

const MINUTE_MS = 60000;
const DAY_MS = 86400000;
export const WEEKDAYS = [
  "Monday",
  "Tuesday",
  "Wednesday",
  "Thursday",
  "Friday",
  "Saturday",
  "Sunday",
];

const formatters = new Map();

function formatter(zone, options) {
  const key = `${zone}|${JSON.stringify(options)}`;
  if (!formatters.has(key)) {
    formatters.set(key, new Intl.DateTimeFormat(options.locale, { ...options, timeZone: zone }));
  }
  return formatters.get(key);
}

function parts(instant, zone) {
  const fields = formatter(zone, {
    locale: "en-GB",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(new Date(instant));
  const value = (type) => Number(fields.find((part) => part.type === type).value);
  return {
    year: value("year"),
    month: value("month"),
    day: value("day"),
    hour: value("hour"),
    minute: value("minute"),
    second: value("second"),
  };
}

const pad = (number) => String(number).padStart(2, "0");

/** The local day ("2025-03-03") that an instant falls on in zone. */
export function localDay(instant, zone) {
  const p = parts(instant, zone);
  return `${p.year}-${pad(p.month)}-${pad(p.day)}`;
}

/** The local wall-clock time ("09:05") of an instant in zone, always 24-hour for inputs. */
export function wallTime(instant, zone) {
  const p = parts(instant, zone);
  return `${pad(p.hour)}:${pad(p.minute)}`;
}

/** A clock time for reading, in the reader's own style (09:05 or 9:05 AM). */
export function clockTime(instant, zone) {
  return formatter(zone, { hour: "2-digit", minute: "2-digit" }).format(new Date(instant));
}

/** "Monday 3 March" style label for a local day. */
export function dayLabel(day) {
  const [year, month, date] = day.split("-").map(Number);
  return formatter("UTC", { weekday: "long", day: "numeric", month: "long" }).format(
    new Date(Date.UTC(year, month - 1, date, 12)),
  );
}

/** The day after (or n days after) a local day. */
export function addDays(day, n = 1) {
  const [year, month, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, month - 1, date) + n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Monday … 6 = Sunday, as the server counts weekdays. */
export function weekdayOf(day) {
  const [year, month, date] = day.split("-").map(Number);
  return (new Date(Date.UTC(year, month - 1, date)).getUTCDay() + 6) % 7;
}

function offsetAt(instant, zone) {
  const p = parts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return asUtc - Math.floor(instant / 1000) * 1000;
}

/**
 * The UTC instant (ms) that a local day and wall time ("14:30") mean in zone. Like the server:
 * a time that happens twice (clocks go back) is its first occurrence, and a time that does not
 * exist (clocks go forward) keeps the offset from before the change.
 */
export function zonedInstant(day, time, zone) {
  const [year, month, date] = day.split("-").map(Number);
  const [hour, minute] = time.split(":").map(Number);
  const wall = Date.UTC(year, month - 1, date, hour, minute);
  const candidates = [wall - offsetAt(wall - DAY_MS, zone), wall - offsetAt(wall + DAY_MS, zone)];
  const fitting = candidates.filter((instant) => instant + offsetAt(instant, zone) === wall);
  return fitting.length ? Math.min(...fitting) : candidates[0];
}

/** Whole minutes from now until instant, counted up ("in 7 min" until it is 6 min away). */
export function minutesUntil(instant, now = Date.now()) {
  return Math.ceil((instant - now) / MINUTE_MS);
}

/** The time zones this browser knows, for picking one. */
export function knownZones() {
  return typeof Intl.supportedValuesOf === "function" ? Intl.supportedValuesOf("timeZone") : [];
}

/** The browser's own zone, e.g. "Europe/London". */
export function browserZone() {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}
