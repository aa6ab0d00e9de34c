// Today: the next session first, then one big "Ground · 1 min" and why it was chosen, then the
// day in one line. A welcome shows until the first exercise or until it is put away.
import { currentSession, ensureSession } from "../core/api.js";
import { h, replaceChildren } from "../core/dom.js";
import { onChange } from "../core/outbox.js";
import { loadExercises } from "../practice/exercise-library.js";
import { recentPractice } from "../practice/store.js";
import { REASONS, suggestExercise } from "../practice/suggest.js";
import { knownSchedule, onScheduleChange, refreshSchedule } from "../schedule/store.js";
import { dayLineText, nextUp } from "./lines.js";

const DAY_MS = 86400000;
// The suggestion looks back a week (practice/what-now.js does the same).
const RECENT_DAYS = 7;
const TICK_MS = 20000;
const WELCOME_DONE_KEY = "attune:welcome-done";

const nothing = { exerciseLogs: [], checkIns: [] };

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
  );
}

function welcomeDone() {
  try {
    return localStorage.getItem(WELCOME_DONE_KEY) === "1";
  } catch {
    return false;
  }
}

// Shown until the first exercise or until put away, then gone for good on this device.
async function welcome(exerciseLogs) {
  if (welcomeDone()) return null;
  if (exerciseLogs.length) {
    localStorage.setItem(WELCOME_DONE_KEY, "1");
    return null;
  }
  const { welcomeCard } = await import("./welcome.js");
  return welcomeCard(() => localStorage.setItem(WELCOME_DONE_KEY, "1"));
}

function todayOnly(practice, now) {
  const midnight = new Date(now).setHours(0, 0, 0, 0);
  const since = (field) => (item) => Date.parse(item[field]) >= midnight;
  return {
    exerciseLogs: practice.exerciseLogs.filter(since("started_at")),
    checkIns: practice.checkIns.filter(since("checked_in_at")),
  };
}

export default {
  title: "Today",
  async render(main) {
    if (!currentSession()) await ensureSession();
    const read = () =>
      recentPractice({ since: new Date(Date.now() - RECENT_DAYS * DAY_MS) }).catch(() => nothing);
    const fresh = refreshSchedule();
    const [exercises, practice, stored] = await Promise.all([
      loadExercises(),
      read(),
      knownSchedule(),
    ]);
    // Never known here before: wait for it, so the next session never pushes the button down.
    let schedule = stored ?? (await fresh.catch(() => null));
    const suggestion = suggestExercise({
      exercises,
      lastCheckIn: practice.checkIns[0] ?? null,
      recentExerciseIds: practice.exerciseLogs.map((log) => log.exercise_id),
      now: Date.now(),
    });
    const next = nextUp();
    const line = h("p", { class: "today-count" });
    let known = practice;

    function show() {
      const now = Date.now();
      next.show(schedule, now);
      const today = todayOnly(known, now);
      const waiting = [...today.exerciseLogs, ...today.checkIns].filter((item) => item.pending);
      replaceChildren(
        line,
        dayLineText({ schedule, ...today, now }),
        waiting.length
          ? h("span", { class: "badge pending" }, `${waiting.length} waiting to sync`)
          : null,
      );
    }

    show();
    replaceChildren(
      main,
      h("h1", { tabindex: "-1", class: "page-heading today-heading" }, "Today"),
      next.element,
      groundNow(suggestion),
      line,
      h(
        "p",
        { class: "today-more" },
        h("a", { class: "button quiet", href: "#/check-in" }, "Check in"),
        h("a", { class: "button quiet", href: "#/exercises" }, "Other exercises"),
      ),
      await welcome(practice.exerciseLogs),
    );

    const updateSchedule = (fresh) => {
      schedule = fresh;
      show();
    };
    const stopSchedule = onScheduleChange(updateSchedule);
    fresh.then(updateSchedule, () => {});
    // A write saved or synced (here or in another tab) changes the day's line.
    const stopPractice = onChange(async () => {
      known = await read();
      show();
    });
    const timer = setInterval(show, TICK_MS);
    // A run cut short by closing the tab last time is logged once Today is on screen.
    setTimeout(() => {
      import("../practice/unfinished-run.js").then((run) => run.logUnfinishedRun()).catch(() => {});
    });
    return () => {
      stopSchedule();
      stopPractice();
      clearInterval(timer);
    };
  },
};
