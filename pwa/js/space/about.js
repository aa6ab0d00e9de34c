// About in Settings: the space's facts and the app's version, in words ("Attune 0.1.0 ·
// updated 4 Mar 2025"), as the service worker that keeps it offline knows it.
import { h } from "../core/dom.js";
import { friendlyDate } from "../core/time.js";
import { shellVersion } from "../core/update.js";

async function versionText() {
  const shell = await shellVersion();
  if (!shell?.release) return "Attune · not kept for offline use yet";
  // A day, not a moment: read at local noon so no time zone moves it to the day before.
  const updated = shell.updated ? ` · updated ${friendlyDate(`${shell.updated}T12:00`)}` : "";
  return `Attune ${shell.release}${updated}`;
}

/** The About section; the version fills in once the service worker answers. */
export function aboutSection(session) {
  const version = h("dd", {}, "Attune");
  versionText().then((text) => {
    version.textContent = text;
  });
  return h(
    "section",
    { class: "settings-section", "aria-labelledby": "about-heading" },
    h("h2", { id: "about-heading" }, "About"),
    h(
      "p",
      {},
      "Your space holds your practice and nothing about your clients. " +
        "It has no account and no e-mail.",
    ),
    h(
      "dl",
      { class: "facts" },
      h("dt", {}, "Created"),
      h("dd", {}, friendlyDate(session.space_created_at)),
      h("dt", {}, "Time zone"),
      h("dd", {}, session.time_zone),
      h("dt", {}, "Version"),
      version,
    ),
  );
}
