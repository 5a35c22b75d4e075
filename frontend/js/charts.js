// Charts drawn as inline SVG by this file (no chart library); each comes with its numbers as a table.

import { h, svg, tableBox, uid } from "./dom.js";
import { t } from "./i18n.js";

const WIDTH = 880;
const HEIGHT = 260;
const PAD = { top: 16, right: 16, bottom: 36, left: 40 };

function frame(title, description) {
  const titleId = uid("chart-title");
  const descId = uid("chart-desc");
  const root = svg(
    "svg",
    { viewBox: `0 0 ${WIDTH} ${HEIGHT}`, class: "chart", role: "img", "aria-labelledby": `${titleId} ${descId}`, preserveAspectRatio: "xMidYMid meet" },
    svg("title", { id: titleId, text: title }),
    svg("desc", { id: descId, text: description }),
  );
  return root;
}

function yAxis(root, max, marks) {
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  for (const mark of marks) {
    const y = PAD.top + plotH * (1 - mark.value / max);
    root.append(
      svg("line", { x1: PAD.left, x2: WIDTH - PAD.right, y1: y, y2: y, class: mark.className || "grid" }),
      svg("text", { x: PAD.left - 6, y: y + 4, "text-anchor": "end", class: "axis-label", text: mark.label ?? String(mark.value) }),
    );
  }
}

function xLabels(root, labels, xOf) {
  const every = Math.max(1, Math.ceil(labels.length / 8));
  labels.forEach((label, index) => {
    if (index % every !== 0 && index !== labels.length - 1) return;
    root.append(svg("text", { x: xOf(index), y: HEIGHT - PAD.bottom + 18, "text-anchor": "middle", class: "axis-label", text: label }));
  });
}

/** A table of the chart's numbers, folded away under the chart. */
function dataTable(caption, headers, rows) {
  return h(
    "details",
    { class: "chart-data" },
    h("summary", null, t("chart.showTable")),
    tableBox(
      caption,
      h(
        "table",
        null,
        h("caption", null, caption),
        h("thead", null, h("tr", null, headers.map((header) => h("th", { scope: "col" }, header)))),
        h("tbody", null, rows.map((row) => h("tr", null, row.map((cell) => h("td", null, String(cell)))))),
      ),
    ),
  );
}

/** A line chart of scores 0-100 over time: points [{label, value}]; `passMark` draws a dashed line. */
export function lineChart(points, { title, passMark = null, valueLabel = t("chart.score") } = {}) {
  const description = points.length ? t("chart.lineDesc", { n: points.length, first: points[0].value, last: points[points.length - 1].value }) : t("chart.empty");
  const root = frame(title, description);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const marks = [0, 25, 50, 75, 100].map((value) => ({ value }));
  if (passMark !== null) marks.push({ value: passMark, className: "pass-line", label: "" });
  yAxis(root, 100, marks);
  const xOf = (index) => PAD.left + (points.length <= 1 ? plotW / 2 : (plotW * index) / (points.length - 1));
  const yOf = (value) => PAD.top + plotH * (1 - Math.max(0, Math.min(100, value)) / 100);
  if (points.length > 1) {
    root.append(svg("polyline", { points: points.map((p, i) => `${xOf(i).toFixed(1)},${yOf(p.value).toFixed(1)}`).join(" "), class: "line" }));
  }
  points.forEach((point, index) => {
    root.append(svg("circle", { cx: xOf(index), cy: yOf(point.value), r: 4, class: "dot" }, svg("title", { text: `${point.label}: ${point.value}` })));
  });
  xLabels(root, points.map((p) => p.label), xOf);
  return h("figure", { class: "chart-box" }, root, dataTable(title, [t("chart.date"), valueLabel], points.map((p) => [p.label, p.value])));
}

/** A bar chart: bars [{label, value}] (counts). */
export function barChart(bars, { title, valueLabel = t("chart.count") } = {}) {
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const niceMax = niceCeil(max);
  const description = bars.length ? t("chart.barDesc", { n: bars.length, max }) : t("chart.empty");
  const root = frame(title, description);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  yAxis(root, niceMax, [0, niceMax / 2, niceMax].map((value) => ({ value, label: String(Math.round(value)) })));
  const slot = plotW / Math.max(1, bars.length);
  const barW = Math.max(2, Math.min(48, slot * 0.7));
  const xOf = (index) => PAD.left + slot * index + slot / 2;
  bars.forEach((bar, index) => {
    const barH = (plotH * bar.value) / niceMax;
    root.append(
      svg("rect", { x: xOf(index) - barW / 2, y: PAD.top + plotH - barH, width: barW, height: Math.max(0, barH), class: "bar" }, svg("title", { text: `${bar.label}: ${bar.value}` })),
    );
  });
  xLabels(root, bars.map((bar) => bar.label), xOf);
  return h("figure", { class: "chart-box" }, root, dataTable(title, [t("chart.period"), valueLabel], bars.map((b) => [b.label, b.value])));
}

function niceCeil(value) {
  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 5, 10]) if (step * power >= value) return step * power;
  return 10 * power;
}

/** A CSS class for a score 0-100: heat-0 (weak) to heat-4 (strong). */
export function bucketClass(value) {
  if (value === null || value === undefined || Number.isNaN(value)) return "heat-none";
  if (value < 40) return "heat-0";
  if (value < 55) return "heat-1";
  if (value < 70) return "heat-2";
  if (value < 85) return "heat-3";
  return "heat-4";
}
