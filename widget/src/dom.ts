// A tiny element builder (the widget has no framework) and its inline SVG icons.

export type Child = Node | string | null | undefined | false;
type AttrValue = string | boolean | undefined | ((event: Event) => void);

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Record<string, AttrValue> = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const name of Object.keys(attrs)) {
    const value = attrs[name];
    if (value === undefined || value === false) continue;
    if (typeof value === 'function') el.addEventListener(name.slice(2), value);
    else el.setAttribute(name, value === true ? '' : value);
  }
  for (const child of children) if (child) el.append(child);
  return el;
}

/** replaceChildren that skips the empty slots of conditional children. */
export function fill(el: Element, ...children: Child[]): void {
  el.replaceChildren(...children.filter((c): c is Node | string => Boolean(c)));
}

const SVG_NS = 'http://www.w3.org/2000/svg';

const SVG_ATTRS: Record<string, string> = {
  viewBox: '0 0 24 24',
  width: '22',
  height: '22',
  fill: 'none',
  stroke: 'currentColor',
  'stroke-width': '2',
  'stroke-linecap': 'round',
  'stroke-linejoin': 'round',
  'aria-hidden': 'true',
  focusable: 'false',
};

/** A 24px stroke icon, hidden from assistive technology (its button carries the label). */
function icon(...paths: string[]): () => SVGSVGElement {
  return () => {
    const svg = document.createElementNS(SVG_NS, 'svg');
    for (const [name, value] of Object.entries(SVG_ATTRS)) svg.setAttribute(name, value);
    for (const d of paths) {
      const path = document.createElementNS(SVG_NS, 'path');
      path.setAttribute('d', d);
      svg.append(path);
    }
    return svg;
  };
}

export const icons = {
  chat: icon('M21 12a8 8 0 0 1-11.6 7.1L4 20l1-4.6A8 8 0 1 1 21 12z'),
  help: icon('M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z', 'M9.1 9a3 3 0 0 1 5.8 1c0 2-3 3-3 3', 'M12 17h.01'),
  message: icon('M4 5h16v11H8l-4 4z'),
  close: icon('M6 6l12 12', 'M18 6L6 18'),
  send: icon('M4 12l16-8-6 16-2.5-6.5z', 'M11.5 13.5L20 4'),
  person: icon('M20 21a8 8 0 0 0-16 0', 'M12 13a5 5 0 1 0 0-10 5 5 0 0 0 0 10z'),
};
