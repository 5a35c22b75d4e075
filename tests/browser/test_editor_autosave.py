"""The editor saves a scenario's edits to its server draft by itself (issue 14): about every 20 seconds while
there are unsaved changes, as they are; a reload in a browser that kept nothing finds them on the server."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
CONTEXT = "A context typed and never saved by hand: the editor saved it."


def test_unsaved_edits_go_to_the_server_draft_by_themselves(page: Page, site: Site) -> None:
    log_in(page, site, "trainer")
    page.goto("/trainer/scenarios/new")
    page.get_by_label("Title", exact=True).fill("Autosave check")
    page.get_by_label("Customer line").first.fill("Too expensive.")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/trainer/scenarios/\d+$"))
    scenario_id = page.url.rsplit("/", 1)[1]
    state = page.locator("h1 + p.muted")

    page.get_by_label("Product and context").fill(CONTEXT)
    expect(state).to_contain_text("unsaved changes")
    expect(state).to_contain_text(re.compile(r"saved automatically at \d\d:\d\d"), timeout=45_000)
    expect(state).not_to_contain_text("unsaved changes")
    draft = page.request.get(f"/api/v1/scenarios/{scenario_id}/draft").json()["draft"]
    assert draft["context"] == CONTEXT

    page.evaluate("localStorage.clear()")  # nothing kept in this browser: the reload reads the server's draft
    page.reload()
    expect(page.get_by_label("Product and context")).to_have_value(CONTEXT)
    expect(page.get_by_text("Unsaved changes from")).to_have_count(0)
