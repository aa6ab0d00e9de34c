// Check-in prompts for workdays without sessions: up to four times of day, each kept as soon as
// it is set, so the push that asks "how present are you?" reaches a day with no schedule too.
import { h, replaceChildren, uniqueId } from "../core/dom.js";

const MAX_PROMPTS = 4;
const SUGGESTED = ["12:30", "17:30", "10:00", "15:00", "09:00", "14:00"];
const WALL_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** The prompt-times field; onSave(times) with the sorted, distinct "HH:MM" list after a change. */
export function promptTimesField(times, onSave) {
  const hintId = uniqueId("prompts-hint");
  const list = h("ul", { class: "prompt-times" });
  const add = h("button", { type: "button", class: "button" }, "Add a time");
  let rows = [];

  const values = () => rows.map((row) => row.input.value).filter((value) => WALL_TIME.test(value));
  const save = () => onSave([...new Set(values())].sort());

  function draw() {
    replaceChildren(list, rows.map((row) => row.element));
    rows.forEach((row, index) => row.input.setAttribute("aria-label", `Check-in time ${index + 1}`));
    add.hidden = rows.length >= MAX_PROMPTS;
  }

  function row(value) {
    const input = h("input", { type: "time", value, required: true, "aria-describedby": hintId });
    const remove = h("button", { type: "button", class: "button quiet" }, "Remove");
    const made = { input, element: h("li", {}, input, remove) };
    input.addEventListener("change", () => {
      remove.setAttribute("aria-label", `Remove the check-in at ${input.value}`);
      if (WALL_TIME.test(input.value)) save();
    });
    remove.setAttribute("aria-label", `Remove the check-in at ${value}`);
    remove.addEventListener("click", () => {
      rows = rows.filter((other) => other !== made);
      draw();
      save();
      (rows.at(-1)?.input ?? add).focus();
    });
    return made;
  }

  add.addEventListener("click", () => {
    const taken = new Set(values());
    const next = row(SUGGESTED.find((time) => !taken.has(time)) ?? "12:00");
    rows.push(next);
    draw();
    save();
    next.input.focus();
  });

  rows = times.map(row);
  draw();
  return h(
    "fieldset",
    { class: "prompt-times-field" },
    h("legend", {}, "Check-in prompts"),
    h(
      "p",
      { id: hintId, class: "hint" },
      "On workdays without sessions, a notification at these times asks how present you are.",
    ),
    list,
    add,
  );
}
