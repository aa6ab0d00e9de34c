// A run cut short by closing or reloading the tab, or by the phone dropping it while in the
// background: written down synchronously as the page goes or hides (there may be no time left
// for IndexedDB), and logged as a partial run on the next visit.
import { currentSession } from "../core/api.js";
import { saveExerciseLog } from "./store.js";

const KEY = "attune:unfinished-run";

/** Keep { id, exercise_id, started_at, duration_seconds } of a run the page is leaving. */
export function keepUnfinishedRun(run) {
  try {
    localStorage.setItem(KEY, JSON.stringify({ ...run, space_id: currentSession()?.space_id }));
  } catch {
    // No storage (private browsing): the run cannot outlive the page.
  }
}

/** The run came back (the page is shown again) or ended on its own: nothing to keep. */
export function forgetUnfinishedRun() {
  try {
    localStorage.removeItem(KEY);
  } catch {
    // No storage: nothing was kept.
  }
}

/** Log a kept run, if any, for this space; the same id makes a second try harmless. */
export async function logUnfinishedRun() {
  let run = null;
  try {
    run = JSON.parse(localStorage.getItem(KEY));
  } catch {
    return;
  }
  if (!run) return;
  const { space_id: space, ...log } = run;
  if (space === currentSession()?.space_id) await saveExerciseLog({ ...log, completed: false });
  localStorage.removeItem(KEY);
}
