// Quiet days: pause today's reminders, or a holiday from one day to another.
import { h, replaceChildren } from "../core/dom.js";
import { scheduleCard } from "./card.js";
import { field, openIn, showError, showRefusal, smallForm } from "./form.js";
import { saveEdit } from "./store.js";
import { addDays, dayLabel, localDay } from "./time.js";

const pending = (item) =>
  item.pending ? h("span", { class: "badge badge-pending" }, "Waiting to sync") : null;

function span(pause) {
  if (pause.first_day === pause.last_day) return dayLabel(pause.first_day);
  return `${dayLabel(pause.first_day)} to ${dayLabel(pause.last_day)}`;
}

function paintToday(body, schedule) {
  const today = localDay(Date.now(), schedule.time_zone);
  const pause = schedule.pauses.find((p) => p.first_day <= today && today <= p.last_day);
  const end = () => saveEdit(`/api/schedule/pauses/${pause.id}`, undefined, "DELETE");
  const start = () => saveEdit(`/api/schedule/pauses/${crypto.randomUUID()}`, {});
  if (pause) {
    const until =
      pause.last_day > today ? ` Your pause runs until ${dayLabel(pause.last_day)}.` : "";
    replaceChildren(
      body,
      h(
        "p",
        { class: "paused-note" },
        h("strong", {}, "Reminders are paused today."),
        until,
        " ",
        pending(pause),
      ),
      h("p", {}, "Your sessions stay in the schedule; only the reminders rest."),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "button", onclick: end }, "End the pause"),
      ),
    );
    return;
  }
  replaceChildren(
    body,
    h(
      "p",
      {},
      "A reminder comes a few minutes before each session. Taking a quieter day? Pause them until tomorrow.",
    ),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "button", onclick: start }, "Pause reminders today"),
    ),
  );
}

function holidayForm(body, schedule, done) {
  const today = localDay(Date.now(), schedule.time_zone);
  const first = field("First day", {
    name: "first_day",
    type: "date",
    required: true,
    min: today,
    value: today,
  });
  const last = field("Last day", {
    name: "last_day",
    type: "date",
    required: true,
    min: today,
    value: addDays(today, 6),
  });
  const fields = [first, last];
  const submit = async () => {
    const [from, to] = [first.input.value, last.input.value];
    if (!from) return showError(fields, "Choose the first day.", "first_day");
    if (!to) return showError(fields, "Choose the last day.", "last_day");
    if (to < from) return showError(fields, "The last day comes before the first day.", "last_day");
    if (to < today) return showError(fields, "Those days have passed already.", "last_day");
    const path = `/api/schedule/pauses/${crypto.randomUUID()}`;
    const refused = await saveEdit(path, { first_day: from, last_day: to }, "PUT", {
      takeBack: true,
    });
    if (refused)
      return showRefusal(fields, refused, { too_old: "last_day", too_far_ahead: "last_day" });
    done();
  };
  const intro = "No reminders come on these days, the first and last included.";
  openIn(
    body,
    smallForm({ fields, intro, submitLabel: "Pause these days", onSubmit: submit, onCancel: done }),
  );
}

function paintHolidays(body, schedule, repaint) {
  const planned = schedule.pauses.filter(
    (p) => p.first_day !== p.last_day || p.first_day > localDay(Date.now(), schedule.time_zone),
  );
  replaceChildren(
    body,
    h("p", {}, "Away for a while? Pause reminders for a run of days."),
    planned.length
      ? h(
          "ul",
          { class: "pause-list" },
          planned.map((pause) =>
            h(
              "li",
              {},
              h("span", {}, span(pause), " ", pending(pause)),
              h(
                "button",
                {
                  type: "button",
                  class: "button danger-quiet",
                  "aria-label": `Remove the pause for ${span(pause)}`,
                  onclick: () => saveEdit(`/api/schedule/pauses/${pause.id}`, undefined, "DELETE"),
                },
                "Remove",
              ),
            ),
          ),
        )
      : null,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: () => holidayForm(body, schedule, repaint) },
        "Plan days off",
      ),
    ),
  );
}

/** Reminders today: paused or not, and the switch. */
export function todayCard() {
  return scheduleCard("schedule-today", "Reminders today", paintToday);
}

/** Holidays and days off: the list of pauses and a form for a new one. */
export function holidaysCard() {
  return scheduleCard("schedule-holidays", "Days off and holidays", paintHolidays);
}
