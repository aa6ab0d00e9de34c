// The weekly template: the sessions that repeat every week, each to change or stop.
import { h, replaceChildren } from "../core/dom.js";
import { scheduleCard } from "./card.js";
import { describe, slotForm } from "./slot-form.js";
import { saveEdit } from "./store.js";

function confirmDelete(row, slot, done) {
  const yes = async () => {
    await saveEdit(`/api/schedule/slots/${slot.id}`, undefined, "DELETE");
    done();
  };
  replaceChildren(
    row,
    h(
      "div",
      { class: "confirm" },
      h(
        "p",
        { class: "confirm-question" },
        `Stop the weekly ${describe(slot)} session? Its coming sessions leave your schedule.`,
      ),
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "button danger", onclick: yes }, "Yes, stop it"),
        h("button", { type: "button", class: "button quiet", onclick: done }, "Keep it"),
      ),
    ),
  );
  row.querySelector("button").focus();
}

function slotRow(body, slot, schedule, done) {
  const row = h("li", { class: "slot" });
  replaceChildren(
    row,
    h(
      "p",
      {},
      h("strong", {}, describe(slot)),
      h("span", { class: "muted" }, ` · ${slot.length_minutes} min`),
      " ",
      slot.pending ? h("span", { class: "badge badge-pending" }, "Waiting to sync") : null,
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          class: "button",
          "aria-label": `Change the weekly ${describe(slot)} session`,
          onclick: () => slotForm(body, schedule, done, slot),
        },
        "Change",
      ),
      h(
        "button",
        {
          type: "button",
          class: "button danger-quiet",
          "aria-label": `Stop the weekly ${describe(slot)} session`,
          onclick: () => confirmDelete(row, slot, done),
        },
        "Stop",
      ),
    ),
  );
  return row;
}

function paint(body, schedule, repaint) {
  replaceChildren(
    body,
    h(
      "p",
      {},
      "Sessions that repeat every week. Attune adds them to your schedule eight weeks ahead.",
    ),
    schedule.slots.length
      ? h(
          "ul",
          { class: "slot-list" },
          schedule.slots.map((slot) => slotRow(body, slot, schedule, repaint)),
        )
      : h("p", { class: "muted" }, "No weekly sessions yet."),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: () => slotForm(body, schedule, repaint) },
        "Add a weekly session",
      ),
    ),
  );
}

/** The weekly template card. */
export function slotsCard() {
  return scheduleCard("schedule-weekly", "Every week", paint);
}
