// Schedule: the week session by session, working hours, days off, time zone and calendars.
import { currentSession, ensureSession } from "../core/api.js";
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { mountNextSession } from "./next-session.js";
import { calendarsCard } from "../calendars/calendars.js";
import { daysOffCard } from "./pauses.js";
import { refusedCard } from "./refused.js";
import { knownSchedule, onScheduleChange, refreshSchedule } from "./store.js";
import { weekCard } from "./week.js";
import { workingHoursCard } from "./working-hours.js";
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
    const schedule =
      (await refreshSchedule({ weeks: true }).catch(() => null)) || (await knownSchedule());
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
    const week = weekCard();
    const hours = workingHoursCard();
    // Nothing planned yet: setting the working hours comes first.
    const empty = !schedule.slots.length && !schedule.appointments.length;
    const cards = [
      refusedCard(),
      ...(empty ? [hours, week] : [week, hours]),
      daysOffCard(),
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
    const stops = [mountNextSession(next, { refresh: false }), onScheduleChange(update)];
    return () => {
      for (const stop of stops) stop();
      removeEventListener("online", connection);
      removeEventListener("offline", connection);
    };
  },
};
