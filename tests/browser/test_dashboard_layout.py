"""The head's dashboard reads right at 1366 px and on a phone (issue 14): the certification matrix scrolls inside a
box no taller than the screen, with the rep column and the header row staying in view; the tiles count people;
a rep's page shows answers 20 at a time with a button for more, and the mastery list puts the weakest first."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
VALID = {"certified", "expiring"}


def _box(page: Page, selector: str) -> dict[str, float]:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, selector
    return box


@pytest.mark.parametrize(("width", "height"), [(1366, 768), (390, 844)])
def test_the_matrix_scrolls_in_a_box_with_the_rep_column_and_header_in_view(
    page: Page, site: Site, width: int, height: int
) -> None:
    page.set_viewport_size({"width": width, "height": height})
    log_in(page, site, "head")
    wrap = page.locator(".matrix-wrap")
    expect(wrap.locator("table.matrix")).to_be_visible()
    expect(wrap).to_have_attribute("role", "region")
    expect(wrap).to_have_accessible_name("Certification matrix")
    assert wrap.evaluate("el => el.tabIndex") == 0, "the scroll box takes keyboard focus"
    wrap.scroll_into_view_if_needed()
    assert _box(page, ".matrix-wrap")["height"] <= height, "the box (and its scroll bar) fits on the screen"
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page itself does not scroll sideways"
    # A big company: wider and taller than any screen (wide track columns, the rows many times over).
    page.evaluate(
        """() => {
            const tracks = document.querySelectorAll('table.matrix thead th:not(:first-child)');
            tracks.forEach((th) => { th.style.minWidth = '40rem'; });
            const body = document.querySelector('table.matrix tbody');
            for (let i = 0; i < 30; i++) [...body.rows].slice(0, 4).forEach((row) => body.append(row.cloneNode(true)));
        }"""
    )
    assert _box(page, ".matrix-wrap")["height"] <= height
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; el.scrollTop = 400; }")
    assert wrap.evaluate("el => el.scrollTop") > 0, "the matrix scrolls down inside its box"
    assert wrap.evaluate("el => el.scrollLeft") > 0, "the matrix scrolls sideways inside its box"
    box = _box(page, ".matrix-wrap")
    name = page.locator("table.matrix tbody th[scope=row]").nth(20).bounding_box()
    assert name is not None
    assert abs(name["x"] - box["x"]) <= 2, f"the rep column stays at the box's left edge: {name} vs {box}"
    header = _box(page, "table.matrix thead th:last-child")
    assert abs(header["y"] - box["y"]) <= 2, f"the header row stays at the box's top: {header} vs {box}"


def test_the_tiles_count_people_in_both_languages(page: Page, site: Site) -> None:
    log_in(page, site, "head")
    rows = page.request.get("/api/v1/reports/certification").json()["rows"]
    states = [[cell["status"] for cell in row["tracks"]] for row in rows]
    expected = {
        "reps certified on every track": sum(1 for s in states if s and set(s) <= VALID),
        "reps with a certificate expiring": sum(1 for s in states if "expiring" in s),
        "reps with a track expired or failed": sum(1 for s in states if {"expired", "failed"} & set(s)),
    }
    assert expected["reps with a certificate expiring"] >= 1
    assert expected["reps with a track expired or failed"] >= 1
    for label, count in expected.items():
        tile = page.locator(".stat").filter(has_text=label)
        expect(tile.locator(".stat-value")).to_have_text(str(count))
        expect(tile).to_contain_text(f"of {len(rows)} reps")
    page.get_by_label("Interface language").select_option("ru")
    try:
        tile = page.locator(".stat").filter(has_text="сертифицированы по всем программам")
        expect(tile.locator(".stat-value")).to_have_text(str(expected["reps certified on every track"]))
        expect(tile).to_contain_text(f"из {len(rows)}")
    finally:
        page.get_by_label("Язык интерфейса").select_option("en")


def test_a_reps_page_shows_answers_twenty_at_a_time_and_the_weakest_steps_first(page: Page, site: Site) -> None:
    log_in(page, site, "head")
    page.goto(f"/head/reps/{site.user_id('nina')}")
    expect(page.get_by_role("heading", name="Nina Novak", level=1)).to_be_visible()
    answers = page.locator("ul.answers > li")
    expect(answers).to_have_count(20)
    status = page.get_by_text(re.compile(r"^Shown: 20 of \d+$"))
    expect(status).to_be_visible()
    total = int(status.inner_text().rsplit(" ", 1)[1])
    assert total > 40, "the seeded history holds more than two pages"
    page.get_by_role("button", name="Show 20 more").click()
    expect(answers).to_have_count(40)
    expect(page.get_by_text(f"Shown: 40 of {total}")).to_be_visible()
    expect(answers.nth(20).locator("summary")).to_be_focused()

    expect(page.get_by_role("heading", name="Mastery per objection step, weakest first")).to_be_visible()
    means = [int(v) for v in page.locator("ul.mastery .meter-value").all_inner_texts() if v.isdigit()]
    assert len(means) >= 3
    assert means == sorted(means), f"weakest first: {means}"

    page.get_by_label("Interface language").select_option("ru")
    try:
        expect(page.get_by_role("button", name="Показать ещё 20")).to_be_visible()
        expect(page.get_by_role("heading", name="Освоение по возражениям, сначала самые слабые")).to_be_visible()
    finally:
        page.get_by_label("Язык интерфейса").select_option("en")
