// The welcome: what Attune is for and what the private space is, until it is no longer news.
import { h } from "../core/dom.js";

/** The welcome card; onDone is called when it is put away (it is then gone for good). */
export function welcomeCard(onDone) {
  const card = h(
    "section",
    { class: "card welcome", "aria-labelledby": "welcome-heading" },
    h("h2", { id: "welcome-heading" }, "Welcome to Attune"),
    h(
      "p",
      {},
      "A minute to arrive fully for the next person: ground yourself, notice how present you ",
      "are, then open the door.",
    ),
    h(
      "p",
      {},
      "This is your private space. No account, no e-mail, nothing about your clients; only ",
      "devices you sign in can open it. Add another device or save a recovery code in Settings.",
    ),
  );
  const done = h(
    "button",
    {
      type: "button",
      class: "button",
      onclick: () => {
        onDone();
        card.remove();
        document.querySelector(".primary-action")?.focus();
      },
    },
    "Got it",
  );
  const settings = h("a", { class: "button quiet", href: "#/settings" }, "Open Settings");
  card.append(h("div", { class: "actions" }, done, settings));
  return card;
}
