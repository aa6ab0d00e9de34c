// The sheet a session row opens: move it, or cancel it after one plain question.
import { h, replaceChildren } from "../core/dom.js";
import { lengthOf, moveForm } from "./move.js";
import { openSheet, sheetChoices } from "./sheet.js";
import { saveEdit } from "./store.js";
import { clockTime, dayLabel, localDay } from "./time.js";

function confirmCancel(body, close, appointment, what) {
  const yes = async () => {
    await saveEdit(`/api/schedule/appointments/${appointment.id}/cancel`, {});
    close();
  };
  replaceChildren(
    body,
    h(
      "div",
      { class: "confirm" },
      h("p", { class: "confirm-question" }, `Cancel ${what}?`),
      h(
        "div",
        { class: "sheet-choices" },
        h("button", { type: "button", class: "button danger", onclick: yes }, "Yes, cancel it"),
        h("button", { type: "button", class: "button quiet", onclick: close }, "Keep it"),
      ),
    ),
  );
  body.querySelector("button").focus();
}

/** Open the sheet for one session; onClosed runs once it has gone. */
export function openSessionMenu(appointment, schedule, onClosed) {
  const zone = schedule.time_zone;
  const starts = clockTime(appointment.starts_at, zone);
  const day = dayLabel(localDay(appointment.starts_at, zone));
  const what = `the ${starts} session on ${day}`;
  openSheet({
    title: `${starts}–${clockTime(appointment.ends_at, zone)}`,
    detail: `${day} · ${lengthOf(appointment)} min`,
    onClosed,
    fill(body, close) {
      sheetChoices(body, close, [
        ["Move to another time", () => moveForm(appointment, schedule, body, close)],
        [
          "Cancel this session",
          () => confirmCancel(body, close, appointment, what),
          "danger-quiet",
        ],
      ]);
    },
  });
}
