// The private-space card on home: what Attune is, devices, recovery code.
import { h } from "../core/dom.js";
import { friendlyDate } from "../core/time.js";

function statusRow(term, detail) {
  return h("div", { class: "status-row" }, h("dt", {}, term), h("dd", {}, detail));
}

/** The card; deviceCount is null when it is not known (offline). */
export default function spaceStatus(session, deviceCount) {
  const devicesText = deviceCount === null ? "Not known while offline" : `${deviceCount} signed in`;
  return h(
    "section",
    { class: "card", "aria-labelledby": "space-status" },
    h("h2", { id: "space-status" }, "Your private space"),
    h(
      "p",
      {},
      "Attune helps you arrive fully for the next person: ground yourself, notice how present ",
      `you are, then open the door. Yours since ${friendlyDate(session.space_created_at)}; `,
      "no account, no e-mail, only your signed-in devices can open it.",
    ),
    h(
      "dl",
      { class: "status" },
      statusRow("Devices", devicesText),
      statusRow("Recovery code", session.has_recovery_code ? "Saved" : "Not made yet"),
    ),
    h(
      "div",
      { class: "actions" },
      h("a", { class: "button", href: "#/devices" }, "Devices"),
      h("a", { class: "button", href: "#/space" }, "Your space"),
    ),
  );
}
