// The form for one weekly session: day, start and length, checked before it is queued.
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
import { WEEKDAYS, localDay, weekdayOf } from "./time.js";

const DAY_MINUTES = 24 * 60;

const toMinutes = (start) => Number(start.slice(0, 2)) * 60 + Number(start.slice(3, 5));
/** "Monday 10:00" for a weekly session. */
export const describe = (slot) => `${WEEKDAYS[slot.weekday]} ${slot.start}`;

function clash(slots, candidate) {
  const begin = toMinutes(candidate.start);
  const end = begin + candidate.length_minutes;
  return slots.find(
    (s) =>
      s.id !== candidate.id &&
      s.weekday === candidate.weekday &&
      toMinutes(s.start) < end &&
      begin < toMinutes(s.start) + s.length_minutes,
  );
}

/** Open the form in body, to add a weekly session or change slot; done() closes it. */
export function slotForm(body, schedule, done, slot) {
  const today = weekdayOf(localDay(Date.now(), schedule.time_zone));
  const weekday = field(
    "Day of the week",
    { name: "weekday" },
    { tag: "select", options: WEEKDAYS.map((name, index) => [index, name]) },
  );
  weekday.input.value = String(slot ? slot.weekday : today);
  const start = field("Starts at", {
    name: "start",
    type: "time",
    required: true,
    value: slot ? slot.start : "09:00",
  });
  const length = lengthField(slot ? slot.length_minutes : undefined);
  const fields = [weekday, start, length];
  const submit = async () => {
    if (!start.input.value) return showError(fields, "Choose a start time.", "start");
    const minutes = readLength(length);
    if (minutes === null) return;
    const candidate = {
      id: slot ? slot.id : crypto.randomUUID(),
      weekday: Number(weekday.input.value),
      start: start.input.value.slice(0, 5),
      length_minutes: minutes,
    };
    if (toMinutes(candidate.start) + minutes > DAY_MINUTES) {
      return showError(fields, "A weekly session must end by midnight.", "length_minutes");
    }
    const other = clash(schedule.slots, candidate);
    if (other)
      return showError(fields, `That overlaps your weekly ${describe(other)} session.`, "start");
    const { id, ...body } = candidate;
    const refused = await saveEdit(`/api/schedule/slots/${id}`, body, "PUT", { takeBack: true });
    if (refused)
      return showRefusal(fields, refused, {
        overlaps: "start",
        ends_after_midnight: "length_minutes",
      });
    done();
  };
  const intro =
    "Changes apply to sessions from now on; sessions that have passed stay as they were.";
  openIn(
    body,
    smallForm({
      fields,
      intro,
      submitLabel: slot ? "Save changes" : "Add weekly session",
      onSubmit: submit,
      onCancel: done,
    }),
  );
}
