// The next session, first and large: "Next session · 10:35 · in 30 min", or nothing at all
// when there is no schedule. The words are the schedule's own (schedule/next-session.js).
import { h, replaceChildren } from "../core/dom.js";
import { nextSessionText } from "../schedule/next-session.js";

const PREFIX = "Next session ";

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
