"""The head of sales writes an onboarding plan, puts two reps on it from their start dates and sees who is behind
and who is done; the rep behind sees the plan with its dates on the progress page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from browser_helpers import Site, log_in
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_head_puts_reps_on_a_plan_and_the_rep_sees_its_dates(page: Page, site: Site) -> None:
    today = datetime.now(UTC).date()
    log_in(page, site, "head")
    page.get_by_role("navigation").get_by_role("link", name="Plans").click()
    expect(page.get_by_role("heading", name="Onboarding plans", level=1)).to_be_visible()
    expect(page.get_by_text("Nobody is on a plan yet.")).to_be_visible()

    form = page.locator("form.plan-form")
    form.get_by_label("Plan name").fill("New sellers")
    form.get_by_label("Probation (days)").fill("60")
    form.get_by_label("Track 1", exact=True).select_option(label="Van fleet basics")
    form.get_by_label("Track 1 due (days after the start)").fill("14")
    form.get_by_role("button", name="Add a track").click()
    form.get_by_label("Track 2", exact=True).select_option(label="Objection basics")
    form.get_by_label("Track 2 due (days after the start)").fill("90")  # after probation: refused, nothing saved
    form.get_by_role("button", name="Save the plan").click()
    expect(form.get_by_role("alert")).to_contain_text("after probation ends")
    expect(page.get_by_text("No plan has been written yet.")).to_be_visible()
    form.get_by_label("Track 2 due (days after the start)").fill("45")
    form.get_by_role("button", name="Save the plan").click()
    expect(form.get_by_text("Saved: the plan «New sellers».")).to_be_visible()
    expect(page.locator("ul.plans")).to_contain_text("Van fleet basics — day 14")

    assign = page.locator("form.plan-assign")
    for rep, started in (("Rita Rep", today - timedelta(days=30)), ("Nina Novak", today - timedelta(days=20))):
        assign.get_by_label("Rep").select_option(label=rep)
        assign.get_by_label("Plan").select_option(label="New sellers")
        assign.get_by_label("Start date").fill(started.isoformat())
        assign.get_by_role("button", name="Put on the plan").click()
        expect(assign.get_by_text(f"{rep} is on the plan «New sellers»")).to_be_visible()

    table = page.locator("table.plan-table")
    expect(table.get_by_role("row", name=re.compile("Rita Rep"))).to_contain_text(
        "behind: Van fleet basics, 16 days late"
    )
    nina = table.get_by_role("row", name=re.compile("Nina Novak"))  # certified on the fleet track 20 days ago
    expect(nina).to_contain_text("on plan")
    expect(nina).to_contain_text("1 / 2")
    expect(table.get_by_role("row").nth(1)).to_contain_text("Rita Rep")  # behind first

    log_in(page, site, "rep")
    page.goto("/progress")
    plan = page.get_by_role("region", name="My onboarding plan")
    expect(plan).to_contain_text("New sellers")
    expect(plan).to_contain_text("behind: Van fleet basics, 16 days late")
    expect(plan.locator("li.milestone-late")).to_contain_text("not done, 16 days late")
    expect(plan.locator("li.milestone-open")).to_contain_text("Objection basics")
    expect(plan).to_contain_text("Probation ends")
