// Days off: pause today with one tap, or plan a run of days; their sessions stay as they are.
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

const remove = (pause) => saveEdit(`/api/schedule/pauses/${pause.id}`, undefined, "DELETE");

function todayLine(schedule) {
  const today = localDay(Date.now(), schedule.time_zone);
  const pause = schedule.pauses.find((p) => p.first_day <= today && today <= p.last_day);
  if (!pause) {
    // The day it was tapped on, written down now: queued offline and sent tomorrow, it still
    // pauses today.
    const days = { first_day: today, last_day: today };
    const start = () => saveEdit(`/api/schedule/pauses/${crypto.randomUUID()}`, days);
    return h(
      "div",
      { class: "pause-today" },
      h("p", {}, "Not seeing clients today?"),
      h("button", { type: "button", class: "button", onclick: start }, "Pause today"),
    );
  }
  const until = pause.last_day > today ? `, until ${dayLabel(pause.last_day)}` : "";
  return h(
    "div",
    { class: "pause-today is-paused" },
    h("p", {}, h("strong", {}, `Paused today${until}.`), " ", pending(pause)),
    h("button", { type: "button", class: "button", onclick: () => remove(pause) }, "End the pause"),
  );
}

function daysOffForm(body, schedule, done) {
  const today = localDay(Date.now(), schedule.time_zone);
  const date = (label, name, value) =>
    field(label, { name, type: "date", required: true, min: today, value });
  const first = date("First day", "first_day", today);
  const last = date("Last day", "last_day", addDays(today, 6));
  const fields = [first, last];
  const submit = async () => {
    const [from, to] = [first.input.value, last.input.value];
    if (!from) return showError(fields, "Choose the first day.", "first_day");
    if (!to) return showError(fields, "Choose the last day.", "last_day");
    if (to < from) return showError(fields, "The last day comes before the first day.", "last_day");
    if (to < today) return showError(fields, "Those days have passed already.", "last_day");
    const path = `/api/schedule/pauses/${crypto.randomUUID()}`;
    const body = { first_day: from, last_day: to };
    const refused = await saveEdit(path, body, "PUT", { takeBack: true });
    if (refused)
      return showRefusal(fields, refused, { too_old: "last_day", too_far_ahead: "last_day" });
    done();
  };
  const intro = "The first and last day included.";
  openIn(
    body,
    smallForm({ fields, intro, submitLabel: "Pause these days", onSubmit: submit, onCancel: done }),
  );
}

function paint(body, schedule, repaint) {
  const today = localDay(Date.now(), schedule.time_zone);
  const planned = schedule.pauses.filter((p) => p.first_day !== p.last_day || p.first_day > today);
  replaceChildren(
    body,
    todayLine(schedule),
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
                  class: "button quiet",
                  "aria-label": `Remove the pause for ${span(pause)}`,
                  onclick: () => remove(pause),
                },
                "Remove",
              ),
            ),
          ),
        )
      : null,
    h("p", { class: "hint" }, "Paused days are marked in your week; their sessions stay."),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: () => daysOffForm(body, schedule, repaint) },
        "Plan days off",
      ),
    ),
  );
}

/** Days off: today's pause and the planned ones. */
export function daysOffCard() {
  return scheduleCard("schedule-days-off", "Days off", paint);
}
