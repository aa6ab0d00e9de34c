// This device's own settings (not synced: a phone that buzzes and a laptop that does not).

const KEY = "attune:preferences";
const DEFAULTS = { haptics: false, tones: false };

// Private browsing may refuse storage: settings then last until the page closes.
let unsaved = {};

function stored() {
  try {
    return { ...JSON.parse(localStorage.getItem(KEY)), ...unsaved };
  } catch {
    return { ...unsaved };
  }
}

/** The value of one preference, or its default. */
export function preference(name) {
  const value = stored()[name];
  return value === undefined ? DEFAULTS[name] : value;
}

/** Remember one preference on this device. */
export function setPreference(name, value) {
  const next = { ...stored(), [name]: value };
  try {
    localStorage.setItem(KEY, JSON.stringify(next));
    unsaved = {};
  } catch {
    unsaved = next;
  }
}
