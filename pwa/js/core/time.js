// Dates in the reader's own words and local time: "5 minutes ago", "yesterday at 09:10".

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });
const fullDay = new Intl.DateTimeFormat(undefined, {
  day: "numeric",
  month: "long",
  year: "numeric",
});
const relative = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });

function startOfDay(date) {
  return new Date(date.getFullYear(), date.getMonth(), date.getDate()).getTime();
}

/** Say when something happened, relative to now when that reads more naturally. */
export function friendlyTime(iso, now = new Date()) {
  const then = new Date(iso);
  const minutes = Math.round((now - then) / 60000);
  if (minutes < 1) return "just now";
  if (minutes < 60) return relative.format(-minutes, "minute");
  const days = Math.round((startOfDay(now) - startOfDay(then)) / 86400000);
  if (days === 0) return `today at ${clock.format(then)}`;
  if (days === 1) return `yesterday at ${clock.format(then)}`;
  return `${day.format(then)} at ${clock.format(then)}`;
}

/** A calendar date, e.g. "3 March 2025". */
export function friendlyDate(iso) {
  return fullDay.format(new Date(iso));
}

/** Minutes and seconds left until iso, e.g. "9:41"; "0:00" once it has passed. */
export function countdown(iso, now = Date.now()) {
  const seconds = Math.max(0, Math.ceil((new Date(iso).getTime() - now) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}
