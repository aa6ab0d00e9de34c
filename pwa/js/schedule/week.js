// The week, one row per session: this week from today, and each of the weeks generated ahead.
import { h, replaceChildren } from "../core/dom.js";
import { addForm } from "./add.js";
import { scheduleCard } from "./card.js";
import { openSessionMenu } from "./session-menu.js";
import { sessionRow } from "./session-row.js";
import { addDays, dayLabel, localDay, weekdayOf } from "./time.js";

// This week and the seven after it: the weekly pattern is always made that far ahead.
export const WEEKS = 8;

const monthDay = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  timeZone: "UTC",
});
const dayOnly = new Intl.DateTimeFormat("en-GB", { day: "numeric", timeZone: "UTC" });
const noon = (day) => new Date(`${day}T12:00:00Z`);

function weekRange(monday) {
  const sunday = addDays(monday, 6);
  const sameMonth = monday.slice(0, 7) === sunday.slice(0, 7);
  const first = sameMonth ? dayOnly.format(noon(monday)) : monthDay.format(noon(monday));
  return `${first}–${monthDay.format(noon(sunday))}`;
}

function weekName(index) {
  if (index === 0) return "This week";
  if (index === 1) return "Next week";
  return `In ${index} weeks`;
}

function dayHeading(day, today) {
  if (day === today) return `Today, ${dayLabel(day)}`;
  if (day === addDays(today)) return `Tomorrow, ${dayLabel(day)}`;
  return dayLabel(day);
}

const pausedOn = (schedule, day) =>
  schedule.pauses.some((p) => p.first_day <= day && day <= p.last_day);

function dayBlock(day, today, list, schedule, open) {
  return h(
    "div",
    { class: "day" },
    h(
      "h3",
      { class: "day-heading" },
      h("span", { class: "day-name" }, dayHeading(day, today)),
      pausedOn(schedule, day) ? h("span", { class: "badge badge-paused" }, "Paused") : null,
    ),
    list.length
      ? h("ul", { class: "sessions" }, list.map((a) => sessionRow(a, schedule, open)))
      : h("p", { class: "muted" }, "No sessions today."),
  );
}

function navigation(index, monday, go) {
  const step = (label, name, to, disabled) =>
    h(
      "button",
      { type: "button", class: "button quiet", "aria-label": label, disabled, onclick: go(to) },
      name,
    );
  return h(
    "div",
    { class: "week-nav" },
    step("Previous week", "‹ Previous", index - 1, index === 0),
    h(
      "p",
      { class: "week-label" },
      h("strong", { class: "week-name", tabindex: "-1" }, weekName(index)),
      h("span", {}, weekRange(monday)),
    ),
    step("Next week", "Next ›", index + 1, index === WEEKS - 1),
  );
}

/** The week card: previous and next week, the week's days, and a one-off session to add. */
export function weekCard() {
  let index = 0;
  let card = null;
  const paint = (body, schedule, repaint) => {
    const zone = schedule.time_zone;
    const today = localDay(Date.now(), zone);
    const monday = addDays(today, -weekdayOf(today) + 7 * index);
    const first = index === 0 ? today : monday;
    const byDay = new Map();
    for (let day = first; day <= addDays(monday, 6); day = addDays(day)) byDay.set(day, []);
    for (const a of schedule.appointments) byDay.get(localDay(a.starts_at, zone))?.push(a);
    const days = [...byDay].filter(([day, list]) => list.length || day === today);
    const go = (to) => () => {
      index = to;
      repaint();
      card.element.querySelector(".week-name").focus();
    };
    const reopen = (appointment) => () => {
      const row = card.element.querySelector(`[data-id="${appointment.id}"] button`);
      (row || card.element.querySelector("h2")).focus();
    };
    const open = (appointment) => openSessionMenu(appointment, schedule, reopen(appointment));
    const back = index
      ? h("button", { type: "button", class: "button quiet", onclick: go(0) }, "Back to this week")
      : null;
    const add = () => addForm(schedule, () => card.element.querySelector("h2").focus());
    replaceChildren(
      body,
      navigation(index, monday, go),
      days.map(([day, list]) => dayBlock(day, today, list, schedule, open)),
      days.length ? null : h("p", { class: "muted" }, "No sessions this week."),
      h(
        "div",
        { class: "actions week-actions" },
        back,
        h("button", { type: "button", class: "button", onclick: add }, "Add a one-off session"),
      ),
    );
  };
  card = scheduleCard("schedule-week", "Sessions", paint);
  return card;
}
