// SVG elements built like core/dom.js builds HTML ones: attributes set, never markup parsed.
const NS = "http://www.w3.org/2000/svg";

/** Create an SVG element: svg("rect", { x: 0, width: 10 }, ...children). */
export function svg(tag, attributes = {}, ...children) {
  const element = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null && value !== false) {
      element.setAttribute(name, String(value));
    }
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

/** A chart: seen, not read out; its words come next to it. */
export function chart(width, height, className, ...children) {
  return svg(
    "svg",
    {
      class: className,
      viewBox: `0 0 ${width} ${height}`,
      "aria-hidden": "true",
      focusable: "false",
    },
    ...children,
  );
}
