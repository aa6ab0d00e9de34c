// A quiet line saying how many writes wait to sync, and any the server would not take,
// each with its reason and a way to let it go.
import { h, replaceChildren } from "./dom.js";
import { discard, onChange, pending } from "./outbox.js";
import { friendlyTime } from "./time.js";

const NAMES = { "check-in": "check-in", "exercise-log": "exercise", schedule: "schedule change" };

function waitingText(count) {
  if (!count) return "";
  const items = count === 1 ? "1 item is" : `${count} items are`;
  const where = navigator.onLine ? "" : " You are offline: it is all kept on this device.";
  return `${items} waiting to sync.${where}`;
}

function refusedRow(entry, refresh) {
  const what = `The ${NAMES[entry.kind] || "change"} from ${friendlyTime(entry.created_at)}`;
  const letGo = async (event) => {
    event.currentTarget.disabled = true;
    await discard(entry.id);
    refresh();
  };
  return h(
    "li",
    { class: "not-saved-item" },
    h("p", {}, h("strong", {}, `${what} was not saved. `), entry.last_error.message),
    h(
      "button",
      {
        type: "button",
        class: "button danger-quiet",
        "aria-label": `Discard: ${what}`,
        onclick: letGo,
      },
      "Discard",
    ),
  );
}

/**
 * The sync status element and a stop() for when its view closes. The line is a polite live
 * region, so a screen reader hears when items start or stop waiting.
 */
export function syncStatus() {
  const line = h("p", { class: "sync-line", role: "status" });
  const refused = h("div", { class: "not-saved" });
  const element = h("div", { class: "sync-status" }, line, refused);
  let shown = "";

  async function refresh() {
    const entries = await pending();
    const waiting = entries.filter((entry) => !entry.failed).length;
    const text = waitingText(waiting);
    if (text !== shown) line.textContent = shown = text;
    const failed = entries.filter((entry) => entry.failed);
    if (!failed.length) return replaceChildren(refused);
    replaceChildren(
      refused,
      h("h2", {}, "Not saved"),
      h("p", {}, "The server would not take these. They stay here until you discard them."),
      h("ul", { class: "not-saved-list" }, failed.map((entry) => refusedRow(entry, refresh))),
    );
  }

  const stopChanges = onChange(() => refresh());
  const onNetwork = () => refresh();
  addEventListener("online", onNetwork);
  addEventListener("offline", onNetwork);
  refresh();
  return {
    element,
    stop() {
      stopChanges();
      removeEventListener("online", onNetwork);
      removeEventListener("offline", onNetwork);
    },
  };
}
