// Shown when this browser has no space any more: deleted, or signed out from here.
import { ensureSession } from "../core/api.js";
import { h, replaceChildren } from "../core/dom.js";
import { navigate } from "../core/router.js";

const MESSAGES = {
  "Your space is gone":
    "Everything in it has been deleted from the server, and every device has been signed out.",
  "This device is signed out": "Your space is still there for your other devices.",
};

/** A view for a browser without a space; heading says why. */
export default function signedOut(heading) {
  return {
    title: heading,
    render(main) {
      const startFresh = async (event) => {
        event.currentTarget.disabled = true;
        await ensureSession();
        navigate("/");
      };
      replaceChildren(
        main,
        h("h1", { tabindex: "-1", class: "page-heading" }, heading),
        h("p", { class: "lead" }, MESSAGES[heading] || ""),
        h(
          "p",
          {},
          "You can start a fresh private space on this device, or join an existing one with a code.",
        ),
        h(
          "div",
          { class: "actions" },
          h("button", { type: "button", class: "button primary", onclick: startFresh }, "Start fresh"),
          h("a", { class: "button", href: "#/join" }, "Join with a code"),
        ),
      );
      main.querySelector("h1").focus();
    },
  };
}
