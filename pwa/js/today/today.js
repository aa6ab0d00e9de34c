// Home: one big "Ground · 1 min" for right now, today's practice, and this private space.
import { ApiError, currentSession, ensureSession, get } from "../core/api.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { nextSessionLine } from "../schedule/next-session.js";
import { onChange } from "../core/outbox.js";
import { todaysPractice } from "../practice/store.js";
import { REASONS } from "../practice/suggest.js";
import { logUnfinishedRun } from "../practice/unfinished-run.js";
import { whatNow } from "../practice/what-now.js";
import spaceStatus from "../space/status.js";

function plural(count, one, many) {
  return `${count} ${count === 1 ? one : many}`;
}

function groundNow({ exercise, reason }) {
  return h(
    "section",
    { class: "ground-now", "aria-label": "Ground now" },
    h(
      "a",
      {
        class: "button primary primary-action",
        href: `#/ground?exercise=${encodeURIComponent(exercise.id)}`,
        "aria-describedby": "suggested-exercise",
      },
      "Ground · 1 min",
    ),
    h(
      "p",
      { id: "suggested-exercise", class: "suggestion" },
      h("strong", {}, exercise.title),
      h("span", { class: "suggestion-why" }, REASONS[reason]),
    ),
    nextSessionLine(),
    h("p", { class: "ground-other" }, h("a", { href: "#/exercises" }, "Choose another exercise")),
  );
}

async function fillToday(line) {
  const today = await todaysPractice();
  const parts = [
    today.completed ? plural(today.completed, "exercise today", "exercises today") : "",
    today.partial ? `${today.partial} stopped early` : "",
    today.checkIns ? plural(today.checkIns, "check-in", "check-ins") : "",
  ].filter(Boolean);
  replaceChildren(
    line,
    parts.length ? parts.join(" · ") : "Nothing yet today. One minute is plenty.",
    today.pending ? h("span", { class: "badge pending" }, `${today.pending} waiting to sync`) : null,
  );
}

async function deviceCount() {
  try {
    const { devices } = await get("/api/devices");
    return devices.length;
  } catch (error) {
    if (error instanceof ApiError && error.code === "offline") return null;
    throw error;
  }
}

export default {
  title: "Home",
  async render(main) {
    const session = currentSession() || (await ensureSession());
    await logUnfinishedRun().catch(() => {});
    const todayLine = h("p", { class: "today-count" });
    const [suggestion, count] = await Promise.all([whatNow(), deviceCount(), fillToday(todayLine)]);
    replaceChildren(
      main,
      pageHeading("Welcome to Attune"),
      groundNow(suggestion),
      h(
        "section",
        { class: "card today", "aria-labelledby": "today-heading" },
        h("h2", { id: "today-heading" }, "Today"),
        todayLine,
        h("a", { class: "button", href: "#/check-in" }, "Check in"),
      ),
      spaceStatus(session, count),
      navigator.onLine
        ? null
        : h("p", { class: "note" }, "You are offline. Attune shows what this device last knew."),
    );
    // A write saved or synced (here or in another tab) changes today's counts.
    return onChange(() => fillToday(todayLine).catch(() => {}));
  },
};
