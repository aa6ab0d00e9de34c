// Local days ("2025-03-03") as the history shows them: short labels, weeks, counts in words.
// Days are read at noon UTC and formatted in UTC, so no time zone moves one to its neighbour.
import { addDays, weekdayOf } from "../schedule/time.js";

const short = new Intl.DateTimeFormat("en-GB", {
  weekday: "short",
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const dayMonth = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const month = new Intl.DateTimeFormat("en-GB", { month: "short", timeZone: "UTC" });

function noon(day) {
  const [year, monthNumber, date] = day.split("-").map(Number);
  return new Date(Date.UTC(year, monthNumber - 1, date, 12));
}

/** "Mon 3 Mar" */
export const shortDay = (day) => short.format(noon(day));

/** "3 Mar" */
export const dayAndMonth = (day) => dayMonth.format(noon(day));

/** "Mar" */
export const monthName = (day) => month.format(noon(day));

/** The Monday of the calendar week a day falls in. */
export const mondayOf = (day) => addDays(day, -weekdayOf(day));

/** Every Monday from the week of first to the week of last, in order. */
export function mondays(first, last) {
  const weeks = [];
  for (let monday = mondayOf(first); monday <= last; monday = addDays(monday, 7)) {
    weeks.push(monday);
  }
  return weeks;
}

export function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

/** A day's practice in words: "1 exercise, 1 stopped early, 2 check-ins". */
export function practiceWords({ completed, partial, check_ins: checkIns }) {
  return [
    completed ? plural(completed, "exercise", "exercises") : "",
    partial ? `${partial} stopped early` : "",
    checkIns ? plural(checkIns, "check-in", "check-ins") : "",
  ]
    .filter(Boolean)
    .join(", ");
}

/** An average change with its sign, one decimal: "+0.8", "−0.3" (a true minus sign), "0". */
export function signed(value) {
  const rounded = Math.round(value * 10) / 10;
  if (rounded === 0) return "0";
  return `${rounded > 0 ? "+" : "\u2212"}${Math.abs(rounded).toFixed(1)}`;
}

/** One decimal, for averages on the 1–5 scales. */
export const oneDecimal = (value) => (Math.round(value * 10) / 10).toFixed(1);

export { addDays };
