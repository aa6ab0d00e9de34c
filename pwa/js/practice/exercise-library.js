// The exercises, read from the precached data file, so they open offline too.

let loading = null;

/** All exercises, in the order the library lists them. */
export function loadExercises() {
  loading ??= fetch("/data/exercises.json")
    .then((response) => {
      if (!response.ok) throw new Error("The exercises could not be loaded.");
      return response.json();
    })
    .then((library) => library.exercises)
    .catch((error) => {
      loading = null;
      throw error;
    });
  return loading;
}

/** One exercise by id, or null when there is none by that name. */
export async function findExercise(id) {
  return (await loadExercises()).find((exercise) => exercise.id === id) || null;
}
