// Working hours: days, first start, last end, length and break make the whole weekly pattern.
import { h, replaceChildren } from "../core/dom.js";
import { scheduleCard } from "./card.js";
import { hoursForm } from "./hours-form.js";
import { countText, daysText, hoursFromSlots } from "./hours.js";
import { WEEKDAYS } from "./time.js";

function summary(schedule) {
  const { hours, regular } = hoursFromSlots(schedule.slots);
  const pending = schedule.slots.some((slot) => slot.pending)
    ? h("span", { class: "badge badge-pending" }, "Waiting to sync")
    : null;
  if (regular) {
    const when = `${daysText(hours.weekdays)} · ${hours.first_start}–${hours.last_end}`;
    const made = `${hours.length_minutes}-minute sessions, ${hours.break_minutes}-minute breaks`;
    return [
      h("p", { class: "hours-summary" }, h("strong", {}, when), " ", pending),
      h("p", { class: "muted" }, `${made} · ${countText(hours)}`),
    ];
  }
  // A pattern made one session at a time: each day's start times, as they are.
  const startsOn = (day) =>
    schedule.slots
      .filter((slot) => slot.weekday === day)
      .map((slot) => slot.start)
      .join(", ");
  return h(
    "ul",
    { class: "hours-days" },
    hours.weekdays.map((day) => h("li", {}, h("strong", {}, WEEKDAYS[day]), " ", startsOn(day))),
    pending ? h("li", {}, pending) : null,
  );
}

function paint(body, schedule, repaint) {
  if (!schedule.slots.length && !schedule.appointments.length) {
    // Nothing planned yet: the setup itself is the first thing to see.
    hoursForm(body, schedule, repaint, { focus: false });
    body.prepend(
      h("p", {}, "When do you see clients? Attune plans your sessions eight weeks ahead."),
    );
    return;
  }
  const change = () => hoursForm(body, schedule, repaint);
  replaceChildren(
    body,
    schedule.slots.length
      ? summary(schedule)
      : h("p", { class: "muted" }, "No weekly sessions yet."),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: change },
        schedule.slots.length ? "Change working hours" : "Set working hours",
      ),
    ),
  );
}

/** The working hours card. */
export function workingHoursCard() {
  return scheduleCard("schedule-hours", "Working hours", paint);
}
