// Log in with email and password.

import { post } from "../api.js";
import { errorMessage, homeFor, navigate, returnPath, signedIn } from "../app.js";
import { busy, field, h, mount } from "../dom.js";
import { t } from "../i18n.js";

export async function loginPage(main) {
  const email = h("input", { type: "email", name: "email", autocomplete: "username", required: true, maxlength: 254 });
  const password = h("input", { type: "password", name: "password", autocomplete: "current-password", required: true, maxlength: 128 });
  const submit = h("button", { type: "submit" }, t("login.submit"));
  const status = h("p", { class: "form-status", role: "alert" });
  const form = h(
    "form",
    { class: "login-form", novalidate: true },
    field(t("login.email"), email),
    field(t("login.password"), password),
    h("div", { class: "actions" }, submit),
    status,
  );
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    if (!email.value.trim() || !password.value) {
      status.textContent = t("login.missing");
      (email.value.trim() ? password : email).focus();
      return;
    }
    status.textContent = "";
    try {
      const reply = await busy(submit, t("login.busy"), () => post("/auth/login", { email: email.value, password: password.value }, { quiet401: true }));
      signedIn(reply);
      navigate(returnPath() || homeFor(reply.user), { replace: true }); // back to the page asked for
    } catch (error) {
      status.textContent = errorMessage(error);
      password.select();
    }
  });
  mount(main, h("section", { class: "login" }, h("h1", null, t("login.title")), h("p", { class: "lead" }, t("login.intro")), form));
  email.focus();
}
