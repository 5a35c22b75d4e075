// Onboarding plans: the rep's own plan with its dates (on the progress page), and the page where the head of sales
// (any rep) or a trainer (their own team) writes plans, puts a new rep on one from a start date, and sees who is on
// plan, behind (which track, how many days late) or done.

import { API, ApiError, get, post } from "../api.js";
import { atLeast, errorBox, session } from "../app.js";
import { busy, button, field, h, mount, select, tableBox } from "../dom.js";
import { fmtDate, t } from "../i18n.js";

function isoDay(date) {
  return date.toISOString().slice(0, 10);
}

/** A rep's standing on their plan as a badge: on plan, behind (track, days late) or done. */
export function planStatus(plan) {
  if (plan.status === "behind") {
    return h("span", { class: "badge badge-fail" }, t("plans.behindOn", { track: plan.behind_track_name || "—", n: plan.days_late }));
  }
  return h("span", { class: ["badge", plan.status === "done" ? "badge-pass" : "badge-in_progress"] }, t(`plans.status.${plan.status}`));
}

function milestoneText(milestone) {
  if (milestone.status === "done") return t(milestone.days_late ? "plans.doneLate" : "plans.doneOn", { date: fmtDate(milestone.done_on), n: milestone.days_late });
  if (milestone.status === "late") return t("plans.late", { n: milestone.days_late });
  return t("plans.open");
}

/** A rep's plan (`/plans/me` or `/plans/reps/{id}`), or null when they are on none. */
export async function readPlan(path) {
  try {
    return await get(path);
  } catch (error) {
    if (error instanceof ApiError && error.code === "plan_none") return null;
    throw error;
  }
}

/** The rep's plan with its dates, for the progress page (and a head's view of a rep); null when on none. */
export function planCard(plan, { own = true } = {}) {
  if (!plan) return null;
  return h(
    "section",
    { class: ["plan-card", `plan-${plan.status}`], "aria-labelledby": "plan-h" },
    h("h2", { id: "plan-h" }, t(own ? "plans.mine" : "plans.theirs")),
    h("p", null, h("strong", null, plan.plan_name), " ", planStatus(plan)),
    h("p", { class: "muted" }, t("plans.dates", { start: fmtDate(plan.start_date), end: fmtDate(plan.probation_end) })),
    h(
      "ol",
      { class: "milestones" },
      plan.milestones.map((m) =>
        h("li", { class: `milestone-${m.status}` }, h("strong", null, m.track_name), " — ", t("plans.due", { date: fmtDate(m.due) }), " · ", h("span", { class: "milestone-status" }, milestoneText(m))),
      ),
      h("li", { class: "milestone-probation" }, h("strong", null, t("plans.probationEnd")), " — ", fmtDate(plan.probation_end)),
    ),
  );
}

function exportLinks(label) {
  return h(
    "span",
    { class: "exports" },
    ["xlsx", "csv"].map((kind) => {
      const text = t(`dashboard.${kind}`);
      return h("a", { class: ["button", "secondary", "small", kind], href: `${API}/reports/plans.${kind}`, download: "", "aria-label": `${text}: ${label}` }, text);
    }),
  );
}

/** Plans: who is on plan, put a rep on a plan from a start date, write a plan, the plans there are. */
export async function plansPage(main) {
  const head = atLeast("head");
  const [users, tracks] = await Promise.all([get("/users"), get("/tracks")]);
  const reps = users.filter((user) => user.role === "trainee" && user.is_active && (head || user.team_id === session.user.team_id));
  const published = tracks.filter((track) => track.published);
  const report = h("div", { "aria-live": "polite" });
  const plansBox = h("div");
  let assign = null;
  const load = async () => {
    try {
      const [plans, onPlan] = await Promise.all([get("/plans"), get("/reports/plans")]);
      mount(report, reportTable(onPlan));
      mount(plansBox, planList(plans, published));
      assign.setPlans(plans);
    } catch (error) {
      mount(report, errorBox(error));
    }
  };
  assign = assignForm(reps, load);
  mount(
    main,
    h("h1", null, t("plans.title")),
    h("p", { class: "muted" }, t("plans.intro")),
    h("section", { "aria-labelledby": "on-plan-h" }, h("div", { class: "section-head" }, h("h2", { id: "on-plan-h" }, t("plans.report")), exportLinks(t("plans.report"))), report),
    assign.form,
    planForm(published, load),
    h("section", { "aria-labelledby": "plans-h" }, h("h2", { id: "plans-h" }, t("plans.list")), plansBox),
  );
  await load();
}

function reportTable(onPlan) {
  if (!onPlan.reps.length) return h("p", { class: "empty" }, t("plans.nobody"));
  return tableBox(
    t("plans.report"),
    h(
      "table",
      { class: "plan-table" },
      h("caption", { class: "visually-hidden" }, t("plans.report")),
      h("thead", null, h("tr", null, [t("dashboard.rep"), t("dashboard.team"), t("plans.plan"), t("plans.start"), t("plans.probationEnd"), t("plans.standing"), t("plans.tracksDone")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        onPlan.reps.map((rep) =>
          h(
            "tr",
            { class: `plan-${rep.status}` },
            h("th", { scope: "row" }, rep.name),
            h("td", null, rep.team_name || "—"),
            h("td", null, rep.plan_name),
            h("td", null, fmtDate(rep.start_date)),
            h("td", null, fmtDate(rep.probation_end)),
            h("td", null, planStatus(rep)),
            h("td", null, `${rep.milestones.filter((m) => m.status === "done").length} / ${rep.milestones.length}`),
          ),
        ),
      ),
    ),
  );
}

/** The form that puts a rep on a plan; `setPlans` refills its list of plans. */
function assignForm(reps, reload) {
  const rep = select(reps.map((r) => ({ value: r.id, label: r.name })), { id: "plan-rep" });
  const plan = select([], { id: "plan-choice" });
  const start = h("input", { id: "plan-start", type: "date", value: isoDay(new Date()), required: true });
  const save = h("button", { type: "submit" }, t("plans.assign"));
  const status = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "plan-assign card", "aria-labelledby": "plan-assign-h" },
    h("h2", { id: "plan-assign-h" }, t("plans.assignTitle")),
    h("div", { class: "filters" }, field(t("dashboard.rep"), rep), field(t("plans.plan"), plan), field(t("plans.start"), start, { hint: t("plans.startHint") })),
    save,
    status,
  );
  const setPlans = (plans) => {
    const chosen = plan.value;
    plan.replaceChildren(...plans.map((p) => h("option", { value: p.id }, p.name)));
    if (plans.some((p) => String(p.id) === chosen)) plan.value = chosen;
    save.disabled = !plans.length || !reps.length;
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      const placed = await busy(save, t("common.saving"), () => post(`/plans/${plan.value}/assignments`, { user_id: Number(rep.value), start_date: start.value || null }));
      mount(status, h("p", { class: "flash flash-info" }, t("plans.assigned", { name: placed.name, plan: placed.plan_name, date: fmtDate(placed.start_date) })));
      await reload();
    } catch (error) {
      mount(status, errorBox(error));
    }
  });
  return { form, setPlans };
}

function milestoneRow(tracks, number) {
  const track = select(tracks.map((tr) => ({ value: tr.id, label: tr.name })), { id: `plan-track-${number}`, class: "plan-track" });
  const days = h("input", { id: `plan-days-${number}`, class: "plan-days", type: "number", min: 1, max: 730, step: 1, inputmode: "numeric", required: true, value: 30 * number });
  return h("div", { class: "filters milestone-row" }, field(t("plans.track", { n: number }), track), field(t("plans.dueDays", { n: number }), days));
}

function planForm(tracks, reload) {
  const name = h("input", { id: "plan-name", type: "text", maxlength: 200, required: true, autocomplete: "off" });
  const probation = h("input", { id: "plan-probation", type: "number", min: 1, max: 730, step: 1, inputmode: "numeric", required: true, value: 90 });
  const rows = h("div", { class: "milestone-rows" }, milestoneRow(tracks, 1));
  const more = button(t("plans.addTrack"), () => rows.append(milestoneRow(tracks, rows.children.length + 1)), { class: "secondary small" });
  const save = h("button", { type: "submit" }, t("plans.create"));
  const status = h("div", { "aria-live": "polite" });
  const form = h(
    "form",
    { class: "plan-form card", "aria-labelledby": "plan-form-h" },
    h("h2", { id: "plan-form-h" }, t("plans.new")),
    h("div", { class: "filters" }, field(t("plans.name"), name), field(t("plans.probationDays"), probation)),
    rows,
    h("p", null, more),
    save,
    status,
  );
  if (!tracks.length) {
    save.disabled = true;
    more.disabled = true;
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const milestones = [...rows.querySelectorAll(".milestone-row")].map((row) => ({ track_id: Number(row.querySelector(".plan-track").value), due_days: Number(row.querySelector(".plan-days").value) }));
    try {
      const plan = await busy(save, t("common.saving"), () => post("/plans", { name: name.value, probation_days: Number(probation.value), milestones }));
      mount(status, h("p", { class: "flash flash-info" }, t("plans.created", { name: plan.name })));
      name.value = "";
      await reload();
    } catch (error) {
      mount(status, errorBox(error));
    }
  });
  return form;
}

function planList(plans, tracks) {
  if (!plans.length) return h("p", { class: "empty" }, t("plans.none"));
  const names = Object.fromEntries(tracks.map((track) => [track.id, track.name]));
  return h(
    "ul",
    { class: "plain plans" },
    plans.map((plan) =>
      h(
        "li",
        null,
        h("strong", null, plan.name),
        h("span", { class: "muted" }, ` · ${t("plans.probationShort", { n: plan.probation_days })}`),
        h("ol", { class: "milestones" }, plan.milestones.map((m) => h("li", null, names[m.track_id] || `#${m.track_id}`, " — ", t("plans.dueShort", { n: m.due_days })))),
      ),
    ),
  );
}
