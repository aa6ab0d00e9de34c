// The ten-second check-in: presence and energy 1–5, optional feeling words and a private note.
import { h, replaceChildren, uniqueId } from "../core/dom.js";
import { noteField } from "./note-field.js";
import { saveCheckIn } from "../practice/store.js";
import { ratingScale } from "./rating-scale.js";

let words = null;

function loadWords() {
  words ??= fetch("/data/check-in.json").then((response) => {
    if (!response.ok) throw new Error("The check-in words did not load.");
    return response.json();
  });
  words.catch(() => {
    words = null;
  });
  return words;
}

function feelingToggles(feelings, chosen) {
  return h(
    "fieldset",
    { class: "feeling-words" },
    h("legend", {}, "Any feelings to name? ", h("span", { class: "optional" }, "(optional)")),
    h(
      "div",
      { class: "feeling-options" },
      feelings.map((word) =>
        h(
          "button",
          {
            type: "button",
            class: "feeling",
            "aria-pressed": "false",
            onclick: (event) => {
              const on = !chosen.has(word);
              if (on) chosen.add(word);
              else chosen.delete(word);
              event.currentTarget.setAttribute("aria-pressed", String(on));
            },
          },
          word,
        ),
      ),
    ),
  );
}

function reasonFor(presence, energy) {
  if (presence && energy) return "";
  if (!presence && !energy) return "Choose how present you are and your energy, then save.";
  return presence ? "Choose your energy, then save." : "Choose how present you are, then save.";
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
    feelingToggles(data.feelings, feelings),
    note.field,
    h(
      "div",
      { class: "check-in-actions" },
      reason,
      problem,
      h(
        "div",
        { class: "actions" },
        save,
        optional
          ? h("button", { type: "button", class: "button", onclick: () => onDone(null) }, "Skip")
          : null,
      ),
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
