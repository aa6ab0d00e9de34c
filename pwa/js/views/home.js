// Home: what Attune is for, and the state of this private space.
import { ApiError, currentSession, ensureSession, get } from "../api.js";
import { h, pageHeading, replaceChildren } from "../dom.js";
import { friendlyDate } from "../time.js";

function statusRow(term, detail) {
  return h("div", { class: "status-row" }, h("dt", {}, term), h("dd", {}, detail));
}

async function deviceCount() {
  try {
    const { devices } = await get("/api/devices");
    return devices.length;
  } catch (error) {
    if (error instanceof ApiError && error.code === "offline") return null;
    throw error;
  }
}

export default {
  title: "Home",
  async render(main) {
    const session = currentSession() || (await ensureSession());
    const count = await deviceCount();
    const devicesText = count === null ? "Not known while offline" : `${count} signed in`;
    replaceChildren(
      main,
      pageHeading("Welcome to Attune"),
      h(
        "p",
        { class: "lead" },
        "A quiet minute between clients. Attune helps you arrive fully for the next person: ",
        "ground yourself, notice how present you are, then open the door.",
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "space-status" },
        h("h2", { id: "space-status" }, "Your private space"),
        h(
          "p",
          {},
          `Yours since ${friendlyDate(session.space_created_at)}. `,
          "No account and no e-mail: only your signed-in devices can open it.",
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
      ),
      navigator.onLine
        ? null
        : h("p", { class: "note" }, "You are offline. Attune shows what this device last knew."),
    );
  },
};
