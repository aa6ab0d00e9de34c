// Add a one-off session: a date, a time and a length.
import { h, replaceChildren } from "../core/dom.js";
import { overlapping } from "./move.js";
import { scheduleCard } from "./card.js";
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
import { clockTime, localDay, zonedInstant } from "./time.js";

const DAY_MS = 86400000;
const OLDEST_DAYS = 31;
const FURTHEST_DAYS = 366;

function addForm(body, schedule, done) {
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
    done();
  };
  openIn(body, smallForm({ fields, submitLabel: "Add session", onSubmit: submit, onCancel: done }));
}

function paint(body, schedule, repaint) {
  replaceChildren(
    body,
    h("p", {}, "A session outside your weekly pattern, just once."),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: () => addForm(body, schedule, repaint) },
        "Add a session",
      ),
    ),
  );
}

/** The one-off session card. */
export function addCard() {
  return scheduleCard("schedule-add", "One-off session", paint);
}
