// "Next session 10:00 · in 7 min": counted from the clock, from the schedule this device knows.
import { h, replaceChildren } from "../core/dom.js";
import { knownSchedule, onScheduleChange, refreshSchedule } from "./store.js";
import { addDays, clockTime, dayLabel, localDay, minutesUntil } from "./time.js";

const TICK_MS = 20000;
const MINUTE_MS = 60000;

function countdown(starts, now) {
  if (starts - now < MINUTE_MS) return "starting now";
  const minutes = minutesUntil(starts, now);
  if (minutes < 60) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return rest ? `in ${hours} h ${rest} min` : `in ${hours} h`;
}

function upcoming(schedule, now) {
  const live = schedule.appointments.filter(
    (a) => a.status === "scheduled" && Date.parse(a.ends_at) > now,
  );
  if (live.length) return live[0];
  const next = schedule.next_appointment;
  const gone = schedule.appointments.some(
    (a) => next && a.id === next.id && a.status !== "scheduled",
  );
  return next && !gone && Date.parse(next.ends_at) > now ? next : null;
}

/** The words for the next session, as of now. */
export function nextSessionText(schedule, now = Date.now()) {
  const zone = schedule.time_zone;
  const today = localDay(now, zone);
  const next = upcoming(schedule, now);
  if (!next && !schedule.slots.length && !schedule.appointments.length) {
    return "No sessions in your schedule yet";
  }
  if (!next) return "No more sessions today";
  const starts = Date.parse(next.starts_at);
  const day = localDay(starts, zone);
  const time = clockTime(starts, zone);
  if (day === today) {
    if (starts <= now)
      return `Next session ${time} · in session until ${clockTime(next.ends_at, zone)}`;
    return `Next session ${time} · ${countdown(starts, now)}`;
  }
  if (day === addDays(today)) return `Next session tomorrow ${time}`;
  return `No more sessions today · next on ${dayLabel(day)} at ${time}`;
}

function pausedToday(schedule, now) {
  const today = localDay(now, schedule.time_zone);
  return schedule.pauses.some((p) => p.first_day <= today && today <= p.last_day);
}

/**
 * Show the next session in element and keep it current; returns a cleanup function. A screen
 * that asks the server for the schedule itself passes refresh: false, so it is asked once.
 */
export function mountNextSession(element, { refresh = true } = {}) {
  let schedule = null;
  element.classList.add("next-session");
  const show = () => {
    if (!schedule) {
      element.hidden = true;
      return;
    }
    const now = Date.now();
    element.hidden = false;
    replaceChildren(
      element,
      h("span", { class: "next-session-time" }, nextSessionText(schedule, now)),
      pausedToday(schedule, now)
        ? h("span", { class: "next-session-paused" }, "Paused today")
        : null,
    );
  };
  const update = (next) => {
    schedule = next;
    show();
  };
  const onVisible = () => {
    if (document.visibilityState === "visible") show();
  };
  const stop = onScheduleChange(update);
  const timer = setInterval(show, TICK_MS);
  document.addEventListener("visibilitychange", onVisible);
  knownSchedule().then((known) => schedule || update(known));
  if (refresh) refreshSchedule().then(update, () => {});
  return () => {
    stop();
    clearInterval(timer);
    document.removeEventListener("visibilitychange", onVisible);
  };
}

/** A next-session line for any screen; it stops itself once its screen is gone. */
export function nextSessionLine() {
  const element = h("p", { class: "next-session-line" });
  const cleanup = mountNextSession(element);
  // A view is on the page long before the first tick; off the page by then means it has gone.
  const watcher = setInterval(() => {
    if (element.isConnected) return;
    clearInterval(watcher);
    cleanup();
  }, TICK_MS);
  return element;
}
