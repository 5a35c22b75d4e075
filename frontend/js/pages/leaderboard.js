// A team's leaderboard, off unless the head or the team's trainer turns it on: the rule it ranks by, the top of the
// team and the rep's own rank. Reps are ranked by the days they met the practice norm over four weeks, then the
// objections they mastered; never by raw score. A head opens any team's with ?team_id=.

import { ApiError, get, query } from "../api.js";
import { errorBox } from "../app.js";
import { h, mount } from "../dom.js";
import { fmtDate, t } from "../i18n.js";

export async function leaderboardPage(main) {
  const teamId = new URLSearchParams(location.search).get("team_id");
  const body = h("div", { class: "leaderboard", "aria-live": "polite" }, h("p", { class: "loading" }, t("common.loading")));
  mount(main, h("div", { class: "page-head" }, h("h1", null, t("leaderboard.title"))), body);
  try {
    const board = await get(`/leaderboard${query({ team_id: teamId })}`);
    mount(body, ...boardView(board));
  } catch (error) {
    const off = error instanceof ApiError && error.code === "leaderboard_off";
    mount(body, off ? h("p", { class: "empty leaderboard-off" }, t("leaderboard.off")) : errorBox(error));
  }
}

function boardView(board) {
  const mine = board.me;
  const shown = mine && !board.top.some((row) => row.user_id === mine.user_id);
  return [
    h("p", { class: "muted leaderboard-rule" }, t("leaderboard.rule", { team: board.team_name, since: fmtDate(board.since), until: fmtDate(board.until) })),
    mine ? h("p", { class: "leaderboard-me" }, h("strong", null, t("leaderboard.yourRank", { rank: mine.rank, of: board.reps }))) : null,
    h(
      "table",
      { class: "leaderboard-table" },
      h("caption", null, t("leaderboard.top", { team: board.team_name })),
      h("thead", null, h("tr", null, ["rank", "rep", "daysMet", "mastered"].map((key) => h("th", { scope: "col" }, t(`leaderboard.col.${key}`))))),
      h("tbody", null, [...board.top, ...(shown ? [mine] : [])].map((row) => rowView(row, mine))),
    ),
  ];
}

function rowView(row, mine) {
  const own = mine && row.user_id === mine.user_id;
  return h(
    "tr",
    { class: own ? "own" : null, "aria-current": own ? "true" : null },
    h("td", { class: "num" }, String(row.rank)),
    h("th", { scope: "row" }, own ? t("leaderboard.you", { name: row.name }) : row.name),
    h("td", { class: "num" }, String(row.days_met)),
    h("td", { class: "num" }, String(row.mastered)),
  );
}
