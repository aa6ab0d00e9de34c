// The screens around the minute: the check-in offered before it, the end with the check-in
// after it, and a kind close. Each is { heading, element }; the heading takes focus when shown.
import { checkInForm } from "../check-ins/form.js";
import { h } from "../core/dom.js";

function screen(name, title, ...children) {
  const heading = h("h1", { class: "page-heading", tabindex: "-1" }, title);
  return { heading, element: h("section", { class: name }, heading, ...children) };
}

/** "Check in first": how you arrive, then onDone() starts the minute from its beginning. */
export function checkInBefore({ exerciseLogId, onDone }) {
  return screen(
    "ground-before",
    "How are you arriving?",
    h("p", { class: "lead" }, "Ten seconds, then the minute starts from the beginning."),
    checkInForm({ moment: "before", exerciseLogId, optional: true, onDone }),
  );
}

/** The minute is over (or ended early): a calm end, then presence and energy, Save or Skip. */
export function checkInAfter({ completed, exerciseLogId, onDone }) {
  return screen(
    "ground-end",
    completed ? "One minute, done." : "Stopped early. It still counts.",
    h("div", { class: "end-mark", "aria-hidden": "true" }),
    h("h2", { class: "end-question" }, "How are you now?"),
    checkInForm({ moment: "after", exerciseLogId, optional: true, onDone }),
  );
}

/** The close: back to Today, or another minute. */
export function readyScreen() {
  return screen(
    "ground-close",
    "You're ready.",
    h("p", {}, "Take this steadiness with you into the room."),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button primary", href: "#/" }, "Back to Today"),
      h("a", { class: "button", href: "#/exercises" }, "Another exercise"),
    ),
  );
}

/** An exercise id that is not in the library. */
export function notHere() {
  return screen(
    "ground-missing",
    "That exercise is not here",
    h("p", {}, "It may have been renamed. Choose another one from the list."),
    h("a", { class: "button primary", href: "#/exercises" }, "Choose an exercise"),
  );
}
