// Check in: how present you are and your energy, then a kind word and today's check-ins.
import { checkInForm } from "./form.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { onChange } from "../core/outbox.js";
import { recentPractice } from "../practice/store.js";
import { syncStatus } from "../core/sync-status.js";
import { loadWords } from "./words.js";

const clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });

function kindWord(checkIn) {
  if (checkIn.presence <= 2 || checkIn.energy <= 2) {
    return "Noticing that is part of being present. Be gentle with yourself before the next session.";
  }
  return "Noticing how you arrive is part of being present for someone else.";
}

function checkInRow(checkIn, words) {
  const parts = [
    `Presence ${checkIn.presence}, ${words.presence[checkIn.presence - 1]}`,
    `energy ${checkIn.energy}, ${words.energy[checkIn.energy - 1]}`,
  ];
  if (checkIn.feelings.length) parts.push(checkIn.feelings.join(", "));
  if (checkIn.note) parts.push("with a note");
  let tag = null;
  if (checkIn.error) tag = h("span", { class: "tag not-saved-tag" }, "Not saved");
  else if (checkIn.pending) tag = h("span", { class: "tag pending-tag" }, "Waiting to sync");
  return h(
    "li",
    { class: "check-in-row" },
    h("span", { class: "check-in-time" }, clock.format(new Date(checkIn.checked_in_at))),
    h("span", { class: "check-in-summary" }, parts.join(" · ")),
    tag,
  );
}

async function todaysList(list) {
  const now = new Date();
  const since = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  const [{ checkIns }, words] = await Promise.all([
    recentPractice({ since }),
    loadWords(),
  ]);
  replaceChildren(list, checkIns.map((checkIn) => checkInRow(checkIn, words)));
}

function confirmation(body, saved, again) {
  const list = h("ul", { class: "check-in-list" });
  replaceChildren(
    body,
    h(
      "section",
      { class: "card check-in-done", "aria-labelledby": "check-in-done" },
      h("h2", { id: "check-in-done", tabindex: "-1" }, "Thank you for checking in"),
      h("p", {}, kindWord(saved)),
      h("button", { type: "button", class: "button", onclick: again }, "Check in again"),
      h("a", { class: "button quiet", href: "#/" }, "Back to home"),
    ),
    h(
      "section",
      { class: "check-in-today", "aria-labelledby": "check-in-today" },
      h("h2", { id: "check-in-today" }, "Today"),
      list,
    ),
  );
  body.querySelector("#check-in-done").focus();
  const stop = onChange(() => todaysList(list));
  todaysList(list);
  return stop;
}

export default {
  title: "Check in",
  render(main) {
    const status = syncStatus();
    const body = h("div", { class: "check-in-body" });
    let stopList = null;
    const showForm = () => {
      stopList?.();
      stopList = null;
      replaceChildren(
        body,
        checkInForm({
          onDone: (saved) => {
            stopList = confirmation(body, saved, showForm);
          },
        }),
      );
    };
    replaceChildren(
      main,
      pageHeading("Check in"),
      h("p", { class: "lead" }, "Ten seconds for yourself. There are no right answers."),
      status.element,
      body,
    );
    showForm();
    return () => {
      status.stop();
      stopList?.();
    };
  },
};
