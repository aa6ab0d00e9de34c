// Show schedule edits still waiting in the outbox as if the server had them already.
import { addDays, localDay, weekdayOf, zonedInstant } from "./schedule-time.js";

const PATHS = [
  [/^\/api\/schedule\/slots\/([^/]+)$/, "slot"],
  [/^\/api\/schedule\/appointments\/([^/]+)\/move$/, "move"],
  [/^\/api\/schedule\/appointments\/([^/]+)\/cancel$/, "cancel"],
  [/^\/api\/schedule\/appointments\/([^/]+)$/, "add"],
  [/^\/api\/schedule\/pauses\/([^/]+)$/, "pause"],
];

function parse(entry) {
  for (const [pattern, kind] of PATHS) {
    const match = entry.path.match(pattern);
    if (match) return { kind, id: match[1], remove: entry.method === "DELETE", body: entry.body };
  }
  return null;
}

function appointment(id, startsMs, minutes, extra = {}) {
  return {
    id,
    source: "manual",
    source_id: null,
    starts_at: new Date(startsMs).toISOString(),
    ends_at: new Date(startsMs + minutes * 60000).toISOString(),
    status: "scheduled",
    replaced_by: null,
    pending: true,
    ...extra,
  };
}

// A slot's own future occurrences follow it; its past ones stay as they were.
function applySlot(result, change, now) {
  const future = (a) =>
    a.source === "template" && a.source_id === change.id && a.status === "scheduled";
  result.appointments = result.appointments.filter(
    (a) => !(future(a) && Date.parse(a.starts_at) > now),
  );
  result.slots = result.slots.filter((slot) => slot.id !== change.id);
  if (change.remove) return;
  result.slots.push({ id: change.id, ...change.body, pending: true });
  for (let day = result.from; day <= result.to; day = addDays(day)) {
    if (weekdayOf(day) !== change.body.weekday) continue;
    const starts = zonedInstant(day, change.body.start, result.time_zone);
    if (starts <= now) continue;
    result.appointments.push(
      appointment(`${change.id}:${day}`, starts, change.body.length_minutes, {
        source: "template",
        source_id: change.id,
      }),
    );
  }
}

function applyPause(result, change, today) {
  result.pauses = result.pauses.filter((pause) => pause.id !== change.id);
  if (change.remove) return;
  const first = change.body.first_day || change.body.last_day || today;
  result.pauses.push({
    id: change.id,
    first_day: first,
    last_day: change.body.last_day || first,
    pending: true,
  });
}

function mark(result, id, changes) {
  result.appointments = result.appointments.map((a) =>
    a.id === id ? { ...a, ...changes, pending: true } : a,
  );
}

/** Return schedule with the pending outbox entries applied, each marked pending: true. */
export function withPending(schedule, entries, now = Date.now()) {
  const result = {
    ...schedule,
    appointments: [...schedule.appointments],
    slots: [...schedule.slots],
    pauses: [...schedule.pauses],
  };
  const today = localDay(now, schedule.time_zone);
  for (const change of entries.map(parse).filter(Boolean)) {
    if (change.kind === "slot") applySlot(result, change, now);
    if (change.kind === "pause") applyPause(result, change, today);
    if (change.kind === "cancel") mark(result, change.id, { status: "cancelled" });
    if (change.kind === "add") {
      const { starts_at: startsAt, length_minutes: minutes } = change.body;
      result.appointments.push(appointment(change.id, Date.parse(startsAt), minutes));
    }
    if (change.kind === "move") {
      const { new_id: newId, starts_at: startsAt, length_minutes: minutes } = change.body;
      mark(result, change.id, { status: "moved", replaced_by: newId });
      result.appointments.push(appointment(newId, Date.parse(startsAt), minutes));
    }
  }
  result.appointments.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  result.slots.sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  result.pauses.sort((a, b) => a.first_day.localeCompare(b.first_day));
  result.paused_today = result.pauses.some((p) => p.first_day <= today && today <= p.last_day);
  return result;
}
