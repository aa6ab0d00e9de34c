// The recovery code: made on request, shown once, removable.
import { del, ensureSession, post } from "../core/api.js";
import { h, replaceChildren } from "../core/dom.js";
import { showToast } from "../core/toast.js";

function shownOnce(body, code, done) {
  const copied = h("p", { class: "hint", role: "status" });
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code);
      copied.textContent = "Copied.";
    } catch {
      copied.textContent = "Copying is not allowed here: select the code and copy it yourself.";
    }
  };
  replaceChildren(
    body,
    h(
      "div",
      { class: "warning" },
      h("p", {}, h("strong", {}, "Save this code now. It is shown only this once.")),
      h("p", {}, "Anyone who has it can open your space. Keep it in a password manager."),
    ),
    h("p", { class: "recovery-code", id: "recovery-code" }, code),
    h(
      "div",
      { class: "actions" },
      h("button", { type: "button", class: "button primary", onclick: copy }, "Copy code"),
      h("button", { type: "button", class: "button quiet", onclick: done }, "I have saved it"),
    ),
    copied,
  );
  body.querySelector("button").focus();
}

function summary(body, hasCode) {
  const make = async () => {
    try {
      const { code } = await post("/api/recovery-code");
      await ensureSession(); // so every screen knows a recovery code now exists
      shownOnce(body, code, async () => summary(body, (await ensureSession()).has_recovery_code));
    } catch (error) {
      showToast(error.message);
    }
  };
  const remove = async () => {
    try {
      await del("/api/recovery-code");
      await ensureSession();
      showToast("The recovery code no longer works.");
      summary(body, false);
    } catch (error) {
      showToast(error.message);
    }
  };
  replaceChildren(
    body,
    h(
      "p",
      {},
      hasCode
        ? "A recovery code is saved. Making a new one stops the old one from working."
        : "If you lose every device, a recovery code is the only way back in. It is optional.",
    ),
    h(
      "div",
      { class: "actions" },
      h(
        "button",
        { type: "button", class: "button", onclick: make },
        hasCode ? "Make a new recovery code" : "Make a recovery code",
      ),
      hasCode
        ? h("button", { type: "button", class: "button quiet", onclick: remove }, "Remove it")
        : null,
    ),
  );
}

/** The "Recovery code" section of Settings. */
export default function recoverySection(session) {
  const body = h("div", {});
  summary(body, session.has_recovery_code);
  return h(
    "section",
    { class: "settings-section", "aria-labelledby": "recovery-heading" },
    h("h2", { id: "recovery-heading" }, "Recovery code"),
    body,
  );
}
