"""The interface for everyone: Russian or English, remembered per user; usable on a phone-sized screen."""

from __future__ import annotations

import re

import pytest
from browser_helpers import VIEWPORT, Site, log_in
from playwright.sync_api import Browser, Page, expect

from api.messages import render

pytestmark = pytest.mark.browser


def test_interface_language_switches_to_russian_and_is_remembered_for_the_user(
    page: Page, site: Site, browser: Browser
) -> None:
    log_in(page, site, "rep2")
    page.get_by_label("Interface language").select_option("ru")
    nav = page.get_by_role("navigation")
    expect(nav.get_by_role("link", name="Тренировка")).to_be_visible()
    expect(page.get_by_role("heading", name="Тренировка на сегодня")).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", "ru")
    assert page.request.get("/api/v1/auth/me").json()["user"]["language"] == "ru"
    page.reload()
    expect(page.get_by_role("link", name="Прогресс")).to_be_visible()

    other = browser.new_context(viewport=VIEWPORT, locale="en-US", base_url=site.url)  # no local memory
    try:
        fresh = other.new_page()
        log_in(fresh, site, "rep2")
        expect(fresh.get_by_role("heading", name="Тренировка на сегодня")).to_be_visible()
        fresh.get_by_label("Язык интерфейса").select_option("en")
        expect(fresh.get_by_role("heading", name="Today's drill")).to_be_visible()
    finally:
        other.close()


@pytest.mark.parametrize("path", ["/practice", "/progress", "/tests"])
def test_trainee_pages_fit_a_375_pixel_screen(page: Page, site: Site, path: str) -> None:
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, site, "rep")
    page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .loading")).to_have_count(0)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"{path} scrolls sideways on a phone: {width}px wide"


def test_every_control_has_a_label_and_focus_is_visible(page: Page, site: Site) -> None:
    log_in(page, site, "trainer")
    for path in ["/trainer/scenarios", "/trainer/scenarios/new", "/trainer/tracks/new", "/practice"]:
        page.goto(path)
        expect(page.locator("main h1")).to_be_visible()
        expect(page.locator("main .loading")).to_have_count(0)
        unlabelled = page.evaluate(
            """() => [...document.querySelectorAll('input, textarea, select')]
                .filter(el => el.type !== 'hidden' && !el.labels.length && !el.getAttribute('aria-label'))
                .map(el => el.name || el.id || el.outerHTML.slice(0, 80))"""
        )
        assert unlabelled == [], f"controls without a label on {path}: {unlabelled}"
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none", "the focused element must show a focus outline"
    assert re.match(r"^(A|BUTTON|INPUT|SELECT)$", page.evaluate("document.activeElement.tagName"))


def test_the_servers_messages_come_in_the_interface_language(page: Page, site: Site) -> None:
    page.context.clear_cookies()
    page.goto("/login")
    page.get_by_label("Interface language").select_option("ru")
    page.get_by_label("Эл. почта").fill(site.emails["rep2"])
    page.get_by_label("Пароль").fill("not the password")
    page.get_by_role("button", name="Войти").click()
    expect(page.get_by_text(render("login_failed", {}, "ru"))).to_be_visible()  # the server's text for the code
    replies = page.evaluate(
        """async () => {
            const api = await import("/js/api.js");
            const refusal = (call) => call.then(() => null, (e) => [e.status, e.code, e.message]);
            return [
                await refusal(api.post("/auth/login", { email: "nobody@example.com", password: "not it" })),
                await refusal(api.get("/no-such-route")),
            ];
        }"""
    )
    assert replies == [
        [401, "login_failed", render("login_failed", {}, "ru")],
        [404, "not_found", render("not_found", {}, "ru")],
    ]
