// Trainer: tracks (which scenarios, how the test works), publishing them, assigning them to teams and reps.

import { del, get, post, put } from "../api.js";
import { errorBox, errorMessage, navigate } from "../app.js";
import { busy, field, h, mount, select, tableBox, uid } from "../dom.js";
import { fmtDate, t } from "../i18n.js";
import { meta } from "../meta.js";

/** A track's numbers (test size, pass mark, floor…) in the form's order: [key, default, min, max], from the server. */
const trackNumbers = () => Object.entries(meta.track_rules).map(([key, rule]) => [key, rule.default, rule.min, rule.max]);

export async function trackList(main) {
  const tracks = await get("/tracks");
  mount(
    main,
    h("div", { class: "page-head" }, h("h1", null, t("tracks.title")), h("a", { class: "button", href: "/trainer/tracks/new" }, t("tracks.new"))),
    tracks.length
      ? tableBox(
          t("tracks.title"),
          h(
            "table",
            null,
            h("thead", null, h("tr", null, [t("tracks.name"), t("tracks.scenarios"), t("scenarios.state"), t("scenarios.updated")].map((c) => h("th", { scope: "col" }, c)))),
            h(
              "tbody",
              null,
              tracks.map((track) => {
                const rules = track.draft || track.published;
                return h(
                  "tr",
                  null,
                  h("td", null, h("a", { href: `/trainer/tracks/${track.id}` }, track.name)),
                  h("td", null, rules ? String(rules.scenario_ids.length) : "—"),
                  h("td", null, track.version ? t("scenarios.version", { n: track.version }) : t("scenarios.neverPublished"), track.draft ? h("span", { class: "badge badge-draft" }, t("scenarios.draft")) : null),
                  h("td", null, fmtDate(track.updated_at)),
                );
              }),
            ),
          ),
        )
      : h("p", { class: "empty" }, t("tracks.none")),
  );
}

export async function trackPage(main, trackId) {
  const isNew = trackId === undefined;
  const [track, scenarios] = await Promise.all([isNew ? null : get(`/tracks/${trackId}`), get("/scenarios?include_drafts=false&limit=500")]);
  const rules = track ? track.draft || track.published : { name: "", description: "", scenario_ids: [], ...Object.fromEntries(trackNumbers().map(([key, value]) => [key, value])) };
  const status = h("div", { role: "status", "aria-live": "polite" });
  const name = h("input", { type: "text", maxlength: 200, required: true, value: rules.name, "data-path": "name" });
  const description = h("textarea", { rows: 2, maxlength: 2000, "data-path": "description" });
  description.value = rules.description || "";
  const numbers = Object.fromEntries(trackNumbers().map(([key, , min, max]) => [key, h("input", { type: "number", min, max, value: rules[key], "data-path": key })]));
  const answerMode = select(
    ["either", "text", "voice"].map((value) => ({ value, label: t(`tracks.answerMode.${value}`) })),
    { value: rules.answer_mode || "either", "data-path": "answer_mode" },
  );
  const chosen = new Set(rules.scenario_ids);
  const picks = scenarios.map((scenario) => {
    const box = h("input", { type: "checkbox", id: uid("sc"), value: scenario.id, checked: chosen.has(scenario.id) });
    return h("li", null, box, h("label", { for: box.id }, scenario.title, h("span", { class: "muted" }, ` · ${t(`language.${scenario.language}`)}`)));
  });
  const scenarioBox = h("fieldset", { class: "list", "data-path": "scenario_ids" }, h("legend", null, t("tracks.scenarios")), h("ul", { class: "plain checks" }, picks));
  const saveButton = h("button", { type: "submit" }, t("editor.save"));
  const publishButton = h("button", { type: "button", hidden: isNew }, t("editor.publish"));
  const form = h(
    "form",
    { class: "track-form", novalidate: true },
    field(t("tracks.name"), name),
    field(t("tracks.description"), description),
    scenarioBox,
    h("fieldset", { class: "subsection" }, h("legend", null, t("tracks.rules")), h("div", { class: "grid" }, trackNumbers().map(([key]) => field(t(`tracks.${key}`), numbers[key])), field(t("tracks.answer_mode"), answerMode, { hint: t("tracks.answerModeHint") }))),
    h("div", { class: "actions" }, saveButton, publishButton),
    status,
  );
  const body = () => ({
    name: name.value,
    description: description.value,
    scenario_ids: [...form.querySelectorAll(".checks input:checked")].map((box) => Number(box.value)),
    ...Object.fromEntries(trackNumbers().map(([key]) => [key, numbers[key].value === "" ? null : Number(numbers[key].value)])),
    answer_mode: answerMode.value,
  });
  const showErrors = (error) => {
    for (const old of form.querySelectorAll(".field-error")) old.remove();
    for (const old of form.querySelectorAll("[aria-invalid]")) old.removeAttribute("aria-invalid");
    mount(status, errorBox(error));
    for (const item of error.errors || []) {
      const target = form.querySelector(`[data-path="${CSS.escape((item.field || "").split(".")[0])}"]`);
      if (!target) continue;
      const message = h("p", { class: "field-error", id: uid("err") }, item.message);
      if (target.matches("input, textarea, select")) {
        target.setAttribute("aria-invalid", "true");
        target.setAttribute("aria-describedby", message.id);
        target.closest(".field").append(message);
      } else target.querySelector("legend").after(message);
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const saved = await busy(saveButton, t("common.saving"), () => (isNew ? post("/tracks", body()) : put(`/tracks/${trackId}/draft`, body())));
      if (isNew) navigate(`/trainer/tracks/${saved.id}`, { replace: true, flash: t("editor.saved") });
      else mount(status, h("p", { class: "ok" }, t("editor.saved")));
    } catch (error) {
      showErrors(error);
    }
  });
  // The test size is a default until the trainer types one: when the chosen scenarios hold fewer steps than it,
  // publishing takes what fits (all their steps) and says so, rather than refusing the default.
  let sizeChosen = !isNew && Number(rules.test_size) !== meta.track_rules.test_size.default;
  numbers.test_size.addEventListener("input", () => (sizeChosen = true));
  const publish = async () => {
    await put(`/tracks/${trackId}/draft`, body());
    try {
      return { version: await post(`/tracks/${trackId}/publish`) };
    } catch (error) {
      if (sizeChosen || error.code !== "test_size_too_big" || !(error.params.steps > 0)) throw error;
      numbers.test_size.value = String(error.params.steps);
      await put(`/tracks/${trackId}/draft`, body());
      return { version: await post(`/tracks/${trackId}/publish`), fitted: error.params.steps };
    }
  };
  publishButton.addEventListener("click", async () => {
    try {
      const { version, fitted } = await busy(publishButton, t("editor.publishing"), publish);
      mount(status, h("p", { class: "ok" }, t("editor.published", { n: version.number }), fitted ? ` ${t("tracks.sizeFitted", { n: fitted })}` : null));
    } catch (error) {
      showErrors(error);
    }
  });
  mount(
    main,
    h("p", null, h("a", { href: "/trainer/tracks" }, t("tracks.back"))),
    h("h1", null, isNew ? t("tracks.new") : t("tracks.edit", { name: track.name })),
    track ? h("p", { class: "muted" }, track.version ? t("scenarios.version", { n: track.version }) : t("scenarios.neverPublished")) : null,
    form,
    isNew ? null : await assignments(trackId),
  );
}

async function assignments(trackId) {
  const section = h("section", { class: "assignments", "aria-labelledby": "assign-h" });
  const [teams, reps] = await Promise.all([get("/teams"), get("/users?role=trainee")]);
  const teamName = Object.fromEntries(teams.map((team) => [team.id, team.name]));
  const repName = Object.fromEntries(reps.map((rep) => [rep.id, `${rep.name} (${rep.email})`]));
  const list = h("ul", { class: "plain" });
  const status = h("div", { role: "status", "aria-live": "polite" });
  const load = async () => {
    const rows = await get(`/tracks/${trackId}/assignments`);
    mount(
      list,
      rows.length
        ? rows.map((row) => {
            const who = row.team_id ? t("tracks.team", { name: teamName[row.team_id] || `#${row.team_id}` }) : t("tracks.rep", { name: repName[row.user_id] || `#${row.user_id}` });
            const remove = h("button", { type: "button", class: "link danger", "aria-label": t("tracks.unassign", { who }) }, t("editor.remove"));
            remove.addEventListener("click", async () => {
              try {
                await del(`/tracks/${trackId}/assignments/${row.id}`);
                await load();
              } catch (error) {
                mount(status, errorBox(error));
              }
            });
            return h("li", null, who, h("span", { class: "muted" }, ` · ${fmtDate(row.assigned_at)} `), remove);
          })
        : h("li", { class: "empty" }, t("tracks.noAssignments")),
    );
  };
  const kind = select([{ value: "team", label: t("tracks.toTeam") }, { value: "user", label: t("tracks.toRep") }], { value: "team" });
  const teamSelect = select(teams.map((team) => ({ value: team.id, label: team.name })), {});
  const repSelect = select(reps.map((rep) => ({ value: rep.id, label: `${rep.name} (${rep.email})` })), {});
  const teamField = field(t("tracks.whichTeam"), teamSelect);
  const repField = field(t("tracks.whichRep"), repSelect);
  repField.hidden = true;
  kind.addEventListener("change", () => {
    teamField.hidden = kind.value !== "team";
    repField.hidden = kind.value !== "user";
  });
  const assign = h("button", { type: "submit" }, t("tracks.assign"));
  const form = h("form", { class: "filters" }, field(t("tracks.assignTo"), kind), teamField, repField, h("div", { class: "field" }, assign));
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const target = kind.value === "team" ? { team_id: Number(teamSelect.value) } : { user_id: Number(repSelect.value) };
    if (!(target.team_id || target.user_id)) {
      mount(status, h("p", { class: "error" }, t("tracks.pickTarget")));
      return;
    }
    try {
      await busy(assign, t("common.sending"), () => post(`/tracks/${trackId}/assignments`, target));
      mount(status, h("p", { class: "ok" }, t("tracks.assigned")));
      await load();
    } catch (error) {
      mount(status, h("p", { class: "error", role: "alert" }, errorMessage(error)));
    }
  });
  await load();
  mount(section, h("h2", { id: "assign-h" }, t("tracks.assignments")), list, form, status);
  return section;
}
