// The breathing shape: it grows as you breathe in, rests on a hold and shrinks as you breathe out,
// over exactly the step's seconds. With reduced motion it stays still and says the breath in words.
import { h } from "../core/dom.js";

const WORDS = { in: "Breathe in", hold: "Hold", out: "Breathe out" };
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)");

/** Create the shape; show(breath, seconds) moves it for a new step, freeze() stops it in place. */
export function breathShape() {
  const circle = h("div", { class: "breath-circle" });
  const word = h("p", { class: "breath-word" });
  // Decorative: the live region already reads each step aloud.
  const element = h("div", { class: "breath-shape", "aria-hidden": "true" }, circle, word);
  let size = "rest";

  function setSize(next, seconds) {
    size = next;
    circle.style.transitionDuration = reducedMotion.matches ? "0s" : `${seconds}s`;
    if (reducedMotion.matches) return;
    circle.dataset.size = next;
  }

  return {
    element,
    /** A new step: breath is "in", "out", "hold" or undefined (a step without breathing cue). */
    show(breath, seconds) {
      word.textContent = WORDS[breath] || "";
      element.dataset.breath = breath || "none";
      if (breath === "in") setSize("full", seconds);
      else if (breath === "out") setSize("small", seconds);
      else if (breath !== "hold" && size !== "rest") setSize("rest", Math.min(seconds, 2));
    },
    /** Hold the shape where it is now (on pause): pin its current size, no transition. */
    freeze() {
      const now = getComputedStyle(circle).transform;
      circle.style.transitionDuration = "0s";
      circle.style.transform = now === "none" ? "" : now;
    },
    /** Let it move again (on resume), finishing the current breath over seconds left. */
    thaw(seconds) {
      circle.style.transitionDuration = reducedMotion.matches ? "0s" : `${seconds}s`;
      circle.style.transform = "";
    },
  };
}
