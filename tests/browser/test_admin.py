"""An admin adds a team and a user in the browser; the new user can log in."""

from __future__ import annotations

import re

import pytest
from browser_helpers import PASSWORD, Site, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_admin_adds_a_team_and_a_rep_who_can_then_log_in(page: Page, site: Site) -> None:
    log_in(page, site, "admin")
    page.get_by_role("link", name="People").click()
    page.get_by_label("New team").fill("West")
    page.get_by_role("button", name="Add team").click()
    expect(page.get_by_role("listitem").filter(has_text=re.compile("^West$"))).to_be_visible()

    form = page.locator("form").filter(has=page.get_by_role("heading", name="Add a user"))
    form.get_by_label("Name").fill("Wendy West")
    form.get_by_label("Email").fill("wendy@parry.test")
    form.get_by_label("Team").select_option(label="West")
    form.get_by_label("Password").fill("short")
    form.get_by_role("button", name="Add user").click()
    expect(form.locator(".error-list")).to_contain_text("password")
    form.get_by_label("Password").fill(PASSWORD)
    form.get_by_role("button", name="Add user").click()
    row = page.get_by_role("row", name=re.compile("Wendy West"))
    expect(row).to_contain_text("wendy@parry.test")
    expect(row.get_by_label("Team of Wendy West").locator("option:checked")).to_have_text("West")

    site.emails["wendy"] = "wendy@parry.test"
    log_in(page, site, "wendy")
    expect(page).to_have_url(re.compile(r"/practice$"))
    expect(page.get_by_text("Wendy West · trainee")).to_be_visible()
