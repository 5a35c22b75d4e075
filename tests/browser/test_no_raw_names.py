"""No raw internal names on screen (issue 14): no untranslated key (the `practice.kind.cycle` badge), no step id
on the rep's progress page, today's list, the head's weakest objections or the disputes page (people read the
customer's line), and today's counts add up to the list they sit over. In Russian and English."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from api.models import ScenarioVersion

pytestmark = pytest.mark.browser
KEY = re.compile(r"\b(?:practice|progress|dashboard|disputes|editor|tests|nav|common|feedback|summary|keep)\.[a-z]\w*")


def _step_ids(site: Site) -> set[str]:
    """The library's step ids that are not ordinary words (`think-it-over`, `competitor-pushback`)."""
    with Session(site.engine) as session:
        versions = session.exec(select(ScenarioVersion)).all()
        return {step["id"] for v in versions for step in v.content["steps"] if "-" in step["id"]}


def _assert_no_raw_names(page: Page, ids: set[str]) -> None:
    text = page.locator("main").inner_text()
    assert not KEY.findall(text), KEY.findall(text)
    shown = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    assert not shown, shown


def test_the_reps_pages_show_customer_lines_not_ids_and_counts_that_add_up(page: Page, site: Site) -> None:
    ids = _step_ids(site)
    log_in(page, site, "nina")
    page.locator("#language").select_option("ru")
    try:
        expect(page.get_by_role("heading", name="На сегодня", exact=True)).to_be_visible()
        _assert_no_raw_names(page, ids)
        today = page.locator("section.today")
        counts = today.locator("p").first.inner_text()
        expect(today.locator(".today-list li")).to_have_count(sum(int(n) for n in re.findall(r"\d+", counts)))
        for badge in today.locator(".today-list .badge").all_inner_texts():
            assert badge in {"повтор", "новое", "для теста"}, badge

        page.get_by_role("navigation").get_by_role("link", name="Прогресс").click()
        mastery = page.locator("ul.mastery li")
        expect(mastery.first).to_be_visible()
        expect(mastery.first).to_contain_text("«")  # the customer's line
        _assert_no_raw_names(page, ids)
    finally:
        page.locator("#language").select_option("en")
        expect(page.locator("html")).to_have_attribute("lang", "en")


def test_the_heads_weakest_objections_and_the_disputes_page_show_no_step_ids(page: Page, site: Site) -> None:
    ids = _step_ids(site)
    log_in(page, site, "head")
    page.goto("/head")
    expect(page.get_by_role("heading", name="Weakest objections")).to_be_visible()
    expect(page.locator("table q").first).to_be_visible()
    _assert_no_raw_names(page, ids)
    page.goto("/trainer/disputes")
    expect(page.get_by_role("heading", name=re.compile("Disputes"), level=1)).to_be_visible()
    page.wait_for_load_state("networkidle")
    _assert_no_raw_names(page, ids)
