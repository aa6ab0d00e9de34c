// The exercise player, full screen: one line of guidance at a time, the breathing shape, Pause
// and End. Where the run stands comes from its start and the clock (player-clock.js).
import { breathShape } from "./breath-shape.js";
import { cueToggles } from "./cue-toggles.js";
import { cueEnd, cueStep, prepareTones, quietCues } from "./cues.js";
import { h } from "../core/dom.js";
import { guidanceLines, lineIndexAt } from "./guidance.js";
import { playerState, practisedSeconds, totalMs } from "./player-clock.js";
import { keepScreenOn } from "./wake-lock.js";

// A second, coarser beat besides animation frames, which stop in hidden tabs.
const BEAT_MS = 500;
// How long the offer (e.g. "Check in first") stays on screen after the start.
const OFFER_MS = 10_000;

function clockText(seconds) {
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, "0")}`;
}

/**
 * Play an exercise. onFinish({ completed, durationSeconds, startedAt }) is called once, at the
 * end or on End; startedAt is a Date. offer: an optional element shown for the first seconds.
 * Returns { element, heading, start(), destroy(), progress(), discard() }.
 */
export function exercisePlayer({ exercise, onFinish, offer = null }) {
  const { steps } = exercise;
  const lines = guidanceLines(steps);
  const shape = breathShape();
  const heading = h("h1", { class: "player-title", tabindex: "-1" }, exercise.title);
  const guidance = h("p", { class: "player-line", "aria-live": "polite" });
  const remaining = h("span", { class: "player-remaining" }, clockText(totalMs(steps) / 1000));
  const pausedNote = h("span", { class: "player-paused", hidden: true }, " · Paused");
  const pauseButton = h("button", { type: "button", class: "button", onclick: togglePause }, "Pause");
  const endButton = h("button", { type: "button", class: "button", onclick: end }, "End");
  const offerSlot = h("div", { class: "player-offer" }, offer);
  const element = h(
    "section",
    { class: "player", "aria-label": "Exercise", onclick: prepareTones },
    h(
      "div",
      { class: "player-top" },
      h("div", {}, heading, h("p", { class: "player-time" }, remaining, " left", pausedNote)),
      cueToggles(),
    ),
    h("div", { class: "player-middle" }, h("div", { class: "player-stage" }, shape.element), guidance),
    offerSlot,
    h("div", { class: "player-controls" }, pauseButton, endButton),
  );

  let startedAt = 0;
  let startedWall = null;
  const pauses = [];
  let shownStep = -1;
  let shownLine = "";
  let frame = 0;
  let beat = 0;
  let screen = null;
  let finished = false;

  const paused = () => pauses.length > 0 && pauses.at(-1).to === null;
  const now = () => performance.now();
  const current = () => playerState({ steps, startedAt, pauses, now: now() });

  // After a long sleep only the line of now is shown and read out, never the ones missed.
  function show(state) {
    const step = steps[state.stepIndex];
    if (state.stepIndex !== shownStep) {
      shownStep = state.stepIndex;
      shape.show(step.breath, (state.stepMs - state.stepElapsedMs) / 1000);
      cueStep(step.breath);
    }
    const index = lineIndexAt(lines[state.stepIndex], state.stepElapsedMs);
    const key = `${state.stepIndex}:${index}`;
    // A live region is only read out once it is on the page: the first line waits a frame.
    if (key === shownLine || !guidance.isConnected) return;
    shownLine = key;
    guidance.replaceChildren(h("span", {}, lines[state.stepIndex][index].text));
  }

  function tick() {
    if (finished || paused()) return;
    const state = current();
    show(state);
    remaining.textContent = clockText(state.remaining);
    // The offer goes after its moment, unless it is in use right now.
    if (state.elapsedMs >= OFFER_MS && !offerSlot.contains(document.activeElement)) {
      offerSlot.classList.add("gone");
    }
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
    if (completed) cueEnd();
    const durationSeconds = completed ? totalMs(steps) / 1000 : practisedSeconds(state);
    onFinish({ completed, durationSeconds, startedAt: startedWall });
  }

  function end() {
    if (startedWall && !finished) finish(false, current());
  }

  return {
    element,
    heading,
    start() {
      startedAt = now();
      startedWall = new Date();
      beat = setInterval(tick, BEAT_MS);
      document.addEventListener("visibilitychange", tick);
      run();
    },
    /** Leaving the screen mid-run counts as End, so the practice is not lost. */
    destroy: end,
    /** Where the run stands, for keeping it if the page goes: null before start or after end. */
    progress() {
      if (!startedWall || finished) return null;
      return { durationSeconds: practisedSeconds(current()), startedAt: startedWall };
    },
    /** Stop without logging anything (to start again after a check-in). */
    discard: halt,
  };
}
