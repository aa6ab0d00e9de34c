// The space's time zone: every time on the schedule is shown in it; it can be changed.
import { h, replaceChildren } from "../core/dom.js";
import { scheduleCard } from "./card.js";
import { field, openIn, showError, smallForm } from "./form.js";
import { setTimeZone } from "./store.js";
import { browserZone, knownZones } from "./time.js";

const readable = (zone) => zone.replaceAll("_", " ");

function zoneForm(body, schedule, done) {
  const zones = [...new Set([...knownZones(), "UTC", schedule.time_zone])].sort();
  const zone = field(
    "Time zone",
    { name: "time_zone" },
    { tag: "select", options: zones.map((name) => [name, readable(name)]) },
  );
  zone.input.value = schedule.time_zone;
  const fields = [zone];
  const submit = async () => {
    if (!navigator.onLine)
      return showError(fields, "You are offline. Changing the time zone needs a connection.");
    try {
      await setTimeZone(zone.input.value);
    } catch (error) {
      return showError(fields, error.message);
    }
    done();
  };
  const intro = "Weekly sessions keep their local times in the new zone.";
  openIn(
    body,
    smallForm({ fields, intro, submitLabel: "Save time zone", onSubmit: submit, onCancel: done }),
  );
}

function paint(body, schedule, repaint) {
  const here = browserZone();
  replaceChildren(
    body,
    h("p", {}, "Times here are in ", h("strong", {}, readable(schedule.time_zone)), "."),
    here !== schedule.time_zone
      ? h("p", { class: "hint" }, `This device is set to ${readable(here)}.`)
      : null,
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: () => zoneForm(body, schedule, repaint) },
        "Change time zone",
      ),
    ),
  );
}

/** The time zone card. */
export function zoneCard() {
  return scheduleCard("schedule-zone", "Time zone", paint);
}
