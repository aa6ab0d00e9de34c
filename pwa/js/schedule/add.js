// Add a one-off session, in a sheet: a date, a time and a length.
import { overlapping } from "./move.js";
import {
  field,
  lengthField,
  openIn,
  readLength,
  showError,
  showRefusal,
  smallForm,
} from "./form.js";
import { openSheet } from "./sheet.js";
import { saveEdit } from "./store.js";
import { clockTime, localDay, zonedInstant } from "./time.js";

const DAY_MS = 86400000;
const OLDEST_DAYS = 31;
const FURTHEST_DAYS = 366;

function fill(body, close, schedule) {
  const zone = schedule.time_zone;
  const today = localDay(Date.now(), zone);
  const date = field("Date", { name: "date", type: "date", required: true, value: today });
  const time = field("Starts at", { name: "time", type: "time", required: true });
  const length = lengthField();
  const fields = [date, time, length];
  const submit = async () => {
    if (!date.input.value) return showError(fields, "Choose a date.", "date");
    if (!time.input.value) return showError(fields, "Choose a start time.", "time");
    const minutes = readLength(length);
    if (minutes === null) return;
    const starts = zonedInstant(date.input.value, time.input.value, zone);
    const now = Date.now();
    if (starts < now - OLDEST_DAYS * DAY_MS || starts > now + FURTHEST_DAYS * DAY_MS) {
      return showError(fields, "Choose a day within the past month or the coming year.", "date");
    }
    const clash = overlapping(schedule, starts, minutes, null);
    if (clash) {
      return showError(
        fields,
        `That overlaps your ${clockTime(clash.starts_at, zone)} session.`,
        "time",
      );
    }
    const body = { starts_at: new Date(starts).toISOString(), length_minutes: minutes };
    const path = `/api/schedule/appointments/${crypto.randomUUID()}`;
    const refused = await saveEdit(path, body, "PUT", { takeBack: true });
    if (refused) return showRefusal(fields, refused, { overlaps: "time" });
    close();
  };
  openIn(
    body,
    smallForm({ fields, submitLabel: "Add session", onSubmit: submit, onCancel: close }),
  );
}

/** Open the sheet to add a session outside the weekly pattern; onClosed runs once it has gone. */
export function addForm(schedule, onClosed) {
  openSheet({
    title: "One-off session",
    detail: "A session outside your working hours, just once.",
    fill: (body, close) => fill(body, close, schedule),
    onClosed,
  });
}
