// Join a space: with a pairing code from another device, or with the space's recovery code.
import { ApiError, forgetSession, post, setSession } from "../core/api.js";
import { h, pageHeading, replaceChildren, showFieldError, uniqueId } from "../core/dom.js";
import { navigate } from "../core/router.js";
import { showToast } from "../core/toast.js";

function explain(error, kind) {
  if (!(error instanceof ApiError)) return "Something went wrong. Try again.";
  if (error.code === "invalid_code") {
    return kind === "pairing"
      ? "That code did not work. Codes work once, for 10 minutes: make a new one on your other device."
      : "That recovery code did not work. Check each character and try again.";
  }
  if (error.status === 429) return "Too many tries. Wait a few minutes, then try again.";
  if (error.code === "offline") return "You are offline. Joining needs a connection.";
  if (error.status === 400) return "Type the whole code, e.g. ABCD-EFGH.";
  return error.message;
}

function codeForm({ kind, label, hint, button, endpoint }) {
  const inputId = uniqueId(`${kind}-code`);
  const hintId = `${inputId}-hint`;
  const errorId = `${inputId}-error`;
  const input = h("input", {
    id: inputId,
    name: "code",
    class: "code-input",
    autocomplete: "off",
    autocapitalize: "characters",
    spellcheck: "false",
    "aria-describedby": `${hintId} ${errorId}`,
  });
  const error = h("p", { id: errorId, class: "field-error", hidden: true });
  const submit = h("button", { type: "submit", class: "button primary" }, button);
  const form = h(
    "form",
    { class: "code-form", novalidate: true },
    h("label", { for: inputId }, label),
    h("p", { id: hintId, class: "hint" }, hint),
    input,
    error,
    h("div", { class: "actions" }, submit),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const code = input.value.trim();
    if (code.replace(/[\s-]/g, "").length < 4) {
      return showFieldError(input, "Type the code first.", error);
    }
    showFieldError(input, "", error);
    submit.disabled = true;
    try {
      const info = await post(endpoint, { code });
      await forgetSession();
      setSession(info);
      showToast("You have joined your space on this device.");
      navigate("/settings");
    } catch (err) {
      showFieldError(input, explain(err, kind), error);
    } finally {
      submit.disabled = false;
    }
  });
  return form;
}

export default {
  title: "Join a space",
  render(main) {
    replaceChildren(
      main,
      pageHeading("Join a space"),
      h(
        "p",
        { class: "lead" },
        "Use a code to open your space on this device. This device leaves the space it is in now; " +
          "if it is the only device there and that space has no recovery code, that space is deleted.",
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "join-pairing" },
        h("h2", { id: "join-pairing" }, "With a pairing code"),
        codeForm({
          kind: "pairing",
          label: "Pairing code",
          hint: "On a device already in your space: Settings, then Pair a device. 8 characters, like ABCD-EFGH.",
          button: "Join",
          endpoint: "/api/pairing-codes/claim",
        }),
      ),
      h(
        "section",
        { class: "card", "aria-labelledby": "join-recovery" },
        h("h2", { id: "join-recovery" }, "With a recovery code"),
        codeForm({
          kind: "recovery",
          label: "Recovery code",
          hint: "The 20-character code you saved when you made it.",
          button: "Use recovery code",
          endpoint: "/api/recovery-code/claim",
        }),
      ),
    );
  },
};
