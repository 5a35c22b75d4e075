"""The interface takes categories, roles, languages and defaults from GET /meta (issue 13): the editor, the track
form and the people page show the server's values, and follow them when the server says something else."""

from __future__ import annotations

import json

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, Route, expect

from api.models import Role
from api.models.content import TrackRules
from scenarios.schema import CATEGORIES
from scoring.types import DEFAULT_PASS_MARK, DEFAULT_PENALTY, LANGUAGES

pytestmark = pytest.mark.browser


def _options(page: Page, path: str) -> list[str]:
    return page.locator(f'[data-path="{path}"] option').evaluate_all("options => options.map((o) => o.value)")


def test_a_new_scenario_starts_from_the_servers_defaults_and_lists(page: Page, site: Site) -> None:
    log_in(page, site, "trainer")
    page.goto("/trainer/scenarios/new")
    expect(page.locator('[data-path="pass_mark"]')).to_have_value(str(DEFAULT_PASS_MARK))
    expect(page.locator('[data-path="steps[0].red_flags[0].penalty"]')).to_have_value(str(DEFAULT_PENALTY))
    assert _options(page, "steps[0].category") == list(CATEGORIES)
    assert _options(page, "language") == list(LANGUAGES)
    assert _options(page, "difficulty") == ["easy", "medium", "hard"]
    page.get_by_role("button", name="Add a red flag").click()
    expect(page.locator('[data-path="steps[0].red_flags[1].penalty"]')).to_have_value(str(DEFAULT_PENALTY))


def test_a_new_track_starts_from_the_servers_rules(page: Page, site: Site) -> None:
    log_in(page, site, "trainer")
    page.goto("/trainer/tracks/new")
    defaults = TrackRules(name="T", scenario_ids=[1])
    for name in ("test_size", "seconds_per_answer", "pass_mark", "floor", "attempts_allowed", "certificate_valid_days"):
        number = page.locator(f'form [data-path="{name}"]')
        expect(number).to_have_value(str(getattr(defaults, name)))
    expect(page.locator('form [data-path="pass_mark"]')).to_have_attribute("max", "100")
    expect(page.locator('form [data-path="test_size"]')).to_have_attribute("min", "1")


def test_the_people_page_offers_the_servers_roles(page: Page, site: Site) -> None:
    log_in(page, site, "admin")
    page.goto("/admin/people")
    role = page.locator("select:has(option[value=trainee])").last
    expect(role).to_be_visible()
    assert role.locator("option").evaluate_all("options => options.map((o) => o.value)") == [r.value for r in Role]


def test_the_interface_follows_what_the_server_says(page: Page, site: Site) -> None:
    """Other values from /meta change what the pages show: nothing is written again in the scripts."""

    def changed(route: Route) -> None:
        meta = route.fetch().json()
        trust_first = ["trust", *[c for c in meta["categories"] if c != "trust"]]
        meta |= {"pass_mark": 65, "penalty": 20, "categories": trust_first}
        meta["track_rules"]["pass_mark"]["default"] = 65
        route.fulfill(status=200, content_type="application/json", body=json.dumps(meta))

    page.route("**/api/v1/meta", changed)
    try:
        log_in(page, site, "trainer")
        page.goto("/trainer/scenarios/new")
        expect(page.locator('[data-path="pass_mark"]')).to_have_value("65")
        expect(page.locator('[data-path="steps[0].red_flags[0].penalty"]')).to_have_value("20")
        assert _options(page, "steps[0].category")[0] == "trust"
        page.goto("/trainer/tracks/new")
        expect(page.locator('form [data-path="pass_mark"]')).to_have_value("65")
    finally:
        page.unroute("**/api/v1/meta")
