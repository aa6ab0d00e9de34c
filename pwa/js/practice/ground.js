// Ground · 1 min: an optional check-in, the exercise, a check-in after it, and a kind close.
import { checkInForm } from "../check-ins/form.js";
import { cueToggles } from "./cue-toggles.js";
import { prepareTones } from "./cues.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { findExercise } from "./exercise-library.js";
import { exercisePlayer } from "./player.js";
import { saveExerciseLog } from "./store.js";
import { currentQuery } from "../core/router.js";
import { keepUnfinishedRun, logUnfinishedRun } from "./unfinished-run.js";
import { whatNow } from "./what-now.js";

// "2025-03-03T09:10:00+01:00": the local time and its offset, so the day is the one you lived.
function localIso(date) {
  const offset = -date.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, 19);
  return `${local}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

function notFound(main) {
  replaceChildren(
    main,
    pageHeading("That exercise is not here"),
    h("p", {}, "It may have been renamed. Choose another one from the list."),
    h("a", { class: "button primary", href: "#/exercises" }, "Choose an exercise"),
  );
}

// A titled step of the flow; its heading takes focus so a screen reader hears where it is.
function part(id, title, ...children) {
  const heading = h("h2", { id, tabindex: "-1" }, title);
  const element = h("section", { class: id, "aria-labelledby": id }, heading, ...children);
  return { heading, element };
}

function closing() {
  return part(
    "ground-close",
    "You're ready.",
    h("p", {}, "Take this steadiness with you into the room."),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button primary", href: "#/" }, "Back to Home"),
      h("a", { class: "button", href: "#/exercises" }, "Another exercise"),
    ),
  );
}

export default {
  title: "Ground",
  async render(main) {
    await logUnfinishedRun().catch(() => {});
    const chosen = currentQuery().get("exercise");
    const exercise = chosen ? await findExercise(chosen) : (await whatNow()).exercise;
    if (!exercise) return notFound(main);

    // Made now, so the check-in before the exercise can point at the run that follows it.
    const logId = crypto.randomUUID();
    const title = pageHeading(exercise.title);
    const stage = h("div", { class: "ground-stage" });
    const other = h(
      "p",
      { class: "ground-other" },
      h("a", { href: "#/exercises" }, "Choose another exercise"),
    );
    let player = null;
    let left = false;

    function show({ heading, element }) {
      if (left) return;
      replaceChildren(stage, element);
      heading?.focus();
    }

    function after(completed) {
      return part(
        "ground-after",
        "How are you now?",
        h("p", {}, completed ? "One minute, done." : "Stopped early. It still counts."),
        checkInForm({
          moment: "after",
          exerciseLogId: logId,
          optional: true,
          onDone: () => show(closing()),
        }),
      );
    }

    async function finished({ completed, durationSeconds, startedAt }) {
      // Under a second is a slip of the finger, not practice: nothing to log or ask.
      if (durationSeconds < 1) {
        if (!left) location.hash = "#/";
        return;
      }
      await saveExerciseLog({
        id: logId,
        exercise_id: exercise.id,
        started_at: localIso(startedAt),
        duration_seconds: durationSeconds,
        completed,
      });
      show(after(completed));
    }

    function play() {
      prepareTones();
      player = exercisePlayer({ exercise, onFinish: finished, cueControls: cueToggles() });
      other.hidden = true;
      show({ element: player.element, heading: title });
      player.start();
    }

    replaceChildren(main, title, h("p", { class: "lead" }, exercise.summary), stage, other);
    show(
      part(
        "ground-before",
        "Before you begin",
        h("p", {}, "How are you arriving? Ten seconds, or Skip to start the minute now."),
        checkInForm({ moment: "before", exerciseLogId: logId, optional: true, onDone: play }),
      ),
    );
    // Closing or reloading the tab mid-run keeps what was done, to log on the next visit.
    function pageGoes() {
      const run = player?.interrupt();
      if (!run || run.durationSeconds < 1) return;
      keepUnfinishedRun({
        id: logId,
        exercise_id: exercise.id,
        started_at: localIso(run.startedAt),
        duration_seconds: run.durationSeconds,
      });
    }
    addEventListener("pagehide", pageGoes);
    return () => {
      left = true;
      removeEventListener("pagehide", pageGoes);
      player?.destroy();
    };
  },
};
