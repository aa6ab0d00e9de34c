// One appointment: its time, length and state, with move and cancel.
import { h, replaceChildren } from "../core/dom.js";
import { lengthOf, moveForm } from "./move.js";
import { saveEdit } from "./store.js";
import { clockTime, dayLabel, localDay } from "./time.js";

function states(appointment, schedule) {
  const zone = schedule.time_zone;
  const list = [];
  if (appointment.status === "cancelled") list.push(["Cancelled", "cancelled"]);
  if (appointment.status === "moved") {
    const to = schedule.appointments.find((a) => a.id === appointment.replaced_by);
    const where = to
      ? ` to ${dayLabel(localDay(to.starts_at, zone))}, ${clockTime(to.starts_at, zone)}`
      : "";
    list.push([`Moved${where}`, "moved"]);
  }
  if (appointment.source === "calendar") list.push(["From your calendar", "calendar"]);
  if (appointment.pending) list.push(["Waiting to sync", "pending"]);
  return list.map(([text, kind]) => h("span", { class: `badge badge-${kind}` }, text));
}

function confirmCancel(appointment, schedule, row, done, what) {
  const yes = async () => {
    await saveEdit(`/api/schedule/appointments/${appointment.id}/cancel`, {});
    done();
  };
  replaceChildren(
    row,
    h(
      "div",
      { class: "confirm" },
      h("p", { class: "confirm-question" }, `Cancel ${what}? No reminder will come for it.`),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "button danger", onclick: yes }, "Yes, cancel it"),
        h("button", { type: "button", class: "button quiet", onclick: done }, "Keep it"),
      ),
    ),
  );
  row.querySelector("button").focus();
}

/** A list item for one appointment; done() repaints the list once a form closes. */
export function appointmentRow(appointment, schedule, done) {
  const zone = schedule.time_zone;
  const starts = clockTime(appointment.starts_at, zone);
  const what = `the ${starts} session on ${dayLabel(localDay(appointment.starts_at, zone))}`;
  const open =
    appointment.status === "scheduled" &&
    Date.parse(appointment.ends_at) > Date.now() &&
    !(appointment.pending && appointment.source === "template");
  const row = h("li", { class: `appointment is-${appointment.status}` });
  replaceChildren(
    row,
    h(
      "p",
      { class: "appointment-time" },
      h("strong", {}, `${starts}–${clockTime(appointment.ends_at, zone)}`),
      h("span", { class: "muted" }, ` · ${lengthOf(appointment)} min`),
    ),
    h("p", { class: "appointment-state" }, states(appointment, schedule)),
    open
      ? h(
          "div",
          { class: "actions" },
          h(
            "button",
            {
              type: "button",
              class: "button",
              "aria-label": `Move ${what}`,
              onclick: () => moveForm(appointment, schedule, row, done),
            },
            "Move",
          ),
          h(
            "button",
            {
              type: "button",
              class: "button danger-quiet",
              "aria-label": `Cancel ${what}`,
              onclick: () => confirmCancel(appointment, schedule, row, done, what),
            },
            "Cancel",
          ),
        )
      : null,
  );
  return row;
}
