// Move a session: a new date, time and length, checked against the rest of the week.
import {
  field,
  lengthField,
  openIn,
  readLength,
  showError,
  showRefusal,
  smallForm,
} from "./form.js";
import { saveEdit } from "./store.js";
import { clockTime, localDay, wallTime, zonedInstant } from "./time.js";

const MINUTE_MS = 60000;

export function lengthOf(appointment) {
  return Math.round(
    (Date.parse(appointment.ends_at) - Date.parse(appointment.starts_at)) / MINUTE_MS,
  );
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

/** Open the move form in row; done() closes it. */
export function moveForm(appointment, schedule, row, done) {
  const zone = schedule.time_zone;
  const date = field("New date", {
    name: "date",
    type: "date",
    required: true,
    value: localDay(appointment.starts_at, zone),
  });
  const time = field("New time", {
    name: "time",
    type: "time",
    required: true,
    value: wallTime(appointment.starts_at, zone),
  });
  const length = lengthField(lengthOf(appointment));
  const fields = [date, time, length];
  const submit = async () => {
    if (!date.input.value) return showError(fields, "Choose a date.", "date");
    if (!time.input.value) return showError(fields, "Choose a time.", "time");
    const minutes = readLength(length);
    if (minutes === null) return;
    const starts = zonedInstant(date.input.value, time.input.value, zone);
    if (starts <= Date.now())
      return showError(fields, "Choose a time that has not passed yet.", "time");
    const clash = overlapping(schedule, starts, minutes, appointment.id);
    if (clash) {
      return showError(
        fields,
        `That overlaps your ${clockTime(clash.starts_at, zone)} session.`,
        "time",
      );
    }
    const body = {
      new_id: crypto.randomUUID(),
      starts_at: new Date(starts).toISOString(),
      length_minutes: minutes,
    };
    const path = `/api/schedule/appointments/${appointment.id}/move`;
    const refused = await saveEdit(path, body, "PUT", { takeBack: true });
    if (refused) return showRefusal(fields, refused, { overlaps: "time", too_far_ahead: "date" });
    done();
  };
  openIn(row, smallForm({ fields, submitLabel: "Move session", onSubmit: submit, onCancel: done }));
}
