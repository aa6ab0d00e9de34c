// Calendar import: the files and feeds this space reads its sessions from.
import { ApiError } from "../core/api.js";
import { h, replaceChildren } from "../core/dom.js";
import { listCalendars, removeCalendar, uploadFile } from "./api.js";
import { feedForm, fileForm, privacyNote, sessions } from "./import.js";
import { refreshSchedule } from "../schedule/store.js";
import { friendlyDate, friendlyTime } from "../core/time.js";
import { showToast } from "../core/toast.js";

function calendarRow(calendar, reload) {
  const name =
    calendar.kind === "feed"
      ? `Feed ${calendar.url}`
      : `Calendar file added ${friendlyDate(calendar.created_at)}`;
  const refreshed = calendar.last_refresh_at
    ? `${calendar.kind === "feed" ? "Last checked" : "Imported"} ${friendlyTime(calendar.last_refresh_at)}`
    : "Not read yet";
  const remove = async (event) => {
    const button = event.currentTarget;
    button.disabled = true;
    try {
      await removeCalendar(calendar.id);
      showToast("Calendar removed. Its coming sessions have left your schedule.");
      reload();
    } catch (error) {
      showToast(error.message);
      button.disabled = false;
    }
  };
  // The same id again replaces this file's coming sessions instead of adding them twice.
  const newer = h("input", { type: "file", accept: ".ics,text/calendar", hidden: true });
  newer.addEventListener("change", async () => {
    const file = newer.files[0];
    if (!file) return;
    try {
      const updated = await uploadFile(calendar.id, file, calendar.keyword);
      showToast(`Calendar replaced: ${sessions(updated.appointment_count)}.`);
      reload();
    } catch (error) {
      showToast(error.message);
    }
  });
  const replace =
    calendar.kind === "file"
      ? h(
          "button",
          {
            type: "button",
            class: "button",
            // The visible words first, so saying them names this button (WCAG 2.5.3).
            "aria-label": `Replace with a newer copy: ${name}`,
            onclick: () => newer.click(),
          },
          "Replace with a newer copy",
        )
      : null;
  return h(
    "li",
    { class: "calendar" },
    h("p", {}, h("strong", { class: "calendar-name" }, name)),
    h(
      "p",
      { class: "muted" },
      [
        sessions(calendar.appointment_count),
        refreshed,
        calendar.keyword ? `only “${calendar.keyword}”` : null,
      ]
        .filter(Boolean)
        .join(" · "),
    ),
    calendar.last_error
      ? h("p", { class: "calendar-error" }, "The last update did not work: ", calendar.last_error)
      : null,
    h(
      "div",
      { class: "actions" },
      replace,
      newer,
      h(
        "button",
        {
          type: "button",
          class: "button danger-quiet",
          "aria-label": `Remove ${name}`,
          onclick: remove,
        },
        "Remove",
      ),
    ),
  );
}

/** The calendar import card; returns { element, load() }. */
export function calendarsCard() {
  const list = h("div", { class: "calendar-list" });
  const load = async () => {
    try {
      const calendars = await listCalendars();
      replaceChildren(
        list,
        calendars.length
          ? h(
              "ul",
              { class: "calendars" },
              calendars.map((c) => calendarRow(c, reloadAll)),
            )
          : h("p", { class: "muted" }, "No calendars yet."),
      );
    } catch (error) {
      const offline = error instanceof ApiError && error.code === "offline";
      const text = offline ? "Your calendars show here once you are back online." : error.message;
      replaceChildren(list, h("p", { class: "muted" }, text));
    }
  };
  const reloadAll = () => {
    load();
    refreshSchedule().catch(() => {});
  };
  const element = h(
    "section",
    { class: "card", "aria-labelledby": "schedule-calendars" },
    h("h2", { id: "schedule-calendars" }, "Import a calendar"),
    h("p", {}, "Already keep your sessions in a calendar? Bring their times in."),
    privacyNote(),
    list,
    h("h3", {}, "Upload a file"),
    fileForm(reloadAll),
    h("h3", {}, "Subscribe to a feed"),
    feedForm(reloadAll),
  );
  load();
  return { element, load };
}
