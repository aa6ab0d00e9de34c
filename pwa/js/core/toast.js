// Short messages at the bottom of the screen, announced politely to screen readers.
import { h } from "./dom.js";

const QUIET_AFTER_MS = 6000;

function region() {
  return document.querySelector(".toasts");
}

/**
 * Show a toast. With actions it stays until one is chosen; without, it fades after a while.
 * actions: [{ label, onClick }]
 */
export function showToast(message, { actions = [], id } = {}) {
  if (id && document.getElementById(id)) return document.getElementById(id);
  const toast = h("div", { class: "toast", id }, h("p", {}, message));
  if (actions.length) {
    const buttons = actions.map(({ label, onClick, primary }) =>
      h(
        "button",
        {
          type: "button",
          class: primary ? "button primary" : "button quiet",
          onclick: () => {
            toast.remove();
            onClick?.();
          },
        },
        label,
      ),
    );
    toast.append(h("div", { class: "toast-actions" }, buttons));
  } else {
    setTimeout(() => toast.remove(), QUIET_AFTER_MS);
  }
  region().append(toast);
  return toast;
}
