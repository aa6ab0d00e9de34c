// Today and the coming week, day by day in the space's time zone.
import { h, replaceChildren } from "../core/dom.js";
import { appointmentRow } from "./appointment.js";
import { scheduleCard } from "./card.js";
import { addDays, dayLabel, localDay } from "./time.js";

function byDay(schedule, first, last) {
  const days = new Map();
  for (let day = first; day <= last; day = addDays(day)) days.set(day, []);
  for (const appointment of schedule.appointments) {
    days.get(localDay(appointment.starts_at, schedule.time_zone))?.push(appointment);
  }
  return days;
}

function dayHeading(day, today) {
  if (day === today) return `Today, ${dayLabel(day)}`;
  if (day === addDays(today)) return `Tomorrow, ${dayLabel(day)}`;
  return dayLabel(day);
}

function paint(body, schedule, repaint) {
  const today = localDay(Date.now(), schedule.time_zone);
  const last = schedule.to > today ? schedule.to : today;
  // Today always shows; other days only when they hold something.
  const days = [...byDay(schedule, today, last)].filter(
    ([day, list]) => day === today || list.length,
  );
  replaceChildren(
    body,
    days.map(([day, appointments]) =>
      h(
        "div",
        { class: "day" },
        h("h3", {}, dayHeading(day, today)),
        appointments.length
          ? h(
              "ul",
              { class: "appointments" },
              appointments.map((a) => appointmentRow(a, schedule, repaint)),
            )
          : h("p", { class: "muted" }, "No sessions today."),
      ),
    ),
    days.length === 1 ? h("p", { class: "muted" }, "Nothing else planned this week.") : null,
  );
}

/** The day-by-day list of sessions with move and cancel. */
export function daysCard() {
  return scheduleCard("schedule-days", "This week", paint);
}
