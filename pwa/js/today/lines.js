// Today's two lines: the next session, first and large ("Next session · 10:35 · in 30 min", or
// nothing at all without a schedule), and the day so far: "Grounded before 2 of 3 sessions
// today" when the schedule on this device says so, else "2 exercises · 1 check-in today".
import { h, replaceChildren } from "../core/dom.js";
import { nextSessionText } from "../schedule/next-session.js";
import { localDay } from "../schedule/time.js";

const PREFIX = "Next session ";
const MINUTE_MS = 60000;
// An exercise counts for a session when completed after the previous session ended (at most an
// hour before) and no later than five minutes after it began (DESIGN.md, History).
const LONGEST_LEAD_MS = 60 * MINUTE_MS;
const GRACE_AFTER_START_MS = 5 * MINUTE_MS;

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

const finishedAt = (log) => Date.parse(log.started_at) + log.duration_seconds * 1000;

/**
 * Of today's sessions that have begun (in the schedule's zone), how many had a completed
 * exercise in the time before them: { grounded, started }.
 */
export function groundedBefore({ schedule, exerciseLogs, now = Date.now() }) {
  const zone = schedule.time_zone;
  const today = localDay(now, zone);
  const sessions = schedule.appointments
    .filter((a) => a.status === "scheduled")
    .sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  const finishes = exerciseLogs.filter((log) => log.completed).map(finishedAt);
  let grounded = 0;
  let started = 0;
  let previousEnd = -Infinity;
  for (const session of sessions) {
    const starts = Date.parse(session.starts_at);
    if (starts <= now && localDay(starts, zone) === today) {
      started += 1;
      const from = Math.max(previousEnd, starts - LONGEST_LEAD_MS);
      if (finishes.some((at) => at >= from && at <= starts + GRACE_AFTER_START_MS)) grounded += 1;
    }
    previousEnd = Math.max(previousEnd, Date.parse(session.ends_at));
  }
  return { grounded, started };
}

/** The words for today, from the practice since midnight and the schedule (or null). */
export function dayLineText({ schedule, exerciseLogs, checkIns, now = Date.now() }) {
  if (schedule) {
    const { grounded, started } = groundedBefore({ schedule, exerciseLogs, now });
    if (started) {
      return `Grounded before ${grounded} of ${plural(started, "session", "sessions")} today`;
    }
  }
  const completed = exerciseLogs.filter((log) => log.completed).length;
  const partial = exerciseLogs.length - completed;
  const parts = [
    completed ? plural(completed, "exercise", "exercises") : "",
    partial ? `${partial} stopped early` : "",
    checkIns.length ? plural(checkIns.length, "check-in", "check-ins") : "",
  ].filter(Boolean);
  return parts.length ? `${parts.join(" · ")} today` : "Nothing yet today. One minute is plenty.";
}

/** Whether the schedule has anything in it at all. */
export function hasSchedule(schedule) {
  return Boolean(
    schedule &&
      (schedule.slots.length || schedule.appointments.length || schedule.next_appointment),
  );
}

/** The element, empty and hidden until show(schedule) is called with a schedule. */
export function nextUp() {
  const element = h("section", { class: "next-up", "aria-label": "Next session" });
  element.hidden = true;
  return {
    element,
    show(schedule, now = Date.now()) {
      element.hidden = !hasSchedule(schedule);
      if (element.hidden) return;
      const text = nextSessionText(schedule, now);
      // "Next session 10:35 · in 30 min": a small label over the time, which is what matters.
      const soon = text.startsWith(PREFIX);
      replaceChildren(
        element,
        soon ? h("p", { class: "next-up-label" }, "Next session") : null,
        soon
          ? h("p", { class: "next-up-time" }, text.slice(PREFIX.length))
          : h("p", { class: "next-up-later" }, text),
      );
    },
  };
}
