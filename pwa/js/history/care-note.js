// The gentle note when the last two weeks' energy sits a full point below the therapist's own
// usual: a kind word about rest, supervision or a day off, never a diagnosis.
import { h } from "../core/dom.js";

/** The note, or null when energy is where it usually is. */
export function careNote(history) {
  if (!history.low_energy) return null;
  return h(
    "section",
    { class: "care-note", "aria-labelledby": "care-heading" },
    h("h2", { id: "care-heading" }, "A gentle note"),
    h(
      "p",
      {},
      "Your energy these past two weeks has been lower than your usual. You give a lot in " +
        "each session. Some rest, an hour with your supervisor, or a day off might help you " +
        "show up the way you want to.",
    ),
  );
}
