// The workday streak, kindly: days in a row with practice, the longest run, and grace — one
// missed workday a week forgiven — named as grace. Nothing at all when streaks are hidden.
import { h } from "../core/dom.js";
import { mondayOf, plural, shortDay } from "./days.js";

function graceLine(streak, today) {
  const monday = mondayOf(today);
  const thisWeek = streak.grace_days.filter((day) => day >= monday);
  if (thisWeek.length) {
    return `A day of grace keeps your streak: ${shortDay(thisWeek[0])} is forgiven.`;
  }
  if (streak.grace_days.length) {
    const days = plural(streak.grace_days.length, "day", "days");
    return `${days} of grace in these weeks: one missed workday a week never breaks it.`;
  }
  return "One missed workday a week is forgiven as grace, and days off never count against you.";
}

/** The streak section, or null when the therapist chose to hide streaks. */
export function streakSection(history) {
  const { streak } = history;
  if (!streak) return null;
  const current = streak.current
    ? h(
        "p",
        { class: "streak-current" },
        h("strong", {}, String(streak.current)),
        streak.current === 1 ? " day" : " days in a row",
      )
    : h("p", { class: "streak-current" }, "Your streak begins with your next exercise.");
  return h(
    "section",
    { class: "history-streak", "aria-labelledby": "streak-heading" },
    h("h2", { id: "streak-heading" }, "Workday streak"),
    h(
      "div",
      { class: "streak-figures" },
      current,
      streak.longest
        ? h("p", { class: "streak-longest" }, "Longest ", h("strong", {}, String(streak.longest)))
        : null,
    ),
    h("p", { class: "hint" }, graceLine(streak, history.today)),
  );
}
