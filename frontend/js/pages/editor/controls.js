// The editor's form controls, each bound to one path of the document: typing changes the document at once (and
// keeps it in this browser); lists of texts and of objects add and remove their items.

import { field, h, select } from "../../dom.js";
import { t } from "../../i18n.js";
import { deleteAt, getAt, parsePath, setAt } from "./document.js";

function format(value, kind) {
  if (value === undefined || value === null) return "";
  if (kind === "lines") return value.join("\n");
  if (kind === "csv") return value.join(", ");
  return String(value);
}

function parse(element, kind) {
  if (kind === "bool") return element.checked;
  const raw = element.value;
  if (kind === "lines") return raw.split("\n").map((line) => line.trim()).filter(Boolean);
  if (kind === "csv") return raw.split(",").map((part) => part.trim()).filter(Boolean);
  if (kind === "number") {
    if (raw.trim() === "") return "";
    const number = Number(raw);
    return Number.isFinite(number) ? number : raw; // the server says what is wrong with it
  }
  return raw;
}

/** The controls of the editor `ed` (its `doc`, `markDirty`, `renderForm`, `refreshStepIds`; see editor.js). */
export function boundControls(ed) {
  /** A control bound to the document at `path`. kind: text | number | lines | csv | bool | select. */
  const control = (path, { kind = "text", multiline = false, optional = false, options = null, rerender = false, ...props } = {}) => {
    const parts = parsePath(path);
    const value = getAt(ed.doc, parts);
    let element;
    if (options) element = select(options, { value: value ?? "", ...props });
    else if (kind === "bool") element = h("input", { type: "checkbox", checked: Boolean(value), ...props });
    else if (multiline || kind === "lines") element = h("textarea", { rows: props.rows || (kind === "lines" ? 3 : 2), ...props });
    else element = h("input", { type: kind === "number" ? "number" : "text", ...props });
    if (!options && kind !== "bool") element.value = format(value, kind);
    element.dataset.path = path;
    element.name = path;
    const update = () => {
      const parsed = parse(element, kind);
      if (parsed === undefined || (optional && parsed === "")) deleteAt(ed.doc, parts);
      else setAt(ed.doc, parts, parsed);
      ed.markDirty();
      if (rerender) ed.renderForm();
    };
    const live = options || kind === "bool" ? "change" : "input";
    if (rerender === "ids") {
      element.addEventListener("input", () => {
        setAt(ed.doc, parts, parse(element, kind));
        ed.markDirty();
        ed.refreshStepIds();
      });
    } else element.addEventListener(live, update);
    return element;
  };

  /** A list of items with a remove button each and an add button: `item(itemPath, index)` is one item's element. */
  const list = (path, label, addLabel, makeItem, item) => {
    const parts = parsePath(path);
    const items = getAt(ed.doc, parts) || [];
    const box = h("fieldset", { class: "list", "data-path": path }, h("legend", null, label));
    items.forEach((_, index) => {
      const remove = h("button", { type: "button", class: "link danger", "aria-label": t("editor.removeItem", { what: label, n: index + 1 }) }, t("editor.remove"));
      remove.addEventListener("click", () => {
        items.splice(index, 1);
        ed.markDirty();
        ed.renderForm(path);
      });
      box.append(item(`${path}[${index}]`, index, remove, items.length));
    });
    const add = h("button", { type: "button", class: "secondary small" }, addLabel);
    add.addEventListener("click", () => {
      setAt(ed.doc, parts, [...items, makeItem()]);
      ed.markDirty();
      ed.renderForm(`${path}[${items.length}]`);
    });
    box.append(add);
    return box;
  };

  /** A list of texts (reference answers, hints): one textarea each, add and remove. */
  const textList = (path, label, addLabel, { rows = 3, min = 0 } = {}) =>
    list(path, label, addLabel, () => "", (itemPath, index, remove, count) =>
      h("div", { class: "list-item" }, field(`${label} ${index + 1}`, control(itemPath, { multiline: true, rows })), count > min ? remove : null),
    );

  /** A list of objects (key points, red flags, samples): a small fieldset each, drawn by `renderItem(itemPath)`. */
  const objectList = (path, label, addLabel, makeItem, renderItem) =>
    list(path, label, addLabel, makeItem, (itemPath, index, remove) =>
      h("div", { class: "object-item", "data-path": itemPath }, h("div", { class: "object-head" }, h("strong", null, `${label} ${index + 1}`), remove), renderItem(itemPath)),
    );

  return { control, textList, objectList };
}
