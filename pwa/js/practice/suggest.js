// "What now": one exercise for this moment, from the last check-in and what was done lately.
// Pure and deterministic: the same history and time always give the same suggestion.

// A check-in older than this says little about how you are now.
const CHECK_IN_STILL_TELLS_MS = 3 * 60 * 60 * 1000;
const LOW = 2;
const DAY_MS = 24 * 60 * 60 * 1000;

export const REASONS = {
  energy: "You said your energy was low — something to wake you up",
  presence: "You said you felt scattered — something to help you land",
  variety: "Something different from last time",
  first: "A good minute to begin with",
};

function dayNumber(now) {
  const date = new Date(now);
  return Math.floor(Date.UTC(date.getFullYear(), date.getMonth(), date.getDate()) / DAY_MS);
}

// Why the need from the check-in, and which effect answers it.
function need(lastCheckIn, now) {
  if (!lastCheckIn) return null;
  const age = new Date(now).getTime() - new Date(lastCheckIn.checked_in_at).getTime();
  if (!(age >= -CHECK_IN_STILL_TELLS_MS && age <= CHECK_IN_STILL_TELLS_MS)) return null;
  // Scattered and depleted at once: land first. Grounding is gentle enough for a tired body,
  // while an energising exercise on a scattered mind tends to add more noise than focus, and
  // presence is what the next client needs most.
  if (lastCheckIn.presence <= LOW) return { reason: "presence", effect: "grounding" };
  if (lastCheckIn.energy <= LOW) return { reason: "energy", effect: "energising" };
  return null;
}

// Least recently done first; never the one just done unless nothing else is left.
function pick(pool, recent, now) {
  const notLast = pool.filter((exercise) => exercise.id !== recent[0]);
  const choices = notLast.length ? notLast : pool;
  const fresh = choices.filter((exercise) => !recent.includes(exercise.id));
  if (fresh.length) return fresh[dayNumber(now) % fresh.length];
  const lastDone = (exercise) => recent.indexOf(exercise.id);
  return choices.reduce((oldest, exercise) =>
    lastDone(exercise) > lastDone(oldest) ? exercise : oldest,
  );
}

/**
 * Suggest an exercise. exercises: the library; lastCheckIn: { presence, energy, checked_in_at }
 * or null; recentExerciseIds: newest first; now: a Date, ISO string or epoch milliseconds.
 * Returns { exercise, reason } where reason is a key of REASONS.
 */
export function suggestExercise({ exercises, lastCheckIn = null, recentExerciseIds = [], now }) {
  const recent = recentExerciseIds;
  const wanted = need(lastCheckIn, now);
  const matching = wanted ? exercises.filter((exercise) => exercise.effect === wanted.effect) : [];
  const usable = matching.filter((exercise) => exercise.id !== recent[0]);
  if (usable.length) return { exercise: pick(usable, recent, now), reason: wanted.reason };
  const exercise = pick(exercises, recent, now);
  return { exercise, reason: recent.length ? "variety" : "first" };
}
