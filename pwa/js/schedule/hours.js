// Working hours as plain rules: the sessions they make, and the hours a weekly pattern shows.

export const DEFAULT_HOURS = {
  weekdays: [0, 1, 2, 3, 4],
  first_start: "09:00",
  last_end: "17:00",
  length_minutes: 50,
  break_minutes: 10,
};
export const SHORT_DAYS = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

const DAY_END = 23 * 60 + 59;
const toMinutes = (time) => Number(time.slice(0, 2)) * 60 + Number(time.slice(3, 5));
const pad = (number) => String(number).padStart(2, "0");
const toTime = (minutes) => `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** Start times from first_start, a break after each session, every session ending by last_end. */
export function sessionStarts({ first_start, last_end, length_minutes, break_minutes }) {
  const starts = [];
  const end = toMinutes(last_end);
  const step = length_minutes + break_minutes;
  if (!(length_minutes > 0) || !(step > 0)) return starts;
  for (let begin = toMinutes(first_start); begin + length_minutes <= end; begin += step) {
    starts.push(toTime(begin));
  }
  return starts;
}

/** The weekly slots working hours make, as the server makes them. */
export function slotsFor(hours) {
  const starts = sessionStarts(hours);
  return [...new Set(hours.weekdays)]
    .sort((a, b) => a - b)
    .flatMap((weekday) =>
      starts.map((start) => ({ weekday, start, length_minutes: hours.length_minutes })),
    );
}

const sameSlots = (a, b) =>
  a.length === b.length &&
  a.every(
    (slot, i) =>
      slot.weekday === b[i].weekday &&
      slot.start === b[i].start &&
      slot.length_minutes === b[i].length_minutes,
  );

/** The working hours a weekly pattern shows: { hours, regular } (regular: they make it exactly). */
export function hoursFromSlots(slots) {
  if (!slots.length) return { hours: DEFAULT_HOURS, regular: false };
  const sorted = [...slots].sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  const first = sorted[0];
  const gaps = [];
  for (let i = 1; i < sorted.length; i += 1) {
    const [before, slot] = [sorted[i - 1], sorted[i]];
    if (slot.weekday === before.weekday) gaps.push(toMinutes(slot.start) - toMinutes(before.start));
  }
  const hours = {
    weekdays: [...new Set(sorted.map((slot) => slot.weekday))],
    first_start: sorted.reduce((a, s) => (s.start < a ? s.start : a), first.start),
    length_minutes: first.length_minutes,
    // Within what the form takes; a pattern with longer gaps is then simply not regular.
    break_minutes: gaps.length
      ? Math.min(Math.max(0, Math.min(...gaps) - first.length_minutes), 120)
      : DEFAULT_HOURS.break_minutes,
  };
  // The last session's break too, as people say it: 09:00 to 17:00, not to 16:50. It makes
  // the same sessions, as no further one fits in a break.
  const lastEnd = Math.max(...sorted.map((s) => toMinutes(s.start) + s.length_minutes));
  hours.last_end = toTime(Math.min(lastEnd + hours.break_minutes, DAY_END));
  return { hours, regular: sameSlots(slotsFor(hours), sorted) };
}

/** "8 sessions a day, 40 a week". */
export function countText(hours) {
  const perDay = sessionStarts(hours).length;
  const perWeek = perDay * new Set(hours.weekdays).size;
  const day = perDay === 1 ? "1 session a day" : `${perDay} sessions a day`;
  return `${day}, ${perWeek} a week`;
}

/** "Mon–Fri", "Mon, Wed, Fri", "Every day". */
export function daysText(weekdays) {
  const days = [...new Set(weekdays)].sort((a, b) => a - b);
  if (days.length === 7) return "Every day";
  const run = days.length > 2 && days.every((day, i) => i === 0 || day === days[i - 1] + 1);
  if (run) return `${SHORT_DAYS[days[0]]}–${SHORT_DAYS[days.at(-1)]}`;
  return days.map((day) => SHORT_DAYS[day]).join(", ");
}
