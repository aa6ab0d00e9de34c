// "Remind me before each session": the switch that subscribes this device, with what to do when
// the browser cannot (unsupported, blocked, iPhone outside the Home Screen) said plainly.
import { ApiError } from "../core/api.js";
import { h, uniqueId } from "../core/dom.js";
import { showToast } from "../core/toast.js";
import {
  browserSubscription,
  changedSince,
  needsHomeScreen,
  permission,
  pushSupported,
  serverSubscription,
  subscribeThisDevice,
  unsubscribeThisDevice,
} from "./push.js";

const BLOCKED =
  "Notifications are blocked for Attune. Allow them in this site's settings (the icon beside " +
  "the address), or for the installed app in your phone's Settings › Notifications, then " +
  "turn this on.";
const OFFLINE = "Reminders are turned on or off while online. Connect, then try again.";

function homeScreenNote() {
  return h(
    "div",
    { class: "note home-screen-note" },
    h("p", {}, h("strong", {}, "Add Attune to your Home Screen first")),
    h(
      "p",
      {},
      "On iPhone and iPad, reminders reach Attune only from the Home Screen: tap Share, then " +
        "“Add to Home Screen”, and open Attune from there to turn reminders on.",
    ),
  );
}

/** Whether this device's reminders are on: the browser listens, and the server knows where. */
async function subscribedNow() {
  const browser = await browserSubscription();
  if (!browser) return false;
  try {
    const server = await serverSubscription();
    return server?.endpoint === browser.endpoint;
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "offline") throw error;
    return !changedSince(browser);
  }
}

// The devices list above shows "Reminders on" for this device; it follows the switch.
function showOnThisDevice(on) {
  document.querySelector('[data-reminders="this-device"]')?.toggleAttribute("hidden", !on);
}

/** The switch row for this device, or why there is none. */
export async function deviceSwitch() {
  if (needsHomeScreen()) return homeScreenNote();
  if (!window.isSecureContext) {
    return h(
      "p",
      { class: "note" },
      "Reminders need Attune at a secure address (one starting with https://), and this one " +
        "is not. Whoever runs Attune for you can set that up.",
    );
  }
  if (!pushSupported()) {
    return h(
      "p",
      { class: "note" },
      "This browser cannot show reminders. Everything else works here, and a phone you pair " +
        "can have them.",
    );
  }
  const id = uniqueId("remind-me");
  const help = h("p", { id: `${id}-help`, class: "field-help", role: "status" });
  const input = h("input", {
    id,
    type: "checkbox",
    role: "switch",
    checked: await subscribedNow().catch(() => false),
    "aria-describedby": `${id}-hint ${id}-help`,
  });
  if (!input.checked && permission() === "denied") help.textContent = BLOCKED;
  let busy = false;
  input.addEventListener("change", async () => {
    const want = input.checked;
    if (busy) return;
    if (!navigator.onLine) {
      input.checked = !want;
      help.textContent = OFFLINE;
      return;
    }
    busy = true;
    input.setAttribute("aria-busy", "true");
    help.textContent = "";
    try {
      if (want && (await subscribeThisDevice()) === "denied") {
        input.checked = false;
        help.textContent = BLOCKED;
      } else if (want) {
        showToast("Reminders are on for this phone.");
      } else {
        await unsubscribeThisDevice();
        showToast("Reminders are off for this phone.");
      }
    } catch (error) {
      input.checked = !want;
      const offline = error instanceof ApiError && error.code === "offline";
      help.textContent = offline ? OFFLINE : `That did not work: ${error.message || "try again."}`;
    } finally {
      busy = false;
      input.removeAttribute("aria-busy");
      showOnThisDevice(input.checked);
    }
  });
  return h(
    "div",
    { class: "switch-row" },
    input,
    h("label", { for: id }, "Remind me before each session"),
    h(
      "p",
      { id: `${id}-hint`, class: "hint" },
      "On this phone: a notification asks how present you are. Times only, never a name.",
    ),
    help,
  );
}
