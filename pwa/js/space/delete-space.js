// Delete everything: a typed confirmation, then the space is gone for every device.
import { del, forgetSession } from "../core/api.js";
import { h, replaceChildren, showFieldError } from "../core/dom.js";
import { renderView } from "../core/router.js";
import signedOut from "./signed-out.js";

const CONFIRM_WORD = "delete";

function confirmForm(body) {
  const input = h("input", {
    id: "delete-confirm",
    name: "confirm",
    autocomplete: "off",
    autocapitalize: "none",
    spellcheck: "false",
    "aria-describedby": "delete-confirm-error",
  });
  const error = h("p", { id: "delete-confirm-error", class: "field-error", hidden: true });
  const form = h(
    "form",
    { class: "confirm-form", novalidate: true },
    h(
      "p",
      {},
      h("strong", {}, "This cannot be undone. "),
      "Your space, its history and every device's sign-in are deleted from the server.",
    ),
    h("label", { for: "delete-confirm" }, `Type “${CONFIRM_WORD}” to confirm`),
    input,
    error,
    h(
      "div",
      { class: "actions" },
      h("button", { type: "submit", class: "button danger" }, "Delete everything"),
      h("button", { type: "button", class: "button quiet", onclick: () => cancel(body) }, "Cancel"),
    ),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (input.value.trim().toLowerCase() !== CONFIRM_WORD) {
      return showFieldError(input, `Type “${CONFIRM_WORD}” to delete everything.`, error);
    }
    try {
      await del("/api/space?confirm=delete+everything");
    } catch (err) {
      return showFieldError(input, err.message, error);
    }
    await forgetSession();
    renderView(signedOut("Your space is gone"));
  });
  replaceChildren(body, form);
  input.focus();
}

function idle(body) {
  replaceChildren(
    body,
    h("p", {}, "Remove your space and everything in it from Attune, on every device."),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button danger-quiet", onclick: () => confirmForm(body) },
        "Delete everything…",
      ),
    ),
  );
}

function cancel(body) {
  idle(body);
  body.querySelector("button").focus();
}

/** The "Delete everything" section of Settings. */
export default function deleteSection() {
  const body = h("div", {});
  idle(body);
  return h(
    "section",
    { class: "settings-section danger-zone", "aria-labelledby": "delete-heading" },
    h("h2", { id: "delete-heading" }, "Delete everything"),
    body,
  );
}
