// Head of sales: certification matrix, team × category heat map, weakest objections, most frequent stop phrases,
// weekly activity, with filters by team and period, CSV exports, and a drill-down to a rep and to single answers.

import { API, get, query } from "../api.js";
import { errorBox } from "../app.js";
import { barChart, bucketClass } from "../charts.js";
import { button, field, h, mount, newestOnly, select, tableBox } from "../dom.js";
import { answerText, feedbackCard } from "../feedback.js";
import { categoryLabel, fmtDate, fmtDay, t } from "../i18n.js";
import { meta } from "../meta.js";
import { summaryCard } from "../summary.js";
import { planCard, readPlan } from "./plans.js";
import { progressSections } from "./progress.js";
import { stopPhraseUseTable } from "./stopphrases.js";

const PERIODS = [28, 84, 182, 365];

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** The filters in the address (?team_id=&days=), so that a view can be bookmarked and shared. */
function readFilters() {
  const params = new URLSearchParams(location.search);
  const days = Number(params.get("days")) || 84;
  return { team_id: params.get("team_id") || "", days: PERIODS.includes(days) ? days : 84 };
}

function periodQuery(filters) {
  const until = new Date();
  const since = new Date(until.getTime() - (filters.days - 1) * 86_400_000);
  return { team_id: filters.team_id, since: isoDay(since), until: isoDay(until) };
}

/** Download links of a report: an Excel workbook and CSV. */
export function csvLink(path, params, label) {
  return h(
    "span",
    { class: "exports" },
    ["xlsx", "csv"].map((kind) => {
      const text = t(`dashboard.${kind}`);
      return h("a", { class: ["button", "secondary", "small", kind], href: `${API}/reports/${path}.${kind}${query(params)}`, download: "", "aria-label": `${text}: ${label}` }, text);
    }),
  );
}

function sectionHead(id, title, csv) {
  return h("div", { class: "section-head" }, h("h2", { id }, title), csv);
}

export async function dashboardPage(main) {
  const teams = await get("/teams");
  const filters = readFilters();
  const team = select([{ value: "", label: t("common.allTeams") }, ...teams.map((tm) => ({ value: tm.id, label: tm.name }))], { id: "team-filter", value: filters.team_id });
  const period = select(PERIODS.map((days) => ({ value: days, label: t("dashboard.lastDays", { n: days }) })), { id: "period-filter", value: filters.days });
  const body = h("div", { class: "dashboard", "aria-live": "polite" });
  const apply = () => {
    const next = { team_id: team.value, days: Number(period.value) };
    history.replaceState(null, "", `/head${query({ team_id: next.team_id, days: next.days === 84 ? "" : next.days })}`);
    load(next);
  };
  team.addEventListener("change", apply);
  period.addEventListener("change", apply);
  const load = newestOnly(async (current, chosen) => {
    mount(body, h("p", { class: "loading" }, t("common.loading")));
    const params = periodQuery(chosen);
    try {
      const [matrix, heat, weakest, activity, phrases] = await Promise.all([
        get(`/reports/certification${query({ team_id: chosen.team_id })}`),
        get(`/reports/heatmap${query(params)}`),
        get(`/reports/weakest-steps${query({ ...params, limit: 10 })}`),
        get(`/reports/activity${query(params)}`),
        get(`/reports/stop-phrases${query({ ...params, limit: 10 })}`),
      ]);
      if (current()) mount(
        body,
        summary(matrix, activity),
        h("section", { "aria-labelledby": "matrix-h" }, sectionHead("matrix-h", t("dashboard.matrix"), csvLink("certification", { team_id: chosen.team_id }, t("dashboard.matrix"))), certificationMatrix(matrix, params)),
        h("section", { "aria-labelledby": "heat-h" }, sectionHead("heat-h", t("dashboard.heatmap"), csvLink("heatmap", params, t("dashboard.heatmap"))), heatMap(heat)),
        h("section", { "aria-labelledby": "weak-h" }, sectionHead("weak-h", t("dashboard.weakest"), csvLink("weakest-steps", { ...params, limit: 10 }, t("dashboard.weakest"))), weakestTable(weakest)),
        h("section", { "aria-labelledby": "phrases-h" }, sectionHead("phrases-h", t("dashboard.stopPhrases"), csvLink("stop-phrases", params, t("dashboard.stopPhrases"))), stopPhraseUseTable(phrases)),
        h("section", { "aria-labelledby": "activity-h" }, sectionHead("activity-h", t("dashboard.activity"), csvLink("activity", params, t("dashboard.activity"))), activityChart(activity)),
      );
    } catch (error) {
      if (current()) mount(body, errorBox(error));
    }
  });
  const form = h("form", { class: "filters compact", role: "search", "aria-label": t("dashboard.filters") }, field(t("dashboard.team"), team), field(t("dashboard.period"), period));
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    apply();
  });
  mount(main, h("div", { class: "page-head" }, h("h1", null, t("dashboard.title")), form), body);
  await load(filters);
}

/** The tiles: people, not rep × track cells, so that they read beside the number of reps. */
function summary(matrix, activity) {
  const reps = matrix.rows;
  const states = (row) => row.tracks.map((cell) => cell.status);
  const people = (test) => reps.filter((row) => test(states(row))).length;
  const valid = (status) => status === "certified" || status === "expiring";
  const answers = activity.weeks.reduce((sum, week) => sum + week.practice_answers + week.test_answers, 0);
  const of = t("dashboard.ofReps", { n: reps.length });
  const stat = (label, value, className, detail = null) =>
    h("div", { class: ["stat", className] }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, label), detail ? h("span", { class: "stat-label small" }, detail) : null);
  return h(
    "div",
    { class: "stats" },
    stat(t("dashboard.reps"), reps.length),
    stat(t("dashboard.peopleCertified"), people((all) => all.length > 0 && all.every(valid)), "state-certified", of),
    stat(t("dashboard.peopleExpiring"), people((all) => all.includes("expiring")), "state-expiring", of),
    stat(t("dashboard.peopleLapsed"), people((all) => all.includes("expired") || all.includes("failed")), "state-expired", of),
    stat(t("dashboard.answers"), answers),
  );
}

function certificationMatrix(matrix, params) {
  if (!matrix.rows.length || !matrix.tracks.length) return h("p", { class: "empty" }, t("dashboard.noMatrix"));
  const box = tableBox(
    t("dashboard.matrix"),
    h(
      "table",
      { class: "matrix" },
      h("caption", { class: "visually-hidden" }, t("dashboard.matrix")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("dashboard.rep")), h("th", { scope: "col" }, t("dashboard.team")), matrix.tracks.map((track) => h("th", { scope: "col" }, track.name)))),
      h(
        "tbody",
        null,
        matrix.rows.map((row) => {
          const byTrack = Object.fromEntries(row.tracks.map((cell) => [cell.track_id, cell]));
          return h(
            "tr",
            null,
            h("th", { scope: "row" }, h("a", { href: `/head/reps/${row.user_id}${query({ since: params.since, until: params.until })}` }, row.name)),
            h("td", null, row.team_name || "—"),
            matrix.tracks.map((track) => matrixCell(byTrack[track.id])),
          );
        }),
      ),
    ),
  );
  box.classList.add("matrix-wrap"); // no taller than the screen: its scroll bar and header row stay in view
  return [box, h("ul", { class: "legend", "aria-label": t("dashboard.legend") }, ["certified", "expiring", "expired", "failed", "in_progress", "not_started"].map((status) => h("li", { class: `state-${status}` }, t(`certState.${status}`))))];
}

function matrixCell(cell) {
  if (!cell) return h("td", { class: "muted" }, "—");
  const when = cell.expires_at && ["certified", "expiring", "expired"].includes(cell.status) ? t("dashboard.until", { date: fmtDate(cell.expires_at) }) : cell.last_test_score !== null ? t("dashboard.lastTest", { score: Math.round(cell.last_test_score) }) : "";
  return h("td", { class: `state-${cell.status}` }, h("span", { class: "cell-status" }, t(`certState.${cell.status}`)), when ? h("span", { class: "cell-detail" }, when) : null);
}

function heatMap(heat) {
  if (!heat.cells.length) return h("p", { class: "empty" }, t("dashboard.noAnswers"));
  const categories = meta.categories.filter((c) => heat.categories.includes(c)).concat(heat.categories.filter((c) => !meta.categories.includes(c)));
  const cell = Object.fromEntries(heat.cells.map((c) => [`${c.team_id}/${c.category}`, c]));
  return h(
    "div",
    null,
    tableBox(
      t("dashboard.heatmap"),
      h(
      "table",
      { class: "heat" },
      h("caption", { class: "visually-hidden" }, t("dashboard.heatmap")),
      h("thead", null, h("tr", null, h("th", { scope: "col" }, t("dashboard.team")), categories.map((c) => h("th", { scope: "col" }, categoryLabel(c))))),
      h(
        "tbody",
        null,
        heat.teams.map((team) =>
          h(
            "tr",
            null,
            h("th", { scope: "row" }, team.name),
            categories.map((category) => {
              const found = cell[`${team.id}/${category}`];
              if (!found) return h("td", { class: "heat-none" }, "—");
              const score = Math.round(found.mean_score);
              return h("td", { class: bucketClass(found.mean_score), title: t("dashboard.heatCell", { answers: found.answers, reps: found.reps }) }, String(score));
            }),
          ),
        ),
      ),
    ),
    ),
    h("ul", { class: "legend", "aria-label": t("dashboard.legend") }, [["heat-0", "< 40"], ["heat-1", "40–54"], ["heat-2", "55–69"], ["heat-3", "70–84"], ["heat-4", "85+"]].map(([cls, text]) => h("li", { class: cls }, text))),
  );
}

function activityChart(activity) {
  if (!activity.weeks.some((week) => week.practice_answers || week.test_answers)) return h("p", { class: "empty" }, t("dashboard.noAnswers"));
  return barChart(
    activity.weeks.map((week) => ({ label: fmtDay(week.week), value: week.practice_answers + week.test_answers })),
    { title: t("dashboard.activityChart"), valueLabel: t("dashboard.answers") },
  );
}

function weakestTable(weakest) {
  if (!weakest.steps.length) return h("p", { class: "empty" }, t("dashboard.noAnswers"));
  return tableBox(
    t("dashboard.weakest"),
    h(
      "table",
      null,
      h("thead", null, h("tr", null, [t("dashboard.objection"), t("scenarios.category"), t("dashboard.answers"), t("dashboard.reps"), t("dashboard.mean"), t("dashboard.passRate")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        weakest.steps.map((step) =>
          h(
            "tr",
            null,
            h("td", null, h("q", null, step.customer_line), h("div", { class: "muted small" }, step.scenario_title)),
            h("td", null, categoryLabel(step.category)),
            h("td", null, String(step.answers)),
            h("td", null, String(step.reps)),
            h("td", { class: bucketClass(step.mean_score) }, String(Math.round(step.mean_score))),
            h("td", null, `${Math.round(step.pass_rate * 100)}%`),
          ),
        ),
      ),
    ),
  );
}

// --- a rep's drill-down -----------------------------------------------------------------------------------------------

export async function repPage(main, userId) {
  const params = new URLSearchParams(location.search);
  const until = params.get("until") || isoDay(new Date());
  const since = params.get("since") || isoDay(new Date(Date.now() - 83 * 86_400_000));
  const [progress, answers, plan] = await Promise.all([get(`/progress/reps/${userId}`), get(`/reports/reps/${userId}/answers${query({ since, until })}`), readPlan(`/plans/reps/${userId}`)]);
  mount(
    main,
    h("p", null, h("a", { href: "/head" }, t("dashboard.back"))),
    h("h1", null, progress.name),
    planCard(plan, { own: false }),
    progressSections(progress),
    h(
      "section",
      { "aria-labelledby": "rep-answers-h" },
      sectionHead("rep-answers-h", t("dashboard.repAnswers", { since: fmtDate(since), until: fmtDate(until) }), csvLink(`reps/${userId}/answers`, { since, until }, t("dashboard.repAnswers", { since, until }))),
      answers.answers.length ? pagedAnswers(answers.answers) : h("p", { class: "empty" }, t("dashboard.noAnswers")),
    ),
  );
}

const PAGE = 20;

/** The answers a page at a time: the first 20, then 20 more on each press of the button under them. */
function pagedAnswers(answers) {
  let shown = 0;
  const list = answerTable([]);
  const status = h("p", { class: "muted small", role: "status" });
  const more = button("", () => showMore());
  const showMore = () => {
    const next = answers.slice(shown, shown + PAGE);
    list.append(...answerTable(next).children);
    if (shown > 0) list.children[shown].querySelector("summary").focus();
    shown += next.length;
    status.textContent = t("dashboard.answersShown", { shown, n: answers.length });
    more.textContent = t("dashboard.moreAnswers", { n: Math.min(PAGE, answers.length - shown) });
    more.hidden = shown >= answers.length;
  };
  showMore();
  return [list, h("div", { class: "actions" }, status, more)];
}

/** A rep's answers, each opening its feedback (the rep page, the team screen). */
export function answerTable(answers) {
  return h(
    "ul",
    { class: "answers" },
    answers.map((answer) => {
      const details = h("details", null);
      const box = h("div", null, h("p", { class: "loading" }, t("common.loading")));
      let loaded = false;
      details.addEventListener("toggle", async () => {
        if (!details.open || loaded) return;
        loaded = true;
        try {
          const full = await get(`/answers/${answer.id}`);
          mount(box, h("p", { class: "answer-text" }, answerText(full.text, full.feedback)), full.feedback ? feedbackCard(full) : h("p", { class: "muted" }, t("progress.hidden")), full.drill_summary ? summaryCard(full.drill_summary, { level: "h3" }) : null);
        } catch (error) {
          mount(box, errorBox(error));
        }
      });
      details.append(
        h(
          "summary",
          null,
          h("span", null, fmtDate(answer.created_at), " · ", answer.scenario_title, " · ", categoryLabel(answer.category), " · ", t(`answerKind.${answer.kind}`)),
          " ",
          h("span", { class: ["badge", answer.passed ? "badge-pass" : "badge-fail"] }, String(answer.final_score)),
          answer.disputed ? h("span", { class: "muted" }, ` · ${t("dashboard.disputed")}`) : null,
        ),
        box,
      );
      return h("li", null, details);
    }),
  );
}
