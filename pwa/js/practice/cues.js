// Gentle cues: at each new step a buzz and a soft tone, each only when switched on; at the end
// of the minute a closing buzz wherever the phone can, so it is felt with eyes closed.
import { preference } from "../core/preferences.js";

// One long buzz to breathe in, two short ones to breathe out, a light tap for anything else.
export const VIBRATION = { in: [400], out: [120, 100, 120], other: [60] };
// The end: three slow, softening pulses, unlike any step's buzz.
export const END_VIBRATION = [300, 250, 200, 250, 120];
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

// A closing chime: two notes falling a fifth, each fading slowly.
const CLOSING = [
  { hertz: 523.25, seconds: 2, peak: 0.07, after: 0 },
  { hertz: 349.23, seconds: 3, peak: 0.07, after: 0.6 },
];

function playTone({ hertz, seconds, peak, after = 0 }) {
  if (!audio || audio.state !== "running") return;
  const start = audio.currentTime + after;
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
  if (preference("haptics") && mayVibrate()) navigator.vibrate(VIBRATION[kind]);
  if (preference("tones")) playTone(TONE[kind]);
}

// Browsers refuse to buzz a page nobody has touched yet (and say so in the console).
function mayVibrate() {
  return canVibrate() && navigator.userActivation?.hasBeenActive !== false;
}

/** Mark the end of the minute: always a buzz where possible, the closing chime if tones are on. */
export function cueEnd() {
  if (mayVibrate()) navigator.vibrate(END_VIBRATION);
  if (preference("tones")) CLOSING.forEach(playTone);
}

/** Stop any buzz still going (on pause or stop). */
export function quietCues() {
  if (preference("haptics") && mayVibrate()) navigator.vibrate(0);
}
