// The server's validation errors beside the fields they name (`steps[0].references` → that step's reference
// answers), with a summary of links at the top that names each field as the trainer sees it, never by its path.

import { errorMessage } from "../../app.js";
import { h, mount, uid } from "../../dom.js";
import { t } from "../../i18n.js";
import { candidatePaths } from "./document.js";

/** The error display of the editor `ed` (its `formBody`, `summary`, `status` and `errors`; see editor.js). */
export function problemDisplay(ed) {
  const { formBody, summary, status } = ed;

  /** What the trainer sees for a field: its label (or its group's title) after its step's number, never a path. */
  const onScreenName = (target) => {
    const own = target.id ? formBody.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
    const step = target.closest("fieldset.step");
    const stepName = step ? t("editor.step", { n: Number(step.dataset.step) + 1 }) : "";
    const group = target.closest("fieldset");
    const groupName = group === step ? "" : group ? group.querySelector(":scope > legend").textContent : "";
    return [stepName, own ? own.textContent : groupName].filter(Boolean).join(" · ");
  };

  const describe = (element, message) => {
    element.setAttribute("aria-invalid", "true");
    element.setAttribute("aria-describedby", [element.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
  };

  /** Put the error's message beside the most precise field its path names; the element to focus for it, or null. */
  const placeError = (error) => {
    let element = null;
    for (const path of candidatePaths(error.field)) {
      element = formBody.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (element) break;
    }
    if (!element) return null;
    const message = h("p", { class: "field-error", id: uid("err") }, error.message);
    if (element.matches("input, textarea, select")) {
      describe(element, message);
      const wrapper = element.closest(".field") || element;
      wrapper.append(message);
      return element;
    }
    const legend = element.querySelector(":scope > legend");
    if (legend) legend.after(message);
    else element.prepend(message);
    const focusable = element.querySelector("input, textarea, select") || element;
    if (!focusable.id) focusable.id = uid("target");
    if (focusable === element) element.setAttribute("tabindex", "-1");
    describe(focusable, message);
    return focusable;
  };

  /** Show `list` (the server's errors: field and message) beside their fields and in the summary; [] clears them. */
  const showErrors = (list) => {
    ed.errors = list;
    for (const old of formBody.querySelectorAll(".field-error")) old.remove();
    for (const invalid of formBody.querySelectorAll("[aria-invalid]")) {
      invalid.removeAttribute("aria-invalid");
      const described = (invalid.getAttribute("aria-describedby") || "").split(" ").filter((id) => !id.startsWith("err-"));
      if (described.length) invalid.setAttribute("aria-describedby", described.join(" "));
      else invalid.removeAttribute("aria-describedby");
    }
    if (!list.length) {
      summary.hidden = true;
      mount(summary);
      return;
    }
    const links = list.map((error) => {
      const target = placeError(error);
      const where = target ? onScreenName(target) : "";
      const text = where ? `${where}: ${error.message}` : error.message;
      if (!target) return h("li", null, text);
      return h("li", null, h("a", { href: `#${target.id}`, on: { click: (event) => { event.preventDefault(); target.focus(); } } }, text));
    });
    summary.hidden = false;
    mount(summary, h("h2", null, t("editor.problems", { n: list.length })), h("ul", null, links));
  };

  /** A refused request: its field errors beside their fields, its message in the status line, the focus on the summary. */
  const reportErrors = (error) => {
    const list = error.errors && error.errors.length ? error.errors : [{ field: null, message: errorMessage(error) }];
    showErrors(list);
    mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)));
    summary.focus();
  };

  return { showErrors, reportErrors };
}
