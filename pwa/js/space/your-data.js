// "Your data" in Settings: whether streaks show at all, the workdays they count (without a
// schedule), downloading everything, and moving in from another server.
import { get, patch } from "../core/api.js";
import { h, uniqueId } from "../core/dom.js";
import { showToast } from "../core/toast.js";
import { refreshSchedule } from "../schedule/store.js";
import { hasSchedule } from "../today/lines.js";
import { moveInForm } from "./move-in.js";
import { workdaysField } from "./workdays.js";

function hideStreaksSwitch(settings) {
  const id = uniqueId("hide-streaks");
  const input = h("input", {
    id,
    type: "checkbox",
    role: "switch",
    checked: settings.hide_streaks,
    "aria-describedby": `${id}-hint`,
  });
  input.addEventListener("change", async () => {
    try {
      await patch("/api/settings", { hide_streaks: input.checked });
      // Keep History's stored copy in step, so an offline visit hides them too.
      get("/api/history").catch(() => {});
    } catch (error) {
      input.checked = !input.checked;
      showToast(error.code === "offline" ? "This changes once you are online." : error.message);
    }
  });
  return h(
    "div",
    { class: "switch-row" },
    input,
    h("label", { for: id }, "Hide streaks"),
    h("p", { id: `${id}-hint`, class: "hint" }, "History then shows no streak anywhere."),
  );
}

// A download needs the server; offline, say so instead of a failed download.
function download(href, label) {
  const onclick = (event) => {
    if (navigator.onLine) return;
    event.preventDefault();
    showToast("Downloads need the server: connect and try again.");
  };
  return h("a", { class: "button", href, download: "", onclick }, label);
}

/** The "Your data" section of Settings. */
export async function yourDataSection() {
  const [settings, schedule] = await Promise.all([
    get("/api/settings").catch(() => null),
    refreshSchedule().catch(() => null),
  ]);
  return h(
    "section",
    { class: "settings-section", "aria-labelledby": "data-heading" },
    h("h2", { id: "data-heading" }, "Your data"),
    settings
      ? [hideStreaksSwitch(settings), workdaysField(settings, hasSchedule(schedule))]
      : h("p", { class: "hint" }, "Streak settings show here when this phone is online."),
    h(
      "p",
      {},
      "Take everything with you: practice, check-ins and notes, schedule and settings. " +
        "Calendar feed addresses stay out; they are secrets.",
    ),
    h(
      "div",
      { class: "actions downloads" },
      download("/api/export", "Download everything (JSON)"),
      download("/api/export/csv", "Download as spreadsheet files (CSV)"),
    ),
    moveInForm(),
  );
}
