// History, for looking back on a Friday: this week's grounded-before rate first, then the
// streak (unless hidden), the heatmap, presence and energy, and what an exercise gives. Read
// network-first; offline it shows this phone's stored copy and says so.
import { currentSession, ensureSession, get } from "../core/api.js";
import { h, pageHeading } from "../core/dom.js";
import { careNote } from "./care-note.js";
import { dayAndMonth, mondays, plural } from "./days.js";
import { headline } from "./headline.js";
import { heatmap } from "./heatmap.js";
import { liftSection } from "./lift.js";
import { streakSection } from "./streak.js";
import { trends } from "./trends.js";

const HISTORY_PATH = "/api/history";

/** The server's history, or its stored copy with the time it was kept (storedAt, else null). */
async function readHistory() {
  let storedAt = null;
  const noteCopy = (event) => {
    storedAt = event.detail.storedAt;
  };
  addEventListener("attune:stored-copy", noteCopy);
  try {
    return { history: await get(HISTORY_PATH), storedAt };
  } catch (error) {
    if (error.code === "offline") return { history: null, storedAt: null };
    throw error;
  } finally {
    removeEventListener("attune:stored-copy", noteCopy);
  }
}

// Offline, the line at the top of the screen says when the copy was kept; this one says that
// the history below is that copy.
function rangeLine(history, fromCopy) {
  const weeks = mondays(history.first_day, history.last_day).length;
  const dates = `${dayAndMonth(history.first_day)} to ${dayAndMonth(history.last_day)}`;
  const range = `${plural(weeks, "week", "weeks")} · ${dates}`;
  return h(
    "p",
    { class: "history-range muted" },
    fromCopy ? `${range} · this phone's stored copy` : range,
  );
}

export default {
  title: "History",
  async render(main) {
    if (!currentSession()) await ensureSession();
    const { history, storedAt } = await readHistory();
    if (!history) {
      main.append(
        pageHeading("History"),
        h("p", {}, "Your history shows here once this phone has opened it while online."),
      );
      return;
    }
    const sections = [
      pageHeading("History"),
      rangeLine(history, storedAt !== null),
      headline(history),
      careNote(history),
      streakSection(history),
      heatmap(history),
      trends(history),
      liftSection(history),
    ];
    main.append(...sections.filter(Boolean));
  },
};
