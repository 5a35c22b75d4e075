// The summary that closes a drill: won or lost and why, the score of each objection with retries, the two things to
// fix first (with the sentence of the answer they concern), the best reference answer of the weakest objection, and
// for the rep the next move: try again or the next objection.

import { post } from "./api.js";
import { errorBox, navigate } from "./app.js";
import { busy, h, uid } from "./dom.js";
import { categoryLabel, fmtDate, t } from "./i18n.js";

/** The summary as a card; `actions`: the rep's buttons (try again, next objection). */
export function summaryCard(summary, { actions = false, level = "h2" } = {}) {
  const won = summary.outcome === "won";
  const id = uid("summary");
  return h(
    "section",
    { class: ["drill-summary", won ? "won" : "lost"], "aria-labelledby": id },
    h(level, { id }, t(won ? "summary.won" : "summary.lost")),
    h("p", { class: "summary-reason" }, reason(summary)),
    h("p", { class: "muted small" }, t("summary.meta", { title: summary.title, date: fmtDate(summary.finished_at), n: summary.answers })),
    h("h3", null, t("summary.steps")),
    stepList(summary.steps),
    summary.fix_first.length ? [h("h3", null, t("summary.fixFirst")), h("ol", { class: "fix-first" }, summary.fix_first.map((item) => fixItem(item, summary.language)))] : null,
    summary.weakest_step
      ? [
          h("h3", null, t("summary.weakest")),
          h("p", { class: "muted" }, h("q", { lang: summary.language }, summary.weakest_step.customer_line), " ", t("summary.bestScore", { score: summary.weakest_step.score })),
          h("blockquote", { class: "best-reference", lang: summary.language }, summary.weakest_step.best_reference),
        ]
      : null,
    actions ? nextMoves(summary) : null,
  );
}

function reason(summary) {
  if (summary.reason === "critical_red_flag" && summary.lost_on) {
    return t("summary.reason.critical_red_flag", { words: summary.lost_on.words || summary.lost_on.sentence, label: summary.lost_on.text });
  }
  return t(`summary.reason.${summary.reason}`);
}

function stepList(steps) {
  return h(
    "ul",
    { class: "summary-steps" },
    steps.map((step) =>
      h(
        "li",
        null,
        h("span", { class: "summary-step" }, h("strong", null, categoryLabel(step.category)), " · ", h("q", null, step.customer_line)),
        " ",
        step.attempts.map((attempt) =>
          h(
            "span",
            { class: ["badge", attempt.passed ? "badge-pass" : "badge-fail"], title: t(`summary.attempt.${attempt.kind}`) },
            String(attempt.score),
            attempt.kind === "first" ? null : h("span", { class: "attempt-kind" }, ` ${t(`summary.attempt.${attempt.kind}`)}`),
          ),
        ),
      ),
    ),
  );
}

function fixItem(item, language) {
  const flag = item.kind === "red_flag";
  return h(
    "li",
    { class: flag ? "fix-flag" : "fix-point" },
    h("strong", null, t(flag ? "summary.fixFlag" : "summary.fixKeyPoint", { text: item.text })),
    h("span", { class: "muted" }, ` ${item.critical ? t("summary.critical") : t("summary.cost", { points: Math.round(item.points) })}`),
    h("br"),
    h("span", { class: "muted" }, t(flag ? "summary.youSaid" : "summary.inYourAnswer")),
    " ",
    h("q", { lang: language }, item.sentence),
  );
}

function nextMoves(summary) {
  const again = h("button", { type: "button", class: "secondary" }, t("summary.tryAgain"));
  again.addEventListener("click", () => go(again, "/drills", { scenario_id: summary.try_again_scenario_id }));
  const next = summary.next_objection;
  const onward = next ? h("button", { type: "button" }, t("summary.nextObjection")) : h("a", { class: "button", href: "/practice" }, t("summary.nextObjection"));
  if (next) onward.addEventListener("click", () => go(onward, "/progress/me/today/drills", { scenario_id: next.scenario_id, step_id: next.step_id }));
  return h(
    "div",
    { class: "actions summary-actions" },
    again,
    onward,
    next ? h("span", { class: "muted small" }, t("summary.nextIs", { title: next.scenario_title })) : null,
  );
}

async function go(button, path, body) {
  try {
    const drill = await busy(button, t("common.starting"), () => post(path, body));
    navigate(`/practice/${drill.id}`);
  } catch (error) {
    button.after(errorBox(error));
  }
}
