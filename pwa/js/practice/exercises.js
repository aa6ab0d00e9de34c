// Every exercise, grouped by what it does for you; each opens the one-minute player.
import { h, pageHeading, replaceChildren } from "../core/dom.js";
import { loadExercises } from "./exercise-library.js";

const GROUPS = [
  { effect: "grounding", heading: "To come back into the room" },
  { effect: "calming", heading: "To settle and slow down" },
  { effect: "energising", heading: "To wake up a little" },
];

function exerciseLink(exercise) {
  return h(
    "li",
    {},
    h(
      "a",
      { class: "exercise-choice", href: `#/ground?exercise=${encodeURIComponent(exercise.id)}` },
      h("span", { class: "exercise-title" }, exercise.title),
      h("span", { class: "exercise-summary" }, exercise.summary),
    ),
  );
}

export default {
  title: "Exercises",
  async render(main) {
    const exercises = await loadExercises();
    replaceChildren(
      main,
      pageHeading("Choose an exercise"),
      h("p", { class: "lead" }, "Each one takes a minute. Pick whatever you need right now."),
      GROUPS.map(({ effect, heading }) => {
        const group = exercises.filter((exercise) => exercise.effect === effect);
        if (!group.length) return null;
        const id = `exercises-${effect}`;
        return h(
          "section",
          { class: "exercise-group", "aria-labelledby": id },
          h("h2", { id }, heading),
          h("ul", { class: "exercise-list" }, group.map(exerciseLink)),
        );
      }),
    );
  },
};
