// Trainer: the scenario list with filters, import of files, export links.

import { API, get, post, query } from "../api.js";
import { errorBox, errorMessage, navigate } from "../app.js";
import { busy, field, h, mount, newestOnly, select, tableBox } from "../dom.js";
import { categoryLabel, fmtDate, t } from "../i18n.js";
import { categoryOptions, languageOptions } from "../meta.js";

export async function scenarioList(main) {
  const params = new URLSearchParams(location.search);
  const q = h("input", { type: "search", name: "q", maxlength: 200, value: params.get("q") || "" });
  const language = select([{ value: "", label: t("common.allLanguages") }, ...languageOptions()], { name: "language", value: params.get("language") || "" });
  const category = select([{ value: "", label: t("common.allCategories") }, ...categoryOptions()], { name: "category", value: params.get("category") || "" });
  const tag = h("input", { type: "text", name: "tag", maxlength: 200, value: params.get("tag") || "" });
  const drafts = h("input", { type: "checkbox", id: "include-drafts", checked: params.get("include_drafts") !== "false" });
  const results = h("div", { class: "results", "aria-live": "polite" });
  const filters = h(
    "form",
    { class: "filters", role: "search", "aria-label": t("scenarios.filters") },
    field(t("scenarios.search"), q),
    field(t("common.language"), language),
    field(t("scenarios.category"), category),
    field(t("scenarios.tag"), tag),
    h("div", { class: "field check" }, drafts, h("label", { for: "include-drafts" }, t("scenarios.includeDrafts"))),
    h("div", { class: "field" }, h("button", { type: "submit" }, t("scenarios.filter"))),
  );
  const load = newestOnly(async (current) => {
    const filter = { q: q.value.trim(), language: language.value, category: category.value, tag: tag.value.trim(), include_drafts: drafts.checked ? "" : "false" };
    history.replaceState(null, "", `/trainer/scenarios${query(filter)}`);
    mount(results, h("p", { class: "loading" }, t("common.loading")));
    try {
      const rows = await get(`/scenarios${query({ ...filter, include_drafts: drafts.checked, limit: 500 })}`);
      if (current()) mount(results, rows.length ? table(rows) : h("p", { class: "empty" }, t("scenarios.none")));
    } catch (error) {
      if (current()) mount(results, errorBox(error));
    }
  });
  filters.addEventListener("submit", (event) => {
    event.preventDefault();
    load();
  });
  for (const control of [language, category, drafts]) control.addEventListener("change", load);
  mount(
    main,
    h("div", { class: "page-head" }, h("h1", null, t("scenarios.title")), h("a", { class: "button", href: "/trainer/scenarios/new" }, t("scenarios.new"))),
    importForm(), // before the list, which grows long
    filters,
    results,
  );
  await load();
}

function table(rows) {
  return tableBox(
    t("scenarios.title"),
    h(
      "table",
      { class: "scenario-table" },
      h("thead", null, h("tr", null, [t("scenarios.name"), t("common.language"), t("scenarios.difficulty"), t("scenarios.categories"), t("scenarios.state"), t("scenarios.updated"), t("scenarios.export")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        rows.map((row) =>
          h(
            "tr",
            null,
            h("td", null, h("a", { href: `/trainer/scenarios/${row.id}` }, row.title), h("div", { class: "muted small" }, row.slug), row.tags.length ? h("div", { class: "tags" }, row.tags.map((tagText) => h("span", { class: "tag" }, tagText))) : null),
            h("td", null, t(`language.${row.language}`)),
            h("td", null, t(`difficulty.${row.difficulty}`)),
            h("td", null, row.categories.map(categoryLabel).join(", ")),
            h("td", null, row.version ? t("scenarios.version", { n: row.version }) : t("scenarios.neverPublished"), row.has_draft ? h("span", { class: "badge badge-draft" }, t("scenarios.draft")) : null),
            h("td", null, fmtDate(row.updated_at)),
            h("td", { class: "nowrap" }, exportLinks(row)),
          ),
        ),
      ),
    ),
  );
}

/** Download links for a scenario file (YAML and JSON). */
export function exportLinks(row) {
  return [
    h("a", { href: `${API}/scenarios/${row.id}/export?format=yaml`, download: `${row.slug}.yaml`, "aria-label": t("scenarios.exportAs", { name: row.title, format: "YAML" }) }, "YAML"),
    " · ",
    h("a", { href: `${API}/scenarios/${row.id}/export?format=json`, download: `${row.slug}.json`, "aria-label": t("scenarios.exportAs", { name: row.title, format: "JSON" }) }, "JSON"),
  ];
}

function importForm() {
  const file = h("input", { type: "file", name: "file", accept: ".yaml,.yml,.json", required: true });
  const publish = h("input", { type: "checkbox", id: "import-publish", name: "publish" });
  const send = h("button", { type: "submit" }, t("scenarios.import"));
  const status = h("div", { role: "status", "aria-live": "polite" });
  const form = h(
    "form",
    { class: "import-form" },
    h("h2", null, t("scenarios.importTitle")),
    field(t("scenarios.file"), file, { hint: t("scenarios.fileHint") }),
    h("div", { class: "field check" }, publish, h("label", { for: "import-publish" }, t("scenarios.publishOnImport"))),
    h("div", { class: "actions" }, send),
    status,
    formatHelp(),
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!file.files.length) {
      mount(status, h("p", { class: "error" }, t("scenarios.chooseFile")));
      return;
    }
    const data = new FormData();
    data.append("file", file.files[0]);
    data.append("publish", publish.checked ? "true" : "false");
    try {
      const row = await busy(send, t("common.sending"), () => post("/scenarios/import", data, { form: true }));
      navigate(`/trainer/scenarios/${row.id}`, { flash: t("scenarios.imported", { name: row.title }) });
    } catch (error) {
      mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)), fileErrors(error.errors || []));
    }
  });
  return form;
}

// The smallest file Parry takes, as the help shows it (tests/browser/test_interface_details.py imports it).
const EXAMPLE = `id: office-chairs-price
title: Office chairs and their price
language: en
context: You sell ergonomic office chairs to a company of 200 people.
persona:
  role: Office Manager
  company: An insurance broker, 200 staff
  temperament: Polite, careful with the budget
steps:
  - id: price
    category: price
    customer_line: Your chairs cost twice what we pay now.
    references:
      - I understand, the price matters. What do your chairs cost you in back pain and sick days?
      - Fair point. Let's compare what you pay over five years, repairs included, on Friday.
    key_points:
      - text: Asks about the cost of the current chairs
    red_flags:
      - label: Discounts straight away
        phrases: [discount]
    hints:
      - Ask what the current chairs really cost.
`;

const FORMAT_TOPICS = ["formatFile", "formatScenario", "formatPersona", "formatStep", "formatKeyPoints", "formatRedFlags", "formatFollowUps"];

/** The file format, served here, where a trainer imports: a field list and a file that imports as it is. */
function formatHelp() {
  return h(
    "details",
    { class: "format-help", id: "file-format" },
    h("summary", null, t("scenarios.formatTitle")),
    h("ul", null, FORMAT_TOPICS.map((key) => h("li", null, t(`scenarios.${key}`)))),
    h("p", null, t("scenarios.formatExample")),
    h("pre", { class: "example", tabindex: "0", "aria-label": t("scenarios.formatExample") }, h("code", null, EXAMPLE)),
  );
}

/** A file's errors with line and field. */
export function fileErrors(errors) {
  if (!errors.length) return null;
  return h(
    "ul",
    { class: "error-list" },
    errors.map((e) => h("li", null, [e.file, e.line ? `:${e.line}` : "", e.field ? ` — ${e.field}` : "", ": ", e.message].join(""))),
  );
}
