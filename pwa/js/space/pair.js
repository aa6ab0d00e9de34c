// Pair a device: a one-time code shown big, with the minutes it has left.
import { get, post } from "../core/api.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { render } from "../core/router.js";
import { countdown } from "../core/time.js";

const TICK_MS = 1000;
const WATCH_MS = 3000;

async function signedIn() {
  return (await get("/api/devices")).devices;
}

export default {
  title: "Pair a device",
  async render(main) {
    const [pairing, devices] = await Promise.all([post("/api/pairing-codes"), signedIn()]);
    const before = new Set(devices.map((device) => device.id));
    const remaining = h("span", { class: "countdown" }, countdown(pairing.expires_at));
    const expiry = h("p", { class: "expiry" }, "Expires in ", remaining);
    const joined = h("p", { class: "success", role: "status" });
    replaceChildren(
      main,
      pageHeading("Pair a device"),
      h(
        "ol",
        { class: "steps" },
        h("li", {}, "On the other device, open Attune."),
        h("li", {}, "Go to Settings, then Join with a code."),
        h("li", {}, "Type this code. It works once, for 10 minutes."),
      ),
      h("p", { class: "pairing-code" }, pairing.code),
      expiry,
      joined,
      h(
        "div",
        { class: "actions" },
        h("button", { type: "button", class: "button", onclick: () => render() }, "New code"),
        h("a", { class: "button quiet", href: "#/settings" }, "Back to Settings"),
      ),
    );

    // Counted from the clock, not from ticks, so a throttled background tab still shows the truth.
    const timer = setInterval(() => {
      remaining.textContent = countdown(pairing.expires_at);
      if (Date.now() >= new Date(pairing.expires_at).getTime()) {
        clearInterval(timer);
        expiry.textContent = "This code has expired. Make a new one.";
      }
    }, TICK_MS);
    const watcher = setInterval(async () => {
      const after = await signedIn().catch(() => []);
      const added = after.find((device) => !before.has(device.id));
      if (added) {
        clearInterval(watcher);
        joined.textContent = `${added.label} joined your space.`;
      }
    }, WATCH_MS);
    return () => {
      clearInterval(timer);
      clearInterval(watcher);
    };
  },
};
