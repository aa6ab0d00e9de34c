// A bottom sheet: a modal dialog that rises from the bottom edge, within a thumb's reach.
import { h, replaceChildren, uniqueId } from "../core/dom.js";

/**
 * Open a sheet titled title; fill(body, close) puts its content in. onClosed runs once it has
 * gone (Escape, Close, or close() from the content), to put focus back where it belongs.
 */
export function openSheet({ title, detail, fill, onClosed = () => {} }) {
  const titleId = uniqueId("sheet");
  const body = h("div", { class: "sheet-body" });
  const dialog = h(
    "dialog",
    { class: "sheet", "aria-labelledby": titleId },
    h(
      "div",
      { class: "sheet-inner" },
      h("h2", { id: titleId, class: "sheet-title" }, title),
      detail ? h("p", { class: "sheet-detail" }, detail) : null,
      body,
    ),
  );
  const close = () => dialog.open && dialog.close();
  dialog.addEventListener("close", () => {
    dialog.remove();
    onClosed();
  });
  // A tap on the dimmed page around the sheet (the dialog itself, not its inner box) closes it.
  dialog.addEventListener("click", (event) => {
    if (event.target === dialog) close();
  });
  document.body.append(dialog);
  fill(body, close);
  dialog.showModal();
  body.querySelector("input, select, button")?.focus();
  return { close, body };
}

/** The sheet's own list of choices: big buttons, one under the other, then Close. */
export function sheetChoices(body, close, choices) {
  replaceChildren(
    body,
    h(
      "div",
      { class: "sheet-choices" },
      choices.map(([label, onclick, kind = ""]) =>
        h("button", { type: "button", class: `button ${kind}`.trim(), onclick }, label),
      ),
      h("button", { type: "button", class: "button quiet", onclick: close }, "Close"),
    ),
  );
  body.querySelector("button")?.focus();
}
