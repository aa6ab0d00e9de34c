// Two switches on the player: a gentle buzz and a soft tone at each step. Both off until chosen.
import { canVibrate, prepareTones } from "./cues.js";
import { h } from "../core/dom.js";
import { preference, setPreference } from "../core/preferences.js";

function toggle(name, label, onOn) {
  const button = h(
    "button",
    {
      type: "button",
      class: "button cue-toggle",
      "aria-pressed": String(preference(name)),
      onclick: () => {
        const on = button.getAttribute("aria-pressed") !== "true";
        setPreference(name, on);
        button.setAttribute("aria-pressed", String(on));
        if (on) onOn?.();
      },
    },
    label,
  );
  return button;
}

/** The buzz and tone switches; the buzz is left out where the phone cannot vibrate. */
export function cueToggles() {
  return h(
    "div",
    { class: "cue-toggles", role: "group", "aria-label": "Cues at each step" },
    canVibrate() ? toggle("haptics", "Buzz", null) : null,
    toggle("tones", "Tones", prepareTones),
  );
}
