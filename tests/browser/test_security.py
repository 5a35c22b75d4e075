"""Security in the page: the content security policy, role checks, and trainer text shown as text."""

from __future__ import annotations

import re
import urllib.error
import urllib.request

import pytest
from browser_helpers import XSS_SCENARIO, XSS_TEXT, Site, log_in
from playwright.sync_api import Page, expect

from api.frontend import CONTENT_SECURITY_POLICY

pytestmark = pytest.mark.browser


def _get(url: str) -> tuple[int, dict[str, str], str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, {k.lower(): v for k, v in reply.headers.items()}, reply.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, {k.lower(): v for k, v in error.headers.items()}, error.read().decode()


@pytest.mark.parametrize("path", ["/", "/practice", "/trainer/scenarios/3", "/js/app.js", "/css/app.css"])
def test_pages_and_assets_carry_a_strict_content_security_policy(site: Site, path: str) -> None:
    status, headers, _ = _get(site.url + path)
    assert status == 200
    assert headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    assert "'unsafe-inline'" not in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"]


def test_client_routes_get_the_page_and_unknown_files_and_api_paths_get_404(site: Site) -> None:
    status, headers, body = _get(site.url + "/tests/12")
    assert status == 200
    assert headers["content-type"].startswith("text/html")
    assert '<script type="module" src="/js/app.js"></script>' in body
    assert _get(site.url + "/js/missing.js")[0] == 404
    status, headers, _ = _get(site.url + "/api/v1/no-such-route")
    assert status == 404
    assert headers["content-type"].startswith("application/json")
    assert _get(site.url + "/%2e%2e/pyproject.toml")[0] == 404


def test_csp_header_is_present_on_the_page_the_browser_loads(page: Page, site: Site) -> None:
    reply = page.goto("/")
    assert reply is not None
    assert reply.headers["content-security-policy"] == CONTENT_SECURITY_POLICY
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()


def test_trainee_cannot_open_trainer_or_head_pages(page: Page, site: Site) -> None:
    log_in(page, site, "rep")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("link", name="Drill")).to_be_visible()
    for hidden in ("Scenarios", "Tracks", "Disputes", "Dashboard"):
        expect(nav.get_by_role("link", name=hidden)).to_have_count(0)
    for path, role in [("/trainer/scenarios", "trainer"), ("/trainer/disputes", "trainer"), ("/head", "head of sales")]:
        page.goto(path)
        expect(page).to_have_url(re.compile(r"/practice$"))
        expect(page.locator(".flash-error")).to_contain_text(f"That page is for the {role} role")
    assert page.request.get(f"/api/v1/scenarios/{site.ids[XSS_SCENARIO]}/draft").status == 403
    assert page.request.get("/api/v1/users").status == 403


def test_markup_in_a_scenario_shows_as_text_and_never_runs(page: Page, site: Site) -> None:
    log_in(page, site, "rep")
    page.get_by_label("Only scenarios of my tracks").uncheck()
    card = page.get_by_role("article").filter(has_text="Markup check")
    expect(card.get_by_role("heading")).to_have_text(f"Markup check {XSS_TEXT}")
    card.get_by_role("button", name="Start drill").click()
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    expect(page.locator(".bubble.customer").last).to_have_text(re.compile(re.escape(XSS_TEXT)))
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>window.__parryXss = 1</script>")
    expect(page.get_by_text("Buyer <b>bold</b>")).to_be_visible()
    page.get_by_role("button", name="Show a hint").click()
    expect(page.locator(".hint-box")).to_contain_text(XSS_TEXT)
    assert page.evaluate("window.__parryXss") is None
    assert page.locator("main script, main img, main b").count() == 0

    log_in(page, site, "trainer")
    page.goto(f"/trainer/scenarios/{site.ids[XSS_SCENARIO]}")
    expect(page.get_by_role("textbox", name="Title", exact=True)).to_have_value(f"Markup check {XSS_TEXT}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("<script>")
    assert page.evaluate("window.__parryXss") is None
    assert page.locator("main script, main img").count() == 0
