// Your space: what it is, its recovery code, and deleting everything.
import { currentSession, ensureSession } from "../core/api.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { friendlyDate } from "../core/time.js";
import { shellVersion } from "../core/update.js";
import deleteSection from "./delete-space.js";
import recoverySection from "./recovery.js";

export default {
  title: "Your space",
  async render(main) {
    const session = currentSession() || (await ensureSession());
    const version = h("dd", {}, "not installed for offline use yet");
    replaceChildren(
      main,
      pageHeading("Your space"),
      h(
        "p",
        { class: "lead" },
        "Your space holds your practice and nothing about your clients. It has no account and no e-mail.",
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "space-about" },
        h("h2", { id: "space-about" }, "About this space"),
        h(
          "dl",
          { class: "facts" },
          h("dt", {}, "Created"),
          h("dd", {}, friendlyDate(session.space_created_at)),
          h("dt", {}, "Time zone"),
          h("dd", {}, session.time_zone),
          h("dt", {}, "App version"),
          version,
        ),
      ),
      recoverySection(session),
      deleteSection(),
    );
    const shell = await shellVersion();
    if (shell) version.textContent = shell.version;
  },
};
