// Workdays for the streak when there is no schedule to say which days are workdays: seven day
// chips, each change saved at once. With a schedule, the days with sessions are the workdays.
import { patch } from "../core/api.js";
import { h, uniqueId } from "../core/dom.js";
import { showToast } from "../core/toast.js";
import { SHORT_DAYS } from "../schedule/hours.js";
import { WEEKDAYS } from "../schedule/time.js";

/** The workday chips, or a line saying the schedule decides, for the "Your data" section. */
export function workdaysField(settings, scheduled) {
  if (scheduled) {
    return h(
      "p",
      { class: "hint" },
      "Your workdays for the streak are the days with sessions in your schedule.",
    );
  }
  const hint = uniqueId("workdays-hint");
  const boxes = SHORT_DAYS.map((short, weekday) =>
    h("input", {
      type: "checkbox",
      class: "chip-box",
      name: "workdays",
      value: weekday,
      checked: settings.workdays.includes(weekday),
      "aria-describedby": hint,
    }),
  );
  const chosen = () => boxes.filter((box) => box.checked).map((box) => Number(box.value));
  let saved = chosen();
  const save = async (event) => {
    try {
      saved = (await patch("/api/settings", { workdays: chosen() })).workdays;
    } catch (error) {
      // Not saved: the chips go back to what the server has.
      for (const box of boxes) box.checked = saved.includes(Number(box.value));
      showToast(error.code === "offline" ? "Workdays change once you are online." : error.message);
      event.target.focus();
    }
  };
  return h(
    "fieldset",
    { class: "field day-chips", onchange: save },
    h("legend", {}, "Workdays"),
    h(
      "p",
      { id: hint, class: "hint" },
      "With no schedule, these days count for the streak. Other days never break it.",
    ),
    h(
      "div",
      { class: "chips" },
      boxes.map((box, weekday) =>
        h(
          "label",
          { class: "chip", title: WEEKDAYS[weekday] },
          box,
          h("span", {}, SHORT_DAYS[weekday]),
        ),
      ),
    ),
  );
}
