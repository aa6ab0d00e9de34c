// Devices: every device signed in to this space; rename one, sign one out, pair a new one.
import { currentSession, del, ensureSession, forgetSession, get, patch } from "../core/api.js";
import { h, pageHeading, replaceChildren, showFieldError, uniqueId } from "../core/dom.js";
import { pending } from "../core/outbox.js";
import { render, renderView } from "../core/router.js";
import { friendlyTime } from "../core/time.js";
import { showToast } from "../core/toast.js";
import signedOut from "./signed-out.js";

function renameForm(device, row) {
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
    h("label", { for: inputId }, `New name for ${device.label}`),
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
      showToast(`Renamed to ${label}.`);
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

async function confirmSignOut(device, row, onlyDevice) {
  const question = device.current
    ? "Sign this device out? It will need a pairing or recovery code to come back."
    : `Sign out ${device.label}? It will need a pairing code to come back.`;
  const warnings = device.current ? await signOutWarnings(onlyDevice) : [];
  const yes = async () => {
    try {
      await del(`/api/devices/${device.id}`);
    } catch (err) {
      showToast(err.message);
      return;
    }
    if (!device.current) {
      showToast(`${device.label} is signed out.`);
      render();
      return;
    }
    await forgetSession();
    renderView(signedOut("This device is signed out"));
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

function deviceRow(device, onlyDevice) {
  const row = h("li", { class: "device" });
  const seen = device.current ? "In use now" : `Last seen ${friendlyTime(device.last_seen_at)}`;
  replaceChildren(
    row,
    h(
      "div",
      { class: "device-name" },
      h("strong", {}, device.label),
      device.current ? h("span", { class: "badge" }, "This device") : null,
    ),
    h("p", { class: "muted" }, `${seen} · added ${friendlyTime(device.created_at)}`),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        {
          type: "button",
          class: "button",
          "aria-label": `Rename ${device.label}`,
          onclick: () => renameForm(device, row),
        },
        "Rename",
      ),
      h(
        "button",
        {
          type: "button",
          class: "button danger-quiet",
          "aria-label": `Sign out ${device.label}`,
          onclick: () => confirmSignOut(device, row, onlyDevice),
        },
        "Sign out",
      ),
    ),
  );
  return row;
}

export default {
  title: "Devices",
  async render(main) {
    if (!currentSession()) await ensureSession();
    const { devices } = await get("/api/devices");
    replaceChildren(
      main,
      pageHeading("Devices"),
      h("p", { class: "lead" }, "Everything signed in to your space. Add your phone or another computer with a one-time code."),
      h(
        "div",
        { class: "actions" },
        h("a", { class: "button primary", href: "#/pair" }, "Pair a device"),
        h("a", { class: "button", href: "#/join" }, "Join with a code"),
      ),
      h("h2", {}, devices.length === 1 ? "1 device" : `${devices.length} devices`),
      h("ul", { class: "device-list" }, devices.map((d) => deviceRow(d, devices.length === 1))),
    );
  },
};
