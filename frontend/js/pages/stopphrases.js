// Trainers and heads of sales: the company's stop phrases (add, change, delete; the list as a file, out and in) and
// which of them the reps used most.

import { API, del, get, patch, post, query } from "../api.js";
import { errorBox, errorMessage, session } from "../app.js";
import { busy, field, h, mount, select, tableBox, uid } from "../dom.js";
import { fmtDate, t } from "../i18n.js";
import { languageOptions, meta, roleAtLeast } from "../meta.js";
import { fileErrors } from "./scenarios.js";

const REPORT_DAYS = 84;

export async function stopPhrasesPage(main) {
  const state = { phrases: await get("/stop-phrases"), editing: null };
  const status = h("div", { class: "page-status", role: "status", "aria-live": "polite" });
  const say = (text) => mount(status, h("p", { class: "ok" }, text));
  const table = h("div");
  const labels = h("datalist", { id: uid("labels") });
  const editor = phraseEditor({ labels, state, say, reload: () => reload() });
  const finder = h("input", { type: "search", maxlength: 200, autocomplete: "off" });
  const count = h("p", { class: "muted small", "aria-live": "polite" });
  const draw = () => {
    const words = finder.value.trim().toLowerCase();
    const shown = state.phrases.filter((p) => !words || `${p.phrase} ${p.label}`.toLowerCase().includes(words));
    mount(count, t("stopPhrases.count", { shown: shown.length, total: state.phrases.length }));
    mount(table, phraseTable(shown, { state, editor, say, reload: () => reload() }));
    mount(labels, [...new Set(state.phrases.map((p) => p.label))].sort().map((label) => h("option", { value: label })));
  };
  const reload = async () => {
    state.phrases = await get("/stop-phrases");
    draw();
  };
  finder.addEventListener("input", draw);
  draw();
  mount(
    main,
    h("h1", null, t("stopPhrases.title")),
    h("p", { class: "lead" }, t("stopPhrases.intro")),
    status,
    editor.form,
    labels,
    h(
      "section",
      { "aria-labelledby": "phrases-h" },
      h("h2", { id: "phrases-h", tabindex: -1 }, t("stopPhrases.list")),
      h("form", { class: "filters", role: "search", on: { submit: (event) => event.preventDefault() } }, field(t("stopPhrases.find"), finder)),
      count,
      table,
    ),
    fileSection({ state, say, reload: () => reload() }),
    await usedSection(),
  );
}

// --- the form: add one, or change the one being edited ------------------------------------------------------------

function phraseEditor({ labels, state, say, reload }) {
  const heading = h("h2", { id: "phrase-form-h" }, t("stopPhrases.addTitle"));
  const controls = {
    phrase: h("input", { type: "text", maxlength: 200, required: true, autocomplete: "off" }),
    label: h("input", { type: "text", maxlength: 100, required: true, autocomplete: "off", list: labels.id }),
    language: select([{ value: "", label: t("stopPhrases.everyLanguage") }, ...languageOptions()], { value: "" }),
    penalty: h("input", { type: "number", min: 0, max: 100, step: 1, value: 10, required: true }),
    critical: h("input", { type: "checkbox", id: uid("critical") }),
  };
  const submit = h("button", { type: "submit" }, t("stopPhrases.add"));
  const cancel = h("button", { type: "button", class: "secondary", hidden: true }, t("common.cancel"));
  const problems = h("div", { role: "alert" });
  const form = h(
    "form",
    { class: "import-form phrase-form", novalidate: true, "aria-labelledby": "phrase-form-h" },
    heading,
    h(
      "div",
      { class: "grid" },
      field(t("stopPhrases.phrase"), controls.phrase, { hint: t("stopPhrases.phraseHint") }),
      field(t("stopPhrases.label"), controls.label, { hint: t("stopPhrases.labelHint") }),
      field(t("stopPhrases.language"), controls.language),
      field(t("stopPhrases.penalty"), controls.penalty, { hint: t("stopPhrases.penaltyHint") }),
    ),
    h("div", { class: "field check" }, controls.critical, h("label", { for: controls.critical.id }, t("stopPhrases.critical"))),
    problems,
    h("div", { class: "actions" }, submit, cancel),
  );
  for (const control of Object.values(controls)) control.dataset.hint = control.getAttribute("aria-describedby") || "";
  const values = () => ({
    phrase: controls.phrase.value,
    label: controls.label.value,
    language: controls.language.value || null,
    penalty: controls.penalty.value === "" ? null : Number(controls.penalty.value),
    critical: controls.critical.checked,
  });
  const clearProblems = () => {
    mount(problems);
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    for (const control of Object.values(controls)) {
      control.removeAttribute("aria-invalid");
      if (control.dataset.hint) control.setAttribute("aria-describedby", control.dataset.hint);
      else control.removeAttribute("aria-describedby");
    }
  };
  const showProblems = (error) => {
    clearProblems();
    mount(problems, errorBox(error));
    for (const item of error.errors || []) {
      const control = controls[(item.field || "").split(".")[0]];
      if (!control) continue;
      const message = h("p", { class: "field-error", id: uid("err") }, item.message);
      control.setAttribute("aria-invalid", "true");
      control.setAttribute("aria-describedby", [control.dataset.hint, message.id].filter(Boolean).join(" "));
      control.closest(".field").append(message);
    }
    const first = form.querySelector("[aria-invalid='true']");
    if (first) first.focus();
  };
  const fill = (phrase) => {
    const shown = phrase || { phrase: "", label: "", language: null, penalty: meta.stop_phrase_penalty, critical: false };
    controls.phrase.value = shown.phrase;
    controls.label.value = shown.label;
    controls.language.value = shown.language || "";
    controls.penalty.value = shown.penalty;
    controls.critical.checked = shown.critical;
  };
  const editor = {
    form,
    edit(phrase) {
      state.editing = phrase;
      clearProblems();
      fill(phrase);
      mount(heading, t("stopPhrases.editTitle", { phrase: phrase.phrase }));
      submit.textContent = t("stopPhrases.saveChanges");
      cancel.hidden = false;
      form.scrollIntoView({ block: "start" });
      controls.phrase.focus();
    },
    stop() {
      const was = state.editing;
      state.editing = null;
      clearProblems();
      fill(null);
      mount(heading, t("stopPhrases.addTitle"));
      submit.textContent = t("stopPhrases.add");
      cancel.hidden = true;
      return was;
    },
  };
  cancel.addEventListener("click", () => {
    const was = editor.stop();
    if (was) focusRow(was.id);
  });
  form.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && state.editing) cancel.click();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = values();
    const editing = state.editing;
    try {
      const saved = await busy(submit, t("common.saving"), () => (editing ? patch(`/stop-phrases/${editing.id}`, changes(editing, body)) : post("/stop-phrases", body)));
      await reload();
      if (editing) {
        editor.stop();
        say(t("stopPhrases.saved", { phrase: saved.phrase }));
        focusRow(saved.id);
      } else {
        clearProblems();
        controls.phrase.value = "";
        say(t("stopPhrases.added", { phrase: saved.phrase }));
        controls.phrase.focus();
      }
    } catch (error) {
      showProblems(error); // what was typed stays in the form
    }
  });
  return editor;
}

/** Only the fields that changed (a PATCH leaves the others as they are). */
function changes(before, after) {
  return Object.fromEntries(Object.entries(after).filter(([key, value]) => (before[key] ?? null) !== value));
}

function focusRow(id) {
  const edit = document.querySelector(`[data-edit="${CSS.escape(String(id))}"]`);
  if (edit) edit.focus();
}

// --- the list -------------------------------------------------------------------------------------------------------

function phraseTable(phrases, { state, editor, say, reload }) {
  if (!state.phrases.length) return h("p", { class: "empty" }, t("stopPhrases.none"));
  if (!phrases.length) return h("p", { class: "empty" }, t("stopPhrases.noMatch"));
  const headers = [t("stopPhrases.phrase"), t("stopPhrases.label"), t("stopPhrases.language"), t("stopPhrases.penalty"), t("stopPhrases.criticalShort"), t("stopPhrases.actions")];
  return tableBox(
    t("stopPhrases.list"),
    h(
      "table",
      { class: "stop-phrases" },
      h("caption", { class: "visually-hidden" }, t("stopPhrases.list")),
      h("thead", null, h("tr", null, headers.map((c) => h("th", { scope: "col" }, c)))),
      h("tbody", null, phrases.map((phrase) => phraseRow(phrase, { state, editor, say, reload }))),
    ),
  );
}

function phraseRow(phrase, { state, editor, say, reload }) {
  const actions = h("td", { class: "nowrap" });
  const plain = () => {
    const edit = h("button", { type: "button", class: "link", "data-edit": phrase.id, "aria-label": t("stopPhrases.editOne", { phrase: phrase.phrase }) }, t("stopPhrases.edit"));
    edit.addEventListener("click", () => editor.edit(phrase));
    const remove = h("button", { type: "button", class: "link danger", "aria-label": t("stopPhrases.deleteOne", { phrase: phrase.phrase }) }, t("stopPhrases.delete"));
    remove.addEventListener("click", () => confirming(remove));
    mount(actions, edit, " · ", remove);
  };
  const confirming = () => {
    const yes = h("button", { type: "button", class: "small danger" }, t("stopPhrases.yesDelete"));
    const no = h("button", { type: "button", class: "small secondary" }, t("common.cancel"));
    const problem = h("span", { role: "alert" });
    yes.addEventListener("click", async () => {
      try {
        await busy(yes, t("common.sending"), () => del(`/stop-phrases/${phrase.id}`));
        if (state.editing && state.editing.id === phrase.id) editor.stop();
        await reload();
        say(t("stopPhrases.deleted", { phrase: phrase.phrase }));
        document.getElementById("phrases-h").focus();
      } catch (error) {
        mount(problem, h("span", { class: "error" }, errorMessage(error)));
      }
    });
    no.addEventListener("click", () => {
      plain();
      actions.querySelector(".danger").focus();
    });
    const bar = h("span", { class: "confirm", role: "group", "aria-label": t("stopPhrases.confirmDelete", { phrase: phrase.phrase }) }, h("span", null, t("stopPhrases.confirmDelete", { phrase: phrase.phrase })), " ", yes, " ", no, " ", problem);
    bar.addEventListener("keydown", (event) => {
      if (event.key === "Escape") no.click();
    });
    mount(actions, bar);
    yes.focus();
  };
  plain();
  return h(
    "tr",
    { "data-id": phrase.id },
    h("td", null, phrase.phrase),
    h("td", null, phrase.label),
    h("td", null, phrase.language ? t(`language.${phrase.language}`) : t("stopPhrases.everyLanguage")),
    h("td", null, String(phrase.penalty)),
    h("td", null, phrase.critical ? h("span", { class: "badge badge-fail" }, t("stopPhrases.criticalShort")) : "—"),
    actions,
  );
}

// --- the list as a file -----------------------------------------------------------------------------------------

function fileSection({ state, say, reload }) {
  const file = h("input", { type: "file", name: "file", accept: ".yaml,.yml,.json", required: true });
  const send = h("button", { type: "submit", class: "secondary" }, t("stopPhrases.import"));
  const outcome = h("div", { role: "status", "aria-live": "polite" });
  const form = h("form", { class: "import-form", novalidate: true }, field(t("stopPhrases.file"), file, { hint: t("stopPhrases.fileHint") }), h("div", { class: "actions" }, send), outcome);
  const upload = async () => {
    const data = new FormData();
    data.append("file", file.files[0]);
    try {
      const phrases = await busy(send, t("common.sending"), () => post("/stop-phrases/import", data, { form: true }));
      file.value = "";
      mount(outcome);
      await reload();
      say(t("stopPhrases.imported", { n: phrases.length }));
    } catch (error) {
      mount(outcome, h("p", { class: "error", role: "alert" }, errorMessage(error)), fileErrors(error.errors || []));
    }
  };
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    if (!file.files.length) {
      mount(outcome, h("p", { class: "error", role: "alert" }, t("scenarios.chooseFile")));
      file.focus();
      return;
    }
    const yes = h("button", { type: "button", class: "danger" }, t("stopPhrases.yesReplace"));
    const no = h("button", { type: "button", class: "secondary" }, t("common.cancel"));
    yes.addEventListener("click", upload);
    no.addEventListener("click", () => {
      mount(outcome);
      send.focus();
    });
    const question = t("stopPhrases.confirmImport", { n: state.phrases.length, file: file.files[0].name });
    mount(outcome, h("div", { class: "confirm", role: "group", "aria-label": question }, h("p", null, question), h("div", { class: "actions" }, yes, no)));
    yes.focus();
  });
  return h(
    "section",
    { "aria-labelledby": "phrase-file-h" },
    h("h2", { id: "phrase-file-h" }, t("stopPhrases.fileTitle")),
    h("p", null, t("stopPhrases.fileIntro")),
    h("p", null, h("a", { class: "button secondary", href: `${API}/stop-phrases/export`, download: "parry-stop-phrases.yaml" }, t("stopPhrases.export"))),
    form,
  );
}

// --- which of them the reps used ------------------------------------------------------------------------------------

async function usedSection() {
  const until = new Date();
  const since = new Date(until.getTime() - (REPORT_DAYS - 1) * 86_400_000);
  const params = { since: since.toISOString().slice(0, 10), until: until.toISOString().slice(0, 10) };
  const head = session.user && roleAtLeast(session.user.role, "head");
  let body;
  try {
    body = stopPhraseUseTable(await get(`/reports/stop-phrases${query(params)}`));
  } catch (error) {
    body = errorBox(error); // a trainer in no team has no report: the list above still works
  }
  return h(
    "section",
    { "aria-labelledby": "phrases-used-h" },
    h("h2", { id: "phrases-used-h" }, t("dashboard.stopPhrases")),
    h("p", { class: "muted" }, t(head ? "stopPhrases.usedAll" : "stopPhrases.usedTeam", { n: REPORT_DAYS }), head ? [" ", h("a", { href: "/head" }, t("stopPhrases.toDashboard"))] : null),
    body,
  );
}

/** The report of the stop phrases the reps used most (GET /reports/stop-phrases): a line of totals and a table. */
export function stopPhraseUseTable(report) {
  if (!report.phrases.length) return h("p", { class: "empty" }, t("dashboard.noStopPhrases"));
  const headers = [t("dashboard.stopPhrase"), t("stopPhrases.label"), t("dashboard.answers"), t("dashboard.reps"), t("dashboard.lastUsed")];
  const said = (use) => (use.words.length ? h("div", { class: "muted small" }, t("dashboard.said", { words: use.words.map((w) => `«${w}»`).join(", ") })) : null);
  const rows = report.phrases.map((use) =>
    h(
      "tr",
      null,
      h("th", { scope: "row" }, use.phrase || "—", said(use)),
      h("td", null, use.label),
      h("td", null, String(use.answers)),
      h("td", null, String(use.reps)),
      h("td", null, fmtDate(use.last_used)),
    ),
  );
  return [
    h("p", { class: "muted small" }, t("dashboard.flagged", { flagged: report.flagged_answers, answers: report.answers })),
    tableBox(
      t("dashboard.stopPhrases"),
      h("table", { class: "phrases-used" }, h("caption", { class: "visually-hidden" }, t("dashboard.stopPhrases")), h("thead", null, h("tr", null, headers.map((c) => h("th", { scope: "col" }, c)))), h("tbody", null, rows)),
    ),
  ];
}
