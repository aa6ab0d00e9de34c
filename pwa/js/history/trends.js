// Weekly presence and energy: two lines on the 1–5 scale, one point per week with check-ins,
// told apart by shape and dash as well as colour; the weeks follow in words.
import { h } from "../core/dom.js";
import { dayAndMonth, mondays, oneDecimal, plural } from "./days.js";
import { chart, svg } from "./svg.js";

const WIDTH = 340;
const HEIGHT = 150;
const LEFT = 20;
const RIGHT = 8;
const TOP = 8;
const BOTTOM = 22;
const SCALE = [1, 2, 3, 4, 5];

const y = (value) => TOP + ((5 - value) / 4) * (HEIGHT - TOP - BOTTOM);

function line(points, className, marker) {
  // A week without check-ins leaves a gap rather than a line drawn through it.
  const runs = [[]];
  for (const point of points) {
    if (point) runs.at(-1).push(point);
    else if (runs.at(-1).length) runs.push([]);
  }
  return svg(
    "g",
    { class: className },
    runs
      .filter((run) => run.length > 1)
      .map((run) => svg("polyline", { points: run.map(([px, py]) => `${px},${py}`).join(" ") })),
    points.filter(Boolean).map(([px, py]) => marker(px, py)),
  );
}

const dot = (px, py) => svg("circle", { cx: px, cy: py, r: 4 });
const square = (px, py) => svg("rect", { x: px - 3.5, y: py - 3.5, width: 7, height: 7 });

function picture(weeks, byWeek) {
  const step = (WIDTH - LEFT - RIGHT) / Math.max(weeks.length - 1, 1);
  const x = (index) => LEFT + index * step;
  const points = (field) =>
    weeks.map((monday, index) => {
      const value = byWeek.get(monday)?.[field];
      return value == null ? null : [x(index), y(value)];
    });
  return chart(
    WIDTH,
    HEIGHT,
    "trend-chart",
    SCALE.map((value) => [
      svg("line", { class: "grid", x1: LEFT, x2: WIDTH - RIGHT, y1: y(value), y2: y(value) }),
      svg("text", { class: "chart-label", x: 0, y: y(value) + 4 }, value),
    ]),
    svg("text", { class: "chart-label", x: LEFT, y: HEIGHT - 4 }, dayAndMonth(weeks[0])),
    svg(
      "text",
      { class: "chart-label", x: WIDTH - RIGHT, y: HEIGHT - 4, "text-anchor": "end" },
      dayAndMonth(weeks.at(-1)),
    ),
    line(points("presence"), "trend presence", dot),
    line(points("energy"), "trend energy", square),
  );
}

function weekWords(week) {
  const checkIns = plural(week.check_ins, "check-in", "check-ins");
  const averages = `presence ${oneDecimal(week.presence)}, energy ${oneDecimal(week.energy)}`;
  return `Week of ${dayAndMonth(week.week_of)}: ${averages} (${checkIns})`;
}

/** The trends section for a history answer. */
export function trends(history) {
  const weeks = mondays(history.first_day, history.last_day);
  const measured = history.weeks.filter((week) => week.check_ins);
  const heading = h("h2", { id: "trends-heading" }, "Presence and energy");
  const section = (...children) =>
    h("section", { class: "history-trends", "aria-labelledby": "trends-heading" }, ...children);
  if (!measured.length) {
    return section(
      heading,
      h("p", { class: "hint" }, "No check-ins in these weeks, so there are no averages to show."),
    );
  }
  const latest = measured.at(-1);
  return section(
    heading,
    h(
      "p",
      {},
      `Week of ${dayAndMonth(latest.week_of)}: presence ${oneDecimal(latest.presence)}, ` +
        `energy ${oneDecimal(latest.energy)} on average`,
    ),
    picture(weeks, new Map(measured.map((week) => [week.week_of, week]))),
    h(
      "p",
      { class: "trend-legend", "aria-hidden": "true" },
      h("span", { class: "key presence" }, "Presence"),
      h("span", { class: "key energy" }, "Energy"),
      h("span", { class: "muted" }, "weekly averages, 1–5"),
    ),
    h(
      "details",
      { class: "in-words" },
      h("summary", {}, "The weeks in words"),
      h("ul", {}, measured.map((week) => h("li", {}, weekWords(week)))),
    ),
  );
}
