// One appointment: its time, length and state, with move and cancel.
import { h, replaceChildren } from "./dom.js";
import { field, lengthField, openIn, readLength, showError, showRefusal, smallForm } from "./schedule-form.js";
import { saveEdit } from "./schedule-store.js";
import { clockTime, dayLabel, localDay, wallTime, zonedInstant } from "./schedule-time.js";

const MINUTE_MS = 60000;

export function lengthOf(appointment) {
  return Math.round((Date.parse(appointment.ends_at) - Date.parse(appointment.starts_at)) / MINUTE_MS);
}

/** Scheduled appointments that would overlap starts..starts+minutes, other than the one moving. */
export function overlapping(schedule, starts, minutes, exceptId) {
  const ends = starts + minutes * MINUTE_MS;
  return schedule.appointments.find(
    (a) =>
      a.status === "scheduled" &&
      a.id !== exceptId &&
      Date.parse(a.starts_at) < ends &&
      starts < Date.parse(a.ends_at),
  );
}

function states(appointment, schedule) {
  const zone = schedule.time_zone;
  const list = [];
  if (appointment.status === "cancelled") list.push(["Cancelled", "cancelled"]);
  if (appointment.status === "moved") {
    const to = schedule.appointments.find((a) => a.id === appointment.replaced_by);
    const where = to ? ` to ${dayLabel(localDay(to.starts_at, zone))}, ${clockTime(to.starts_at, zone)}` : "";
    list.push([`Moved${where}`, "moved"]);
  }
  if (appointment.source === "calendar") list.push(["From your calendar", "calendar"]);
  if (appointment.pending) list.push(["Waiting to sync", "pending"]);
  return list.map(([text, kind]) => h("span", { class: `badge badge-${kind}` }, text));
}

function moveForm(appointment, schedule, row, done) {
  const zone = schedule.time_zone;
  const date = field("New date", { name: "date", type: "date", required: true, value: localDay(appointment.starts_at, zone) });
  const time = field("New time", { name: "time", type: "time", required: true, value: wallTime(appointment.starts_at, zone) });
  const length = lengthField(lengthOf(appointment));
  const fields = [date, time, length];
  const submit = async () => {
    if (!date.input.value) return showError(fields, "Choose a date.", "date");
    if (!time.input.value) return showError(fields, "Choose a time.", "time");
    const minutes = readLength(length);
    if (minutes === null) return;
    const starts = zonedInstant(date.input.value, time.input.value, zone);
    if (starts <= Date.now()) return showError(fields, "Choose a time that has not passed yet.", "time");
    const clash = overlapping(schedule, starts, minutes, appointment.id);
    if (clash) {
      return showError(fields, `That overlaps your ${clockTime(clash.starts_at, zone)} session.`, "time");
    }
    const body = { new_id: crypto.randomUUID(), starts_at: new Date(starts).toISOString(), length_minutes: minutes };
    const path = `/api/schedule/appointments/${appointment.id}/move`;
    const refused = await saveEdit(path, body, "PUT", { takeBack: true });
    if (refused) return showRefusal(fields, refused, { overlaps: "time", too_far_ahead: "date" });
    done();
  };
  openIn(row, smallForm({ fields, submitLabel: "Move session", onSubmit: submit, onCancel: done }));
}

function confirmCancel(appointment, schedule, row, done, what) {
  const yes = async () => {
    await saveEdit(`/api/schedule/appointments/${appointment.id}/cancel`, {});
    done();
  };
  replaceChildren(
    row,
    h("div", { class: "confirm" },
      h("p", { class: "confirm-question" }, `Cancel ${what}? No reminder will come for it.`),
      h("div", { class: "actions" },
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
    h("p", { class: "appointment-time" },
      h("strong", {}, `${starts}–${clockTime(appointment.ends_at, zone)}`),
      h("span", { class: "muted" }, ` · ${lengthOf(appointment)} min`),
    ),
    h("p", { class: "appointment-state" }, states(appointment, schedule)),
    open
      ? h("div", { class: "actions" },
          h("button", { type: "button", class: "button", "aria-label": `Move ${what}`, onclick: () => moveForm(appointment, schedule, row, done) }, "Move"),
          h("button", { type: "button", class: "button danger-quiet", "aria-label": `Cancel ${what}`, onclick: () => confirmCancel(appointment, schedule, row, done, what) }, "Cancel"),
        )
      : null,
  );
  return row;
}
