// Feeling words to name, as toggles that wrap; a word is chosen or not, nothing in between.
import { h } from "../core/dom.js";

/** A fieldset of toggle buttons, one per word; chosen (a Set) holds the words switched on. */
export function feelingWords(words, chosen) {
  return h(
    "fieldset",
    { class: "feeling-words" },
    h("legend", {}, "Any feelings to name?"),
    h(
      "div",
      { class: "feeling-options" },
      words.map((word) =>
        h(
          "button",
          {
            type: "button",
            class: "feeling",
            "aria-pressed": "false",
            onclick: (event) => {
              const on = !chosen.has(word);
              if (on) chosen.add(word);
              else chosen.delete(word);
              event.currentTarget.setAttribute("aria-pressed", String(on));
            },
          },
          word,
        ),
      ),
    ),
  );
}
