// The headline: how often this week a session had an exercise just before it, with last week
// beside it. A week without sessions says what it can honestly count instead: its exercises.
import { h } from "../core/dom.js";
import { addDays, mondayOf, plural } from "./days.js";

function exercisesIn(history, monday) {
  return history.weeks.find((week) => week.week_of === monday)?.exercises ?? 0;
}

function thisWeekText(rate, exercises) {
  if (rate.sessions) {
    const sessions = plural(rate.sessions, "session", "sessions");
    return `Grounded before ${rate.grounded} of ${sessions} this week`;
  }
  return exercises
    ? `${plural(exercises, "exercise", "exercises")} this week`
    : "Nothing yet this week. One minute is plenty.";
}

function lastWeekText(rate, exercises) {
  if (rate.sessions) return `Grounded before ${rate.grounded} of ${rate.sessions}`;
  return exercises ? plural(exercises, "exercise", "exercises") : "A quiet week";
}

/** The headline section for a history answer. */
export function headline(history) {
  const { this_week: now, last_week: last } = history.grounded;
  const monday = mondayOf(history.today);
  const exercisesNow = exercisesIn(history, monday);
  const exercisesLast = exercisesIn(history, addDays(monday, -7));
  // Sessions last week but none yet this week: say why this week's figure counts exercises.
  const why =
    !now.sessions && last.sessions
      ? "No sessions so far this week, so this counts exercises."
      : null;
  return h(
    "section",
    { class: "history-headline", "aria-label": "This week" },
    h(
      "div",
      { class: "headline-now" },
      h("p", { class: "headline-figure" }, thisWeekText(now, exercisesNow)),
      why ? h("p", { class: "hint" }, why) : null,
    ),
    h(
      "p",
      { class: "headline-last" },
      h("span", { class: "headline-label" }, "Last week"),
      h("span", { class: "headline-last-figure" }, lastWeekText(last, exercisesLast)),
    ),
  );
}
