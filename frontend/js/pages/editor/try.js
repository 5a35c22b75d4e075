// "Try an answer": score an answer against the step being edited, with the document as it is on screen (saved or
// not), and show the feedback a rep would get.

import { post } from "../../api.js";
import { errorMessage } from "../../app.js";
import { busy, field, h, mount, select } from "../../dom.js";
import { answerText, feedbackCard } from "../../feedback.js";
import { t } from "../../i18n.js";
import { cleaned } from "./document.js";

/** The try-an-answer panel of the editor `ed` (its `doc`, `tryStep` and `showErrors`; see editor.js). */
export function tryPanel(ed) {
  const panel = h("section", { class: "try-panel", "aria-labelledby": "try-h" });
  const answer = h("textarea", { id: "try-answer", rows: 4, maxlength: 2000 });
  const result = h("div", { class: "try-result", "aria-live": "polite" });
  const button = h("button", { type: "button" }, t("editor.score"));
  button.addEventListener("click", async () => {
    const step = ed.doc.steps[ed.tryStep];
    if (!step) return;
    if (!answer.value.trim()) {
      mount(result, h("p", { class: "error" }, t("practice.empty")));
      return;
    }
    try {
      const scored = await busy(button, t("practice.scoring"), () => post("/scenarios/try", { scenario: cleaned(ed.doc), step_id: step.id, answer: answer.value }));
      const marked = scored.feedback.red_flags.length ? h("p", { class: "answer-text" }, answerText(answer.value, scored.feedback)) : null;
      mount(result, marked, feedbackCard(scored, { title: t("editor.tryResult", { step: ed.doc.steps.indexOf(step) + 1 }) }));
    } catch (error) {
      mount(result, h("p", { class: "error", role: "alert" }, errorMessage(error)));
      if (error.errors && error.errors.length) ed.showErrors(error.errors);
    }
  });
  answer.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      button.click();
    }
  });

  /** Draw the panel again: the step list follows the document's steps. */
  const render = () => {
    const picker = select(
      ed.doc.steps.map((step, index) => ({ value: String(index), label: `${index + 1}. ${(step.customer_line || "").slice(0, 60) || "…"}` })),
      { id: "try-step", value: String(Math.min(ed.tryStep, ed.doc.steps.length - 1)) },
    );
    picker.addEventListener("change", () => {
      ed.tryStep = Number(picker.value);
    });
    mount(
      panel,
      h("h2", { id: "try-h" }, t("editor.try")),
      h("p", { class: "hint" }, t("editor.tryHint")),
      field(t("editor.tryStep"), picker),
      field(t("editor.tryAnswer"), answer),
      h("div", { class: "actions" }, button),
      result,
    );
  };

  return { panel, render };
}
