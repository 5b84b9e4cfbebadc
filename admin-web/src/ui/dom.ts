// Small DOM helpers: find an element, build elements and SVG, format dates.

/** The element matching `selector`; throws when the page lacks it (a bug in index.html or here). */
export function $<T extends Element = HTMLElement>(selector: string): T {
  const el = document.querySelector<T>(selector);
  if (!el) throw new Error(`Missing element ${selector}`);
  return el;
}

/** The element with this id (ids may contain dots, which selectors would read as classes). */
export function byId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.getElementById(id);
  if (!el) throw new Error(`Missing element #${id}`);
  return el as T;
}

export type Child = Node | string | number | null | undefined | false | Child[];
type Attr = string | number | boolean | null | undefined;
/** Attributes; `class` and `text` set className and textContent, `on<event>` adds a listener. */
export type Props = Record<string, Attr | ((event: Event) => void)>;

function appendChildren(el: Element, children: Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    if (Array.isArray(child)) appendChildren(el, child);
    else el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props: Props = {}, ...children: Child[]): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (typeof value === "function") {
      if (!key.startsWith("on")) throw new Error(`A listener must be named on<event>, not ${key}`);
      el.addEventListener(key.slice(2), value);
    } else if (key === "class") el.className = String(value);
    else if (key === "text") el.textContent = String(value);
    else el.setAttribute(key, value === true ? "" : String(value));
  }
  appendChildren(el, children);
  return el;
}

const svgNs = "http://www.w3.org/2000/svg";
export function s<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, Attr> = {}, ...children: Child[]): SVGElementTagNameMap[K] {
  const el = document.createElementNS(svgNs, tag);
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== null) el.setAttribute(key, String(value));
  appendChildren(el, children);
  return el;
}

const dateFormat = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });
export const when = (iso: string | null | undefined): string => (iso ? dateFormat.format(new Date(iso)) : "—");
export const badge = (text: string, tone: string = text): HTMLSpanElement =>
  h("span", { class: `badge badge-${tone.replace(/[^a-z]+/gi, "-")}` }, text);
export const empty = (text: string): HTMLParagraphElement => h("p", { class: "empty" }, text);

export function table(columns: string[], rows: Child[][]): HTMLTableElement {
  return h("table", { class: "table" },
    h("thead", {}, h("tr", {}, columns.map((c) => h("th", { scope: "col" }, c)))),
    h("tbody", {}, rows.map((cells) => h("tr", {}, cells.map((c) => h("td", {}, c))))));
}

/** A form's submit button (the one `busy` labels while the form is sent). */
export function submitButton(form: EventTarget | null): HTMLButtonElement {
  const button = form instanceof HTMLFormElement ? form.querySelector<HTMLButtonElement>("button[type=submit]") : null;
  if (!button) throw new Error("The form has no submit button");
  return button;
}

/** The button an event was attached to. */
export function eventButton(event: Event): HTMLButtonElement {
  if (!(event.currentTarget instanceof HTMLButtonElement)) throw new Error("Expected a button event");
  return event.currentTarget;
}
