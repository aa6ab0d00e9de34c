// Devices in Settings: every device signed in to this space, each told apart by when it was
// added and last seen; rename one, sign one out, pair a new one or join with a code.
import { ApiError, currentSession, del, forgetSession, get, patch } from "../core/api.js";
import { h, replaceChildren, showFieldError, uniqueId } from "../core/dom.js";
import { pending } from "../core/outbox.js";
import { render, renderView } from "../core/router.js";
import { showToast } from "../core/toast.js";
import { deviceFacts, deviceName } from "./device-name.js";
import signedOut from "./signed-out.js";

function renameForm(device, name, row) {
  const inputId = uniqueId("label");
  const errorId = uniqueId("label-error");
  const input = h("input", {
    id: inputId,
    name: "label",
    value: device.label,
    maxlength: 60,
    required: true,
    autocomplete: "off",
    "aria-describedby": errorId,
  });
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  const form = h(
    "form",
    { class: "inline-form" },
    h("label", { for: inputId }, `New name for ${name}`),
    input,
    error,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "button primary" }, "Save name"),
      h("button", { type: "button", class: "button quiet", onclick: () => render() }, "Cancel"),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const label = input.value.trim();
    if (!label) return showFieldError(input, "Give the device a name.", error);
    try {
      await patch(`/api/devices/${device.id}`, { label });
      showToast(`${name} is now called ${label}.`);
      render();
    } catch (err) {
      showFieldError(input, err.message, error);
    }
  });
  replaceChildren(row, form);
  input.focus();
}

/** What signing this device out would cost, said before it happens. */
async function signOutWarnings(onlyDevice) {
  const warnings = [];
  const waiting = (await pending()).length;
  if (waiting > 0) {
    const things = waiting === 1 ? "1 thing" : `${waiting} things`;
    warnings.push(`${things} on this device have not reached the server yet and will be lost.`);
  }
  if (onlyDevice && !currentSession()?.has_recovery_code) {
    warnings.push(
      "This is the only device in your space and there is no recovery code, " +
        "so signing out deletes your space and everything in it.",
    );
  }
  return warnings;
}

async function confirmSignOut(device, name, row, onlyDevice) {
  const question = device.current
    ? "Sign this device out? It will need a pairing or recovery code to come back."
    : `Sign out ${name}? It will need a pairing code to come back.`;
  const warnings = device.current ? await signOutWarnings(onlyDevice) : [];
  const yes = async () => {
    try {
      await del(`/api/devices/${device.id}`);
    } catch (err) {
      showToast(err.message);
      return;
    }
    if (!device.current) {
      showToast(`${name} is signed out.`);
      render();
      return;
    }
    // The only device of a space without a recovery code takes the space with it.
    const gone = onlyDevice && !currentSession()?.has_recovery_code;
    await forgetSession();
    renderView(signedOut(gone ? "Your space is gone" : "This device is signed out"));
  };
  replaceChildren(
    row,
    h("p", { class: "confirm-question" }, question),
    ...warnings.map((warning) => h("p", { class: "field-error" }, warning)),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "button danger", onclick: yes }, "Yes, sign out"),
      h("button", { type: "button", class: "button quiet", onclick: () => render() }, "Cancel"),
    ),
  );
  row.querySelector("button").focus();
}

function deviceRow(device, devices) {
  const row = h("li", { class: "device" });
  const name = deviceName(device, devices);
  const button = (label, className, onclick) =>
    h(
      "button",
      { type: "button", class: className, "aria-label": `${label} ${name}`, onclick },
      label,
    );
  replaceChildren(
    row,
    h(
      "div",
      { class: "device-name" },
      h("strong", {}, device.label),
      device.current ? h("span", { class: "badge" }, "This device") : null,
      // Hidden, not left out: the Reminders switch shows it for this device when turned on.
      h(
        "span",
        {
          class: "badge",
          hidden: !device.reminders,
          "data-reminders": device.current ? "this-device" : "other",
        },
        "Reminders on",
      ),
    ),
    h("p", { class: "muted" }, deviceFacts(device)),
    h(
      "div",
      { class: "actions" },
      button("Rename", "button", () => renameForm(device, name, row)),
      button("Sign out", "button danger-quiet", () =>
        confirmSignOut(device, name, row, devices.length === 1),
      ),
    ),
  );
  return row;
}

async function deviceList() {
  try {
    const { devices } = await get("/api/devices");
    return h("ul", { class: "device-list" }, devices.map((d) => deviceRow(d, devices)));
  } catch (error) {
    if (!(error instanceof ApiError) || error.code !== "offline") throw error;
    return h("p", { class: "muted" }, "Your devices show here when this phone is online.");
  }
}

/** The Devices section of Settings. */
export async function devicesSection() {
  return h(
    "section",
    { class: "settings-section", "aria-labelledby": "devices-heading" },
    h("h2", { id: "devices-heading" }, "Devices"),
    await deviceList(),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button primary", href: "#/pair" }, "Pair a device"),
      h("a", { class: "button", href: "#/join" }, "Join with a code"),
    ),
  );
}
