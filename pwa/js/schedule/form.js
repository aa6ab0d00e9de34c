// Small form pieces the schedule screens share: labelled fields with their own error line.
import { h, replaceChildren, showFieldError, uniqueId } from "../core/dom.js";

export const DEFAULT_LENGTH = 50;

/** A labelled input (or select) with a hint and an error line; returns { element, input, error }. */
export function field(label, attributes = {}, { hint, tag = "input", options = [] } = {}) {
  const id = uniqueId("field");
  const errorId = `${id}-error`;
  const hintId = hint ? `${id}-hint` : null;
  const input = h(
    tag,
    { id, ...attributes, "aria-describedby": [hintId, errorId].filter(Boolean).join(" ") },
    options.map(([value, text]) => h("option", { value }, text)),
  );
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  const element = h(
    "div",
    { class: "field" },
    h("label", { for: id }, label),
    hint ? h("p", { id: hintId, class: "hint" }, hint) : null,
    input,
    error,
  );
  return { element, input, error, name: attributes.name };
}

export function lengthField(value = DEFAULT_LENGTH) {
  return field("Length in minutes", {
    name: "length_minutes",
    type: "number",
    inputmode: "numeric",
    min: 10,
    max: 240,
    step: 5,
    value,
    required: true,
  });
}

/** Check a length typed by hand: 10 to 240 whole minutes, as the server takes. */
export function readLength(lengthInput) {
  const minutes = Number(lengthInput.input.value);
  if (!Number.isInteger(minutes) || minutes < 10 || minutes > 240) {
    showFieldError(lengthInput.input, "Choose a length from 10 to 240 minutes.", lengthInput.error);
    return null;
  }
  return minutes;
}

/** Clear every field's error line. */
export function clearErrors(fields) {
  for (const { input, error } of fields) showFieldError(input, "", error);
}

/** Put an error next to the field it names (or the first field when it names none). */
export function showError(fields, message, fieldName) {
  const target = fields.find((f) => f.name === fieldName) || fields[0];
  showFieldError(target.input, message, target.error);
}

const PLAIN_WORDS = {
  too_far_ahead: "That is more than a year ahead.",
  too_old: "That was more than a month ago.",
  ends_after_midnight: "A weekly session must end by midnight.",
  not_scheduled: "This session was cancelled or moved already.",
};

/** Show a change the server refused next to the field it concerns (fieldFor: code → name). */
export function showRefusal(fields, refusal, fieldFor = {}) {
  showError(fields, PLAIN_WORDS[refusal.code] || refusal.message, fieldFor[refusal.code]);
}

/** A form with fields, a submit button and a cancel button; submit gets the form's fields. */
export function smallForm({ fields, submitLabel, onSubmit, onCancel, intro, wide = false }) {
  const submit = h("button", { type: "submit", class: "button primary" }, submitLabel);
  const form = h(
    "form",
    { class: wide ? "schedule-form wide" : "schedule-form", novalidate: true },
    intro ? h("p", { class: "hint" }, intro) : null,
    h(
      "div",
      { class: "field-row" },
      fields.map((f) => f.element),
    ),
    h(
      "div",
      { class: "actions" },
      submit,
      onCancel
        ? h("button", { type: "button", class: "button quiet", onclick: onCancel }, "Cancel")
        : null,
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (submit.disabled) return;
    clearErrors(fields);
    submit.disabled = true;
    try {
      await onSubmit();
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

/** Show node in place of body's contents, and focus its first control. */
export function openIn(body, node) {
  replaceChildren(body, node);
  node.querySelector("input, select, button")?.focus();
}
