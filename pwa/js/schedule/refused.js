// Changes made offline that the server later refused: said plainly, and let go by the person.
import { h, replaceChildren } from "../core/dom.js";
import { letGo } from "./store.js";

const WHAT = [
  [/\/cancel$/, "Cancelling a session"],
  [/\/move$/, "Moving a session"],
  [/\/appointments\//, "Adding a session"],
  [/\/slots\//, "A weekly session"],
  [/\/working-hours$/, "Your working hours"],
  [/\/pauses\//, "A pause"],
];

function describe(entry) {
  const what = WHAT.find(([pattern]) => pattern.test(entry.path))?.[1] ?? "A change";
  return entry.method === "DELETE" ? `${what} (removing it)` : what;
}

/** The card listing refused schedule changes; hidden while there are none. */
export function refusedCard() {
  const body = h("ul", { class: "refused-list" });
  const element = h(
    "section",
    { class: "card warning-card", "aria-labelledby": "schedule-refused", hidden: true },
    h("h2", { id: "schedule-refused" }, "Changes that were not saved"),
    h("p", {}, "The server could not take these changes you made while offline."),
    body,
  );
  return {
    element,
    update(schedule) {
      const refused = schedule.refused || [];
      element.hidden = !refused.length;
      replaceChildren(
        body,
        refused.map((entry) =>
          h(
            "li",
            {},
            h(
              "p",
              {},
              h("strong", {}, describe(entry)),
              ": ",
              entry.last_error?.message ?? "It was refused.",
            ),
            h(
              "button",
              {
                type: "button",
                class: "button",
                "aria-label": `Let go of this change: ${describe(entry)}`,
                onclick: () => letGo(entry.id),
              },
              "Let it go",
            ),
          ),
        ),
      );
    },
  };
}
