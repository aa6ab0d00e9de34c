// Where an exercise run stands, worked out from its start and the clock, never by counting ticks:
// a throttled or backgrounded tab that wakes late still lands on the right step.

/** Total length of a list of steps, in milliseconds. */
export function totalMs(steps) {
  return steps.reduce((sum, step) => sum + step.seconds * 1000, 0);
}

/** Milliseconds of the run spent paused up to now; a pause still open counts until now. */
export function pausedMs(pauses, now) {
  return pauses.reduce((sum, { from, to }) => {
    const end = Math.min(to ?? now, now);
    return sum + Math.max(0, end - from);
  }, 0);
}

/**
 * The run at a moment. Times are milliseconds on one clock (e.g. performance.now()).
 * steps: [{ seconds }]; startedAt: when it began; pauses: [{ from, to|null }]; now.
 * Returns { elapsedMs, stepIndex, stepElapsedMs, stepMs, remaining, done }, where
 * remaining is whole seconds left, rounded up, as a countdown shows them.
 */
export function playerState({ steps, startedAt, pauses = [], now }) {
  const total = totalMs(steps);
  const elapsedMs = Math.min(total, Math.max(0, now - startedAt - pausedMs(pauses, now)));
  const done = elapsedMs >= total;
  let stepIndex = 0;
  let stepStart = 0;
  while (stepIndex < steps.length - 1 && elapsedMs >= stepStart + steps[stepIndex].seconds * 1000) {
    stepStart += steps[stepIndex].seconds * 1000;
    stepIndex += 1;
  }
  const stepMs = steps[stepIndex].seconds * 1000;
  return {
    elapsedMs,
    stepIndex,
    stepElapsedMs: Math.min(stepMs, elapsedMs - stepStart),
    stepMs,
    remaining: Math.ceil((total - elapsedMs) / 1000),
    done,
  };
}

/** Whole seconds actually practised, as a stopped run is logged (0 means: log nothing). */
export function practisedSeconds(state) {
  return Math.floor(state.elapsedMs / 1000);
}
