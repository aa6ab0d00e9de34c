// What an exercise gives: the average change from the check-in before it to the one after,
// said only once there are enough pairs for an average to mean something.
import { h } from "../core/dom.js";
import { plural, signed } from "./days.js";

export const ENOUGH_PAIRS = 3;

function presenceSentence(change) {
  const value = signed(change);
  if (value === "0") return "After an exercise you feel about as present as before, on average";
  return change > 0
    ? `After an exercise you feel ${value} more present on average`
    : `After an exercise your presence changes by ${value} on average`;
}

/** The lift section for a history answer. */
export function liftSection(history) {
  const { lift } = history;
  const heading = h("h2", { id: "lift-heading" }, "Before and after");
  const section = (...children) =>
    h("section", { class: "history-lift", "aria-labelledby": "lift-heading" }, ...children);
  if (lift.pairs < ENOUGH_PAIRS) {
    const sofar = lift.pairs ? ` (${lift.pairs} so far)` : "";
    return section(
      heading,
      h(
        "p",
        { class: "hint" },
        `Check in before and after ${ENOUGH_PAIRS} exercises${sofar}, and the average change ` +
          "they bring shows here.",
      ),
    );
  }
  return section(
    heading,
    h("p", { class: "lift-presence" }, presenceSentence(lift.presence)),
    h(
      "p",
      { class: "hint" },
      `Energy ${signed(lift.energy)} · from ${plural(lift.pairs, "exercise", "exercises")} ` +
        "with a check-in before and after",
    ),
  );
}
