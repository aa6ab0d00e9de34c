// The space's reminder settings (on/off, lead, check-in prompt times): read network-first, and
// changed through the outbox, so a change made offline is kept and sent when the phone is back.
import { get } from "../core/api.js";
import { enqueue, onChange, pending } from "../core/outbox.js";

const PATH = "/api/settings";
const KIND = "settings";
export const DEFAULTS = { reminders_on: true, reminder_lead_minutes: 5, check_in_prompts: [] };

/** The settings with this device's unsent changes laid over them. */
export async function reminderSettings() {
  let settings = DEFAULTS;
  try {
    settings = { ...DEFAULTS, ...(await get(PATH)) };
  } catch (error) {
    if (error.code !== "offline") throw error;
  }
  for (const entry of await pending(KIND)) {
    if (!entry.failed) settings = { ...settings, ...entry.body };
  }
  return settings;
}

/**
 * Keep one setting's new value and send it when the phone can. One outbox entry per setting:
 * a newer value replaces an unsent older one rather than queueing behind it.
 */
export function saveSetting(name, value) {
  return enqueue({
    id: `settings:${name}`,
    method: "PATCH",
    path: PATH,
    body: { [name]: value },
    kind: KIND,
  });
}

/** Keep line saying whether settings changes wait for the network, until it leaves the page. */
export function watchUnsent(line) {
  let shown = false;
  const refresh = async () => {
    if (line.isConnected) shown = true;
    else if (shown) return stop();
    const entries = await pending(KIND);
    const waiting = entries.filter((entry) => !entry.failed).length;
    const refused = entries.find((entry) => entry.failed);
    line.textContent = refused
      ? `Not saved: ${refused.last_error.message}`
      : waiting
        ? "Saved on this phone. It reaches your other devices when you are online."
        : "";
  };
  const stop = onChange(refresh);
  refresh();
}
