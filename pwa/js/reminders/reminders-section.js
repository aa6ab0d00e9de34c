// The Reminders section of Settings: this phone's switch first, then what holds for every
// device in the space (on or off, how long before, check-in prompts), kept through the outbox.
import { h, uniqueId } from "../core/dom.js";
import { deviceSwitch } from "./device-switch.js";
import { leadTimeField } from "./lead-time.js";
import { promptTimesField } from "./prompt-times.js";
import { reminderSettings, saveSetting, watchUnsent } from "./settings-store.js";

function spaceSwitch(on) {
  const id = uniqueId("reminders-on");
  const input = h("input", {
    id,
    type: "checkbox",
    role: "switch",
    checked: on,
    "aria-describedby": `${id}-hint`,
    onchange: () => saveSetting("reminders_on", input.checked),
  });
  return h(
    "div",
    { class: "switch-row" },
    input,
    h("label", { for: id }, "Reminders on all devices"),
    h("p", { id: `${id}-hint`, class: "hint" }, "Off pauses them everywhere, keeping each phone."),
  );
}

/** The Reminders section (styled by css/reminders.css, which comes with Settings). */
export async function remindersSection() {
  const [settings, thisDevice] = await Promise.all([reminderSettings(), deviceSwitch()]);
  const unsent = h("p", { class: "hint", role: "status" });
  watchUnsent(unsent);
  return h(
    "section",
    { class: "settings-section reminders", "aria-labelledby": "reminders-heading" },
    h("h2", { id: "reminders-heading" }, "Reminders"),
    thisDevice,
    h("h3", {}, "For all your devices"),
    leadTimeField(settings.reminder_lead_minutes, (minutes) =>
      saveSetting("reminder_lead_minutes", minutes),
    ),
    promptTimesField(settings.check_in_prompts, (times) => saveSetting("check_in_prompts", times)),
    spaceSwitch(settings.reminders_on),
    unsent,
  );
}
