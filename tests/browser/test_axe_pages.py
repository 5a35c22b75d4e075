"""axe-core (through axe-playwright-python, which bundles axe.min.js) finds no serious or critical violation on the
main pages of every role, at 1366×768 and on a 390×844 phone (issue 14): login, practice, a drill with its
feedback and the dispute form open, progress, tests, the editor, tracks, disputes, the dashboard and a rep's page."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
SCORED = 180_000  # ms: the first answer to a step computes its embeddings
SIZES = {"desktop": {"width": 1366, "height": 768}, "phone": {"width": 390, "height": 844}}
ANSWER = (
    "I understand. What would you compare us with? A company like yours cut its costs with us; "
    "let's look at your numbers together on Thursday."
)
AXE = Axe()


def _serious(page: Page, where: str) -> list[str]:
    """The serious and critical violations axe finds on the page as it stands, one line each."""
    result = AXE.run(page)
    return [
        f"{where}: {v['id']} ({v['impact']}) {v['help']}: {[n['target'] for n in v['nodes']][:6]}"
        for v in result.response["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


def _settled(page: Page, path: str) -> None:
    page.goto(path)
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .loading:visible")).to_have_count(0)
    page.wait_for_load_state("networkidle")


def _check(page: Page, paths: list[str], found: list[str]) -> None:
    for path in paths:
        _settled(page, path)
        found += _serious(page, path)


def _drill_with_feedback(page: Page, found: list[str]) -> None:
    """A drill answered, its feedback shown and the dispute form open; the dispute is sent for the trainer's queue."""
    _settled(page, "/practice")
    page.get_by_role("article").get_by_role("button", name="Start drill").first.click()
    answer = page.get_by_role("textbox", name="Your answer")
    answer.fill(ANSWER)
    answer.press("Enter")
    feedback = page.locator(".feedback-card").last
    expect(feedback.locator(".score-line")).to_be_visible(timeout=SCORED)
    feedback.get_by_role("button", name="Dispute this score").click()
    found += _serious(page, "a drill with feedback")
    feedback.get_by_label("Why is the score wrong?").fill("My answer covers the next step; please look again.")
    feedback.get_by_role("button", name="Send dispute").click()
    expect(feedback.get_by_role("status")).to_be_visible()


@pytest.mark.parametrize("size", list(SIZES))
def test_axe_finds_no_serious_violation_on_the_main_pages(page: Page, site: Site, size: str) -> None:
    page.set_viewport_size(SIZES[size])
    found: list[str] = []
    page.context.clear_cookies()
    _settled(page, "/login")
    found += _serious(page, "/login")

    log_in(page, site, "oleg")
    _check(page, ["/practice", "/progress", "/tests"], found)
    _drill_with_feedback(page, found)

    log_in(page, site, "trainer")
    scenario, track = site.ids["en-fleet-leasing-send-info"], site.ids["track"]
    _check(
        page,
        [
            "/trainer/scenarios",
            "/trainer/scenarios/new",
            f"/trainer/scenarios/{scenario}",
            "/trainer/tracks",
            f"/trainer/tracks/{track}",
            "/trainer/disputes",
        ],
        found,
    )
    expect(page.locator(".dispute-card").first).to_be_visible()

    log_in(page, site, "head")
    _check(page, ["/head", f"/head/reps/{site.user_id('nina')}"], found)
    assert not found, "\n".join(found)
