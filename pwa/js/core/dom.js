// Build DOM nodes without innerHTML, so nothing from the server is ever parsed as markup.

/**
 * Create an element: h("button", { class: "primary", onclick: fn }, "Save").
 * Attributes starting with "on" become listeners; true/false toggle boolean attributes.
 */
export function h(tag, attributes = {}, ...children) {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith("on") && typeof value === "function") {
      element.addEventListener(name.slice(2), value);
    } else if (value === true) {
      element.setAttribute(name, "");
    } else {
      element.setAttribute(name, String(value));
    }
  }
  append(element, children);
  return element;
}

function append(element, children) {
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replace everything inside element with children. */
export function replaceChildren(element, ...children) {
  element.replaceChildren();
  append(element, children);
}

/** Show an error message under a field and tie it to the input for screen readers. */
export function showFieldError(input, message, errorElement) {
  errorElement.textContent = message;
  errorElement.hidden = !message;
  if (message) {
    input.setAttribute("aria-invalid", "true");
    input.focus();
  } else {
    input.removeAttribute("aria-invalid");
  }
}

/** A heading that takes focus when a view opens, so screen readers hear where they are. */
export function pageHeading(text) {
  return h("h1", { tabindex: "-1", class: "page-heading" }, text);
}

let uniqueCounter = 0;

/** Return an id unique within this page, for label/aria-describedby pairs. */
export function uniqueId(prefix) {
  uniqueCounter += 1;
  return `${prefix}-${uniqueCounter}`;
}
