// A rep's progress: due today, streak, score trend, due counts, mastery per step, cycles, certificates, tests,
// answers, disputes. Uses the progress API (/progress/me); without it, works out what it can from the answers.

import { get } from "../api.js";
import { barChart, lineChart } from "../charts.js";
import { h, mount } from "../dom.js";
import { answerText, feedbackCard } from "../feedback.js";
import { categoryLabel, fmtDate, fmtDay, t } from "../i18n.js";
import { meta } from "../meta.js";
import { summaryCard } from "../summary.js";
import { deliveryAverages } from "../voice.js";
import { planCard, readPlan } from "./plans.js";

export async function progressPage(main) {
  const [progress, answers, disputes, titles, drills, plan] = await Promise.all([get("/progress/me"), get("/answers?limit=200"), get("/disputes?limit=100"), scenarioTitles(), get("/drills?limit=50"), readPlan("/plans/me")]);
  mount(
    main,
    h("h1", null, t("progress.title")),
    planCard(plan),
    progressSections(progress, { own: true }),
    h("section", { "aria-labelledby": "drills-h" }, h("h2", { id: "drills-h" }, t("progress.drills")), drillList(drills.filter((drill) => drill.status === "finished"))),
    h("section", { "aria-labelledby": "answers-h" }, h("h2", { id: "answers-h" }, t("progress.recent")), answerList(answers.slice(0, 20), titles)),
    h("section", { "aria-labelledby": "disputes-h" }, h("h2", { id: "disputes-h" }, t("progress.disputes")), disputeList(disputes)),
  );
}

async function scenarioTitles() {
  const scenarios = await get("/scenarios?include_drafts=false&limit=500");
  return Object.fromEntries(scenarios.map((s) => [s.id, s.title]));
}

function stat(label, value, detail = null) {
  return h("div", { class: "stat" }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, label), detail ? h("span", { class: "muted small" }, detail) : null);
}

function section(id, title, ...content) {
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...content);
}

/** Everything the progress API tells about a rep (their own page, or a head's drill-down). */
export function progressSections(progress, { own = false } = {}) {
  const valid = progress.certificates.filter((c) => c.status !== "expired").length;
  return [
    h(
      "div",
      { class: "stats" },
      stat(t("progress.due"), progress.today.due_count, t("progress.newToday", { n: progress.today.new_count })),
      stat(t("progress.streak"), t("progress.days", { n: progress.streak.current }), t("progress.longest", { n: progress.streak.longest })),
      stat(t("progress.answers"), progress.trend.reduce((sum, week) => sum + week.answers, 0), t("progress.lastWeeks", { n: progress.trend.length })),
      stat(t("progress.certificates"), valid),
    ),
    own && progress.today.items.length ? h("p", null, h("a", { class: "button", href: "/practice" }, t("progress.goPractise"))) : null,
    section("cycles-h", t("progress.cycles"), cycleList(progress.cycles, { own })),
    section("trend-h", t("progress.trend"), progress.trend.length ? lineChart(progress.trend.map((p) => ({ label: fmtDay(p.week), value: Math.round(p.mean_score) })), { title: t("progress.trendWeekly"), passMark: meta.pass_mark }) : h("p", { class: "empty" }, t("progress.noAnswers"))),
    progress.delivery && progress.delivery.answers ? section("delivery-h", t("voice.deliveryRecent"), deliveryAverages(progress.delivery)) : null,
    section("due-h", t("progress.dueCounts"), dueChart(progress.mastery)),
    section("mastery-h", t(own ? "progress.mastery" : "progress.masteryWeakest"), masteryList(progress.mastery, { weakestFirst: !own })),
    section("certs-h", t("progress.certificatesTitle"), certificates(progress.certificates)),
    section("tests-h", t("tests.history"), testList(progress.tests)),
  ];
}

function cycleList(cycles, { own }) {
  const current = cycles.filter((cycle) => !cycle.ended_at);
  if (!current.length) return h("p", { class: "empty" }, t("progress.noCycles"));
  return h(
    "ul",
    { class: "cycles" },
    current.map((cycle) => {
      const done = cycle.practice.reduce((sum, step) => sum + Math.min(step.done, step.needed), 0);
      const needed = cycle.practice.reduce((sum, step) => sum + step.needed, 0);
      return h(
        "li",
        { class: ["cycle", `state-${cycle.state}`] },
        h("strong", null, cycle.track_name),
        " ",
        h("span", { class: ["badge", `badge-${cycle.state}`] }, t(`cycleState.${cycle.state}`)),
        cycle.kind !== "initial" ? h("span", { class: "muted" }, ` · ${t(`cycleKind.${cycle.kind}`)}`) : null,
        needed
          ? h("div", { class: "meter-row" }, h("span", null, t("progress.practiceDone")), h("meter", { min: 0, max: needed, value: done, "aria-label": t("progress.practiceDone") }), h("span", { class: "meter-value" }, `${done}/${needed}`))
          : null,
        own && cycle.state === "test_available" ? h("a", { href: "/tests" }, t("progress.takeTest")) : null,
      );
    }),
  );
}

/** How many steps fall due on each of the next 14 days (overdue ones count today). */
function dueChart(mastery) {
  const today = new Date();
  today.setUTCHours(0, 0, 0, 0);
  const days = Array.from({ length: 14 }, (_, i) => new Date(today.getTime() + i * 86_400_000));
  const counts = days.map(() => 0);
  for (const step of mastery) {
    if (!step.due) continue;
    const index = Math.max(0, Math.floor((Date.parse(step.due) - today.getTime()) / 86_400_000));
    if (index < counts.length) counts[index] += 1;
  }
  if (!counts.some(Boolean)) return h("p", { class: "empty" }, t("progress.nothingDue"));
  return barChart(days.map((day, i) => ({ label: fmtDay(day.toISOString()), value: counts[i] })), { title: t("progress.dueCounts"), valueLabel: t("progress.stepsDue") });
}

/** Steps with their recent mean: the rep's own page puts the least recalled first, a head's view the weakest. */
function masteryList(items, { weakestFirst = false } = {}) {
  if (!items.length) return h("p", { class: "empty" }, t("progress.noMastery"));
  const recall = (a, b) => (a.retrievability ?? 2) - (b.retrievability ?? 2);
  const weakness = (a, b) => (a.recent_mean ?? 101) - (b.recent_mean ?? 101);
  const sorted = [...items].sort(weakestFirst ? (a, b) => weakness(a, b) || recall(a, b) : (a, b) => recall(a, b) || weakness(a, b));
  return h(
    "ul",
    { class: "mastery" },
    sorted.map((item) => {
      const value = item.recent_mean === null || item.recent_mean === undefined ? 0 : Math.round(item.recent_mean);
      const label = item.customer_line ? `«${item.customer_line}» · ${item.scenario_title}` : item.scenario_title; // never the step's id
      const details = [categoryLabel(item.category)];
      if (item.retrievability !== null && item.retrievability !== undefined) details.push(t("progress.recall", { pct: Math.round(item.retrievability * 100) }));
      if (item.due) details.push(t("progress.dueOn", { date: fmtDate(item.due) }));
      return h(
        "li",
        null,
        h("span", { class: "mastery-label" }, label, h("span", { class: "muted small" }, ` · ${details.join(" · ")}`)),
        h("meter", { min: 0, max: 100, low: 55, high: 70, optimum: 100, value, "aria-label": t("progress.recentMean", { label }) }),
        h("span", { class: "meter-value" }, item.recent_mean === null || item.recent_mean === undefined ? "—" : String(value)),
      );
    }),
  );
}

function certificates(list) {
  if (!list.length) return h("p", { class: "empty" }, t("progress.noCertificates"));
  return h(
    "ul",
    { class: "certificates" },
    list.map((cert) =>
      h(
        "li",
        { class: ["certificate", `state-${cert.status}`] },
        h("strong", null, cert.track_name),
        " ",
        h("span", { class: ["badge", `badge-${cert.status}`] }, t(`certState.${cert.status}`)),
        h("span", { class: "muted" }, " ", t(cert.status === "expired" ? "progress.expiredOn" : "progress.validUntil", { date: fmtDate(cert.expires_at) }), " · ", t("progress.certScore", { score: Math.round(cert.score) })),
      ),
    ),
  );
}

function testList(tests) {
  if (!tests.length) return h("p", { class: "empty" }, t("tests.noHistory"));
  return h(
    "ul",
    { class: "plain" },
    tests.map((test) =>
      h(
        "li",
        null,
        h("a", { href: `/tests/${test.id}` }, test.track_name || "", " — ", t("progress.testLine", { n: test.number, date: fmtDate(test.started_at) })),
        " — ",
        test.score === null ? t(`testStatus.${test.status}`) : `${Math.round(test.score)} · ${t(`testStatus.${test.status}`)}`,
      ),
    ),
  );
}

function answerList(answers, titles) {
  if (!answers.length) return h("p", { class: "empty" }, t("progress.noAnswers"));
  return h(
    "ul",
    { class: "answers" },
    answers.map((answer) =>
      h(
        "li",
        null,
        h(
          "details",
          null,
          h(
            "summary",
            null,
            h("span", null, titles[answer.scenario_id] || `#${answer.scenario_id}`, " · ", categoryLabel(answer.category), " · ", t(`answerKind.${answer.kind}`)),
            " ",
            answer.final_score === null ? h("span", { class: "muted" }, t("progress.hidden")) : h("span", { class: ["badge", answer.passed ? "badge-pass" : "badge-fail"] }, String(answer.final_score)),
            h("span", { class: "muted" }, " ", fmtDate(answer.created_at)),
          ),
          h("p", { class: "answer-text" }, answerText(answer.text, answer.feedback)),
          answer.feedback ? feedbackCard(answer, { dispute: true }) : null,
          answer.drill_summary ? summaryCard(answer.drill_summary, { level: "h3" }) : null,
        ),
      ),
    ),
  );
}

/** Finished drills, newest first: won or lost, each opening the conversation with its summary. */
function drillList(drills) {
  if (!drills.length) return h("p", { class: "empty" }, t("progress.noDrills"));
  return h(
    "ul",
    { class: "plain drills" },
    drills.map((drill) =>
      h(
        "li",
        null,
        h("span", { class: ["badge", drill.outcome === "won" ? "badge-pass" : "badge-fail"] }, drill.outcome ? t(`outcome.${drill.outcome}`) : "—"),
        " ",
        h("a", { href: `/practice/${drill.id}` }, drill.title),
        h("span", { class: "muted small" }, ` · ${fmtDate(drill.finished_at)}`),
      ),
    ),
  );
}

function disputeList(disputes) {
  if (!disputes.length) return h("p", { class: "empty" }, t("progress.noDisputes"));
  return h(
    "ul",
    { class: "plain" },
    disputes.map((dispute) =>
      h(
        "li",
        null,
        h("span", { class: ["badge", `badge-${dispute.status}`] }, t(`disputeStatus.${dispute.status}`)),
        " ",
        t("progress.disputeLine", { original: dispute.original_score, date: fmtDate(dispute.created_at) }),
        dispute.new_score !== null ? ` → ${dispute.new_score}` : "",
        dispute.reason ? h("span", { class: "muted" }, ` — ${dispute.reason}`) : null,
      ),
    ),
  );
}
