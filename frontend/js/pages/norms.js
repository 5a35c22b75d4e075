// Practice norms: the rep's progress against the norm (on the practice page), and the page where the head of sales
// (any team) or a trainer (their own team) sets a team's norm or a rep's own and sees who meets it.

import { API, get, post, query } from "../api.js";
import { atLeast, errorBox, session } from "../app.js";
import { busy, field, h, mount, newestOnly, select, tableBox } from "../dom.js";
import { fmtDate, t } from "../i18n.js";

const PERIODS = [28, 84, 182];

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

function measure(done, target) {
  return target ? t("norms.ofTarget", { done, target }) : String(done);
}

/** The rep's norm today and this week, for the practice page; null when no norm is set. */
export function normCard(progress) {
  if (!progress || progress.norm.source === "none") return null;
  const { norm, today, week } = progress;
  const item = (label, value, met) => h("li", { class: met === false ? "norm-short" : met ? "norm-met" : null }, h("span", { class: "norm-label" }, label), " ", h("strong", null, value));
  return h(
    "section",
    { class: ["norm", progress.behind ? "norm-behind" : "norm-on-track"], "aria-labelledby": "norm-h" },
    h("h2", { id: "norm-h" }, t("norms.mine")),
    h(
      "ul",
      { class: "plain norm-list" },
      norm.answers_per_day ? item(t("norms.today"), measure(today.answers, norm.answers_per_day), today.met) : null,
      item(t("norms.weekDays"), measure(week.practice_days, week.days_per_week), week.days_met),
      item(t("norms.weekMastered"), measure(week.mastered, week.mastered_per_week), week.mastered_met),
    ),
    h("p", { class: "muted small" }, t(progress.behind ? "norms.behind" : "norms.onTrack"), " ", t("norms.daysLeft", { n: progress.days_left_in_week })),
    progress.reasons.length ? h("ul", { class: "plain small" }, progress.reasons.map((reason) => h("li", null, t(`norms.reason.${reason}`)))) : null,
  );
}

function exportLinks(path, params, label) {
  return ["xlsx", "csv"].map((kind) => {
    const text = t(`dashboard.${kind}`);
    return h("a", { class: ["button", "secondary", "small", kind], href: `${API}/reports/${path}.${kind}${query(params)}`, download: "", "aria-label": `${text}: ${label}` }, text);
  });
}

/** Norms: set a team's norm or a rep's own; see per rep how many days and weeks met it, and who is behind now. */
export async function normsPage(main) {
  const head = atLeast("head");
  const [teams, users] = await Promise.all([get("/teams"), get("/users")]);
  const myTeams = head ? teams : teams.filter((team) => team.id === session.user.team_id);
  const reps = users.filter((user) => user.role === "trainee" && user.is_active && (head || user.team_id === session.user.team_id));
  const body = h("div", { "aria-live": "polite" });
  const period = select(PERIODS.map((days) => ({ value: days, label: t("dashboard.lastDays", { n: days }) })), { id: "norm-period", value: 28 });
  const load = newestOnly(async (current) => {
    mount(body, h("p", { class: "loading" }, t("common.loading")));
    const until = new Date();
    const params = { since: isoDay(new Date(until.getTime() - (Number(period.value) - 1) * 86_400_000)), until: isoDay(until) };
    try {
      const [report, versions] = await Promise.all([get(`/reports/norms${query(params)}`), get("/norms")]);
      if (current()) mount(
        body,
        h("section", { "aria-labelledby": "attain-h" }, h("div", { class: "section-head" }, h("h2", { id: "attain-h" }, t("norms.attainment")), exportLinks("norms", params, t("norms.attainment"))), attainment(report)),
        h("section", { "aria-labelledby": "versions-h" }, h("h2", { id: "versions-h" }, t("norms.versions")), versionTable(versions, teams, users)),
      );
    } catch (error) {
      if (current()) mount(body, errorBox(error));
    }
  });
  period.addEventListener("change", load);
  mount(
    main,
    h("h1", null, t("norms.title")),
    h("p", { class: "muted" }, t("norms.intro")),
    normForm(myTeams, reps, load),
    h("div", { class: "filters compact" }, field(t("dashboard.period"), period)),
    body,
  );
  await load();
}

function numberInput(id, max) {
  return h("input", { id, type: "number", min: 1, max, step: 1, inputmode: "numeric" });
}

function normForm(teams, reps, reload) {
  const target = select(
    [...teams.map((team) => ({ value: `team:${team.id}`, label: t("norms.forTeam", { name: team.name }) })), ...reps.map((rep) => ({ value: `user:${rep.id}`, label: t("norms.forRep", { name: rep.name }) }))],
    { id: "norm-target" },
  );
  const perDay = numberInput("norm-answers", 500);
  const perWeek = numberInput("norm-days", 7);
  const mastered = numberInput("norm-mastered", 100);
  const zone = h("input", { id: "norm-zone", type: "text", placeholder: "Europe/Moscow", autocomplete: "off", value: Intl.DateTimeFormat().resolvedOptions().timeZone || "" });
  const from = h("input", { id: "norm-from", type: "date" });
  const save = h("button", { type: "submit" }, t("norms.save"));
  const status = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "norm-form card", "aria-labelledby": "norm-form-h" },
    h("h2", { id: "norm-form-h" }, t("norms.set")),
    h("div", { class: "filters" }, field(t("norms.target"), target), field(t("norms.answersPerDay"), perDay), field(t("norms.daysPerWeek"), perWeek), field(t("norms.masteredPerWeek"), mastered)),
    h("div", { class: "filters" }, field(t("norms.timeZone"), zone, { hint: t("norms.timeZoneHint") }), field(t("norms.from"), from, { hint: t("norms.fromHint") })),
    h("p", { class: "hint" }, t("norms.emptyHint")),
    save,
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const [kind, id] = target.value.split(":");
    const number = (input) => (input.value === "" ? null : Number(input.value));
    const body = { [kind === "team" ? "team_id" : "user_id"]: Number(id), answers_per_day: number(perDay), days_per_week: number(perWeek), mastered_per_week: number(mastered) };
    if (zone.value.trim()) body.time_zone = zone.value.trim();
    if (from.value) body.valid_from = from.value;
    try {
      const saved = await busy(save, t("common.saving"), () => post("/norms", body));
      mount(status, h("p", { class: "flash flash-info" }, t("norms.saved", { date: fmtDate(saved.valid_from) })));
      await reload();
    } catch (error) {
      mount(status, errorBox(error));
    }
  });
  if (!target.options.length) save.disabled = true;
  return form;
}

function normText(norm) {
  const parts = [];
  if (norm.answers_per_day) parts.push(t("norms.perDayShort", { n: norm.answers_per_day }));
  if (norm.days_per_week) parts.push(t("norms.daysShort", { n: norm.days_per_week }));
  if (norm.mastered_per_week) parts.push(t("norms.masteredShort", { n: norm.mastered_per_week }));
  return parts.length ? parts.join(", ") : "—";
}

function attainment(report) {
  if (!report.reps.length) return h("p", { class: "empty" }, t("norms.noReps"));
  const ratio = (met, all) => (all ? `${met} / ${all}` : "—");
  return tableBox(
    t("norms.attainment"),
    h(
      "table",
      { class: "norm-table" },
      h("caption", { class: "visually-hidden" }, t("norms.attainment")),
      h("thead", null, h("tr", null, [t("dashboard.rep"), t("dashboard.team"), t("norms.norm"), t("norms.daysMet"), t("norms.weeksMet"), t("norms.now")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        report.reps.map((rep) =>
          h(
            "tr",
            { class: rep.behind ? "norm-behind" : null },
            h("th", { scope: "row" }, rep.name),
            h("td", null, rep.team_name || "—"),
            h("td", null, normText(rep.norm), rep.norm.source === "rep" ? h("span", { class: "muted small" }, ` (${t("norms.own")})`) : null),
            h("td", null, ratio(rep.days_met, rep.days_with_norm)),
            h("td", null, ratio(rep.weeks_met, rep.weeks_with_norm)),
            h("td", null, rep.behind ? h("span", { class: "badge badge-fail" }, t("norms.behindShort")) : rep.norm.source === "none" ? "—" : h("span", { class: "badge badge-pass" }, t("norms.onTrackShort")), rep.reasons.length ? h("div", { class: "muted small" }, rep.reasons.map((reason) => t(`norms.reason.${reason}`)).join("; ")) : null),
          ),
        ),
      ),
    ),
  );
}

function versionTable(versions, teams, users) {
  if (!versions.length) return h("p", { class: "empty" }, t("norms.none"));
  const teamName = Object.fromEntries(teams.map((team) => [team.id, team.name]));
  const userName = Object.fromEntries(users.map((user) => [user.id, user.name]));
  return tableBox(
    t("norms.versions"),
    h(
      "table",
      null,
      h("thead", null, h("tr", null, [t("norms.target"), t("norms.from"), t("norms.norm"), t("norms.timeZone")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        versions.map((version) =>
          h(
            "tr",
            null,
            h("td", null, version.team_id ? t("norms.forTeam", { name: teamName[version.team_id] || `#${version.team_id}` }) : t("norms.forRep", { name: userName[version.user_id] || `#${version.user_id}` })),
            h("td", null, fmtDate(version.valid_from)),
            h("td", null, normText(version)),
            h("td", null, version.time_zone || "—"),
          ),
        ),
      ),
    ),
  );
}
