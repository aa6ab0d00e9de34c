// A 1–5 scale as five big radio buttons, each named by its number and its word. On a phone the
// tiles show the number and the scale's two ends are written under them ("scattered" … "fully
// here"); where the tiles become rows (narrow screens, large text) each row shows its word.
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
  // Seen, not read out: each radio's own name already has its word.
  const ends = [h("span", {}, words[0]), h("span", {}, words.at(-1))];
  const middle = h("span", { class: "rating-chosen" });
  const anchors = h(
    "div",
    { class: "rating-anchors", "aria-hidden": "true" },
    ends[0],
    middle,
    ends[1],
  );
  function showChosen(value) {
    const end = value === 1 ? ends[0] : value === words.length ? ends[1] : null;
    middle.textContent = end ? "" : words[value - 1];
    for (const span of ends) span.classList.toggle("rating-chosen", span === end);
  }
  words.forEach((word, index) => {
    const value = index + 1;
    const input = h("input", {
      type: "radio",
      name: group,
      value,
      id: `${group}-${value}`,
      onchange: () => {
        fieldset.value = value;
        showChosen(value);
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
  fieldset.append(options, anchors);
  fieldset.value = null;
  return fieldset;
}
