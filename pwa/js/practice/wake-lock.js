// Keep the screen on while an exercise runs; browsers without Screen Wake Lock just carry on.

/** Hold a screen wake lock until release(); it is taken again when the page is shown again. */
export function keepScreenOn() {
  let sentinel = null;
  let wanted = true;

  async function acquire() {
    if (!wanted || !("wakeLock" in navigator) || document.visibilityState !== "visible") return;
    try {
      sentinel = await navigator.wakeLock.request("screen");
      if (!wanted) release();
    } catch {
      // Refused (low battery, no permission): the exercise still runs, the screen may dim.
      sentinel = null;
    }
  }

  // The browser drops the lock whenever the page is hidden; take it again on return.
  function onVisibility() {
    if (document.visibilityState === "visible" && (!sentinel || sentinel.released)) acquire();
  }

  function release() {
    wanted = false;
    document.removeEventListener("visibilitychange", onVisibility);
    sentinel?.release().catch(() => {});
    sentinel = null;
  }

  document.addEventListener("visibilitychange", onVisibility);
  acquire();
  return { release };
}
