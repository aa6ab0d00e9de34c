// A 1–5 scale as five big radio buttons, each with its number and its word.
import { h, uniqueId } from "../core/dom.js";

/**
 * A fieldset of five radios: legend is the question, words the five answers (1 first).
 * onChoose(value) runs when one is chosen; the element has .value (a number or null).
 */
export function ratingScale({ name, legend, words, onChoose }) {
  const group = uniqueId(name);
  const fieldset = h(
    "fieldset",
    { class: "rating-scale", "data-scale": name },
    h("legend", {}, legend),
  );
  const options = h("div", { class: "rating-options" });
  words.forEach((word, index) => {
    const value = index + 1;
    const input = h("input", {
      type: "radio",
      name: group,
      value,
      id: `${group}-${value}`,
      onchange: () => {
        fieldset.value = value;
        onChoose(value);
      },
    });
    options.append(
      h(
        "label",
        { class: "rating-option", for: input.id },
        input,
        h("span", { class: "rating-number" }, String(value)),
        // The space keeps the accessible name "4 mostly here", not "4mostly here".
        " ",
        h("span", { class: "rating-word" }, word),
      ),
    );
  });
  fieldset.append(options);
  fieldset.value = null;
  return fieldset;
}
