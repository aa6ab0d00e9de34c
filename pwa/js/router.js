// Hash routes: "#/devices" opens the devices view; every view is one module.
import { h, replaceChildren } from "./dom.js";

let routes = {};
let cleanup = null;
let rendered = false;

/** Map paths like "/devices" to { title, render(main) -> optional cleanup function }. */
export function defineRoutes(table) {
  routes = table;
}

export function currentPath() {
  const path = location.hash.replace(/^#/, "") || "/";
  return routes[path] ? path : "/";
}

/** Go to a path; re-renders even when it is the current one. */
export function navigate(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = `#${path}`;
}

function leaveView() {
  if (cleanup) cleanup();
  cleanup = null;
}

function markCurrent(path) {
  for (const link of document.querySelectorAll(".site-nav a")) {
    if (link.dataset.route === path) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function showError(main, error) {
  replaceChildren(
    main,
    h("h1", { tabindex: "-1", class: "page-heading" }, "This did not open"),
    h("p", {}, error.message || "Something went wrong."),
    h("button", { type: "button", class: "button primary", onclick: () => render() }, "Try again"),
  );
}

/** Render a view that has no route of its own, e.g. "your space is gone". */
export function renderView(view) {
  leaveView();
  // Without a hash, every nav link is a real change again.
  history.replaceState(null, "", location.pathname);
  markCurrent(null);
  document.title = `${view.title} · Attune`;
  view.render(document.getElementById("main"));
}

/** Render the view for the current hash; after a navigation, focus its heading. */
export async function render() {
  const path = currentPath();
  const view = routes[path];
  const main = document.getElementById("main");
  const focus = rendered;
  rendered = true;
  leaveView();
  markCurrent(path);
  document.title = path === "/" ? "Attune" : `${view.title} · Attune`;
  main.setAttribute("aria-busy", "true");
  let next;
  try {
    next = await view.render(main);
  } catch (error) {
    showError(main, error);
  }
  main.removeAttribute("aria-busy");
  if (currentPath() !== path) {
    if (typeof next === "function") next();
    return;
  }
  cleanup = typeof next === "function" ? next : null;
  if (focus) main.querySelector("h1")?.focus({ preventScroll: false });
}

export function startRouter() {
  addEventListener("hashchange", () => render());
  return render();
}
