// Trainer: the scenario editor. A form for every field of the scenario format (editor/form.js), the server's
// validation errors shown next to the field they name (editor/problems.js), "try an answer" against the step being
// edited (editor/try.js), save the draft, publish, export. Work in progress is kept in this browser and autosaved.
//
// The parts share one object, `ed`: the document and the page's state (doc, detail, dirty, errors, tryStep…), its
// elements, and the operations each part lends the others (markDirty, renderForm, renderTry, showErrors).

import { API, del, get, post, put } from "../api.js";
import { navigate, session } from "../app.js";
import { busy, h, mount } from "../dom.js";
import { fmtDate, lang, t } from "../i18n.js";
import { guardLeaving, keepDrop, keepKey, keepLoad, keepSave } from "../keep.js";
import { cleaned, editable, newScenario, slugFrom } from "./editor/document.js";
import { scenarioForm } from "./editor/form.js";
import { problemDisplay } from "./editor/problems.js";
import { tryPanel } from "./editor/try.js";

const AUTOSAVE_SECONDS = 20;

/** The editor's shared state: the document (a saved scenario's draft or published content, or a new one), and the
 * work kept in this browser, restored when it differs from the server's. */
async function openEditor(scenarioId) {
  const isNew = scenarioId === undefined;
  const detail = isNew ? null : await get(`/scenarios/${scenarioId}/draft`);
  const ed = { isNew, detail, dirty: false, errors: [], tryStep: 0, changes: 0, autosavedAt: null };
  ed.fresh = () => (isNew ? newScenario() : editable(ed.detail.draft || ed.detail.published.content));
  ed.doc = ed.fresh();
  // Work in progress is kept in this browser on every change: a reload, a crash or an expired session loses nothing.
  ed.keepAt = keepKey(session.user.id, "editor", isNew ? "new" : scenarioId);
  const kept = keepLoad(ed.keepAt);
  ed.restored = kept && JSON.stringify(kept.value) !== JSON.stringify(ed.doc) ? kept : null;
  if (ed.restored) {
    ed.doc = ed.restored.value;
    ed.dirty = true;
  } else if (kept) keepDrop(ed.keepAt);
  ed.idTouched = !isNew || Boolean(ed.doc.id && ed.doc.id !== slugFrom(ed.doc.title));
  return ed;
}

export async function editorPage(main, scenarioId) {
  const ed = await openEditor(scenarioId);
  const heading = h("h1", { id: "editor-h" });
  const stateLine = h("p", { class: "muted", role: "status" });
  const saveButton = h("button", { type: "submit" }, t("editor.save"));
  const validateButton = h("button", { type: "button", class: "secondary" }, t("editor.validate"));
  const publishButton = h("button", { type: "button" }, t("editor.publish"));
  const discardButton = h("button", { type: "button", class: "secondary danger" }, t("editor.discard"));
  const exportBox = h("span", { class: "export-links" });
  const restoredBox = h("div", { class: "restored", role: "status" });
  ed.summary = h("div", { class: "error-summary", tabindex: "-1", hidden: true });
  ed.formBody = h("div");
  ed.status = h("div", { class: "form-status", role: "status", "aria-live": "polite" });
  ed.actions = [saveButton, validateButton, publishButton, discardButton, exportBox];
  const form = h("form", { class: "editor", novalidate: true, "aria-labelledby": "editor-h" }, ed.formBody);

  const updateHeader = () => {
    const { detail } = ed;
    heading.textContent = ed.isNew ? t("editor.newTitle") : t("editor.title", { name: ed.doc.title || detail.slug });
    const parts = [];
    if (detail) parts.push(detail.version ? t("scenarios.version", { n: detail.version }) : t("scenarios.neverPublished"));
    if (detail && detail.has_draft) parts.push(t("editor.hasDraft"));
    if (ed.dirty) parts.push(t("editor.unsaved"));
    else if (ed.autosavedAt) parts.push(t("editor.autosaved", { time: ed.autosavedAt.toLocaleTimeString(lang() === "ru" ? "ru-RU" : "en-GB", { hour: "2-digit", minute: "2-digit" }) }));
    stateLine.textContent = parts.join(" · ");
    publishButton.hidden = ed.isNew;
    discardButton.hidden = ed.isNew || !detail.has_draft || !detail.version;
    mount(exportBox, detail ? [t("scenarios.export"), ": ", h("a", { href: `${API}/scenarios/${detail.id}/export?format=yaml`, download: `${detail.slug}.yaml` }, "YAML"), " · ", h("a", { href: `${API}/scenarios/${detail.id}/export?format=json`, download: `${detail.slug}.json` }, "JSON")] : null);
  };
  ed.markDirty = () => {
    ed.dirty = true;
    ed.changes += 1; // edits so far: an autosave that a newer edit overtook leaves the page unsaved
    keepSave(ed.keepAt, ed.doc);
    updateHeader();
  };
  const markClean = () => {
    ed.dirty = false;
    keepDrop(ed.keepAt);
    mount(restoredBox);
  };

  const problems = problemDisplay(ed);
  const trying = tryPanel(ed);
  const scenario = scenarioForm(ed);
  Object.assign(ed, { showErrors: problems.showErrors, renderTry: trying.render, renderForm: scenario.render, refreshStepIds: scenario.refreshStepIds });
  const { showErrors, reportErrors } = problems;

  /** Show the document `doc` as the server now has it, with nothing unsaved. */
  const reload = (doc) => {
    ed.doc = doc;
    markClean();
    ed.errors = [];
    ed.renderForm();
    updateHeader();
  };
  if (ed.restored) {
    const dropLocal = h("button", { type: "button", class: "link", on: { click: () => reload(ed.fresh()) } }, t("keep.discardLocal"));
    mount(restoredBox, h("p", { class: "flash flash-info" }, t("keep.editorRestored", { when: fmtDate(ed.restored.at) }), " ", dropLocal));
  }

  // -- actions ---------------------------------------------------------------------------------------------------------

  const validate = async () => {
    const report = await post("/scenarios/validate", cleaned(ed.doc));
    showErrors(report.errors);
    if (report.ok) mount(ed.status, h("p", { class: "ok" }, t("editor.valid")));
    else {
      mount(ed.status, h("p", { class: "error", role: "alert" }, t("editor.problems", { n: report.errors.length })));
      ed.summary.focus();
    }
    return report.ok;
  };

  /** Save the draft as it is (work in progress may not pass the checks yet; publishing checks it). */
  const save = async () => {
    const body = cleaned(ed.doc);
    const saved = ed.isNew ? await post("/scenarios?as_is=true", body) : await put(`/scenarios/${ed.detail.id}/draft?as_is=true`, body);
    markClean();
    showErrors([]);
    return saved;
  };

  /** After a save: the problems publishing will refuse, shown beside their fields without taking the focus. */
  const savedStatus = async (saved) => {
    if (saved.draft_valid !== false) {
      mount(ed.status, h("p", { class: "ok" }, t("editor.saved")));
      return;
    }
    const report = await post("/scenarios/validate", cleaned(ed.doc));
    showErrors(report.errors);
    mount(ed.status, h("p", { class: "ok" }, t("editor.savedWithProblems", { n: report.errors.length })));
  };

  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await busy(saveButton, t("common.saving"), save);
      if (ed.isNew) {
        const message = saved.draft_valid === false ? t("editor.savedUnchecked") : t("editor.saved");
        navigate(`/trainer/scenarios/${saved.id}`, { replace: true, flash: message });
        return;
      }
      ed.detail = saved;
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
        if (ed.dirty) ed.detail = await save();
        const version = await post(`/scenarios/${ed.detail.id}/publish`);
        ed.detail = await get(`/scenarios/${ed.detail.id}/draft`);
        ed.doc = editable(ed.detail.draft || ed.detail.published.content);
        markClean();
        updateHeader();
        mount(ed.status, h("p", { class: "ok" }, t("editor.published", { n: version.number })));
      });
    } catch (error) {
      reportErrors(error);
    }
  });
  discardButton.addEventListener("click", async () => {
    try {
      ed.detail = await busy(discardButton, t("common.sending"), () => del(`/scenarios/${ed.detail.id}/draft`));
      reload(editable(ed.detail.published.content));
      mount(ed.status, h("p", { class: "ok" }, t("editor.discarded")));
    } catch (error) {
      reportErrors(error);
    }
  });

  mount(main, h("p", null, h("a", { href: "/trainer/scenarios" }, t("editor.back"))), heading, stateLine, restoredBox, ed.summary, h("div", { class: "editor-layout" }, form, trying.panel));
  ed.renderForm();
  updateHeader();
  if (ed.detail && ed.detail.draft_valid === false) {
    // A draft saved unfinished: what publishing will refuse, beside its fields (the focus stays where it is).
    const report = await post("/scenarios/validate", cleaned(ed.doc));
    showErrors(report.errors);
  }
  // A saved scenario's unsaved edits go to its server draft every AUTOSAVE_SECONDS, as they are (a new one is kept in
  // this browser until its first Save gives it a place on the server). A failed autosave changes nothing on screen:
  // the edits stay kept here, and Save says what went wrong.
  let autosaving = false;
  const autosave = async () => {
    if (!ed.dirty || !ed.detail || autosaving || saveButton.disabled || publishButton.disabled) return;
    autosaving = true;
    const at = ed.changes;
    try {
      ed.detail = await put(`/scenarios/${ed.detail.id}/draft?as_is=true`, cleaned(ed.doc));
      ed.autosavedAt = new Date();
      if (ed.changes === at) markClean();
      updateHeader();
    } catch {
      // kept in this browser (keep.js); an expired session goes to the login page and comes back here
    } finally {
      autosaving = false;
    }
  };
  const timer = setInterval(autosave, AUTOSAVE_SECONDS * 1000);
  const stopGuard = guardLeaving(() => (ed.dirty ? t("keep.editorLeave") : null));
  return () => {
    clearInterval(timer);
    stopGuard();
  };
}
