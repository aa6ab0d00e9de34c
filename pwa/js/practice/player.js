// The exercise player: steps on time, the breathing shape, pause, resume and stop.
import { breathShape } from "./breath-shape.js";
import { cueStep, quietCues } from "./cues.js";
import { h } from "../core/dom.js";
import { playerState, practisedSeconds, totalMs } from "./player-clock.js";
import { keepScreenOn } from "./wake-lock.js";

// A second, coarser beat besides animation frames, which stop in hidden tabs.
const BEAT_MS = 500;

function clockText(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * Play an exercise. onFinish({ completed, durationSeconds, startedAt }) is called once, at the
 * end or on Stop; startedAt is a Date. Returns { element, start(), destroy() }.
 */
export function exercisePlayer({ exercise, onFinish, cueControls }) {
  const { steps } = exercise;
  const shape = breathShape();
  const stepText = h("p", { class: "player-step", "aria-live": "polite" });
  const remaining = h("span", { class: "player-remaining" }, clockText(60));
  const pausedNote = h("span", { class: "player-paused", hidden: true }, " · Paused");
  const pauseButton = h("button", { type: "button", class: "button", onclick: togglePause }, "Pause");
  const stopButton = h("button", { type: "button", class: "button", onclick: stop }, "Stop");
  const element = h(
    "section",
    { class: "player", "aria-label": "Exercise" },
    shape.element,
    stepText,
    h("p", { class: "player-time" }, remaining, " left", pausedNote),
    h("div", { class: "player-controls" }, pauseButton, stopButton),
    cueControls,
  );

  let startedAt = 0;
  let startedWall = null;
  const pauses = [];
  let shownStep = -1;
  let frame = 0;
  let beat = 0;
  let screen = null;
  let finished = false;

  const paused = () => pauses.length > 0 && pauses.at(-1).to === null;
  const now = () => performance.now();
  const current = () => playerState({ steps, startedAt, pauses, now: now() });

  function showStep(state) {
    const step = steps[state.stepIndex];
    shownStep = state.stepIndex;
    stepText.textContent = step.text;
    shape.show(step.breath, (state.stepMs - state.stepElapsedMs) / 1000);
    cueStep(step.breath);
  }

  function tick() {
    if (finished || paused()) return;
    const state = current();
    // After a long sleep only the current step is shown and announced, never the ones missed.
    if (state.stepIndex !== shownStep) showStep(state);
    remaining.textContent = clockText(state.remaining);
    if (state.done) finish(true, state);
  }

  function onFrame() {
    tick();
    if (!finished && !paused()) frame = requestAnimationFrame(onFrame);
  }

  function run() {
    screen = keepScreenOn();
    tick();
    frame = requestAnimationFrame(onFrame);
  }

  function hold() {
    cancelAnimationFrame(frame);
    screen?.release();
    screen = null;
    quietCues();
  }

  function togglePause() {
    if (finished) return;
    if (paused()) {
      pauses.at(-1).to = now();
      const state = current();
      shape.thaw((state.stepMs - state.stepElapsedMs) / 1000);
      pauseButton.textContent = "Pause";
      pausedNote.hidden = true;
      run();
    } else {
      tick();
      if (finished) return;
      pauses.push({ from: now(), to: null });
      hold();
      shape.freeze();
      pauseButton.textContent = "Resume";
      pausedNote.hidden = false;
    }
  }

  function halt() {
    finished = true;
    hold();
    clearInterval(beat);
    document.removeEventListener("visibilitychange", tick);
  }

  function finish(completed, state) {
    halt();
    const durationSeconds = completed ? totalMs(steps) / 1000 : practisedSeconds(state);
    onFinish({ completed, durationSeconds, startedAt: startedWall });
  }

  function stop() {
    if (startedWall && !finished) finish(false, current());
  }

  return {
    element,
    start() {
      startedAt = now();
      startedWall = new Date();
      beat = setInterval(tick, BEAT_MS);
      document.addEventListener("visibilitychange", tick);
      run();
    },
    /** Leaving the screen mid-run counts as Stop, so the practice is not lost. */
    destroy: stop,
    /** The page itself is going: stop at once and return what was done (no onFinish). */
    interrupt() {
      if (!startedWall || finished) return null;
      const state = current();
      halt();
      return { durationSeconds: practisedSeconds(state), startedAt: startedWall };
    },
  };
}
