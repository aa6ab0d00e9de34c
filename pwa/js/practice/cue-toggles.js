// "Sound & buzz": a small button on the player that opens two switches, a gentle buzz and a soft
// tone at each step. Both off until chosen; tucked away so the minute itself stays uncluttered.
import { canVibrate, prepareTones } from "./cues.js";
import { h, uniqueId } from "../core/dom.js";
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

/** The "Sound & buzz" button and its switches; the buzz is left out where phones cannot buzz. */
export function cueToggles() {
  const id = uniqueId("cue-switches");
  const switches = h(
    "div",
    { id, class: "cue-toggles", role: "group", "aria-label": "At each step", hidden: true },
    canVibrate() ? toggle("haptics", "Buzz", null) : null,
    toggle("tones", "Tones", prepareTones),
  );
  const open = h(
    "button",
    {
      type: "button",
      class: "button quiet cue-open",
      "aria-expanded": "false",
      "aria-controls": id,
      onclick: () => {
        const opening = switches.hidden;
        switches.hidden = !opening;
        open.setAttribute("aria-expanded", String(opening));
      },
    },
    canVibrate() ? "Sound & buzz" : "Sound",
  );
  return h("div", { class: "cue-settings" }, open, switches);
}
