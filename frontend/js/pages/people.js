// Admin: teams and users (add a team, add a user, change a role or team, disable, delete).

import { del, get, patch, post } from "../api.js";
import { errorBox, errorMessage, session } from "../app.js";
import { busy, field, h, mount, select, tableBox } from "../dom.js";
import { fmtDate, t } from "../i18n.js";
import { meta } from "../meta.js";

export async function peoplePage(main, done = null) {
  const [teams, users] = await Promise.all([get("/teams"), get("/users")]);
  const teamName = Object.fromEntries(teams.map((team) => [team.id, team.name]));
  const reload = (message = null) => peoplePage(main, message);
  mount(
    main,
    h("h1", null, t("people.title")),
    h("p", { class: "form-status", role: "status" }, done),
    h("section", { "aria-labelledby": "users-h" }, h("h2", { id: "users-h" }, t("people.users")), userTable(users, teams, teamName, reload), addUserForm(teams, reload)),
    h("section", { "aria-labelledby": "teams-h" }, h("h2", { id: "teams-h" }, t("people.teams")), h("ul", { class: "plain" }, teams.map((team) => h("li", null, team.name))), addTeamForm(reload)),
  );
}

function teamOptions(teams) {
  return [{ value: "", label: t("people.noTeam") }, ...teams.map((team) => ({ value: team.id, label: team.name }))];
}

function userTable(users, teams, teamName, reload) {
  return tableBox(
    t("people.users"),
    h(
      "table",
      null,
      h("thead", null, h("tr", null, [t("people.name"), t("login.email"), t("people.role"), t("dashboard.team"), t("people.since"), t("people.state")].map((c) => h("th", { scope: "col" }, c)))),
      h(
        "tbody",
        null,
        users.map((user) => {
          const status = h("span", { role: "status" });
          const change = async (body) => {
            try {
              await patch(`/users/${user.id}`, body);
              await reload();
            } catch (error) {
              mount(status, h("span", { class: "error" }, errorMessage(error)));
            }
          };
          const role = select(meta.roles.map((r) => ({ value: r, label: t(`role.${r}`) })), { value: user.role, "aria-label": t("people.roleOf", { name: user.name }), disabled: user.id === session.user.id });
          role.addEventListener("change", () => change({ role: role.value }));
          const team = select(teamOptions(teams), { value: user.team_id ?? "", "aria-label": t("people.teamOf", { name: user.name }) });
          team.addEventListener("change", () => change({ team_id: team.value ? Number(team.value) : null }));
          const toggle = h("button", { type: "button", class: "link", disabled: user.id === session.user.id }, user.is_active ? t("people.disable") : t("people.enable"));
          toggle.addEventListener("click", () => change({ is_active: !user.is_active }));
          const remove = user.id === session.user.id ? null : deleteButton(user, status, reload);
          return h(
            "tr",
            { class: user.is_active ? null : "muted" },
            h("td", null, user.name),
            h("td", null, user.email),
            h("td", null, role),
            h("td", null, team, user.team_id && !teamName[user.team_id] ? ` #${user.team_id}` : null),
            h("td", null, fmtDate(user.created_at)),
            h("td", null, user.is_active ? t("people.active") : t("people.disabled"), " ", toggle, remove ? [" · ", remove] : null, status),
          );
        }),
      ),
    ),
  );
}

/** Delete a user, after saying what goes (the account, the recordings) and what stays (answers, results). */
function deleteButton(user, status, reload) {
  const button = h("button", { type: "button", class: "link danger" }, t("people.delete"));
  button.addEventListener("click", () => {
    const yes = h("button", { type: "button", class: "danger small" }, t("people.deleteYes"));
    const no = h("button", { type: "button", class: "secondary small" }, t("common.cancel"));
    mount(status, h("span", { class: "confirm" }, t("people.deleteConfirm", { name: user.name }), " ", yes, " ", no));
    no.addEventListener("click", () => {
      mount(status);
      button.focus();
    });
    yes.addEventListener("click", async () => {
      try {
        const deleted = await busy(yes, t("common.saving"), () => del(`/users/${user.id}`));
        await reload(t("people.deleted", { name: user.name, n: deleted.recordings_removed }));
      } catch (error) {
        mount(status, h("span", { class: "error" }, errorMessage(error)));
      }
    });
    yes.focus();
  });
  return button;
}

function addUserForm(teams, reload) {
  const email = h("input", { type: "email", required: true, maxlength: 254, autocomplete: "off" });
  const name = h("input", { type: "text", required: true, maxlength: 100 });
  const role = select(meta.roles.map((r) => ({ value: r, label: t(`role.${r}`) })), { value: "trainee" });
  const team = select(teamOptions(teams), { value: "" });
  const password = h("input", { type: "password", required: true, minlength: 10, maxlength: 128, autocomplete: "new-password" });
  const language = select([{ value: "en", label: "English" }, { value: "ru", label: "Русский" }], { value: "en" });
  const submit = h("button", { type: "submit" }, t("people.add"));
  const status = h("div", { role: "status" });
  const form = h(
    "form",
    { class: "import-form", novalidate: true },
    h("h3", null, t("people.addUser")),
    h("div", { class: "grid" }, field(t("people.name"), name), field(t("login.email"), email), field(t("people.role"), role), field(t("dashboard.team"), team), field(t("nav.language"), language), field(t("login.password"), password, { hint: t("people.passwordHint") })),
    h("div", { class: "actions" }, submit),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = { email: email.value, name: name.value, role: role.value, team_id: team.value ? Number(team.value) : null, password: password.value, language: language.value };
    try {
      await busy(submit, t("common.saving"), () => post("/users", body));
      await reload();
    } catch (error) {
      mount(status, errorBox(error), fieldList(error));
    }
  });
  return form;
}

function addTeamForm(reload) {
  const name = h("input", { type: "text", required: true, maxlength: 100 });
  const submit = h("button", { type: "submit" }, t("people.addTeam"));
  const status = h("div", { role: "status" });
  const form = h("form", { class: "filters" }, field(t("people.teamName"), name), h("div", { class: "field" }, submit), status);
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    try {
      await busy(submit, t("common.saving"), () => post("/teams", { name: name.value }));
      await reload();
    } catch (error) {
      mount(status, errorBox(error));
    }
  });
  return form;
}

function fieldList(error) {
  if (!error.errors || !error.errors.length) return null;
  return h("ul", { class: "error-list" }, error.errors.map((e) => h("li", null, e.field ? `${e.field}: ${e.message}` : e.message)));
}
