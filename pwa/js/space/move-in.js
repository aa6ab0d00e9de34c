// "Move from another server": bring a JSON export into this space. The server takes it only
// while the space holds no practice and no schedule, and says so plainly when it does.
import { ensureSession, post } from "../core/api.js";
import { h, showFieldError } from "../core/dom.js";
import { render } from "../core/router.js";
import { showToast } from "../core/toast.js";
import { plural } from "../history/days.js";
import { refreshSchedule } from "../schedule/store.js";

const NOT_AN_EXPORT =
  "This file is not an Attune JSON export. Choose the .json file you downloaded.";

async function readExport(file) {
  try {
    const data = JSON.parse(await file.text());
    return data?.format === "attune-export" ? data : null;
  } catch {
    return null;
  }
}

function importedText(counts) {
  const exercises = plural(counts.exercise_logs, "exercise", "exercises");
  const checkIns = plural(counts.check_ins, "check-in", "check-ins");
  const sessions = plural(counts.appointments, "session", "sessions");
  return `Brought in ${exercises}, ${checkIns} and ${sessions}.`;
}

/** The import form, for the "Your data" section. */
export function moveInForm() {
  const input = h("input", {
    id: "import-file",
    type: "file",
    name: "export",
    accept: ".json,application/json",
    "aria-describedby": "import-hint import-error",
  });
  const error = h("p", { id: "import-error", class: "field-error", hidden: true });
  const button = h("button", { type: "submit", class: "button" }, "Import");
  const form = h(
    "form",
    { class: "move-in", novalidate: true },
    h("h3", {}, "Move from another server"),
    h(
      "p",
      { id: "import-hint", class: "hint" },
      "Bring in a JSON export from another Attune server. It works only in an empty space, " +
        "before any practice or schedule, so nothing is ever mixed or overwritten.",
    ),
    h("label", { for: "import-file" }, "JSON export file"),
    input,
    error,
    h("div", { class: "actions" }, button),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const file = input.files[0];
    if (!file) return showFieldError(input, "Choose the JSON export file first.", error);
    const data = await readExport(file);
    if (!data) return showFieldError(input, NOT_AN_EXPORT, error);
    showFieldError(input, "", error);
    button.disabled = true;
    try {
      const counts = await post("/api/import", data);
      refreshSchedule({ after: true }).catch(() => {});
      // The space's time zone came with the export: the session says so once asked again.
      await ensureSession().catch(() => {});
      showToast(importedText(counts));
      render();
    } catch (err) {
      const message =
        err.code === "offline" ? "Importing needs the server: connect and try again." : err.message;
      showFieldError(input, message, error);
    } finally {
      button.disabled = false;
    }
  });
  return form;
}
