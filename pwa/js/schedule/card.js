// A card on the schedule screen that repaints when the schedule changes, but never under an
// open form: the newest schedule waits until the form is sent or closed.
import { h } from "../core/dom.js";

/**
 * paint(body, schedule, repaint) fills the card; call repaint() when a form closes.
 * Returns { element, update(schedule) }.
 */
export function scheduleCard(id, heading, paint, { className = "card" } = {}) {
  let latest = null;
  const body = h("div", { class: "card-body" });
  const title = h("h2", { id, tabindex: "-1" }, heading);
  const element = h("section", { class: className, "aria-labelledby": id }, title, body);
  const repaint = () => {
    const hadFocus = element.contains(document.activeElement);
    if (latest) paint(body, latest, repaint);
    // The control that closed the form is gone: keep the reader's place in this card.
    if (hadFocus && !element.contains(document.activeElement)) title.focus();
  };
  return {
    element,
    update(schedule) {
      latest = schedule;
      if (!body.querySelector("form, .confirm")) repaint();
    },
  };
}
