// The application shell: who is logged in, the navigation for their role, the language, and the router.

import { ApiError, get, patch, post, setCsrf, setUnauthorizedHandler } from "./api.js";
import { h, mount, select } from "./dom.js";
import { initialLanguage, lang, setLang, t } from "./i18n.js";
import { mayLeave } from "./keep.js";
import { loadMeta, roleAtLeast } from "./meta.js";
import { routes } from "./routes.js";

export const session = { user: null };
let cleanup = null;
let pendingFlash = null;
let renders = 0;

/** True when the logged-in user has `role` or a higher one. */
export function atLeast(role) {
  return session.user !== null && roleAtLeast(session.user.role, role);
}

/** Go to a path inside the app; `flash` is a message shown on the next page (`kind` "info" or "error"). */
export function navigate(path, { replace = false, flash = null, kind = "info" } = {}) {
  pendingFlash = flash ? { text: flash, kind } : pendingFlash;
  if (replace) history.replaceState(null, "", path);
  else history.pushState(null, "", path);
  window.scrollTo(0, 0);
  render();
}

/** Show a message in the live region at the top of the page. */
export function flash(message, kind = "info") {
  const box = document.getElementById("flash");
  if (!message) {
    mount(box);
    return;
  }
  mount(box, h("p", { class: ["flash", `flash-${kind}`] }, message));
}

/** A message for an error: the server's detail for API errors. */
export function errorMessage(error) {
  if (error instanceof ApiError) return error.message;
  console.error(error); // a bug in the page, not a refusal from the server: keep it visible to developers
  return t("error.unexpected");
}

/** An error box to put in a page. */
export function errorBox(error) {
  return h("p", { class: "error", role: "alert" }, errorMessage(error));
}

/** The login page that returns to `path` (the page asked for, with its query) after logging in. */
export function loginFor(path) {
  return path && path !== "/" && !path.startsWith("/login") ? `/login?next=${encodeURIComponent(path)}` : "/login";
}

/** Where the login page goes back to: its `next`, when that is a page of this app, else null. */
export function returnPath() {
  const next = new URLSearchParams(location.search).get("next") || "";
  return next.startsWith("/") && !next.startsWith("//") && !next.startsWith("/login") ? next : null;
}

export function homeFor(user) {
  if (!user) return "/login";
  if (roleAtLeast(user.role, "head")) return "/head";
  if (roleAtLeast(user.role, "trainer")) return "/trainer/scenarios";
  return "/practice";
}

function navItems() {
  const items = [
    ["/practice", "nav.practice"],
    ["/tests", "nav.tests"],
    ["/progress", "nav.progress"],
  ];
  if (!atLeast("trainer")) items.push(["/leaderboard", "nav.leaderboard"]); // heads and trainers: from the team screen
  if (atLeast("trainer")) {
    items.push(["/trainer/scenarios", "nav.scenarios"], ["/trainer/tracks", "nav.tracks"], ["/trainer/disputes", "nav.disputes"], ["/trainer/stop-phrases", "nav.stopPhrases"], ["/trainer/norms", "nav.norms"], ["/trainer/plans", "nav.plans"], ["/trainer/team", "nav.team"]);
  }
  if (atLeast("head")) items.push(["/head", "nav.dashboard"]);
  if (atLeast("admin")) items.push(["/admin/people", "nav.people"]);
  return items;
}

function renderHeader() {
  const header = document.getElementById("top");
  const path = location.pathname;
  const language = select(
    [
      { value: "en", label: "English" },
      { value: "ru", label: "Русский" },
    ],
    { id: "language", value: lang(), on: { change: (event) => changeLanguage(event.target.value) } },
  );
  const nav = session.user
    ? h(
        "nav",
        { "aria-label": t("nav.label") },
        h(
          "ul",
          null,
          navItems().map(([href, key]) =>
            h("li", null, h("a", { href, "aria-current": path === href || path.startsWith(`${href}/`) ? "page" : null }, t(key))),
          ),
        ),
      )
    : null;
  const who = session.user
    ? [
        h("span", { class: "who" }, session.user.name, " · ", t(`role.${session.user.role}`)),
        h("button", { type: "button", class: "link", on: { click: logout } }, t("nav.logout")),
      ]
    : null;
  mount(
    header,
    h("a", { class: "brand", href: session.user ? homeFor(session.user) : "/login" }, "Parry"),
    nav,
    h("div", { class: "top-tools" }, h("label", { for: "language", class: "visually-hidden" }, t("nav.language")), language, who),
  );
}

async function changeLanguage(value) {
  setLang(value);
  if (session.user) {
    try {
      session.user = await patch("/auth/me", { language: value });
    } catch (error) {
      flash(errorMessage(error), "error");
    }
  }
  render();
}

async function logout() {
  try {
    await post("/auth/logout");
  } catch {
    // the session may be gone already: logging out locally is what matters
  }
  session.user = null;
  setCsrf(null);
  navigate("/login", { flash: t("login.loggedOut") });
}

/** Remember who logged in (from the login reply or /auth/me). */
export function signedIn(reply) {
  session.user = reply.user;
  setCsrf(reply.csrf_token);
  if (reply.user.language) setLang(reply.user.language);
}

function match(path) {
  for (const route of routes) {
    const found = route.pattern.exec(path);
    if (found) return { route, params: found.slice(1).map(decodeURIComponent) };
  }
  return null;
}

/** Draw the page for the current address. */
export async function render() {
  if (cleanup) cleanup();
  cleanup = null;
  const main = document.getElementById("main");
  const path = location.pathname.replace(/\/+$/, "") || "/";
  shownPath = location.pathname + location.search;
  const found = match(path);
  if (!found) {
    navigate(homeFor(session.user), { replace: true, flash: t("error.noPage") });
    return;
  }
  const { route, params } = found;
  if (!route.public && !session.user) {
    navigate(loginFor(location.pathname + location.search), { replace: true });
    return;
  }
  if (route.role && !atLeast(route.role)) {
    const message = t("error.notForRole", { role: t(`role.${route.role}`) });
    navigate(homeFor(session.user), { replace: true, flash: message, kind: "error" });
    return;
  }
  document.documentElement.lang = lang();
  document.title = `${t(route.title)} · Parry`;
  renderHeader();
  if (pendingFlash) flash(pendingFlash.text, pendingFlash.kind);
  else flash(null);
  pendingFlash = null;
  // Each page draws into its own element: a slower page that finishes after the user moved on draws into an
  // element no longer on the screen.
  const token = ++renders;
  const view = h("div", { class: "view" }, h("p", { class: "loading" }, t("common.loading")));
  mount(main, view);
  main.setAttribute("aria-busy", "true");
  try {
    const result = await route.page(view, ...params);
    if (token !== renders) {
      if (typeof result === "function") result();
      return;
    }
    if (typeof result === "function") cleanup = result;
    // A new page: move focus to it (unless the page focused a control itself), as a screen reader expects.
    if (!main.contains(document.activeElement)) main.focus({ preventScroll: true });
  } catch (error) {
    mount(view, h("h1", null, t(route.title)), errorBox(error));
  } finally {
    if (token === renders) main.removeAttribute("aria-busy");
  }
}

function interceptLinks(event) {
  if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
  const link = event.target.closest("a[href]");
  if (!link || link.hasAttribute("download") || link.target || link.origin !== location.origin) return;
  if (link.pathname.startsWith("/api/") || link.pathname.startsWith("/docs")) return;
  event.preventDefault();
  if (link.pathname === location.pathname && link.search === location.search) return;
  if (mayLeave()) navigate(link.pathname + link.search);
}

let shownPath = null;

function onPopState() {
  // Back or Forward inside the app: a page with work to lose asks first, and stays (its address back) if told to.
  if (shownPath && shownPath !== location.pathname + location.search && !mayLeave()) {
    history.pushState(null, "", shownPath);
    return;
  }
  render();
}

async function start() {
  setLang(initialLanguage());
  setUnauthorizedHandler(() => {
    if (session.user) {
      session.user = null;
      navigate(loginFor(location.pathname + location.search), { replace: true, flash: t("login.expired"), kind: "error" });
    }
  });
  document.addEventListener("click", interceptLinks);
  window.addEventListener("popstate", onPopState);
  // Who is logged in, and the server's constants (meta.js) that every page uses: both before the first page.
  const [me, loaded] = await Promise.allSettled([get("/auth/me", { quiet401: true }), loadMeta()]);
  if (me.status === "fulfilled") signedIn(me.value);
  else if (!(me.reason instanceof ApiError) || me.reason.status !== 401) flash(errorMessage(me.reason), "error");
  if (loaded.status === "rejected") flash(errorMessage(loaded.reason), "error");
  if (location.pathname === "/" || (location.pathname === "/login" && session.user)) {
    history.replaceState(null, "", (session.user && returnPath()) || homeFor(session.user));
  }
  render();
}

start();
