// Feedback on a scored answer: score, verdict, breakdown, best reference, key points, red flags, hints, dispute.

import { post } from "./api.js";
import { errorMessage } from "./app.js";
import { busy, h, limitedField, markedText, uid } from "./dom.js";
import { t } from "./i18n.js";
import { deliveryCard } from "./voice.js";

/** The answer's text with its red-flag words marked. */
export function answerText(text, feedback) {
  const flags = feedback ? feedback.red_flags : [];
  return markedText(text, flags);
}

/** A score with its verdict: "64 / 100 · Not passed (pass mark 70)". */
export function scoreLine(score, passed, passMark, { tag = "p" } = {}) {
  return h(
    tag,
    { class: ["score-line", passed ? "pass" : "fail"] },
    h("span", { class: "score" }, t("feedback.score", { score })),
    " ",
    h("span", { class: ["badge", passed ? "badge-pass" : "badge-fail"] }, passed ? t("feedback.passed") : t("feedback.failed")),
    " ",
    h("span", { class: "muted" }, t("feedback.passMark", { mark: passMark })),
  );
}

function meter(label, value, max, text) {
  const id = uid("meter");
  return h(
    "div",
    { class: "meter-row" },
    h("span", { id }, label),
    h("meter", { min: 0, max, low: 40, high: 70, optimum: max, value: Math.max(0, Math.min(max, value)), "aria-labelledby": id }),
    h("span", { class: "meter-value" }, text),
  );
}

function breakdown(feedback) {
  const rows = [meter(t("feedback.meaning"), feedback.meaning, 100, Math.round(feedback.meaning).toString())];
  if (feedback.key_point_coverage !== null && feedback.key_point_coverage !== undefined) {
    const pct = Math.round(feedback.key_point_coverage * 100);
    rows.push(meter(t("feedback.coverage"), pct, 100, `${pct}%`));
  }
  rows.push(h("div", { class: "meter-row" }, h("span", null, t("feedback.penalty")), h("span"), h("span", { class: "meter-value" }, feedback.penalty ? `−${feedback.penalty}` : "0")));
  return h("div", { class: "breakdown" }, h("h3", null, t("feedback.breakdown")), rows);
}

function reasonText(feedback) {
  if (!feedback.reason_code) return null;
  const key = `reason.${feedback.reason_code}`;
  const translated = t(key);
  return h("p", { class: "reason", role: "note" }, translated === key ? feedback.reason : translated);
}

function keyPoints(feedback) {
  if (!feedback.key_points.length) return null;
  const covered = feedback.key_points.filter((point) => point.covered);
  const missed = feedback.key_points.filter((point) => !point.covered);
  return h(
    "div",
    { class: "key-points" },
    h("h3", null, t("feedback.keyPoints", { covered: covered.length, total: feedback.key_points.length })),
    h(
      "ul",
      { class: "checklist" },
      covered.map((point) =>
        h(
          "li",
          { class: "covered" },
          h("span", { class: "mark-icon", "aria-hidden": "true" }, "✓"),
          h("span", { class: "visually-hidden" }, `${t("feedback.covered")}: `),
          h("strong", null, point.text),
          point.sentence ? h("q", { class: "covered-by" }, point.sentence) : null,
        ),
      ),
      missed.map((point) =>
        h(
          "li",
          { class: "missed" },
          h("span", { class: "mark-icon", "aria-hidden": "true" }, "✗"),
          h("span", { class: "visually-hidden" }, `${t("feedback.missed")}: `),
          h("strong", null, point.text),
          " ",
          h("span", { class: "muted" }, t("feedback.missed")),
        ),
      ),
    ),
  );
}

function redFlags(feedback) {
  if (!feedback.red_flags.length) return null;
  return h(
    "div",
    { class: "red-flags" },
    h("h3", null, t("feedback.redFlags")),
    h(
      "ul",
      null,
      feedback.red_flags.map((flag) =>
        h(
          "li",
          null,
          h("strong", null, flag.label),
          " — ",
          h("mark", { class: "red-flag" }, flag.words),
          " ",
          h("span", { class: "muted" }, flag.critical ? t("feedback.critical") : t("feedback.costs", { penalty: flag.penalty })),
        ),
      ),
    ),
  );
}

function bestReference(feedback) {
  if (!feedback.best_reference_text) return null;
  return h(
    "div",
    { class: "best-reference" },
    h("h3", null, t("feedback.bestReference")),
    h("blockquote", null, feedback.best_reference_text),
  );
}

function hintsBlock(hints) {
  if (!hints || !hints.length) return null;
  return h("div", { class: "hints" }, h("h3", null, t("feedback.hint")), h("ul", null, hints.map((hint) => h("li", null, hint))));
}

/** The dispute control for one's own answer: a button that opens a comment form. */
export function disputeControl(answer) {
  const box = h("div", { class: "dispute" });
  if (answer.dispute_id) {
    box.append(h("p", { class: "muted" }, t("dispute.already")));
    return box;
  }
  const open = h("button", { type: "button", class: "secondary" }, t("dispute.open"));
  open.addEventListener("click", () => {
    open.hidden = true;
    const comment = h("textarea", { rows: 3, maxlength: 2000, "aria-required": "true" });
    const status = h("p", { class: "form-status", role: "status" });
    const send = h("button", { type: "submit" }, t("dispute.send"));
    const form = h(
      "form",
      { class: "dispute-form", novalidate: true }, // the app's own message for an empty comment, not the browser's bubble
      limitedField(t("dispute.comment"), comment, { hint: t("dispute.commentHint") }),
      h("div", { class: "actions" }, send, h("button", { type: "button", class: "secondary", on: { click: () => { form.remove(); open.hidden = false; open.focus(); } } }, t("common.cancel"))),
      status,
    );
    form.addEventListener("submit", async (event) => {
      event.preventDefault();
      if (!comment.value.trim()) {
        status.textContent = t("dispute.needComment");
        status.classList.add("error");
        comment.setAttribute("aria-invalid", "true");
        comment.focus();
        return;
      }
      comment.removeAttribute("aria-invalid");
      try {
        await busy(send, t("common.sending"), () => post("/disputes", { answer_id: answer.id, comment: comment.value }));
        answer.dispute_id = -1;
        box.replaceChildren(h("p", { class: "ok", role: "status" }, t("dispute.sent")));
      } catch (error) {
        status.textContent = errorMessage(error);
        status.classList.add("error");
      }
    });
    box.append(form);
    comment.focus();
  });
  box.append(open);
  return box;
}

/**
 * The full explanation of a scored answer. `answer` is AnswerPublic (or a TryResult-like object with
 * score/passed/pass_mark/feedback). Options: hints (list), dispute (show the dispute control), title.
 */
export function feedbackCard(answer, { hints = null, dispute = false, title = null } = {}) {
  const feedback = answer.feedback;
  const score = answer.final_score ?? answer.score;
  const card = h(
    "section",
    { class: "feedback-card", "aria-label": title || t("feedback.title") },
    title ? h("h2", null, title) : null,
    scoreLine(score, answer.passed, answer.pass_mark),
    answer.final_score !== undefined && answer.final_score !== null && answer.final_score !== answer.score
      ? h("p", { class: "muted" }, t("feedback.changedByDispute", { original: answer.score }))
      : null,
  );
  if (!feedback) return card;
  card.append(
    ...[reasonText(feedback), breakdown(feedback), deliveryCard(answer.delivery), keyPoints(feedback), redFlags(feedback), bestReference(feedback), hintsBlock(hints)].filter(
      Boolean,
    ),
  );
  if (dispute && answer.id) card.append(disputeControl(answer));
  return card;
}
