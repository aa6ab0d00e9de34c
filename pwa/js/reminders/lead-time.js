// How long before a session the reminder comes: four quick choices as chips, and any other
// minute from 1 to 30 in a small list beside them.
import { h, uniqueId } from "../core/dom.js";

const QUICK = [3, 5, 10, 15];
const MIN = 1;
const MAX = 30;

/** The lead-time field for minutes; onChoose(minutes) when the person picks another. */
export function leadTimeField(minutes, onChoose) {
  const name = uniqueId("lead");
  const chips = QUICK.map((value) =>
    h("input", {
      type: "radio",
      class: "chip-box",
      name,
      value,
      checked: value === minutes,
    }),
  );
  const other = h(
    "select",
    { class: "lead-other", "aria-label": "Other minutes before a session" },
    h("option", { value: "" }, "Other…"),
    Array.from({ length: MAX - MIN + 1 }, (_, i) => i + MIN)
      .filter((value) => !QUICK.includes(value))
      .map((value) =>
        h("option", { value, selected: value === minutes }, value === 1 ? "1 min" : `${value} min`),
      ),
  );
  for (const chip of chips) {
    chip.addEventListener("change", () => {
      other.value = "";
      onChoose(Number(chip.value));
    });
  }
  other.addEventListener("change", () => {
    if (!other.value) return;
    for (const chip of chips) chip.checked = false;
    onChoose(Number(other.value));
  });
  return h(
    "fieldset",
    { class: "lead-time" },
    h("legend", {}, "Minutes before a session"),
    h(
      "div",
      { class: "chips" },
      chips.map((chip) =>
        h("label", { class: "chip" }, chip, h("span", {}, chip.value)),
      ),
      other,
    ),
  );
}
