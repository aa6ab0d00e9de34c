// Gentle cues at each new step: a buzz and a soft tone, each only when switched on.
import { preference } from "../core/preferences.js";

// One long buzz to breathe in, two short ones to breathe out, a light tap for anything else.
export const VIBRATION = { in: [400], out: [120, 100, 120], other: [60] };
// Breathing in sounds a little higher than breathing out; other steps a quiet middle note.
const TONE = {
  in: { hertz: 523.25, seconds: 1.2, peak: 0.08 },
  out: { hertz: 392, seconds: 1.6, peak: 0.08 },
  other: { hertz: 440, seconds: 0.6, peak: 0.05 },
};

let audio = null;

/** Whether this browser can buzz at all (iPhones cannot). */
export function canVibrate() {
  return typeof navigator.vibrate === "function";
}

/** Make sound possible; browsers only allow it from a tap, so call this from one. */
export function prepareTones() {
  const Context = window.AudioContext || window.webkitAudioContext;
  if (!Context || !preference("tones")) return;
  audio ??= new Context();
  if (audio.state === "suspended") audio.resume().catch(() => {});
}

function playTone({ hertz, seconds, peak }) {
  if (!audio || audio.state !== "running") return;
  const start = audio.currentTime;
  const oscillator = audio.createOscillator();
  const gain = audio.createGain();
  oscillator.type = "sine";
  oscillator.frequency.value = hertz;
  // A slow swell and a long fade, so the tone never clicks or startles.
  gain.gain.setValueAtTime(0, start);
  gain.gain.linearRampToValueAtTime(peak, start + 0.15);
  gain.gain.exponentialRampToValueAtTime(0.0001, start + seconds);
  oscillator.connect(gain).connect(audio.destination);
  oscillator.start(start);
  oscillator.stop(start + seconds + 0.05);
}

/** Mark the start of a step: breath is "in", "out", "hold" or undefined. */
export function cueStep(breath) {
  const kind = breath === "in" || breath === "out" ? breath : "other";
  if (preference("haptics") && canVibrate()) navigator.vibrate(VIBRATION[kind]);
  if (preference("tones")) playTone(TONE[kind]);
}

/** Stop any buzz still going (on pause or stop). */
export function quietCues() {
  if (preference("haptics") && canVibrate()) navigator.vibrate(0);
}
