// Trainer: the scenario editor. A form for every field of the scenario format, the server's validation errors
// shown next to the field they name (`steps[0].references` → that step's reference answers), "try an answer"
// against the step being edited, save the draft, publish, export.

import { API, del, get, post, put } from "../api.js";
import { errorMessage, navigate, session } from "../app.js";
import { busy, field, h, mount, select, uid } from "../dom.js";
import { answerText, feedbackCard } from "../feedback.js";
import { CATEGORIES, categoryLabel, fmtDate, lang, t } from "../i18n.js";
import { guardLeaving, keepDrop, keepKey, keepLoad, keepSave } from "../keep.js";

// --- paths: "steps[0].key_points[1].text" <-> ["steps", 0, "key_points", 1, "text"] --------------------------------

export function parsePath(path) {
  const parts = [];
  for (const piece of path.split(".")) {
    const match = /^([^[\]]*)((?:\[\d+\])*)$/.exec(piece);
    if (!match) return [path];
    if (match[1]) parts.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) parts.push(Number(index[1]));
  }
  return parts;
}

export function formatPath(parts) {
  return parts.reduce((out, part) => (typeof part === "number" ? `${out}[${part}]` : out ? `${out}.${part}` : part), "");
}

function getAt(object, parts) {
  return parts.reduce((value, part) => (value === undefined || value === null ? undefined : value[part]), object);
}

function setAt(object, parts, value) {
  let target = object;
  parts.slice(0, -1).forEach((part, index) => {
    if (target[part] === undefined || target[part] === null) target[part] = typeof parts[index + 1] === "number" ? [] : {};
    target = target[part];
  });
  target[parts[parts.length - 1]] = value;
}

function deleteAt(object, parts) {
  const parent = getAt(object, parts.slice(0, -1));
  if (parent && typeof parent === "object") delete parent[parts[parts.length - 1]];
}

/** The field paths to try for an error, from the most precise to the whole document. */
export function candidatePaths(fieldPath) {
  const parts = parsePath(fieldPath || "");
  const out = [];
  for (let n = parts.length; n > 0; n -= 1) out.push(formatPath(parts.slice(0, n)));
  return out;
}

// --- new content, in the scenario's language: the five moves of objection handling as starting key points ---------

const STARTERS = {
  en: {
    keyPoints: ["Acknowledges the concern without arguing", "Asks a clarifying question", "Answers with value for this customer", "Proposes a concrete next step"],
    flag: { label: "Empty promise", phrases: ["I'll try", "we do everything we can"] },
  },
  ru: {
    keyPoints: ["Присоединяется к возражению, не споря", "Задаёт уточняющий вопрос", "Отвечает ценностью для этого клиента", "Предлагает конкретный следующий шаг"],
    flag: { label: "Пустое обещание", phrases: ["постараюсь", "сделаем всё возможное"] },
  },
};

function newStep(language, index) {
  const starter = STARTERS[language] || STARTERS.en;
  return {
    id: `step-${index + 1}`,
    category: "price",
    customer_line: "",
    references: ["", ""],
    key_points: starter.keyPoints.map((text) => ({ text, weight: 1 })),
    red_flags: [{ label: starter.flag.label, phrases: [...starter.flag.phrases], penalty: 15 }],
    hints: [],
  };
}

function newScenario() {
  const language = lang();
  return {
    id: "",
    title: "",
    language,
    context: "",
    persona: { role: "", company: "", temperament: "" },
    difficulty: "medium",
    tags: [],
    pass_mark: 70,
    steps: [newStep(language, 0)],
  };
}

/** The document to send: optional fields left empty are left out. */
function cleaned(doc) {
  const copy = structuredClone(doc);
  const dropEmpty = (object, keys) => {
    for (const key of keys) if (object[key] === "" || object[key] === null || object[key] === undefined) delete object[key];
  };
  dropEmpty(copy, ["closing_line", "pass_mark"]);
  if (copy.endings) {
    dropEmpty(copy.endings, ["won", "lost"]);
    if (!Object.keys(copy.endings).length) delete copy.endings;
  }
  for (const step of copy.steps || []) {
    dropEmpty(step, ["custom_category", "pass_mark", "pushback"]);
    if (step.category !== "custom") delete step.custom_category; // the field is hidden for other categories
    if (step.follow_ups) dropEmpty(step.follow_ups, ["weak"]); // no weak branch: the step pushes back on itself
    for (const flag of step.red_flags || []) dropEmpty(flag, ["meaning", "reaction"]);
    for (const point of step.key_points || []) if (point.examples && !point.examples.length) delete point.examples;
  }
  return copy;
}

const CYRILLIC = { а: "a", б: "b", в: "v", г: "g", д: "d", е: "e", ё: "e", ж: "zh", з: "z", и: "i", й: "y", к: "k", л: "l", м: "m", н: "n", о: "o", п: "p", р: "r", с: "s", т: "t", у: "u", ф: "f", х: "kh", ц: "ts", ч: "ch", ш: "sh", щ: "shch", ъ: "", ы: "y", ь: "", э: "e", ю: "yu", я: "ya" };

/** An id from a title: Russian letters transliterated, everything else that is not a Latin letter or digit a dash. */
export function slugFrom(title) {
  const latin = [...(title || "").toLowerCase()].map((letter) => CYRILLIC[letter] ?? letter).join("");
  return latin.replace(/[^a-z0-9]+/g, "-").replace(/^-+/, "").slice(0, 64).replace(/-+$/, "");
}

/** A document as the editor holds it: a file's `closing_line` is its won ending, edited as `endings.won`. */
function editable(content) {
  const doc = structuredClone(content);
  if (doc.closing_line && !(doc.endings && doc.endings.won)) doc.endings = { ...(doc.endings || {}), won: doc.closing_line };
  delete doc.closing_line;
  return doc;
}

// --- the page --------------------------------------------------------------------------------------------------------

const AUTOSAVE_SECONDS = 20;

export async function editorPage(main, scenarioId) {
  const isNew = scenarioId === undefined;
  let detail = isNew ? null : await get(`/scenarios/${scenarioId}/draft`);
  let doc = isNew ? newScenario() : editable(detail.draft || detail.published.content);
  let dirty = false;
  // Work in progress is kept in this browser on every change: a reload, a crash or an expired session loses nothing.
  const keepAt = keepKey(session.user.id, "editor", isNew ? "new" : scenarioId);
  const kept = keepLoad(keepAt);
  const restored = kept && JSON.stringify(kept.value) !== JSON.stringify(doc) ? kept : null;
  if (restored) {
    doc = restored.value;
    dirty = true;
  } else if (kept) keepDrop(keepAt);
  let idTouched = !isNew || Boolean(doc.id && doc.id !== slugFrom(doc.title));
  let errors = [];
  let tryStep = 0;

  const heading = h("h1");
  const stateLine = h("p", { class: "muted", role: "status" });
  const summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
  const formBody = h("div");
  const status = h("div", { class: "form-status", role: "status", "aria-live": "polite" });
  const saveButton = h("button", { type: "submit" }, t("editor.save"));
  const validateButton = h("button", { type: "button", class: "secondary" }, t("editor.validate"));
  const publishButton = h("button", { type: "button" }, t("editor.publish"));
  const discardButton = h("button", { type: "button", class: "secondary danger" }, t("editor.discard"));
  const exportBox = h("span", { class: "export-links" });
  const form = h("form", { class: "editor", novalidate: true, "aria-labelledby": "editor-h" }, formBody);
  const tryPanel = h("section", { class: "try-panel", "aria-labelledby": "try-h" });

  let changes = 0; // edits so far: an autosave that a newer edit overtook leaves the page unsaved
  let autosavedAt = null;
  const markDirty = () => {
    dirty = true;
    changes += 1;
    keepSave(keepAt, doc);
    updateHeader();
  };
  const markClean = () => {
    dirty = false;
    keepDrop(keepAt);
    mount(restoredBox);
  };
  const restoredBox = h("div", { class: "restored", role: "status" });
  if (restored) {
    const dropLocal = h("button", { type: "button", class: "link" }, t("keep.discardLocal"));
    dropLocal.addEventListener("click", () => {
      doc = isNew ? newScenario() : editable(detail.draft || detail.published.content);
      markClean();
      errors = [];
      renderForm();
      updateHeader();
    });
    mount(restoredBox, h("p", { class: "flash flash-info" }, t("keep.editorRestored", { when: fmtDate(restored.at) }), " ", dropLocal));
  }

  const updateHeader = () => {
    heading.id = "editor-h";
    heading.textContent = isNew ? t("editor.newTitle") : t("editor.title", { name: doc.title || detail.slug });
    const parts = [];
    if (detail) parts.push(detail.version ? t("scenarios.version", { n: detail.version }) : t("scenarios.neverPublished"));
    if (detail && detail.has_draft) parts.push(t("editor.hasDraft"));
    if (dirty) parts.push(t("editor.unsaved"));
    else if (autosavedAt) parts.push(t("editor.autosaved", { time: autosavedAt.toLocaleTimeString(lang() === "ru" ? "ru-RU" : "en-GB", { hour: "2-digit", minute: "2-digit" }) }));
    stateLine.textContent = parts.join(" · ");
    publishButton.hidden = isNew;
    discardButton.hidden = isNew || !detail.has_draft || !detail.version;
    mount(exportBox, detail ? [t("scenarios.export"), ": ", h("a", { href: `${API}/scenarios/${detail.id}/export?format=yaml`, download: `${detail.slug}.yaml` }, "YAML"), " · ", h("a", { href: `${API}/scenarios/${detail.id}/export?format=json`, download: `${detail.slug}.json` }, "JSON")] : null);
  };

  // -- bound controls ------------------------------------------------------------------------------------------------

  /** A control bound to the document at `path`. kind: text | number | lines | csv | bool | select. */
  const control = (path, { kind = "text", multiline = false, optional = false, options = null, rerender = false, ...props } = {}) => {
    const parts = parsePath(path);
    const value = getAt(doc, parts);
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
      if (parsed === undefined || (optional && parsed === "")) deleteAt(doc, parts);
      else setAt(doc, parts, parsed);
      markDirty();
      if (rerender) renderForm();
    };
    const live = options || kind === "bool" ? "change" : "input";
    if (rerender === "ids") {
      element.addEventListener("input", () => {
        setAt(doc, parts, parse(element, kind));
        markDirty();
        refreshStepIds();
      });
    } else element.addEventListener(live, update);
    return element;
  };

  const format = (value, kind) => {
    if (value === undefined || value === null) return "";
    if (kind === "lines") return value.join("\n");
    if (kind === "csv") return value.join(", ");
    return String(value);
  };

  const parse = (element, kind) => {
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
  };

  const labelled = (label, element, options) => field(label, element, options);

  /** A list of texts (reference answers, hints): one textarea each, add and remove. */
  const textList = (path, label, addLabel, { rows = 3, min = 0 } = {}) => {
    const parts = parsePath(path);
    const items = getAt(doc, parts) || [];
    const box = h("fieldset", { class: "list", "data-path": path }, h("legend", null, label));
    items.forEach((_, index) => {
      const itemPath = `${path}[${index}]`;
      const area = control(itemPath, { multiline: true, rows });
      const remove = h("button", { type: "button", class: "link danger", "aria-label": t("editor.removeItem", { what: label, n: index + 1 }) }, t("editor.remove"));
      remove.addEventListener("click", () => {
        items.splice(index, 1);
        markDirty();
        renderForm(path);
      });
      box.append(h("div", { class: "list-item" }, labelled(`${label} ${index + 1}`, area), items.length > min ? remove : null));
    });
    const add = h("button", { type: "button", class: "secondary small" }, addLabel);
    add.addEventListener("click", () => {
      setAt(doc, parts, [...items, ""]);
      markDirty();
      renderForm(`${path}[${items.length}]`);
    });
    box.append(add);
    return box;
  };

  /** A list of objects (key points, red flags, samples): a small fieldset each. */
  const objectList = (path, label, addLabel, makeItem, renderItem) => {
    const parts = parsePath(path);
    const items = getAt(doc, parts) || [];
    const box = h("fieldset", { class: "list", "data-path": path }, h("legend", null, label));
    items.forEach((_, index) => {
      const itemPath = `${path}[${index}]`;
      const remove = h("button", { type: "button", class: "link danger", "aria-label": t("editor.removeItem", { what: label, n: index + 1 }) }, t("editor.remove"));
      remove.addEventListener("click", () => {
        items.splice(index, 1);
        markDirty();
        renderForm(path);
      });
      box.append(h("div", { class: "object-item", "data-path": itemPath }, h("div", { class: "object-head" }, h("strong", null, `${label} ${index + 1}`), remove), renderItem(itemPath)));
    });
    const add = h("button", { type: "button", class: "secondary small" }, addLabel);
    add.addEventListener("click", () => {
      setAt(doc, parts, [...items, makeItem()]);
      markDirty();
      renderForm(`${path}[${items.length}]`);
    });
    box.append(add);
    return box;
  };

  // -- the form --------------------------------------------------------------------------------------------------------

  /** The title; on a new scenario whose id nobody typed, the id follows it (transliterated). */
  const titleControl = () => {
    const element = control("title", { required: true, maxlength: 200 });
    element.addEventListener("input", () => {
      if (idTouched) return;
      doc.id = slugFrom(doc.title);
      const idInput = formBody.querySelector('[data-path="id"]');
      if (idInput) idInput.value = doc.id;
      keepSave(keepAt, doc);
    });
    return element;
  };

  const idControl = () => {
    const element = control("id", { required: true, maxlength: 64, readonly: !isNew, autocomplete: "off", spellcheck: "false" });
    element.addEventListener("input", () => {
      idTouched = element.value !== "";
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
        labelled(t("editor.titleField"), titleControl()),
        labelled(t("editor.id"), idControl(), { hint: isNew ? t("editor.idAuto") : t("editor.idFixed") }),
        labelled(t("common.language"), control("language", { options: [{ value: "ru", label: t("language.ru") }, { value: "en", label: t("language.en") }] })),
        labelled(t("scenarios.difficulty"), control("difficulty", { options: ["easy", "medium", "hard"].map((d) => ({ value: d, label: t(`difficulty.${d}`) })) })),
        labelled(t("editor.passMark"), control("pass_mark", { kind: "number", min: 0, max: 100, optional: true })),
        labelled(t("editor.tags"), control("tags", { kind: "csv" }), { hint: t("editor.tagsHint") }),
      ),
      labelled(t("editor.context"), control("context", { multiline: true, rows: 4, required: true }), { hint: t("editor.contextHint") }),
      h(
        "fieldset",
        { class: "subsection", "data-path": "persona" },
        h("legend", null, t("editor.persona")),
        h(
          "div",
          { class: "grid" },
          labelled(t("editor.role"), control("persona.role", { maxlength: 200 })),
          labelled(t("editor.company"), control("persona.company", { maxlength: 200 })),
          labelled(t("editor.temperament"), control("persona.temperament", { maxlength: 200 })),
        ),
      ),
      h(
        "fieldset",
        { class: "subsection", "data-path": "endings" },
        h("legend", null, t("editor.endings")),
        labelled(t("editor.wonLine"), control("endings.won", { multiline: true, rows: 2, optional: true }), { hint: t("editor.wonHint") }),
        labelled(t("editor.lostLine"), control("endings.lost", { multiline: true, rows: 2, optional: true }), { hint: t("editor.lostHint") }),
      ),
    );

  /** Where a step's follow-ups may point: the other steps and the end of the conversation; a weak answer also to a
   * push-back on the step itself (no `weak`). */
  const targets = (step, current, branch = "strong") => {
    const options = [...doc.steps.map((s) => s.id).filter((id) => id && id !== step.id), "end"];
    if (current && !options.includes(current)) options.unshift(current);
    const out = options.map((id) => ({ value: id, label: id === "end" ? t("editor.end") : targetLabel(id) }));
    return branch === "weak" ? [{ value: "", label: t("editor.weakPushback") }, ...out] : out;
  };

  /** A step as a branch target: its number and the customer's line (the id only while the line is empty). */
  const targetLabel = (id) => {
    const index = doc.steps.findIndex((s) => s.id === id);
    if (index < 0) return id;
    const line = (doc.steps[index].customer_line || "").trim();
    return `${t("editor.step", { n: index + 1 })}: ${line ? (line.length > 70 ? `${line.slice(0, 69)}…` : line) : id}`;
  };

  /** A step id was edited: update the follow-up choices and the try-an-answer list in place. */
  const refreshStepIds = () => {
    doc.steps.forEach((step, index) => {
      for (const branch of ["strong", "weak"]) {
        const picker = formBody.querySelector(`[data-path="steps[${index}].follow_ups.${branch}"]`);
        if (!picker || !step.follow_ups) continue;
        const fresh = targets(step, step.follow_ups[branch], branch);
        picker.replaceChildren(...fresh.map((o) => h("option", { value: o.value }, o.label)));
        picker.value = step.follow_ups[branch] || "";
      }
    });
    renderTry();
  };

  const stepFields = (step, index) => {
    const path = `steps[${index}]`;
    const branching = h("input", { type: "checkbox", id: uid("branch"), checked: Boolean(step.follow_ups) });
    branching.addEventListener("change", () => {
      if (branching.checked) {
        const nextId = doc.steps[index + 1] ? doc.steps[index + 1].id : "end";
        step.follow_ups = { strong: nextId }; // a weak answer: the customer pushes back on this step
      } else delete step.follow_ups;
      markDirty();
      renderForm(`${path}.follow_ups`);
    });
    const move = (delta) => {
      const [item] = doc.steps.splice(index, 1);
      doc.steps.splice(index + delta, 0, item);
      markDirty();
      renderForm(`steps[${index + delta}]`);
    };
    const tools = h(
      "div",
      { class: "step-tools" },
      index > 0 ? h("button", { type: "button", class: "link", on: { click: () => move(-1) } }, t("editor.moveUp")) : null,
      index < doc.steps.length - 1 ? h("button", { type: "button", class: "link", on: { click: () => move(1) } }, t("editor.moveDown")) : null,
      h("button", { type: "button", class: "link", on: { click: () => { tryStep = index; renderTry(); document.getElementById("try-answer").focus(); } } }, t("editor.tryThis")),
      doc.steps.length > 1
        ? h("button", { type: "button", class: "link danger", on: { click: () => { doc.steps.splice(index, 1); tryStep = Math.min(tryStep, doc.steps.length - 1); markDirty(); renderForm("steps"); } } }, t("editor.removeStep"))
        : null,
    );
    const fieldset = h(
      "fieldset",
      { class: "step", "data-path": path, "data-step": index },
      h("legend", null, t("editor.step", { n: index + 1 })), // the trainer edits the id below; a legend never shows it
      tools,
      h(
        "div",
        { class: "grid" },
        labelled(t("editor.stepId"), control(`${path}.id`, { maxlength: 64, spellcheck: "false", rerender: "ids" }), { hint: t("editor.stepIdHint") }),
        labelled(t("scenarios.category"), control(`${path}.category`, { options: CATEGORIES.map((c) => ({ value: c, label: categoryLabel(c) })), rerender: true })),
        step.category === "custom" ? labelled(t("editor.customCategory"), control(`${path}.custom_category`, { maxlength: 200, optional: true })) : null,
        labelled(t("editor.stepPassMark"), control(`${path}.pass_mark`, { kind: "number", min: 0, max: 100, optional: true }), { hint: t("editor.stepPassMarkHint") }),
      ),
      labelled(t("editor.customerLine"), control(`${path}.customer_line`, { multiline: true, rows: 2 })),
      labelled(t("editor.pushback"), control(`${path}.pushback`, { multiline: true, rows: 2, optional: true }), { hint: t("editor.pushbackHint") }),
      textList(`${path}.references`, t("editor.references"), t("editor.addReference"), { rows: 3, min: 0 }),
      objectList(`${path}.key_points`, t("editor.keyPoints"), t("editor.addKeyPoint"), () => ({ text: "", weight: 1 }), (itemPath) =>
        h(
          "div",
          { class: "grid" },
          labelled(t("editor.keyPointText"), control(`${itemPath}.text`, { maxlength: 200 })),
          labelled(t("editor.weight"), control(`${itemPath}.weight`, { kind: "number", min: 0.1, max: 10, step: 0.1 })),
          labelled(t("editor.examples"), control(`${itemPath}.examples`, { kind: "lines" }), { hint: t("editor.onePerLine") }),
        ),
      ),
      objectList(`${path}.red_flags`, t("editor.redFlags"), t("editor.addRedFlag"), () => ({ label: "", phrases: [], penalty: 15 }), (itemPath) =>
        h(
          "div",
          { class: "grid" },
          labelled(t("editor.flagLabel"), control(`${itemPath}.label`, { maxlength: 200 })),
          labelled(t("editor.phrases"), control(`${itemPath}.phrases`, { kind: "lines" }), { hint: t("editor.phrasesHint") }),
          labelled(t("editor.meaning"), control(`${itemPath}.meaning`, { multiline: true, rows: 2, optional: true }), { hint: t("editor.meaningHint") }),
          labelled(t("editor.penalty"), control(`${itemPath}.penalty`, { kind: "number", min: 0, max: 100 })),
          h("div", { class: "field check" }, control(`${itemPath}.critical`, { kind: "bool", id: `${itemPath}-critical` }), h("label", { for: `${itemPath}-critical` }, t("editor.critical"))),
          labelled(t("editor.reaction"), control(`${itemPath}.reaction`, { multiline: true, rows: 2, optional: true }), { hint: t("editor.reactionHint") }),
        ),
      ),
      textList(`${path}.hints`, t("editor.hints"), t("editor.addHint"), { rows: 2 }),
      objectList(`${path}.samples`, t("editor.samples"), t("editor.addSample"), () => ({ answer: "", grade: 50 }), (itemPath) =>
        h(
          "div",
          { class: "grid" },
          labelled(t("editor.sampleAnswer"), control(`${itemPath}.answer`, { multiline: true, rows: 2 })),
          labelled(t("editor.grade"), control(`${itemPath}.grade`, { kind: "number", min: 0, max: 100 })),
        ),
      ),
      h(
        "fieldset",
        { class: "subsection", "data-path": `${path}.follow_ups` },
        h("legend", null, t("editor.followUps")),
        h("div", { class: "field check" }, branching, h("label", { for: branching.id }, t("editor.branching"))),
        step.follow_ups
          ? h(
              "div",
              { class: "grid" },
              labelled(t("editor.strong"), control(`${path}.follow_ups.strong`, { options: targets(step, step.follow_ups.strong) })),
              labelled(t("editor.weak"), control(`${path}.follow_ups.weak`, { options: targets(step, step.follow_ups.weak, "weak"), optional: true })),
            )
          : h("p", { class: "hint" }, t("editor.linear")),
      ),
    );
    fieldset.addEventListener("focusin", () => {
      if (tryStep !== index) {
        tryStep = index;
        const picker = document.getElementById("try-step");
        if (picker) picker.value = String(index);
      }
    });
    return fieldset;
  };

  const renderForm = (focusPath = null) => {
    const active = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
    const addStep = h("button", { type: "button", class: "secondary" }, t("editor.addStep"));
    addStep.addEventListener("click", () => {
      doc.steps.push(newStep(doc.language, doc.steps.length));
      markDirty();
      renderForm(`steps[${doc.steps.length - 1}].id`);
    });
    mount(
      formBody,
      scenarioFields(),
      h("h2", null, t("editor.steps")),
      h("div", { class: "steps", "data-path": "steps" }, doc.steps.map(stepFields)),
      addStep,
      h("div", { class: "actions sticky-actions" }, saveButton, validateButton, publishButton, discardButton, exportBox),
      status,
    );
    showErrors(errors);
    renderTry();
    const target = focusPath || active;
    if (target) {
      const element = formBody.querySelector(`[data-path="${CSS.escape(target)}"]`);
      if (element) (element.matches("input, textarea, select, button") ? element : element.querySelector("input, textarea, select, button") || element).focus();
    }
  };

  // -- errors next to their fields -----------------------------------------------------------------------------------

  const showErrors = (list) => {
    errors = list;
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

  /** What the trainer sees for a field: its label (or its group's title) after its step's number, never a path. */
  const onScreenName = (target) => {
    const own = target.id ? formBody.querySelector(`label[for="${CSS.escape(target.id)}"]`) : null;
    const step = target.closest("fieldset.step");
    const stepName = step ? t("editor.step", { n: Number(step.dataset.step) + 1 }) : "";
    const group = target.closest("fieldset");
    const groupName = group === step ? "" : group ? group.querySelector(":scope > legend").textContent : "";
    return [stepName, own ? own.textContent : groupName].filter(Boolean).join(" · ");
  };

  const placeError = (error) => {
    let element = null;
    for (const path of candidatePaths(error.field)) {
      element = formBody.querySelector(`[data-path="${CSS.escape(path)}"]`);
      if (element) break;
    }
    if (!element) return null;
    const message = h("p", { class: "field-error", id: uid("err") }, error.message);
    if (element.matches("input, textarea, select")) {
      element.setAttribute("aria-invalid", "true");
      element.setAttribute("aria-describedby", [element.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
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
    focusable.setAttribute("aria-invalid", "true");
    focusable.setAttribute("aria-describedby", [focusable.getAttribute("aria-describedby"), message.id].filter(Boolean).join(" "));
    return focusable;
  };

  const reportErrors = (error) => {
    const list = error.errors && error.errors.length ? error.errors : [{ field: null, message: errorMessage(error) }];
    showErrors(list);
    mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)));
    summary.focus();
  };

  // -- actions ---------------------------------------------------------------------------------------------------------

  const validate = async () => {
    const report = await post("/scenarios/validate", cleaned(doc));
    showErrors(report.errors);
    if (report.ok) mount(status, h("p", { class: "ok" }, t("editor.valid")));
    else {
      mount(status, h("p", { class: "error", role: "alert" }, t("editor.problems", { n: report.errors.length })));
      summary.focus();
    }
    return report.ok;
  };

  /** Save the draft as it is (work in progress may not pass the checks yet; publishing checks it). */
  const save = async () => {
    const body = cleaned(doc);
    const saved = isNew ? await post("/scenarios?as_is=true", body) : await put(`/scenarios/${detail.id}/draft?as_is=true`, body);
    markClean();
    showErrors([]);
    return saved;
  };

  /** After a save: the problems publishing will refuse, shown beside their fields without taking the focus. */
  const savedStatus = async (saved) => {
    if (saved.draft_valid !== false) {
      mount(status, h("p", { class: "ok" }, t("editor.saved")));
      return;
    }
    const report = await post("/scenarios/validate", cleaned(doc));
    showErrors(report.errors);
    mount(status, h("p", { class: "ok" }, t("editor.savedWithProblems", { n: report.errors.length })));
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await busy(saveButton, t("common.saving"), save);
      if (isNew) {
        const message = saved.draft_valid === false ? t("editor.savedUnchecked") : t("editor.saved");
        navigate(`/trainer/scenarios/${saved.id}`, { replace: true, flash: message });
        return;
      }
      detail = saved;
      updateHeader();
      await savedStatus(saved);
    } catch (error) {
      reportErrors(error);
    }
  });
  validateButton.addEventListener("click", async () => {
    try {
      await busy(validateButton, t("editor.validating"), validate);
    } catch (error) {
      reportErrors(error);
    }
  });
  publishButton.addEventListener("click", async () => {
    try {
      await busy(publishButton, t("editor.publishing"), async () => {
        if (dirty) detail = await save();
        const version = await post(`/scenarios/${detail.id}/publish`);
        detail = await get(`/scenarios/${detail.id}/draft`);
        doc = editable(detail.draft || detail.published.content);
        markClean();
        updateHeader();
        mount(status, h("p", { class: "ok" }, t("editor.published", { n: version.number })));
      });
    } catch (error) {
      reportErrors(error);
    }
  });
  discardButton.addEventListener("click", async () => {
    try {
      detail = await busy(discardButton, t("common.sending"), () => del(`/scenarios/${detail.id}/draft`));
      doc = editable(detail.published.content);
      markClean();
      errors = [];
      renderForm();
      updateHeader();
      mount(status, h("p", { class: "ok" }, t("editor.discarded")));
    } catch (error) {
      reportErrors(error);
    }
  });

  // -- try an answer against the step being edited --------------------------------------------------------------------

  const tryAnswer = h("textarea", { id: "try-answer", rows: 4, maxlength: 2000 });
  const tryResult = h("div", { class: "try-result", "aria-live": "polite" });
  const tryButton = h("button", { type: "button" }, t("editor.score"));
  tryButton.addEventListener("click", async () => {
    const step = doc.steps[tryStep];
    if (!step) return;
    if (!tryAnswer.value.trim()) {
      mount(tryResult, h("p", { class: "error" }, t("practice.empty")));
      return;
    }
    try {
      const result = await busy(tryButton, t("practice.scoring"), () => post("/scenarios/try", { scenario: cleaned(doc), step_id: step.id, answer: tryAnswer.value }));
      const marked = result.feedback.red_flags.length ? h("p", { class: "answer-text" }, answerText(tryAnswer.value, result.feedback)) : null;
      mount(tryResult, marked, feedbackCard(result, { title: t("editor.tryResult", { step: doc.steps.indexOf(step) + 1 }) }));
    } catch (error) {
      mount(tryResult, h("p", { class: "error", role: "alert" }, errorMessage(error)));
      if (error.errors && error.errors.length) showErrors(error.errors);
    }
  });
  tryAnswer.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      tryButton.click();
    }
  });

  const renderTry = () => {
    const picker = select(
      doc.steps.map((step, index) => ({ value: String(index), label: `${index + 1}. ${(step.customer_line || "").slice(0, 60) || "…"}` })),
      { id: "try-step", value: String(Math.min(tryStep, doc.steps.length - 1)) },
    );
    picker.addEventListener("change", () => {
      tryStep = Number(picker.value);
    });
    mount(
      tryPanel,
      h("h2", { id: "try-h" }, t("editor.try")),
      h("p", { class: "hint" }, t("editor.tryHint")),
      field(t("editor.tryStep"), picker),
      field(t("editor.tryAnswer"), tryAnswer),
      h("div", { class: "actions" }, tryButton),
      tryResult,
    );
  };

  mount(main, h("p", null, h("a", { href: "/trainer/scenarios" }, t("editor.back"))), heading, stateLine, restoredBox, summary, h("div", { class: "editor-layout" }, form, tryPanel));
  renderForm();
  updateHeader();
  if (detail && detail.draft_valid === false) {
    // A draft saved unfinished: what publishing will refuse, beside its fields (the focus stays where it is).
    const report = await post("/scenarios/validate", cleaned(doc));
    showErrors(report.errors);
  }
  // A saved scenario's unsaved edits go to its server draft every AUTOSAVE_SECONDS, as they are (a new one is kept in
  // this browser until its first Save gives it a place on the server). A failed autosave changes nothing on screen:
  // the edits stay kept here, and Save says what went wrong.
  let autosaving = false;
  const autosave = async () => {
    if (!dirty || !detail || autosaving || saveButton.disabled || publishButton.disabled) return;
    autosaving = true;
    const at = changes;
    try {
      detail = await put(`/scenarios/${detail.id}/draft?as_is=true`, cleaned(doc));
      autosavedAt = new Date();
      if (changes === at) markClean();
      updateHeader();
    } catch {
      // kept in this browser (keep.js); an expired session goes to the login page and comes back here
    } finally {
      autosaving = false;
    }
  };
  const timer = setInterval(autosave, AUTOSAVE_SECONDS * 1000);
  const stopGuard = guardLeaving(() => (dirty ? t("keep.editorLeave") : null));
  return () => {
    clearInterval(timer);
    stopGuard();
  };
}
