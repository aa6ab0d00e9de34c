// Ground · 1 min: the minute starts at once, full screen; then presence and energy, Save or Skip.
//
// Routes, for every link into the minute (Today's button, the exercise list, a reminder):
//   #/ground                  the suggested exercise (what-now.js), started at once
//   #/ground?exercise=<id>    that exercise, started at once ("not here" for an unknown id)
//   …&then=check-in           accepted on either: the check-in after the minute, which always
//                             follows (what a reminder's "Ground · 1 min" asks for)
// A check-in before is only offered: "Check in first" shows for the run's first seconds.
// While the minute and its check-in are on screen the navigation is hidden
// (body[data-immersive="true"]); the close, or leaving the route, brings it back.
import { h, replaceChildren } from "../core/dom.js";
import { currentQuery } from "../core/router.js";
import { loadWords } from "../check-ins/words.js";
import { findExercise } from "./exercise-library.js";
import { checkInAfter, checkInBefore, notHere, readyScreen } from "./ground-screens.js";
import { exercisePlayer } from "./player.js";
import { saveExerciseLog } from "./store.js";
import { forgetUnfinishedRun, keepUnfinishedRun, logUnfinishedRun } from "./unfinished-run.js";
import { whatNow } from "./what-now.js";

// "2025-03-03T09:10:00+01:00": the local time and its offset, so the day is the one you lived.
function localIso(date) {
  const offset = -date.getTimezoneOffset();
  const pad = (n) => String(Math.floor(Math.abs(n))).padStart(2, "0");
  const local = new Date(date.getTime() + offset * 60000).toISOString().slice(0, 19);
  return `${local}${offset < 0 ? "-" : "+"}${pad(offset / 60)}:${pad(offset % 60)}`;
}

function immersive(on) {
  if (on) document.body.dataset.immersive = "true";
  else delete document.body.dataset.immersive;
}

export default {
  title: "Ground",
  async render(main) {
    await logUnfinishedRun().catch(() => {});
    const chosen = currentQuery().get("exercise");
    const exercise = chosen ? await findExercise(chosen) : (await whatNow()).exercise;
    const stage = h("div", { class: "ground" });
    replaceChildren(main, stage);
    let left = false;
    const show = ({ heading, element }) => {
      if (left) return;
      replaceChildren(stage, element);
      heading.focus();
    };
    if (!exercise) return show(notHere());
    // Ready before the minute ends, so the check-in after opens without a wait.
    loadWords().catch(() => {});

    // Made now, so a check-in before the exercise can point at the run that follows it.
    const logId = crypto.randomUUID();
    let player = null;

    function close() {
      immersive(false);
      show(readyScreen());
    }

    async function finished({ completed, durationSeconds, startedAt }) {
      forgetUnfinishedRun();
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
      show(checkInAfter({ completed, exerciseLogId: logId, onDone: close }));
    }

    function checkInFirst() {
      player.discard();
      forgetUnfinishedRun();
      show(checkInBefore({ exerciseLogId: logId, onDone: play }));
    }

    function play() {
      const offer = h(
        "button",
        { type: "button", class: "button quiet", onclick: checkInFirst },
        "Check in first",
      );
      player = exercisePlayer({ exercise, onFinish: finished, offer });
      show(player);
      player.start();
    }

    // A run cut short by the page going (closed, reloaded, or killed while in the background)
    // is kept synchronously, to be logged as a partial run on the next visit.
    function keepRun() {
      const run = player?.progress();
      if (!run || run.durationSeconds < 1) return;
      keepUnfinishedRun({
        id: logId,
        exercise_id: exercise.id,
        started_at: localIso(run.startedAt),
        duration_seconds: run.durationSeconds,
      });
    }
    const onVisibility = () => (document.hidden ? keepRun() : forgetUnfinishedRun());

    immersive(true);
    play();
    addEventListener("pagehide", keepRun);
    document.addEventListener("visibilitychange", onVisibility);
    return () => {
      left = true;
      immersive(false);
      removeEventListener("pagehide", keepRun);
      document.removeEventListener("visibilitychange", onVisibility);
      player?.destroy();
    };
  },
};
