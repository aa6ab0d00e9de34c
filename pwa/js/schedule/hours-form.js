// The working hours form: what it will make is counted as it is typed, then saved in one write.
import { h, replaceChildren } from "../core/dom.js";
import { dayChips } from "./day-chips.js";
import { clearErrors, field, openIn, showError, showRefusal, smallForm } from "./form.js";
import { countText, hoursFromSlots, sessionStarts } from "./hours.js";
import { saveEdit } from "./store.js";

const time = (label, name, value) => field(label, { name, type: "time", required: true, value });
const minutes = (label, name, value, max) =>
  field(label, {
    name,
    type: "number",
    inputmode: "numeric",
    min: name === "break_minutes" ? 0 : 10,
    max,
    step: 5,
    value,
    required: true,
  });

const whole = (n, low, high) => Number.isInteger(n) && n >= low && n <= high;

// What is wrong with the hours, with the field it concerns, or null.
function problem(hours) {
  if (!hours.weekdays.length) return ["Choose at least one day.", "weekdays"];
  if (!hours.first_start) return ["Choose when the first session starts.", "first_start"];
  if (!hours.last_end) return ["Choose when the last session ends.", "last_end"];
  if (hours.last_end <= hours.first_start) {
    return ["The last session ends before the first starts.", "last_end"];
  }
  if (!whole(hours.length_minutes, 10, 240)) {
    return ["Choose a length from 10 to 240 minutes.", "length_minutes"];
  }
  if (!whole(hours.break_minutes, 0, 120)) {
    return ["Choose a break from 0 to 120 minutes.", "break_minutes"];
  }
  if (!sessionStarts(hours).length) return ["No session fits between these times.", "last_end"];
  return null;
}

/**
 * Open the form in body, filled with the hours the weekly pattern shows; done() closes it.
 * Without focus it simply sits there (the first thing an empty schedule shows).
 */
export function hoursForm(body, schedule, done, { focus = true } = {}) {
  const { hours } = hoursFromSlots(schedule.slots);
  const chips = dayChips(hours.weekdays);
  const first = time("First session starts", "first_start", hours.first_start);
  const last = time("Last session ends by", "last_end", hours.last_end);
  const length = minutes("Session length (min)", "length_minutes", hours.length_minutes, 240);
  const rest = minutes("Break after each (min)", "break_minutes", hours.break_minutes, 120);
  const fields = [chips, first, last, length, rest];
  const read = () => ({
    weekdays: chips.value(),
    first_start: first.input.value,
    last_end: last.input.value,
    length_minutes: Number(length.input.value),
    break_minutes: Number(rest.input.value),
  });
  const count = h("p", { class: "hours-count", "aria-live": "polite" });
  const starts = h("p", { class: "hint hours-starts" });
  const preview = () => {
    const wrong = problem(read());
    count.textContent = wrong ? wrong[0] : countText(read());
    starts.textContent = wrong ? "" : sessionStarts(read()).join(" · ");
  };
  const submit = async () => {
    const wanted = read();
    const wrong = problem(wanted);
    if (wrong) return showError(fields, ...wrong);
    const path = "/api/schedule/working-hours";
    const refused = await saveEdit(path, wanted, "PUT", { takeBack: true });
    const fieldFor = { invalid_range: "last_end", no_sessions: "last_end" };
    if (refused) return showRefusal(fields, refused, fieldFor);
    done();
  };
  const replacing = schedule.slots.length > 0;
  const form = smallForm({
    fields,
    intro: replacing
      ? "Saving replaces your weekly sessions from now on. One-off sessions and calendars stay."
      : null,
    submitLabel: "Save working hours",
    onSubmit: submit,
    onCancel: replacing ? done : null,
  });
  form.querySelector(".actions").before(count, starts);
  form.addEventListener("input", () => {
    clearErrors(fields);
    preview();
  });
  preview();
  if (focus) openIn(body, form);
  else replaceChildren(body, form);
}
