// Hash routes: "#/settings" opens the settings view; every view is one module, imported the
// first time its route is visited, so the first load carries only the shell and Today.
//
// The tab bar (index.html) marks the tab of the current route with aria-current="page"; a tab's
// data-routes lists the routes it covers. A full-screen view (the exercise player) hides the tab
// bar with document.body.dataset.immersive = "true"; leaving the view shows it again by itself.
import { h, replaceChildren } from "./dom.js";

let routes = {};
let cleanup = null;
let rendered = false;
// Bumped by every render, so a slow view that finishes late does not paint over a newer one.
let generation = 0;

/**
 * Map paths like "/devices" to a loader, e.g. () => import("../space/devices.js"), whose module's
 * default export is { title, render(container) -> optional cleanup function }.
 */
export function defineRoutes(table) {
  routes = table;
}

// The browser keeps each module once; this keeps the view once, so a revisit waits for nothing.
const loaded = new Map();

async function loadView(path) {
  if (!loaded.has(path)) {
    const module = await routes[path]();
    loaded.set(path, module.default);
  }
  return loaded.get(path);
}

/** The route part of the hash, without any "?query" after it. */
export function currentPath() {
  const path = location.hash.replace(/^#/, "").split("?")[0] || "/";
  return routes[path] ? path : "/";
}

/** The query after the route, e.g. "#/ground?exercise=box-breathing" → exercise=box-breathing. */
export function currentQuery() {
  const query = location.hash.split("?").slice(1).join("?");
  return new URLSearchParams(query);
}

/** Go to a path; re-renders even when it is the current one. */
export function navigate(path) {
  if (location.hash === `#${path}`) render();
  else location.hash = `#${path}`;
}

function leaveView() {
  if (cleanup) cleanup();
  cleanup = null;
  delete document.body.dataset.immersive;
}

function markCurrent(path) {
  for (const link of document.querySelectorAll(".tab-bar a")) {
    if (path && link.dataset.routes.split(" ").includes(path)) {
      link.setAttribute("aria-current", "page");
    } else {
      link.removeAttribute("aria-current");
    }
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
  generation += 1;
  leaveView();
  // Without a hash, every nav link is a real change again.
  history.replaceState(null, "", location.pathname);
  markCurrent(null);
  // No space to move around in: the tab bar waits until there is one again.
  document.body.dataset.bare = "true";
  document.title = `${view.title} · Attune`;
  const main = document.getElementById("main");
  main.removeAttribute("aria-busy");
  dispatchEvent(new CustomEvent("attune:view", { detail: { path: null } }));
  view.render(main);
}

/** Render the view for the current hash; after a navigation, focus its heading. */
export async function render() {
  const path = currentPath();
  const main = document.getElementById("main");
  const focus = rendered;
  rendered = true;
  generation += 1;
  const mine = generation;
  leaveView();
  markCurrent(path);
  delete document.body.dataset.bare;
  // A new screen begins: anything said about the last one's data is said again if still true.
  dispatchEvent(new CustomEvent("attune:view", { detail: { path } }));
  main.setAttribute("aria-busy", "true");
  // The view builds off-screen, so a slow one never paints over a newer one.
  const stage = document.createElement("div");
  let next;
  let failure = null;
  try {
    const view = await loadView(path);
    if (mine === generation) document.title = path === "/" ? "Attune" : `${view.title} · Attune`;
    next = await view.render(stage);
  } catch (error) {
    failure = error;
  }
  if (mine !== generation) {
    if (typeof next === "function") next();
    return;
  }
  if (failure) showError(main, failure);
  else main.replaceChildren(...stage.childNodes);
  main.removeAttribute("aria-busy");
  cleanup = typeof next === "function" ? next : null;
  if (focus) main.querySelector("h1")?.focus({ preventScroll: false });
}

export function startRouter() {
  addEventListener("hashchange", () => render());
  return render();
}
