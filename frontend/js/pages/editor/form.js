// The editor's form: the scenario's own fields, then one fieldset per step (its line, reference answers, key points,
// red flags, hints, samples and follow-ups), each control bound to its path in the document.

import { field, h, mount, uid } from "../../dom.js";
import { t } from "../../i18n.js";
import { keepSave } from "../../keep.js";
import { categoryOptions, languageOptions, meta } from "../../meta.js";
import { boundControls } from "./controls.js";
import { newStep, slugFrom } from "./document.js";

/** The form of the editor `ed` (see editor.js): `render(focusPath)` draws it again, `refreshStepIds()` after an id
 * is edited. */
export function scenarioForm(ed) {
  const { formBody } = ed;
  const { control, textList, objectList } = boundControls(ed);

  /** The title; on a new scenario whose id nobody typed, the id follows it (transliterated). */
  const titleControl = () => {
    const element = control("title", { required: true, maxlength: 200 });
    element.addEventListener("input", () => {
      if (ed.idTouched) return;
      ed.doc.id = slugFrom(ed.doc.title);
      const idInput = formBody.querySelector('[data-path="id"]');
      if (idInput) idInput.value = ed.doc.id;
      keepSave(ed.keepAt, ed.doc);
    });
    return element;
  };

  const idControl = () => {
    const element = control("id", { required: true, maxlength: 64, readonly: !ed.isNew, autocomplete: "off", spellcheck: "false" });
    element.addEventListener("input", () => {
      ed.idTouched = element.value !== "";
    });
    return element;
  };

  const scenarioFields = () =>
    h(
      "fieldset",
      { class: "section", "data-path": "" },
      h("legend", null, t("editor.scenario")),
      h(
        "div",
        { class: "grid" },
        field(t("editor.titleField"), titleControl()),
        field(t("editor.id"), idControl(), { hint: ed.isNew ? t("editor.idAuto") : t("editor.idFixed") }),
        field(t("common.language"), control("language", { options: languageOptions() })),
        field(t("scenarios.difficulty"), control("difficulty", { options: meta.difficulties.map((d) => ({ value: d, label: t(`difficulty.${d}`) })) })),
        field(t("editor.passMark"), control("pass_mark", { kind: "number", min: 0, max: 100, optional: true })),
        field(t("editor.tags"), control("tags", { kind: "csv" }), { hint: t("editor.tagsHint") }),
      ),
      field(t("editor.context"), control("context", { multiline: true, rows: 4, required: true }), { hint: t("editor.contextHint") }),
      h(
        "fieldset",
        { class: "subsection", "data-path": "persona" },
        h("legend", null, t("editor.persona")),
        h(
          "div",
          { class: "grid" },
          field(t("editor.role"), control("persona.role", { maxlength: 200 })),
          field(t("editor.company"), control("persona.company", { maxlength: 200 })),
          field(t("editor.temperament"), control("persona.temperament", { maxlength: 200 })),
        ),
      ),
      h(
        "fieldset",
        { class: "subsection", "data-path": "endings" },
        h("legend", null, t("editor.endings")),
        field(t("editor.wonLine"), control("endings.won", { multiline: true, rows: 2, optional: true }), { hint: t("editor.wonHint") }),
        field(t("editor.lostLine"), control("endings.lost", { multiline: true, rows: 2, optional: true }), { hint: t("editor.lostHint") }),
      ),
    );

  /** A step as a branch target: its number and the customer's line (the id only while the line is empty). */
  const targetLabel = (id) => {
    const index = ed.doc.steps.findIndex((s) => s.id === id);
    if (index < 0) return id;
    const line = (ed.doc.steps[index].customer_line || "").trim();
    return `${t("editor.step", { n: index + 1 })}: ${line ? (line.length > 70 ? `${line.slice(0, 69)}…` : line) : id}`;
  };

  /** Where a step's follow-ups may point: the other steps and the end of the conversation; a weak answer also to a
   * push-back on the step itself (no `weak`). */
  const targets = (step, current, branch = "strong") => {
    const options = [...ed.doc.steps.map((s) => s.id).filter((id) => id && id !== step.id), "end"];
    if (current && !options.includes(current)) options.unshift(current);
    const out = options.map((id) => ({ value: id, label: id === "end" ? t("editor.end") : targetLabel(id) }));
    return branch === "weak" ? [{ value: "", label: t("editor.weakPushback") }, ...out] : out;
  };

  /** A step id was edited: update the follow-up choices and the try-an-answer list in place. */
  const refreshStepIds = () => {
    ed.doc.steps.forEach((step, index) => {
      for (const branch of ["strong", "weak"]) {
        const picker = formBody.querySelector(`[data-path="steps[${index}].follow_ups.${branch}"]`);
        if (!picker || !step.follow_ups) continue;
        const fresh = targets(step, step.follow_ups[branch], branch);
        picker.replaceChildren(...fresh.map((o) => h("option", { value: o.value }, o.label)));
        picker.value = step.follow_ups[branch] || "";
      }
    });
    ed.renderTry();
  };

  /** A step's buttons: move it up or down, try an answer on it, remove it. */
  const stepTools = (index) => {
    const { steps } = ed.doc;
    const move = (delta) => {
      const [item] = steps.splice(index, 1);
      steps.splice(index + delta, 0, item);
      ed.markDirty();
      render(`steps[${index + delta}]`);
    };
    const tryIt = () => {
      ed.tryStep = index;
      ed.renderTry();
      document.getElementById("try-answer").focus();
    };
    const remove = () => {
      steps.splice(index, 1);
      ed.tryStep = Math.min(ed.tryStep, steps.length - 1);
      ed.markDirty();
      render("steps");
    };
    return h(
      "div",
      { class: "step-tools" },
      index > 0 ? h("button", { type: "button", class: "link", on: { click: () => move(-1) } }, t("editor.moveUp")) : null,
      index < steps.length - 1 ? h("button", { type: "button", class: "link", on: { click: () => move(1) } }, t("editor.moveDown")) : null,
      h("button", { type: "button", class: "link", on: { click: tryIt } }, t("editor.tryThis")),
      steps.length > 1 ? h("button", { type: "button", class: "link danger", on: { click: remove } }, t("editor.removeStep")) : null,
    );
  };

  /** What a step's answer is scored on: key points, red flags, and the trainer's graded samples. */
  const scoringLists = (path) => [
    objectList(`${path}.key_points`, t("editor.keyPoints"), t("editor.addKeyPoint"), () => ({ text: "", weight: 1 }), (itemPath) =>
      h(
        "div",
        { class: "grid" },
        field(t("editor.keyPointText"), control(`${itemPath}.text`, { maxlength: 200 })),
        field(t("editor.weight"), control(`${itemPath}.weight`, { kind: "number", min: 0.1, max: 10, step: 0.1 })),
        field(t("editor.examples"), control(`${itemPath}.examples`, { kind: "lines" }), { hint: t("editor.onePerLine") }),
      ),
    ),
    objectList(`${path}.red_flags`, t("editor.redFlags"), t("editor.addRedFlag"), () => ({ label: "", phrases: [], penalty: meta.penalty }), (itemPath) =>
      h(
        "div",
        { class: "grid" },
        field(t("editor.flagLabel"), control(`${itemPath}.label`, { maxlength: 200 })),
        field(t("editor.phrases"), control(`${itemPath}.phrases`, { kind: "lines" }), { hint: t("editor.phrasesHint") }),
        field(t("editor.meaning"), control(`${itemPath}.meaning`, { multiline: true, rows: 2, optional: true }), { hint: t("editor.meaningHint") }),
        field(t("editor.penalty"), control(`${itemPath}.penalty`, { kind: "number", min: 0, max: 100 })),
        h("div", { class: "field check" }, control(`${itemPath}.critical`, { kind: "bool", id: `${itemPath}-critical` }), h("label", { for: `${itemPath}-critical` }, t("editor.critical"))),
        field(t("editor.reaction"), control(`${itemPath}.reaction`, { multiline: true, rows: 2, optional: true }), { hint: t("editor.reactionHint") }),
      ),
    ),
    textList(`${path}.hints`, t("editor.hints"), t("editor.addHint"), { rows: 2 }),
    objectList(`${path}.samples`, t("editor.samples"), t("editor.addSample"), () => ({ answer: "", grade: 50 }), (itemPath) =>
      h(
        "div",
        { class: "grid" },
        field(t("editor.sampleAnswer"), control(`${itemPath}.answer`, { multiline: true, rows: 2 })),
        field(t("editor.grade"), control(`${itemPath}.grade`, { kind: "number", min: 0, max: 100 })),
      ),
    ),
  ];

  /** Where the conversation goes after the step: the next step in order, or a branch for strong and weak answers. */
  const followUps = (step, index, path) => {
    const branching = h("input", { type: "checkbox", id: uid("branch"), checked: Boolean(step.follow_ups) });
    branching.addEventListener("change", () => {
      if (branching.checked) {
        const nextId = ed.doc.steps[index + 1] ? ed.doc.steps[index + 1].id : "end";
        step.follow_ups = { strong: nextId }; // a weak answer: the customer pushes back on this step
      } else delete step.follow_ups;
      ed.markDirty();
      render(`${path}.follow_ups`);
    });
    return h(
      "fieldset",
      { class: "subsection", "data-path": `${path}.follow_ups` },
      h("legend", null, t("editor.followUps")),
      h("div", { class: "field check" }, branching, h("label", { for: branching.id }, t("editor.branching"))),
      step.follow_ups
        ? h(
            "div",
            { class: "grid" },
            field(t("editor.strong"), control(`${path}.follow_ups.strong`, { options: targets(step, step.follow_ups.strong) })),
            field(t("editor.weak"), control(`${path}.follow_ups.weak`, { options: targets(step, step.follow_ups.weak, "weak"), optional: true })),
          )
        : h("p", { class: "hint" }, t("editor.linear")),
    );
  };

  const stepFields = (step, index) => {
    const path = `steps[${index}]`;
    const tools = stepTools(index);
    const fieldset = h(
      "fieldset",
      { class: "step", "data-path": path, "data-step": index },
      h("legend", null, t("editor.step", { n: index + 1 })), // the trainer edits the id below; a legend never shows it
      tools,
      h(
        "div",
        { class: "grid" },
        field(t("editor.stepId"), control(`${path}.id`, { maxlength: 64, spellcheck: "false", rerender: "ids" }), { hint: t("editor.stepIdHint") }),
        field(t("scenarios.category"), control(`${path}.category`, { options: categoryOptions(), rerender: true })),
        step.category === "custom" ? field(t("editor.customCategory"), control(`${path}.custom_category`, { maxlength: 200, optional: true })) : null,
        field(t("editor.stepPassMark"), control(`${path}.pass_mark`, { kind: "number", min: 0, max: 100, optional: true }), { hint: t("editor.stepPassMarkHint") }),
      ),
      field(t("editor.customerLine"), control(`${path}.customer_line`, { multiline: true, rows: 2 })),
      field(t("editor.pushback"), control(`${path}.pushback`, { multiline: true, rows: 2, optional: true }), { hint: t("editor.pushbackHint") }),
      textList(`${path}.references`, t("editor.references"), t("editor.addReference"), { rows: 3, min: 0 }),
      ...scoringLists(path),
      followUps(step, index, path),
    );
    fieldset.addEventListener("focusin", () => {
      if (ed.tryStep !== index) {
        ed.tryStep = index;
        const picker = document.getElementById("try-step");
        if (picker) picker.value = String(index);
      }
    });
    return fieldset;
  };

  /** Draw the whole form again, with the errors shown; the focus goes to `focusPath`, else stays where it was. */
  const render = (focusPath = null) => {
    const active = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
    const addStep = h("button", { type: "button", class: "secondary" }, t("editor.addStep"));
    addStep.addEventListener("click", () => {
      ed.doc.steps.push(newStep(ed.doc.language, ed.doc.steps.length));
      ed.markDirty();
      render(`steps[${ed.doc.steps.length - 1}].id`);
    });
    mount(
      formBody,
      scenarioFields(),
      h("h2", null, t("editor.steps")),
      h("div", { class: "steps", "data-path": "steps" }, ed.doc.steps.map(stepFields)),
      addStep,
      h("div", { class: "actions sticky-actions" }, ...ed.actions),
      ed.status,
    );
    ed.showErrors(ed.errors);
    ed.renderTry();
    const target = focusPath || active;
    if (target) {
      const element = formBody.querySelector(`[data-path="${CSS.escape(target)}"]`);
      if (element) (element.matches("input, textarea, select, button") ? element : element.querySelector("input, textarea, select, button") || element).focus();
    }
  };

  return { render, refreshStepIds };
}
