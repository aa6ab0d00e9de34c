// A private note with a live character count; the limit is spoken only as it comes near.
import { h, uniqueId } from "../core/dom.js";

const NOTE_LIMIT = 500;
const NOTE_NEARLY_FULL = 450;

/** { field, textarea }: a labelled textarea of at most 500 characters, counted as you type. */
export function noteField() {
  const id = uniqueId("check-in-note");
  const count = h("p", { id: `${id}-count`, class: "hint note-count" }, `0 of ${NOTE_LIMIT} characters`);
  const spoken = h("p", { class: "visually-hidden", role: "status" });
  const textarea = h("textarea", {
    id,
    name: "note",
    rows: 3,
    maxlength: NOTE_LIMIT,
    "aria-describedby": count.id,
    oninput: () => {
      const length = textarea.value.length;
      count.textContent = `${length} of ${NOTE_LIMIT} characters`;
      // Spoken only near the end, not on every key.
      let message = "";
      if (length >= NOTE_LIMIT) message = `That is the ${NOTE_LIMIT}-character limit.`;
      else if (length >= NOTE_NEARLY_FULL) message = `${NOTE_LIMIT - length} characters left.`;
      spoken.textContent = message;
    },
  });
  const field = h(
    "div",
    { class: "note-field" },
    h("label", { for: id }, "A note just for you ", h("span", { class: "optional" }, "(optional)")),
    textarea,
    count,
    spoken,
  );
  return { field, textarea };
}
