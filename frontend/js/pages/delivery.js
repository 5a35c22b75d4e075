// The delivery of spoken answers on the team screen: per rep and per team, the medians of pace, fillers a minute and
// longest pause in the period against the stated norms, the total talk time, and the CSV and Excel exports.

import { get, query } from "../api.js";
import { h, tableBox } from "../dom.js";
import { t } from "../i18n.js";
import { csvLink } from "./dashboard.js";

/** The section for `params` (team_id, since, until), or an error thrown by the API. */
export async function deliverySection(params) {
  const report = await get(`/reports/delivery${query(params)}`);
  const title = t("delivery.title");
  return h(
    "section",
    { class: "delivery-report", "aria-labelledby": "delivery-h" },
    h("div", { class: "section-head" }, h("h2", { id: "delivery-h" }, title), csvLink("delivery", params, title)),
    h("p", { class: "muted" }, t("delivery.intro", { min: report.norms.words_per_minute_min, max: report.norms.words_per_minute_max, fillers: report.norms.fillers_per_minute_max, pause: report.norms.longest_pause_s_max })),
    report.reps.length ? [deliveryTable(report, "reps"), deliveryTable(report, "teams")] : h("p", { class: "empty" }, t("delivery.none")),
  );
}

function deliveryTable(report, kind) {
  const rows = kind === "reps" ? report.reps : [...report.teams, { ...report.overall, name: t("delivery.everyone"), everyone: true }];
  const caption = t(kind === "reps" ? "delivery.perRep" : "delivery.perTeam");
  const first = kind === "reps" ? [t("dashboard.rep"), t("dashboard.team")] : [t("dashboard.team"), t("delivery.reps")];
  const columns = [...first, t("delivery.answers"), t("delivery.pace"), t("delivery.fillers"), t("delivery.pause"), t("delivery.talkTime")];
  return tableBox(
    caption,
    h(
      "table",
      { class: ["delivery-table", `delivery-${kind}`] },
      h("caption", null, caption),
      h("thead", null, h("tr", null, columns.map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        rows.map((row) =>
          h(
            "tr",
            { class: row.everyone ? "total" : null },
            h("th", { scope: "row" }, row.name || t("delivery.noTeam")),
            h("td", null, kind === "reps" ? row.team_name || "—" : row.everyone ? "" : String(row.reps)),
            h("td", null, String(row.answers)),
            judgedCell(row.words_per_minute, row.outside_norms.includes("slow") ? "slow" : row.outside_norms.includes("fast") ? "fast" : null, (v) => String(Math.round(v))),
            judgedCell(row.fillers_per_minute, row.outside_norms.includes("fillers") ? "fillers" : null, (v) => v.toFixed(1)),
            judgedCell(row.longest_pause_s, row.outside_norms.includes("pauses") ? "pauses" : null, (v) => t("voice.seconds", { n: v.toFixed(1) })),
            h("td", null, t("delivery.minutes", { n: (row.talk_time_s / 60).toFixed(1) })),
          ),
        ),
      ),
    ),
  );
}

/** A median, marked (in words, not only in colour) when it misses its norm. */
function judgedCell(value, missed, format) {
  if (value === null) return h("td", { class: "muted" }, "—");
  if (!missed) return h("td", { class: "delivery-ok" }, format(value));
  return h("td", { class: missed === "slow" ? "delivery-low" : "delivery-high" }, format(value), " ", h("span", { class: "small" }, t(`delivery.missed.${missed}`)));
}
