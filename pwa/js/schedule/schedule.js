// Schedule: today and the coming week, the weekly pattern, quiet days and calendar import.
import { currentSession, ensureSession } from "../core/api.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { mountNextSession } from "./next-session.js";
import { addCard } from "./add.js";
import { calendarsCard } from "../calendars/calendars.js";
import { daysCard } from "./days.js";
import { holidaysCard, todayCard } from "./pauses.js";
import { refusedCard } from "./refused.js";
import { slotsCard } from "./slots.js";
import { knownSchedule, onScheduleChange, refreshSchedule } from "./store.js";
import { zoneCard } from "./zone.js";

function offlineNote() {
  return h(
    "p",
    { class: "note", id: "schedule-offline", hidden: navigator.onLine },
    "You are offline. This is the schedule this device last knew; your changes are kept here ",
    "and sent once you are back online.",
  );
}

export default {
  title: "Schedule",
  async render(main) {
    if (!currentSession()) await ensureSession();
    const schedule = (await refreshSchedule().catch(() => null)) || (await knownSchedule());
    if (!schedule) {
      replaceChildren(
        main,
        pageHeading("Schedule"),
        h(
          "p",
          {},
          "Your schedule has not reached this device yet. Connect once, and it will be here offline too.",
        ),
      );
      return undefined;
    }
    const next = h("p", { class: "lead" });
    const cards = [
      refusedCard(),
      todayCard(),
      daysCard(),
      slotsCard(),
      addCard(),
      holidaysCard(),
      zoneCard(),
    ];
    const calendars = calendarsCard();
    const note = offlineNote();
    replaceChildren(
      main,
      pageHeading("Schedule"),
      next,
      note,
      cards.map((card) => card.element),
      calendars.element,
    );
    const update = (latest) => {
      if (latest) for (const card of cards) card.update(latest);
    };
    update(schedule);
    const connection = () => {
      note.hidden = navigator.onLine;
      if (navigator.onLine) calendars.load();
    };
    addEventListener("online", connection);
    addEventListener("offline", connection);
    const stops = [mountNextSession(next), onScheduleChange(update)];
    return () => {
      for (const stop of stops) stop();
      removeEventListener("online", connection);
      removeEventListener("offline", connection);
    };
  },
};
