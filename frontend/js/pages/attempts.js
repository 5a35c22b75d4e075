// Requests for more test attempts: the rep's panel on a track's card (ask, then see the answer) and the trainer's
// queue on the disputes page (grant extra attempts or decline, with a note the rep sees).

import { get, post, query } from "../api.js";
import { errorBox, errorMessage } from "../app.js";
import { busy, field, h, limitedField, mount } from "../dom.js";
import { fmtDate, fmtDateTime, t } from "../i18n.js";

/** The rep's panel on a track's card: the latest request's state (pending, granted, declined) and, with no attempt
 * left and no test running, a way to ask (again) unless a request is pending. `availability`: the track's entry of
 * GET /tests/availability; null when there is nothing to show. */
export function attemptRequestPanel(trackId, availability) {
  const canAsk = availability.attempts_left === 0 && !availability.running_test_id;
  if (!canAsk && !availability.attempt_request) return null;
  const panel = h("div", { class: "attempt-request" });
  const show = (request) => mount(panel, requestState(request), !canAsk || (request && request.status === "pending") ? null : askForm(trackId, show));
  show(availability.attempt_request);
  return panel;
}

/** What became of the rep's request: pending, granted (how many) or declined, with the trainer's note. */
function requestState(request) {
  if (!request) return null;
  const badge = h("span", { class: ["badge", `badge-${request.status}`] }, t(`attemptStatus.${request.status}`));
  const text =
    request.status === "pending"
      ? t("attempts.pendingSince", { when: fmtDate(request.created_at) })
      : request.status === "granted"
        ? t("attempts.grantedBy", { n: request.extra, who: request.decided_by_name || "" })
        : t("attempts.declinedBy", { who: request.decided_by_name || "" });
  return h(
    "div",
    { class: "request-state", role: "status" },
    h("p", null, badge, " ", text),
    request.note ? h("p", null, h("strong", null, t("attempts.note"), ": "), request.note) : null,
  );
}

function askForm(trackId, show) {
  const open = h("button", { type: "button", class: "secondary", "aria-expanded": "false" }, t("attempts.ask"));
  const message = h("textarea", { rows: 2, maxlength: 1000, name: "message" });
  const send = h("button", { type: "submit" }, t("attempts.send"));
  const status = h("div", { role: "status" });
  const form = h("form", { class: "ask-attempts", hidden: true }, limitedField(t("attempts.message"), message, { hint: t("attempts.messageHint") }), h("div", { class: "actions" }, send), status);
  open.addEventListener("click", () => {
    form.hidden = false;
    open.hidden = true;
    open.setAttribute("aria-expanded", "true");
    message.focus();
  });
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const request = await busy(send, t("common.sending"), () => post("/tests/attempt-requests", { track_id: trackId, message: message.value.trim() || null }));
      show(request);
    } catch (error) {
      mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)));
    }
  });
  return h("div", null, open, form);
}

/** The trainer's queue of requests (their team's; everyone's for heads and admins), pending first by default. */
export async function attemptRequestsSection() {
  const list = h("div", { class: "attempt-requests", "aria-live": "polite" });
  const load = async () => {
    try {
      const requests = await get(`/tests/attempt-requests/queue${query({ status: "pending" })}`);
      mount(list, requests.length ? requests.map((request) => requestCard(request, load)) : h("p", { class: "empty" }, t("attempts.noneWaiting")));
    } catch (error) {
      mount(list, errorBox(error));
    }
  };
  await load();
  return h("section", { "aria-labelledby": "attempts-h" }, h("h2", { id: "attempts-h" }, t("attempts.queueTitle")), h("p", { class: "hint" }, t("attempts.queueHint")), list);
}

function requestCard(request, reload) {
  const extra = h("input", { type: "number", min: 1, max: 10, value: 1, required: true, name: "extra" });
  const note = h("textarea", { rows: 2, maxlength: 1000, name: "note" });
  const grant = h("button", { type: "button" }, t("attempts.grant"));
  const decline = h("button", { type: "button", class: "secondary danger" }, t("attempts.decline"));
  const status = h("div", { role: "status" });
  const decide = async (button, path, body) => {
    try {
      await busy(button, t("common.sending"), () => post(`/tests/attempt-requests/${request.id}/${path}`, body));
      await reload();
    } catch (error) {
      mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)));
    }
  };
  grant.addEventListener("click", () => {
    const n = Number(extra.value);
    if (!Number.isInteger(n) || n < 1 || n > 10) {
      mount(status, h("p", { class: "error", role: "alert" }, t("attempts.extraRange")));
      extra.focus();
      return;
    }
    decide(grant, "grant", { extra: n, note: note.value.trim() || null });
  });
  decline.addEventListener("click", () => decide(decline, "decline", { note: note.value.trim() || null }));
  const form = h("form", { class: "decision" }, h("div", { class: "grid" }, field(t("attempts.extra"), extra), field(t("attempts.noteToRep"), note)), h("div", { class: "actions" }, grant, decline), status);
  form.addEventListener("submit", (event) => event.preventDefault());
  return h(
    "article",
    { class: "card attempt-request-card" },
    h("h3", null, request.user_name, h("span", { class: "muted" }, ` · ${fmtDateTime(request.created_at)}`)),
    h("p", null, request.track_name, " · ", t("attempts.usedOf", { used: request.attempts_used, allowed: request.attempts_allowed })),
    request.message ? h("p", null, h("strong", null, t("attempts.repWrote"), ": "), request.message) : null,
    form,
  );
}
