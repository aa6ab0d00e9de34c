// The quiet line above each screen when it shows what the device knew rather than what the
// server says now: "Offline · showing what this phone knew at 10:02".
import { lastContact } from "./copies.js";
import { h, replaceChildren } from "./dom.js";
import { render } from "./router.js";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
const day = new Intl.DateTimeFormat(undefined, { day: "numeric", month: "short" });

let started = false;
// The oldest stored copy shown on this screen (epoch ms), or null when none was.
let oldestCopy = null;

function when(moment) {
  const then = new Date(moment);
  const sameDay = then.toDateString() === new Date().toDateString();
  return sameDay ? `at ${clock.format(then)}` : `on ${day.format(then)} at ${clock.format(then)}`;
}

function show() {
  const line = document.querySelector(".offline-note");
  if (!line) return;
  const known = oldestCopy ?? lastContact();
  const online = navigator.onLine;
  if (online && oldestCopy === null) {
    line.hidden = true;
    return;
  }
  const what = known
    ? `showing what this phone knew ${when(known)}`
    : "showing what this phone has";
  line.hidden = false;
  replaceChildren(
    line,
    online ? `No answer from the server · ${what}` : `Offline · ${what}`,
    // Back online: one tap shows the server's answer instead.
    online
      ? h("button", { type: "button", class: "button quiet", onclick: refresh }, "Refresh")
      : null,
  );
}

function refresh() {
  oldestCopy = null;
  show();
  render();
}

function copyShown(storedAt) {
  oldestCopy = oldestCopy === null ? storedAt : Math.min(oldestCopy, storedAt);
  show();
}

/** Start watching (once); detail is the first "attune:stored-copy" event's, if that woke it. */
export function start(detail) {
  if (detail?.storedAt) copyShown(detail.storedAt);
  if (started) return;
  started = true;
  addEventListener("attune:stored-copy", (event) => copyShown(event.detail.storedAt));
  // A new screen starts afresh: the line comes back if it too shows a stored copy.
  addEventListener("attune:view", () => {
    oldestCopy = null;
    show();
  });
  addEventListener("online", show);
  addEventListener("offline", show);
  show();
}
