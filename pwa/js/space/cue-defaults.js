// This phone's cues during an exercise: a gentle buzz and a soft tone at each step. The player's
// own "Sound & buzz" switches change the same preferences.
import { h, uniqueId } from "../core/dom.js";
import { preference, setPreference } from "../core/preferences.js";

function cueSwitch(name, label, hint) {
  const id = uniqueId(`cue-${name}`);
  const input = h("input", {
    id,
    type: "checkbox",
    role: "switch",
    checked: preference(name),
    "aria-describedby": `${id}-hint`,
    onchange: () => setPreference(name, input.checked),
  });
  return h(
    "div",
    { class: "switch-row" },
    input,
    h("label", { for: id }, label),
    h("p", { id: `${id}-hint`, class: "hint" }, hint),
  );
}

/** The "During an exercise" section of Settings; the buzz only where the phone can buzz. */
export function cueDefaultsSection() {
  return h(
    "section",
    { class: "settings-section", "aria-labelledby": "cues-heading" },
    h("h2", { id: "cues-heading" }, "During an exercise"),
    "vibrate" in navigator
      ? cueSwitch("haptics", "Buzz at each step", "A short buzz as each step begins.")
      : null,
    cueSwitch("tones", "Soft tone at each step", "A quiet tone, with your eyes closed."),
  );
}
