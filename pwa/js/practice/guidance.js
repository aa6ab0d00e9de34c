// One line of guidance at a time: a step's text split into the lines the player shows in turn,
// each at its moment within the step. Pure, so the table in tests/e2e/test_guidance.py pins it.

// A count after an ellipsis: "Breathe in… 2… 3… 4." → "Breathe in…", "2…", "3…", "4.".
const COUNT_BREAK = /(?<=…)\s+(?=\d+[….]?$|\d+[….]?\s)/;
// A sentence ends at . ? or ! before a capital (or an opening quote or bracket).
const SENTENCE_BREAK = /(?<=[.?!])\s+(?=[A-Z"“‘(])/;
// Sentence lines start on a half second, so each begins on a calm, predictable beat.
const BEAT_MS = 500;
// Each line costs a moment to take in, whatever its length; under two seconds it is a flicker.
const LINE_WORDS = 4;
const SHORTEST_LINE_MS = 2000;

const words = (text) => text.split(/\s+/).filter(Boolean).length;

function counted(text) {
  const parts = text.split(COUNT_BREAK);
  const isCount = (part) => /^\d+[….]?$/.test(part);
  return parts.length > 1 && parts.slice(1).every(isCount) ? parts : null;
}

/**
 * The lines of one step: [{ text, fromMs }] where fromMs is when the line starts, counted from
 * the step's start. A counted breath gives one line per count, evenly spaced; other text one
 * line per sentence, each given time in proportion to its words; a step too short for that stays one line.
 */
export function stepLines({ text, seconds }) {
  const stepMs = seconds * 1000;
  const counts = counted(text);
  if (counts) {
    return counts.map((line, index) => ({ text: line, fromMs: (stepMs * index) / counts.length }));
  }
  const sentences = text.split(SENTENCE_BREAK);
  const weight = (sentence) => words(sentence) + LINE_WORDS;
  const total = sentences.reduce((sum, sentence) => sum + weight(sentence), 0);
  let before = 0;
  const lines = sentences.map((sentence) => {
    const fromMs = Math.round((stepMs * before) / total / BEAT_MS) * BEAT_MS;
    before += weight(sentence);
    return { text: sentence, fromMs };
  });
  const ends = [...lines.slice(1).map((line) => line.fromMs), stepMs];
  const tooQuick = lines.some((line, index) => ends[index] - line.fromMs < SHORTEST_LINE_MS);
  return tooQuick ? [{ text, fromMs: 0 }] : lines;
}

/** Every step's lines, in order: lines[stepIndex] is stepLines(steps[stepIndex]). */
export function guidanceLines(steps) {
  return steps.map(stepLines);
}

/** Which line of a step shows stepElapsedMs into it (0 before the second line starts). */
export function lineIndexAt(lines, stepElapsedMs) {
  let index = 0;
  while (index < lines.length - 1 && stepElapsedMs >= lines[index + 1].fromMs) index += 1;
  return index;
}
