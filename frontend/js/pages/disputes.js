// Trainer: the disputes queue. Accept with a new score and a reason, or reject with a reason.

import { API, get, post, query } from "../api.js";
import { errorBox, errorMessage } from "../app.js";
import { busy, field, h, mount, newestOnly, select, tableBox, uid } from "../dom.js";
import { answerText, feedbackCard } from "../feedback.js";
import { categoryLabel, fmtDate, t } from "../i18n.js";
import { summaryCard } from "../summary.js";
import { attemptRequestsSection } from "./attempts.js";

export async function disputesPage(main) {
  const [users, scenarios] = await Promise.all([get("/users"), get("/scenarios?limit=500")]);
  const names = Object.fromEntries(users.map((user) => [user.id, user.name]));
  const titles = Object.fromEntries(scenarios.map((s) => [s.id, s.title]));
  const status = select(["open", "accepted", "rejected", ""].map((value) => ({ value, label: value ? t(`disputeStatus.${value}`) : t("disputes.all") })), { value: "open" });
  const list = h("div", { class: "dispute-list", "aria-live": "polite" });
  const load = newestOnly(async (current) => {
    mount(list, h("p", { class: "loading" }, t("common.loading")));
    try {
      const disputes = await get(`/disputes${query({ status: status.value, limit: 200 })}`);
      if (current()) mount(list, disputes.length ? disputes.map((d) => disputeCard(d, { names, titles, reload: load })) : h("p", { class: "empty" }, t("disputes.none")));
    } catch (error) {
      if (current()) mount(list, errorBox(error));
    }
  });
  status.addEventListener("change", load);
  // Requests for more test attempts are decided here too: like a dispute, a rep's request waiting on their trainer.
  mount(main, h("h1", null, t("disputes.title")), await attemptRequestsSection(), h("h2", null, t("disputes.queueTitle")), h("div", { class: "filters" }, field(t("disputes.status"), status)), list, await agreementSection());
  await load();
}

/** Per step: how the scorer agrees with trainers (decided disputes and graded sample answers). */
async function agreementSection() {
  const box = h("section", { "aria-labelledby": "agreement-h" });
  const load = async () => {
    try {
      mount(box, ...agreementContent(await get("/reports/agreement"), load));
    } catch (error) {
      mount(box, errorBox(error));
    }
  };
  await load();
  return box;
}

function agreementContent(report, reload) {
  const steps = report.steps.filter((step) => step.pairs > 0);
  let scoreSamples = null;
  if (report.samples_missing) {
    scoreSamples = h("button", { type: "button", class: "secondary small" }, t("disputes.scoreSamples"));
    // The server scores them in the background, one job for everyone: follow its progress, then show the report.
    const follow = async (start) => {
      try {
        await busy(scoreSamples, t("disputes.scoringSamples"), async () => {
          let job = await start();
          while (job.running) {
            scoreSamples.textContent = t("disputes.scoringProgress", { done: job.scored, n: job.samples });
            await new Promise((resolve) => setTimeout(resolve, 2000));
            job = await get("/reports/agreement/samples");
          }
        });
        await reload();
      } catch (error) {
        scoreSamples.after(errorBox(error));
      }
    };
    scoreSamples.addEventListener("click", () => follow(() => post("/reports/agreement/samples")));
    get("/reports/agreement/samples")
      .then((job) => job.running && follow(async () => job))
      .catch(() => {});
  }
  return [
    h(
      "div",
      { class: "section-head" },
      h("h2", { id: "agreement-h" }, t("disputes.agreement")),
      h("a", { class: "button secondary small", href: `${API}/reports/agreement.csv`, download: "", "aria-label": `CSV: ${t("disputes.agreement")}` }, "CSV"),
    ),
    h("p", { class: "hint" }, t("disputes.agreementHint")),
    report.samples_missing ? h("p", { class: "muted" }, t("disputes.samplesMissing", { n: report.samples_missing }), " ", scoreSamples) : null,
    steps.length
      ? tableBox(
          t("disputes.agreement"),
          h(
            "table",
            null,
            h("thead", null, h("tr", null, [t("scenarios.name"), t("scenarios.category"), t("disputes.pairs"), t("disputes.meanDiff"), "Spearman"].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              null,
              steps.map((step) =>
                h(
                  "tr",
                  null,
                  h("td", null, step.customer_line ? h("q", null, step.customer_line) : null, h("div", { class: "muted small" }, step.scenario_title)),
                  h("td", null, categoryLabel(step.category)),
                  h("td", null, t("disputes.pairsLine", { pairs: step.pairs, disputes: step.disputes, samples: step.samples })),
                  h("td", null, step.mean_abs_difference === null ? "—" : step.mean_abs_difference.toFixed(1)),
                  h("td", null, step.spearman === null ? "—" : step.spearman.toFixed(2)),
                ),
              ),
            ),
          ),
        )
      : h("p", { class: "empty" }, t("disputes.noAgreement")),
  ];
}

/** The key points as the scorer ticked them, each a checkbox the trainer may change; `changed()` gives the ticks
 * when the trainer changed any (null otherwise: the decision keeps the scorer's). */
function tickBoxes(answer) {
  const points = (answer && answer.feedback && answer.feedback.key_points) || [];
  if (!points.length) return { element: null, changed: () => null };
  const boxes = points.map((point) => h("input", { type: "checkbox", id: uid("kp"), checked: point.covered }));
  const element = h(
    "fieldset",
    { class: "key-point-ticks" },
    h("legend", null, t("disputes.ticks")),
    h("p", { class: "hint" }, t("disputes.ticksHint")),
    h("ul", { class: "plain checks" }, points.map((point, i) => h("li", null, boxes[i], h("label", { for: boxes[i].id }, point.text)))),
  );
  const changed = () => (boxes.some((box, i) => box.checked !== points[i].covered) ? boxes.map((box) => box.checked) : null);
  return { element, changed };
}

/** A decision's corrected ticks beside the scorer's, when the trainer changed them. */
function decidedTicks(dispute) {
  const points = (dispute.answer && dispute.answer.feedback && dispute.answer.feedback.key_points) || [];
  if (!dispute.key_points || dispute.key_points.length !== points.length) return null;
  const mark = (covered) => (covered ? "✓" : "✗");
  return h(
    "div",
    { class: "decided-ticks" },
    h("h3", null, t("disputes.ticksDecided")),
    h("ul", { class: "checklist" }, points.map((point, i) => h("li", { class: dispute.key_points[i] ? "covered" : "missed" }, h("span", { class: "mark-icon", "aria-hidden": "true" }, mark(dispute.key_points[i])), `${t(dispute.key_points[i] ? "disputes.tickCovered" : "disputes.tickMissed")}: ${point.text}`, point.covered !== dispute.key_points[i] ? h("span", { class: "muted" }, ` (${t("disputes.scorerSaid", { mark: mark(point.covered) })})`) : null))),
  );
}

function disputeCard(dispute, { names, titles, reload }) {
  const answer = dispute.answer;
  const card = h(
    "article",
    { class: "card dispute-card" },
    h("h2", null, names[dispute.user_id] || `#${dispute.user_id}`, h("span", { class: "muted" }, ` · ${fmtDate(dispute.created_at)}`)),
    answer ? h("p", { class: "muted" }, titles[answer.scenario_id] || `#${answer.scenario_id}`, " · ", categoryLabel(answer.category), " · ", t(`answerKind.${answer.kind}`)) : null,
    dispute.customer_line ? h("p", { class: "dispute-line" }, h("span", { class: "muted" }, t("disputes.customerSaid"), " "), h("q", null, dispute.customer_line)) : null,
    answer ? h("blockquote", { class: "answer-text" }, answerText(answer.text, answer.feedback)) : null,
    h("p", null, h("strong", null, t("disputes.comment"), ": "), dispute.comment),
    h("p", null, t("disputes.original", { score: dispute.original_score }), dispute.new_score !== null ? ` → ${dispute.new_score}` : ""),
    answer && answer.feedback ? h("details", null, h("summary", null, t("tests.why")), feedbackCard({ ...answer, final_score: answer.score })) : null,
    answer && answer.drill_summary ? h("details", null, h("summary", null, t("summary.show")), summaryCard(answer.drill_summary, { level: "h3" })) : null,
  );
  if (dispute.status !== "open") {
    const reviewer = dispute.reviewer_id ? h("span", { class: "muted" }, ` — ${names[dispute.reviewer_id] || `#${dispute.reviewer_id}`}, ${fmtDate(dispute.reviewed_at)}`) : null;
    card.append(h("p", null, h("span", { class: ["badge", `badge-${dispute.status}`] }, t(`disputeStatus.${dispute.status}`)), " ", dispute.reason || "", reviewer), decidedTicks(dispute));
    return card;
  }
  const ticks = tickBoxes(answer);
  const newScore = h("input", { type: "number", min: 0, max: 100, value: dispute.original_score, required: true });
  const reason = h("textarea", { rows: 2, maxlength: 2000, required: true });
  const accept = h("button", { type: "button" }, t("disputes.accept"));
  const reject = h("button", { type: "button", class: "secondary danger" }, t("disputes.reject"));
  const status = h("div", { role: "status" });
  const decide = async (buttonEl, path, body) => {
    if (!reason.value.trim()) {
      mount(status, h("p", { class: "error" }, t("disputes.needReason")));
      reason.focus();
      return;
    }
    try {
      await busy(buttonEl, t("common.sending"), () => post(`/disputes/${dispute.id}/${path}`, body));
      await reload();
    } catch (error) {
      mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)));
    }
  };
  accept.addEventListener("click", () => decide(accept, "accept", { new_score: Number(newScore.value), reason: reason.value, key_points: ticks.changed() }));
  reject.addEventListener("click", () => decide(reject, "reject", { reason: reason.value, key_points: ticks.changed() }));
  const form = h("form", { class: "decision" }, h("div", { class: "grid" }, field(t("disputes.newScore"), newScore), field(t("disputes.reason"), reason)), ticks.element, h("div", { class: "actions" }, accept, reject), status);
  form.addEventListener("submit", (event) => event.preventDefault());
  card.append(form);
  return card;
}
