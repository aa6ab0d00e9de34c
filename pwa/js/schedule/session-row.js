// One session in the week: "09:00 · 50 min" and its state; a scheduled one opens its sheet.
import { h } from "../core/dom.js";
import { lengthOf } from "./move.js";
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

/** Whether a session can still be moved or cancelled from this device. */
export function changeable(appointment, now = Date.now()) {
  return (
    appointment.status === "scheduled" &&
    Date.parse(appointment.ends_at) > now &&
    // Made offline from the weekly pattern: the server has not given it its id yet.
    !(appointment.pending && appointment.source === "template")
  );
}

/** A list item for one session; open(appointment) shows its sheet. */
export function sessionRow(appointment, schedule, open) {
  const zone = schedule.time_zone;
  const now = Date.now();
  const past = Date.parse(appointment.ends_at) <= now;
  const content = [
    h("span", { class: "session-time" }, clockTime(appointment.starts_at, zone)),
    h("span", { class: "session-length" }, `· ${lengthOf(appointment)} min`),
    h(
      "span",
      { class: "visually-hidden" },
      `, ${dayLabel(localDay(appointment.starts_at, zone))}`,
    ),
    h("span", { class: "session-state" }, states(appointment, schedule)),
  ];
  const classes = `session is-${appointment.status}${past ? " is-past" : ""}`;
  if (!changeable(appointment, now)) {
    const line = h("div", { class: "session-line" }, content);
    return h("li", { class: classes, "data-id": appointment.id }, line);
  }
  return h(
    "li",
    { class: classes, "data-id": appointment.id },
    h(
      "button",
      {
        type: "button",
        class: "session-line session-open",
        "aria-haspopup": "dialog",
        onclick: () => open(appointment),
      },
      content,
      h("span", { class: "session-more", "aria-hidden": "true" }, "⋯"),
    ),
  );
}
