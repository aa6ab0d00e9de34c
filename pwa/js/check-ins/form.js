// The ten-second check-in: presence and energy 1–5 (two taps), then Save. Feeling words and a
// private note wait behind "Add a word or a note", so the quick path stays quick.
import { h, replaceChildren, uniqueId } from "../core/dom.js";
import { feelingWords } from "./feeling-words.js";
import { noteField } from "./note-field.js";
import { saveCheckIn } from "../practice/store.js";
import { ratingScale } from "./rating-scale.js";
import { loadWords } from "./words.js";

function reasonFor(presence, energy) {
  if (presence && energy) return "";
  if (!presence && !energy) return "Choose how present you are and your energy, then save.";
  return presence ? "Choose your energy, then save." : "Choose how present you are, then save.";
}

// The optional part, closed until asked for.
function more(feelings, chosen, note) {
  const id = uniqueId("check-in-more");
  const panel = h(
    "div",
    { id, class: "check-in-more", hidden: true },
    feelingWords(feelings, chosen),
    note.field,
  );
  const open = h(
    "button",
    {
      type: "button",
      class: "button quiet more-toggle",
      "aria-expanded": "false",
      "aria-controls": id,
      onclick: () => {
        panel.hidden = false;
        open.remove();
        panel.querySelector("button")?.focus();
      },
    },
    "Add a word or a note",
  );
  return [open, panel];
}

function fill(form, data, { moment, exerciseLogId, optional, onDone }) {
  const chosen = { presence: null, energy: null };
  const feelings = new Set();
  const reasonId = uniqueId("check-in-reason");
  const reason = h("p", { id: reasonId, class: "hint save-reason" }, reasonFor(null, null));
  const save = h(
    "button",
    { type: "submit", class: "button primary", disabled: true, "aria-describedby": reasonId },
    "Save",
  );
  const problem = h("p", { class: "field-error", role: "alert", hidden: true });
  const choose = (name) => (value) => {
    chosen[name] = value;
    reason.textContent = reasonFor(chosen.presence, chosen.energy);
    save.disabled = !(chosen.presence && chosen.energy);
  };
  const note = noteField();
  const skip = optional
    ? h("button", { type: "button", class: "button", onclick: () => onDone(null) }, "Skip")
    : null;
  replaceChildren(
    form,
    ratingScale({
      name: "presence",
      legend: "How present are you?",
      words: data.presence,
      onChoose: choose("presence"),
    }),
    ratingScale({
      name: "energy",
      legend: "How is your energy?",
      words: data.energy,
      onChoose: choose("energy"),
    }),
    more(data.feelings, feelings, note),
    h(
      "div",
      { class: "check-in-actions" },
      reason,
      problem,
      h("div", { class: "actions" }, save, skip),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (save.disabled) return;
    save.disabled = true;
    try {
      const saved = await saveCheckIn({
        id: crypto.randomUUID(),
        checked_in_at: new Date().toISOString(),
        presence: chosen.presence,
        energy: chosen.energy,
        feelings: data.feelings.filter((word) => feelings.has(word)),
        note: note.textarea.value,
        exercise_log_id: exerciseLogId,
        moment: exerciseLogId ? moment : null,
      });
      onDone(saved);
    } catch {
      problem.textContent = "This check-in could not be kept on this device. Try again.";
      problem.hidden = false;
      save.disabled = false;
    }
  });
}

/**
 * A check-in form element. optional adds a one-tap "Skip"; onDone(savedCheckIn or null) runs
 * once the check-in is safely kept on this device (or skipped).
 */
export function checkInForm({ moment = null, exerciseLogId = null, optional = false, onDone }) {
  const form = h("form", { class: "check-in-form", "aria-label": "Check-in", novalidate: true });
  form.append(h("p", { class: "loading" }, "Opening the check-in…"));
  loadWords()
    .then((data) => fill(form, data, { moment, exerciseLogId, optional, onDone }))
    .catch((error) => replaceChildren(form, h("p", { class: "field-error" }, error.message)));
  return form;
}
