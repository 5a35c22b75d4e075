"""A walk through the main pages of every role, in English and in Russian (issue 14): no page shows an
untranslated interface key (`practice.kind.cycle`) or an internal step id (`think-it-over`) anywhere on screen."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect
from sqlmodel import Session, select

from api.frontend import FRONTEND_DIR
from api.models import ScenarioVersion

pytestmark = pytest.mark.browser


def _key_pattern() -> re.Pattern[str]:
    """Any `group.word` whose group is one of the dictionary's (`practice.`, `dashboard.`…): a key left raw."""
    keys = re.findall(r'^\s+"([\w.]+)":', (FRONTEND_DIR / "js" / "locales" / "en.js").read_text(), re.M)
    groups = sorted({key.split(".")[0] for key in keys})
    assert len(groups) > 20
    return re.compile(rf"\b(?:{'|'.join(groups)})\.[A-Za-z_]\w*")


def _step_ids(site: Site) -> set[str]:
    """The library's step ids that are not ordinary words (`think-it-over`, `competitor-pushback`)."""
    with Session(site.engine) as session:
        return {s["id"] for v in session.exec(select(ScenarioVersion)) for s in v.content["steps"] if "-" in s["id"]}


def _pages(site: Site) -> dict[str, list[str]]:
    scenario, track = site.ids["en-fleet-leasing-send-info"], site.ids["track"]
    trainer = ["/trainer/scenarios", f"/trainer/scenarios/{scenario}", "/trainer/scenarios/new", "/trainer/tracks"]
    trainer += [f"/trainer/tracks/{track}", "/trainer/disputes", "/trainer/stop-phrases", "/trainer/norms"]
    return {
        "nina": ["/practice", "/progress", "/tests"],
        "trainer": [*trainer, "/trainer/plans", "/trainer/team"],
        "head": ["/head", f"/head/reps/{site.user_id('nina')}"],
        "admin": ["/admin/people"],
    }


def _problems(page: Page, keys: re.Pattern[str], ids: set[str]) -> list[str]:
    expect(page.locator("main h1")).to_be_visible()
    expect(page.locator("main .loading:visible")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    text = page.locator("body").inner_text()
    shown = [i for i in ids if re.search(rf"(?<![\w-]){re.escape(i)}(?![\w-])", text)]
    return [f"{page.url}: key {k}" for k in keys.findall(text)] + [f"{page.url}: step id {i}" for i in shown]


@pytest.mark.parametrize("language", ["en", "ru"])
def test_no_page_shows_a_raw_key_or_a_step_id(page: Page, site: Site, language: str) -> None:
    keys, ids = _key_pattern(), _step_ids(site)
    assert ids, "the library has step ids to look for"
    found: list[str] = []
    for who, paths in _pages(site).items():
        log_in(page, site, who)
        page.locator("#language").select_option(language)
        expect(page.locator("html")).to_have_attribute("lang", language)
        try:
            for path in paths:
                page.goto(path)
                found += _problems(page, keys, ids)
        finally:
            page.locator("#language").select_option("en")
            expect(page.locator("html")).to_have_attribute("lang", "en")
    assert not found, "\n".join(found)
