// Days of the week as chips: each a real checkbox, so it is a toggle to every reader.
import { h, uniqueId } from "../core/dom.js";
import { SHORT_DAYS } from "./hours.js";
import { WEEKDAYS } from "./time.js";

/**
 * A fieldset of seven day chips; returns a form field with value(): the chosen weekdays.
 * Options name the boxes, give the legend and add a hint under it.
 */
export function dayChips(chosen, { name = "weekdays", legend = "Days", hint = "" } = {}) {
  const id = uniqueId("days");
  const error = h("p", { id: `${id}-error`, class: "field-error", hidden: true });
  const note = hint ? h("p", { id: `${id}-hint`, class: "hint" }, hint) : null;
  const boxes = SHORT_DAYS.map((short, weekday) =>
    h("input", {
      type: "checkbox",
      class: "chip-box",
      name,
      value: weekday,
      checked: chosen.includes(weekday),
      "aria-describedby": note ? `${note.id} ${error.id}` : error.id,
    }),
  );
  const element = h(
    "fieldset",
    { class: "field day-chips" },
    h("legend", {}, legend),
    note,
    h(
      "div",
      { class: "chips" },
      boxes.map((box, weekday) =>
        h(
          "label",
          { class: "chip", title: WEEKDAYS[weekday] },
          box,
          h("span", {}, SHORT_DAYS[weekday]),
        ),
      ),
    ),
    error,
  );
  return {
    element,
    input: boxes[0],
    error,
    name,
    value: () => boxes.filter((box) => box.checked).map((box) => Number(box.value)),
    show: (days) => {
      for (const box of boxes) box.checked = days.includes(Number(box.value));
    },
  };
}
