// The one team screen: every rep × objection category with certification, the norm, the onboarding plan and the
// three weakest objections in one table; the rep's name stays in view when the table scrolls; sorted by who needs
// attention first; a cell opens the rep's answers for that objection; under it the delivery of spoken answers
// (delivery.js). Heads see every team, trainers their own.

import { API, get, put, query } from "../api.js";
import { atLeast, errorBox, errorMessage, session } from "../app.js";
import { bucketClass } from "../charts.js";
import { button, field, h, mount, newestOnly, select } from "../dom.js";
import { categoryLabel, fmtDate, t } from "../i18n.js";
import { meta } from "../meta.js";
import { answerTable } from "./dashboard.js";
import { deliverySection } from "./delivery.js";

const PERIODS = [28, 84, 182];

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function periodOf(days) {
  const until = new Date();
  return { since: isoDay(new Date(until.getTime() - (days - 1) * 86_400_000)), until: isoDay(until) };
}

export async function teamPage(main) {
  const head = atLeast("head");
  const teams = await get("/teams"); // a trainer's own team among them: its leaderboard setting
  const team = select([{ value: "", label: t("common.allTeams") }, ...teams.map((tm) => ({ value: tm.id, label: tm.name }))], { id: "team-screen-team" });
  const period = select(PERIODS.map((days) => ({ value: days, label: t("dashboard.lastDays", { n: days }) })), { id: "team-screen-period", value: 84 });
  const body = h("div", { class: "team-screen", "aria-live": "polite" });
  const dialog = h("dialog", { class: "answers-dialog", "aria-labelledby": "answers-dialog-h" });
  const load = newestOnly(async (current) => {
    mount(body, h("p", { class: "loading" }, t("common.loading")));
    const params = { team_id: team.value, ...periodOf(Number(period.value)) };
    try {
      const [screen, delivery] = await Promise.all([get(`/reports/team${query(params)}`), deliverySection(params)]);
      if (current()) mount(body, tiles(screen.tiles), weeklySummary(team.value), leaderboardSetting(head ? team.value : session.user.team_id, teams), h("div", { class: "section-head" }, h("h2", { id: "team-table-h" }, t("team.table")), exportLinks(params)), teamTable(screen, params, dialog), delivery);
    } catch (error) {
      if (current()) mount(body, errorBox(error));
    }
  });
  team.addEventListener("change", load);
  period.addEventListener("change", load);
  mount(
    main,
    h("div", { class: "page-head" }, h("h1", null, t("team.title")), h("div", { class: "filters compact" }, head ? field(t("dashboard.team"), team) : null, field(t("dashboard.period"), period))),
    h("p", { class: "muted" }, t("team.intro")),
    body,
    dialog,
  );
  await load();
}

function exportLinks(params) {
  return h(
    "span",
    { class: "exports" },
    ["xlsx", "csv"].map((kind) => {
      const text = t(`dashboard.${kind}`);
      return h("a", { class: ["button", "secondary", "small", kind], href: `${API}/reports/team.${kind}${query(params)}`, download: "", "aria-label": `${text}: ${t("team.table")}` }, text);
    }),
  );
}

/** The one workbook the head forwards up: this week so far, or last week. */
function weeklySummary(teamId) {
  const link = (key, daysAgo) => {
    const text = t(key);
    const week = isoDay(new Date(Date.now() - daysAgo * 86_400_000));
    return h("a", { class: ["button", "secondary", "small", "weekly-summary"], href: `${API}/reports/weekly-summary.xlsx${query({ team_id: teamId, week })}`, download: "", "aria-label": t("team.weeklyLabel", { week: text }) }, text);
  };
  return h(
    "section",
    { class: "weekly-summary-box", "aria-labelledby": "weekly-summary-h" },
    h("div", { class: "section-head" }, h("h2", { id: "weekly-summary-h" }, t("team.weekly")), h("span", { class: "exports" }, link("team.weeklyThis", 0), link("team.weeklyLast", 7))),
    h("p", { class: "muted" }, t("team.weeklyIntro")),
  );
}

/** The team's leaderboard, off by default: the head (a chosen team) or the team's trainer turns it on. */
function leaderboardSetting(teamId, teams) {
  const team = teams.find((tm) => String(tm.id) === String(teamId));
  if (!team) return null;
  const box = h("input", { type: "checkbox", id: "leaderboard-toggle", checked: team.leaderboard });
  const status = h("p", { class: "muted", role: "status" });
  const view = h("a", { href: `/leaderboard${query({ team_id: team.id })}`, hidden: !team.leaderboard }, t("leaderboard.open"));
  box.addEventListener("change", async () => {
    box.disabled = true;
    try {
      const reply = await put(`/teams/${team.id}/leaderboard`, { enabled: box.checked });
      team.leaderboard = reply.enabled;
      view.hidden = !reply.enabled;
      status.textContent = t(reply.enabled ? "leaderboard.turnedOn" : "leaderboard.turnedOff", { team: team.name });
    } catch (error) {
      box.checked = team.leaderboard;
      status.textContent = errorMessage(error);
    } finally {
      box.disabled = false;
    }
  });
  return h(
    "section",
    { class: "leaderboard-setting", "aria-labelledby": "leaderboard-setting-h" },
    h("h2", { id: "leaderboard-setting-h" }, t("leaderboard.setting")),
    h("p", { class: "check" }, box, " ", h("label", { for: box.id }, t("leaderboard.toggle", { team: team.name }))),
    h("p", { class: "muted" }, t("leaderboard.settingHint"), " ", view),
    status,
  );
}

/** Tiles count people, never rep × track cells. */
function tiles(counts) {
  const stat = (key, value, className) => h("div", { class: ["stat", className] }, h("span", { class: "stat-value" }, String(value)), h("span", { class: "stat-label" }, t(`team.tile.${key}`)));
  return h(
    "div",
    { class: "stats", role: "list", "aria-label": t("team.tiles") },
    [
      stat("reps", counts.reps),
      stat("need_attention", counts.need_attention, counts.need_attention ? "state-expiring" : null),
      stat("not_certified", counts.not_certified, counts.not_certified ? "state-failed" : null),
      stat("behind_norm", counts.behind_norm, counts.behind_norm ? "state-failed" : null),
      stat("behind_plan", counts.behind_plan, counts.behind_plan ? "state-failed" : null),
    ].map((tile) => {
      tile.setAttribute("role", "listitem");
      return tile;
    }),
  );
}

function sortRows(rows, by) {
  const copy = [...rows];
  if (by === "name") copy.sort((a, b) => a.name.localeCompare(b.name) || a.user_id - b.user_id);
  return copy; // "attention": the server's order, the neediest first
}

function teamTable(screen, params, dialog) {
  if (!screen.rows.length) return h("p", { class: "empty" }, t("norms.noReps"));
  const categories = meta.categories.filter((c) => screen.categories.includes(c)).concat(screen.categories.filter((c) => !meta.categories.includes(c)));
  const trackName = Object.fromEntries(screen.tracks.map((track) => [track.id, track.name]));
  const wrap = h("div", { class: "table-wrap team-wrap", tabindex: "0", role: "region", "aria-labelledby": "team-table-h" });
  let by = "attention";
  const draw = () => {
    const sortButton = (key, label) => h("th", { scope: "col", "aria-sort": by === key ? (key === "name" ? "ascending" : "descending") : null, class: key === "name" ? "rep-col" : null }, button(label, () => ((by = key), draw()), { class: "link sort" }));
    mount(
      wrap,
      h(
        "table",
        { class: "team-table" },
        h("caption", { class: "visually-hidden" }, t("team.table")),
        h(
          "thead",
          null,
          h("tr", null, sortButton("name", t("dashboard.rep")), sortButton("attention", t("team.attention")), h("th", { scope: "col" }, t("team.certification")), h("th", { scope: "col" }, t("team.norm")), h("th", { scope: "col" }, t("plans.plan")), categories.map((c) => h("th", { scope: "col" }, categoryLabel(c))), h("th", { scope: "col" }, t("team.weakest"))),
        ),
        h(
          "tbody",
          null,
          sortRows(screen.rows, by).map((row) => repRow(row, categories, trackName, params, dialog)),
        ),
      ),
    );
  };
  draw();
  return wrap;
}

function repRow(row, categories, trackName, params, dialog) {
  const cells = Object.fromEntries(row.categories.map((c) => [c.category, c]));
  const open = (title, filter) => showAnswers(dialog, row, title, { ...params, ...filter });
  return h(
    "tr",
    { class: row.attention ? "needs-attention" : null, dataset: { user: row.user_id } },
    h("th", { scope: "row", class: "rep-col" }, h("span", { class: "rep-name" }, row.name), row.team_name ? h("span", { class: "muted small" }, row.team_name) : null),
    h("td", { class: "attention" }, h("strong", null, String(row.attention)), row.reasons.length ? h("span", { class: "muted small" }, row.reasons.map((r) => t(`team.reason.${r}`)).join(", ")) : null),
    h(
      "td",
      { class: "certification" },
      h("strong", null, t("team.certified", { n: row.certified, of: row.tracks.length })),
      h("ul", { class: "plain track-states" }, row.tracks.map((track) => h("li", { class: `state-${track.status}` }, `${trackName[track.track_id] || "#" + track.track_id}: ${t(`certState.${track.status}`)}`))),
    ),
    h("td", null, row.norm === "none" ? "—" : h("span", { class: ["badge", row.norm === "behind" ? "badge-fail" : "badge-pass"] }, t(row.norm === "behind" ? "norms.behindShort" : "norms.onTrackShort")), row.norm_reasons.length ? h("span", { class: "muted small" }, row.norm_reasons.map((r) => t(`norms.reason.${r}`)).join("; ")) : null),
    h("td", null, row.plan ? h("span", { class: ["badge", row.plan === "behind" ? "badge-fail" : row.plan === "done" ? "badge-pass" : "badge-in_progress"] }, row.plan === "behind" ? t("plans.behindOn", { track: row.plan_behind_track || "—", n: row.plan_days_late }) : t(`plans.status.${row.plan}`)) : "—"),
    categories.map((category) => {
      const cell = cells[category];
      if (!cell) return h("td", { class: "heat-none" }, "—");
      const label = t("team.cellLabel", { rep: row.name, category: categoryLabel(category), score: Math.round(cell.mean_score), n: cell.answers });
      return h("td", { class: ["score-cell", bucketClass(cell.mean_score)] }, button(String(Math.round(cell.mean_score)), () => open(categoryLabel(category), { category }), { class: "cell-button", "aria-label": label, title: label }));
    }),
    h(
      "td",
      { class: "weakest" },
      row.weakest.length
        ? h("ol", { class: "plain weak-list" }, row.weakest.map((w) => h("li", null, button(`«${w.customer_line}» — ${Math.round(w.mean_score)}`, () => open(`${w.scenario_title} · «${w.customer_line}»`, { scenario_id: w.scenario_id, step_id: w.step_id }), { class: "link", title: w.scenario_title }))))
        : "—",
    ),
  );
}

async function showAnswers(dialog, row, title, params) {
  const box = h("div", null, h("p", { class: "loading" }, t("common.loading")));
  mount(
    dialog,
    h("div", { class: "dialog-head" }, h("h2", { id: "answers-dialog-h" }, t("team.answersOf", { rep: row.name, what: title })), button(t("team.close"), () => dialog.close(), { class: "secondary small" })),
    h("p", { class: "muted small" }, t("dashboard.repAnswers", { since: fmtDate(params.since), until: fmtDate(params.until) })),
    box,
  );
  if (!dialog.open) dialog.showModal();
  try {
    const { team_id: _team, ...filter } = params;
    const found = await get(`/reports/reps/${row.user_id}/answers${query(filter)}`);
    mount(box, found.answers.length ? answerTable(found.answers) : h("p", { class: "empty" }, t("dashboard.noAnswers")));
  } catch (error) {
    mount(box, errorBox(error));
  }
}
