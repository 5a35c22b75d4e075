// DOM helpers. Every piece of data goes into the page as a text node or an attribute value, never parsed as
// markup (tests/browser/test_frontend_files.py checks every script for HTML sinks).

import { t } from "./i18n.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Append children (strings become text nodes; null, undefined and false are skipped; arrays are flattened). */
function append(element, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

function applyProps(element, props) {
  for (const [key, value] of Object.entries(props || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "class") element.setAttribute("class", Array.isArray(value) ? value.filter(Boolean).join(" ") : value);
    else if (key === "text") element.textContent = value;
    else if (key === "on") for (const [name, fn] of Object.entries(value)) element.addEventListener(name, fn);
    else if (key === "dataset") Object.assign(element.dataset, value);
    else if (key === "value" && "value" in element) element.value = value;
    else if (key === "checked" || key === "selected" || key === "disabled" || key === "hidden") element[key] = value;
    else if (key === "style") throw new Error("no inline styles: the content security policy forbids them");
    else element.setAttribute(key, value === true ? "" : String(value));
  }
}

/** An HTML element: h("p", {class: "x"}, "text", child). */
export function h(tag, props, ...children) {
  const element = document.createElement(tag);
  applyProps(element, props);
  return append(element, children);
}

/** An SVG element with attributes. */
export function svg(tag, attrs, ...children) {
  const element = document.createElementNS(SVG_NS, tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (key === "text") element.textContent = value;
    else element.setAttribute(key, String(value));
  }
  return append(element, children);
}

/** `load` for a region that its filters reload. Each call gets a `current()` that stays true only until a later call
 * starts: when the filters change faster than the server answers, an older answer must not overwrite a newer one
 * (a browser test once downloaded the previous period's CSV that way). */
export function newestOnly(load) {
  let latest = 0;
  return (...args) => {
    const mine = ++latest;
    return load(() => mine === latest, ...args);
  };
}

/** Replace an element's children. */
export function mount(element, ...children) {
  element.replaceChildren();
  return append(element, children);
}

let counter = 0;
/** A unique id for label/for and aria-describedby pairs. */
export function uid(prefix = "f") {
  counter += 1;
  return `${prefix}-${counter}`;
}

/** A labelled control: returns the wrapper; `control` gets an id and the label points to it. */
export function field(labelText, control, { hint, className } = {}) {
  if (!control.id) control.id = uid();
  const label = h("label", { for: control.id }, labelText);
  const wrapper = h("div", { class: ["field", className] }, label, control);
  if (hint) {
    const hintEl = h("p", { class: "hint", id: uid("hint") }, hint);
    control.setAttribute("aria-describedby", hintEl.id);
    wrapper.append(hintEl);
  }
  return wrapper;
}

/**
 * A labelled text box with its length limit (its `maxlength`) announced as it nears: from 80 % of the limit on, the
 * characters left show under it, and a screen reader hears it at 80 %, 95 % and the limit (the browser adds nothing
 * past the limit, silently otherwise). A value set from code (a kept draft, a retry) is counted on focus.
 */
export function limitedField(labelText, textarea, options = {}) {
  const wrapper = field(labelText, textarea, options);
  const max = Number(textarea.getAttribute("maxlength"));
  const shown = h("p", { class: "hint char-count", hidden: true });
  const said = h("p", { class: "visually-hidden", "aria-live": "polite" });
  let level = 0;
  const count = () => {
    const used = textarea.value.length;
    const reached = [0.8, 0.95, 1].filter((share) => used >= Math.floor(max * share)).length;
    shown.hidden = reached === 0;
    shown.textContent = used >= max ? t("chars.full", { max }) : t("chars.left", { n: max - used, max });
    if (reached > level) said.textContent = shown.textContent;
    level = reached;
  };
  textarea.addEventListener("input", count);
  textarea.addEventListener("focus", count);
  wrapper.append(shown, said);
  return wrapper;
}

/** A scroll box for a wide table: a named region that takes keyboard focus, so that it scrolls by arrow keys. */
export function tableBox(label, ...children) {
  return h("div", { class: "table-wrap", tabindex: "0", role: "region", "aria-label": label }, ...children);
}

/** A <select> with options [{value, label}] (or plain strings). */
export function select(options, { value, ...props } = {}) {
  const element = h(
    "select",
    props,
    options.map((option) => {
      const item = typeof option === "object" ? option : { value: option, label: option };
      return h("option", { value: item.value }, item.label);
    }),
  );
  if (value !== undefined && value !== null) element.value = String(value);
  return element;
}

/** A button; `busy(button, text)` shows a loading state while a promise runs. */
export function button(text, onClick, props = {}) {
  return h("button", { type: "button", ...props, on: { click: onClick, ...(props.on || {}) } }, text);
}

/** Run `work` with the button disabled and showing `busyText`; the label comes back afterwards. */
export async function busy(buttonEl, busyText, work) {
  const label = buttonEl.textContent;
  buttonEl.disabled = true;
  buttonEl.setAttribute("aria-busy", "true");
  buttonEl.textContent = busyText;
  try {
    return await work();
  } finally {
    buttonEl.disabled = false;
    buttonEl.removeAttribute("aria-busy");
    buttonEl.textContent = label;
  }
}

/**
 * The answer text with marked ranges: red-flag words become <mark> elements holding text nodes.
 * `ranges` are [{start, end, label, words}] in code points (Python string offsets), as the API returns them.
 */
export function markedText(text, ranges) {
  const chars = Array.from(text);
  const fixed = ranges
    .map((range) => locate(chars, text, range))
    .filter(Boolean)
    .sort((a, b) => a.start - b.start);
  const out = [];
  let at = 0;
  for (const range of fixed) {
    if (range.start < at) continue; // overlapping hits: the first one wins
    if (range.start > at) out.push(chars.slice(at, range.start).join(""));
    const words = chars.slice(range.start, range.end).join("");
    out.push(h("mark", { class: "red-flag", title: range.label }, words));
    at = range.end;
  }
  if (at < chars.length) out.push(chars.slice(at).join(""));
  return out;
}

function locate(chars, text, range) {
  const { start, end, words } = range;
  if (Number.isInteger(start) && Number.isInteger(end) && start >= 0 && end <= chars.length && start < end) {
    const found = chars.slice(start, end).join("");
    if (!words || found.toLowerCase() === words.toLowerCase()) return range;
  }
  if (!words) return null;
  const index = text.toLowerCase().indexOf(words.toLowerCase()); // offsets disagree: find the words themselves
  if (index < 0) return null;
  const from = Array.from(text.slice(0, index)).length;
  return { ...range, start: from, end: from + Array.from(words).length };
}

/** Run `submit` when the form is sent, or on Enter in `textarea` (Shift+Enter makes a new line). */
export function onSubmit(form, textarea, submit) {
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    submit();
  });
  textarea.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      submit();
    }
  });
}
