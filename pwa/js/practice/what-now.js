// The suggestion for right now, from this device's knowledge of recent practice (works offline).
import { loadExercises } from "./exercise-library.js";
import { recentPractice } from "./store.js";
import { suggestExercise } from "./suggest.js";

const RECENT_DAYS = 7;

/** Suggest an exercise for now: { exercise, reason } (see suggest.js). */
export async function whatNow(now = new Date()) {
  const since = new Date(now.getTime() - RECENT_DAYS * 24 * 60 * 60 * 1000);
  const [exercises, recent] = await Promise.all([
    loadExercises(),
    recentPractice({ since }).catch(() => ({ exerciseLogs: [], checkIns: [] })),
  ]);
  return suggestExercise({
    exercises,
    // Newest first; suggest.js decides whether it is recent enough to go by.
    lastCheckIn: recent.checkIns[0] ?? null,
    recentExerciseIds: recent.exerciseLogs.map((log) => log.exercise_id),
    now: now.getTime(),
  });
}
