// The two ways in: upload an .ics file, or subscribe to a calendar's secret feed address.
import { h } from "../core/dom.js";
import { uploadFile, subscribeFeed } from "./api.js";
import { field, showError, smallForm } from "../schedule/form.js";
import { showToast } from "../core/toast.js";

const MAX_BYTES = 2 * 1024 * 1024;
const KEYWORD_HINT =
  "Optional. Only events whose title holds this word are imported, e.g. “Session”.";

/** "1 coming session", "12 coming sessions". */
export function sessions(count) {
  return count === 1 ? "1 coming session" : `${count} coming sessions`;
}

function keywordField() {
  return field(
    "Only events with this word",
    { name: "keyword", maxlength: 100, autocomplete: "off" },
    { hint: KEYWORD_HINT },
  );
}

/** The upload form; onDone() runs after a successful import. */
export function fileForm(onDone) {
  const file = field(
    "Calendar file (.ics)",
    { name: "file", type: "file", accept: ".ics,text/calendar" },
    {
      hint: "Export it from your calendar app. It brings in the next 8 weeks. A newer copy of a file you imported before? Use “Replace with a newer copy” above, so no session is counted twice.",
    },
  );
  const keyword = keywordField();
  const fields = [file, keyword];
  let form;
  const submit = async () => {
    const chosen = file.input.files[0];
    if (!chosen) return showError(fields, "Choose a calendar file first.", "file");
    if (chosen.size > MAX_BYTES)
      return showError(fields, "That file is larger than 2 MB, the most Attune imports.", "file");
    try {
      const calendar = await uploadFile(crypto.randomUUID(), chosen, keyword.input.value.trim());
      form.reset();
      showToast(`Calendar imported: ${sessions(calendar.appointment_count)}.`);
      onDone();
    } catch (error) {
      showError(fields, error.message, error.field === "keyword" ? "keyword" : "file");
    }
  };
  form = smallForm({ fields, submitLabel: "Import file", onSubmit: submit, wide: true });
  return form;
}

/** The feed form; the address is a secret and is never shown again once saved. */
export function feedForm(onDone) {
  const url = field(
    "Secret calendar address",
    { name: "url", type: "url", inputmode: "url", autocomplete: "off", spellcheck: "false" },
    {
      hint: "Your calendar app calls it a private or secret address (iCal, ICS). It must start with https:// — plain http is refused. Treat it like a password: once saved, Attune only ever shows its start.",
    },
  );
  const keyword = keywordField();
  const fields = [url, keyword];
  let form;
  const submit = async () => {
    const address = url.input.value.trim();
    if (!address) return showError(fields, "Paste the calendar's secret address first.", "url");
    if (!/^(https|webcal):\/\//i.test(address)) {
      return showError(
        fields,
        "The address must start with https:// (plain http is not allowed).",
        "url",
      );
    }
    try {
      const calendar = await subscribeFeed(
        crypto.randomUUID(),
        address,
        keyword.input.value.trim(),
      );
      form.reset();
      showToast(`Calendar subscribed: ${sessions(calendar.appointment_count)}.`);
      onDone();
    } catch (error) {
      showError(fields, error.message, error.field === "keyword" ? "keyword" : "url");
    }
  };
  form = smallForm({ fields, submitLabel: "Subscribe", onSubmit: submit, wide: true });
  return form;
}

/** The sentence every import screen must say plainly. */
export function privacyNote() {
  return h(
    "p",
    { class: "note" },
    "Attune keeps only when each event starts and ends: never its title, description, place or the people invited. ",
    "An uploaded file covers the next 8 weeks; a feed keeps itself up to date every 15 minutes.",
  );
}
