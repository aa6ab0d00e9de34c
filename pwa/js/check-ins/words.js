// The check-in's words (the scales' answers and the feeling words), read once per page load from
// the precached data file, so every screen that needs them shares one request, offline too.

let loading = null;

/** { presence: [5 words], energy: [5 words], feelings: [words] }. */
export function loadWords() {
  loading ??= fetch("/data/check-in.json")
    .then((response) => {
      if (!response.ok) throw new Error("The check-in words did not load.");
      return response.json();
    })
    .catch((error) => {
      loading = null;
      throw error;
    });
  return loading;
}
