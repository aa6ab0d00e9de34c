// Show schedule edits still waiting in the outbox as if the server had them already.
import { slotsFor } from "./hours.js";
import { addDays, localDay, weekdayOf, zonedInstant } from "./time.js";

const PATHS = [
  [/^\/api\/schedule\/(working-hours)$/, "hours"],
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

function appointment(id, startsMs, minutes, pending, extra = {}) {
  return {
    id,
    source: "manual",
    source_id: null,
    starts_at: new Date(startsMs).toISOString(),
    ends_at: new Date(startsMs + minutes * 60000).toISOString(),
    status: "scheduled",
    replaced_by: null,
    pending,
    ...extra,
  };
}

// A slot's own future occurrences follow it; its past ones stay as they were.
function applySlot(result, change, now, pending) {
  const same = result.slots.find((slot) => slot.id === change.id);
  const unchanged =
    same &&
    !change.remove &&
    ["weekday", "start", "length_minutes"].every((key) => same[key] === change.body[key]);
  if (unchanged) return;
  const future = (a) =>
    a.source === "template" && a.source_id === change.id && a.status === "scheduled";
  result.appointments = result.appointments.filter(
    (a) => !(future(a) && Date.parse(a.starts_at) > now),
  );
  result.slots = result.slots.filter((slot) => slot.id !== change.id);
  if (change.remove) return;
  generate(result, change.id, change.body, now, pending);
}

function generate(result, id, body, now, pending) {
  result.slots.push({ id, ...body, pending });
  for (let day = result.from; day <= result.to; day = addDays(day)) {
    if (weekdayOf(day) !== body.weekday) continue;
    const starts = zonedInstant(day, body.start, result.time_zone);
    if (starts <= now) continue;
    result.appointments.push(
      appointment(`${id}:${day}`, starts, body.length_minutes, pending, {
        source: "template",
        source_id: id,
      }),
    );
  }
}

// Working hours replace the whole pattern; what was cancelled, moved or has begun stays.
function applyHours(result, change, now, pending) {
  const wanted = slotsFor(change.body);
  const key = (slot) => `${slot.weekday} ${slot.start} ${slot.length_minutes}`;
  if (wanted.map(key).join() === result.slots.map(key).join()) return;
  result.appointments = result.appointments.filter(
    (a) => !(a.source === "template" && a.status === "scheduled" && Date.parse(a.starts_at) > now),
  );
  result.slots = [];
  for (const slot of wanted) generate(result, `hours:${key(slot)}`, slot, now, pending);
}

function applyPause(result, change, today, pending) {
  result.pauses = result.pauses.filter((pause) => pause.id !== change.id);
  if (change.remove) return;
  const first = change.body.first_day || change.body.last_day || today;
  result.pauses.push({
    id: change.id,
    first_day: first,
    last_day: change.body.last_day || first,
    pending,
  });
}

function mark(result, id, changes, pending) {
  result.appointments = result.appointments.map((a) =>
    a.id === id && a.status === "scheduled" ? { ...a, ...changes, pending } : a,
  );
}

function addOnce(result, id, startsAt, minutes, pending) {
  if (result.appointments.some((a) => a.id === id)) return;
  result.appointments.push(appointment(id, Date.parse(startsAt), minutes, pending));
}

/**
 * Return schedule with outbox entries applied, each change marked pending (or not, for writes
 * the server has just taken). Applying a write the schedule already shows changes nothing.
 */
export function withPending(schedule, entries, { now = Date.now(), pending = true } = {}) {
  const result = {
    ...schedule,
    appointments: [...schedule.appointments],
    slots: [...schedule.slots],
    pauses: [...schedule.pauses],
  };
  const today = localDay(now, schedule.time_zone);
  for (const change of entries.map(parse).filter(Boolean)) {
    if (change.kind === "slot") applySlot(result, change, now, pending);
    if (change.kind === "hours") applyHours(result, change, now, pending);
    if (change.kind === "pause") applyPause(result, change, today, pending);
    if (change.kind === "cancel") mark(result, change.id, { status: "cancelled" }, pending);
    if (change.kind === "add") {
      const { starts_at: startsAt, length_minutes: minutes } = change.body;
      addOnce(result, change.id, startsAt, minutes, pending);
    }
    if (change.kind === "move") {
      const { new_id: newId, starts_at: startsAt, length_minutes: minutes } = change.body;
      mark(result, change.id, { status: "moved", replaced_by: newId }, pending);
      addOnce(result, newId, startsAt, minutes, pending);
    }
  }
  result.appointments.sort((a, b) => Date.parse(a.starts_at) - Date.parse(b.starts_at));
  result.slots.sort((a, b) => a.weekday - b.weekday || a.start.localeCompare(b.start));
  result.pauses.sort((a, b) => a.first_day.localeCompare(b.first_day));
  result.paused_today = result.pauses.some((p) => p.first_day <= today && today <= p.last_day);
  return result;
}
