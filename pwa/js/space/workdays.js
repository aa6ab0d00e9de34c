// Workdays for the streak when there is no schedule to say which days are workdays: seven day
// chips, each change saved at once. With a schedule, the days with sessions are the workdays.
import { patch } from "../core/api.js";
import { h } from "../core/dom.js";
import { showToast } from "../core/toast.js";
import { dayChips } from "../schedule/day-chips.js";

/** The workday chips, or a line saying the schedule decides, for the "Your data" section. */
export function workdaysField(settings, scheduled) {
  if (scheduled) {
    return h(
      "p",
      { class: "hint" },
      "Your workdays for the streak are the days with sessions in your schedule.",
    );
  }
  const chips = dayChips(settings.workdays, {
    name: "workdays",
    legend: "Workdays",
    hint: "With no schedule, these days count for the streak. Other days never break it.",
  });
  let saved = chips.value();
  chips.element.addEventListener("change", async (event) => {
    try {
      saved = (await patch("/api/settings", { workdays: chips.value() })).workdays;
    } catch (error) {
      // Not saved: the chips go back to what the server has.
      chips.show(saved);
      showToast(error.code === "offline" ? "Workdays change once you are online." : error.message);
      event.target.focus();
    }
  });
  return chips.element;
}
