"""A team's leaderboard in the browser: off by default (the rep is told so), turned on by the team's trainer from
the team screen, then the rep sees the rule, their own place and the top of the team."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_trainer_turns_the_leaderboard_on_and_the_rep_sees_their_place(page: Page, site: Site) -> None:
    log_in(page, site, "rep2")  # Sam South
    page.get_by_role("navigation").get_by_role("link", name="Leaderboard").click()
    expect(page.get_by_role("heading", name="Leaderboard", level=1)).to_be_visible()
    expect(page.locator(".leaderboard-off")).to_have_text(re.compile("leaderboard is off"))

    log_in(page, site, "trainer")  # Tom Trainer, South
    try:
        page.get_by_role("navigation").get_by_role("link", name="Team screen").click()
        setting = page.get_by_role("region", name="Leaderboard")
        toggle = setting.get_by_label("Show the reps of South a leaderboard")
        expect(toggle).not_to_be_checked()  # off by default
        toggle.check()
        expect(setting.get_by_role("status")).to_have_text("The leaderboard of South is on.")
        expect(setting.get_by_role("link", name="Open the leaderboard")).to_be_visible()

        log_in(page, site, "rep2")
        page.get_by_role("navigation").get_by_role("link", name="Leaderboard").click()
        expect(page.locator(".leaderboard-rule")).to_contain_text("never by raw scores")
        expect(page.locator(".leaderboard-me")).to_contain_text(re.compile(r"Your place: \d+ of 2"))
        table = page.get_by_role("table", name="The top of South")
        own = table.get_by_role("row", name=re.compile(r"Sam South \(you\)"))
        expect(own).to_have_attribute("aria-current", "true")
        expect(table.get_by_role("row", name=re.compile("Oleg Orlov"))).to_be_visible()
        expect(table.get_by_role("row", name=re.compile("Rita Rep"))).to_have_count(0)  # North is not ranked here
    finally:  # the other tests meet the leaderboard off, as it was built
        log_in(page, site, "trainer")
        csrf = str(page.request.get("/api/v1/auth/me").json()["csrf_token"])
        reply = page.request.put(
            f"/api/v1/teams/{site.teams['South']}/leaderboard", data={"enabled": False}, headers={"X-CSRF-Token": csrf}
        )
        assert reply.ok, reply.text()
