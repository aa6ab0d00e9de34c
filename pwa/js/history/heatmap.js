// The calendar heatmap: one cell per day, a column per week (Monday at the top), deeper teal
// for more practice, grace days ringed. The picture is for the eye; the same days follow in
// words, and one line above sums it up.
import { h } from "../core/dom.js";
import {
  addDays,
  mondays,
  monthName,
  plural,
  practiceWords,
  shortDay,
} from "./days.js";
import { chart, svg } from "./svg.js";

const CELL = 22;
const STEP = 26;
const LEFT = 22;
const TOP = 16;
const ROW_LABELS = { 0: "M", 2: "W", 4: "F", 6: "S" };

/** 0 no practice; 1 a check-in or a run stopped early; 2 one exercise; 3 two or three; 4 more. */
export function level(day) {
  if (!day) return 0;
  if (day.completed >= 4) return 4;
  if (day.completed >= 2) return 3;
  if (day.completed === 1) return 2;
  return day.partial || day.check_ins ? 1 : 0;
}

function cells(history, weeks, byDay, grace) {
  const drawn = [];
  weeks.forEach((monday, column) => {
    for (let row = 0; row < 7; row += 1) {
      const day = addDays(monday, row);
      if (day < history.first_day || day > history.last_day || day > history.today) continue;
      const practice = byDay.get(day);
      const classes = [`heat-cell level-${level(practice)}`];
      if (grace.has(day)) classes.push("grace");
      if (day === history.today) classes.push("today");
      drawn.push(
        svg("rect", {
          class: classes.join(" "),
          x: LEFT + column * STEP,
          y: TOP + row * STEP,
          width: CELL,
          height: CELL,
          rx: 5,
          "data-day": day,
          "data-practice": practice ? "true" : null,
        }),
      );
    }
  });
  return drawn;
}

function labels(weeks) {
  const months = weeks.map((monday, column) => {
    const starts = column === 0 || monthName(monday) !== monthName(addDays(monday, -7));
    return starts
      ? svg("text", { class: "chart-label", x: LEFT + column * STEP, y: 11 }, monthName(monday))
      : null;
  });
  const rows = Object.entries(ROW_LABELS).map(([row, letter]) =>
    svg("text", { class: "chart-label", x: 0, y: TOP + Number(row) * STEP + 16 }, letter),
  );
  return [...months, ...rows];
}

function inWords(history, grace) {
  const lines = [
    ...history.days.map((day) => [day.day, practiceWords(day)]),
    ...[...grace].map((day) => [day, "a day of grace"]),
  ].sort(([a], [b]) => (a < b ? -1 : 1));
  return h(
    "details",
    { class: "in-words" },
    h("summary", {}, "The days in words"),
    lines.length
      ? h("ul", {}, lines.map(([day, words]) => h("li", {}, `${shortDay(day)}: ${words}`)))
      : h("p", {}, "No practice on any day yet."),
  );
}

/** The heatmap section for a history answer. */
export function heatmap(history) {
  const weeks = mondays(history.first_day, history.last_day);
  const byDay = new Map(history.days.map((day) => [day.day, day]));
  const grace = new Set(history.streak?.grace_days ?? []);
  const exercises = history.days.reduce((sum, day) => sum + day.completed, 0);
  const width = LEFT + weeks.length * STEP - (STEP - CELL);
  const height = TOP + 7 * STEP - (STEP - CELL);
  const span = plural(weeks.length, "week", "weeks");
  const summary = history.days.length
    ? `Practice on ${plural(history.days.length, "day", "days")} in ${span} · ` +
      plural(exercises, "exercise", "exercises")
    : `No practice in these ${span} yet`;
  return h(
    "section",
    { class: "history-heatmap", "aria-labelledby": "heatmap-heading" },
    h("h2", { id: "heatmap-heading" }, "Practice"),
    h("p", { class: "heatmap-summary" }, summary),
    chart(width, height, "heatmap", labels(weeks), cells(history, weeks, byDay, grace)),
    h(
      "p",
      { class: "heat-legend", "aria-hidden": "true" },
      "Less",
      [1, 2, 3, 4].map((n) => h("span", { class: `heat-key level-${n}` })),
      "More",
      grace.size ? h("span", { class: "heat-key grace-key" }) : null,
      grace.size ? "Grace" : null,
    ),
    inWords(history, grace),
  );
}
