"""The head of sales reads the dashboard, filters a team, downloads a CSV and drills down to a rep's answers."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_head_of_sales_filters_a_team_downloads_a_csv_and_drills_down(page: Page, site: Site) -> None:
    log_in(page, site, "head")
    expect(page).to_have_url(re.compile(r"/head$"))
    matrix = page.locator("table.matrix")
    expect(matrix.get_by_role("row", name=re.compile("Nina Novak"))).to_contain_text("certified")
    expect(matrix.get_by_role("row", name=re.compile("Oleg Orlov"))).to_contain_text("expiring")
    expect(matrix.get_by_role("row", name=re.compile("Sam South"))).to_contain_text("failed")
    heat = page.locator("table.heat")
    teams = heat.get_by_role("rowheader")  # other tests' teams may be there too (Voice, Retakes): the session's data
    expect(teams.filter(has_text=re.compile("^North$"))).to_have_count(1)
    expect(teams.filter(has_text=re.compile("^South$"))).to_have_count(1)
    expect(page.locator("figure.chart-box svg rect.bar").first).to_be_attached()
    expect(page.get_by_role("heading", name="Weakest objections")).to_be_visible()
    screenshot(page, "head-dashboard")

    page.get_by_label("Team", exact=True).select_option(label="North")
    expect(page).to_have_url(re.compile(rf"team_id={site.teams['North']}"))
    expect(matrix.get_by_role("row", name=re.compile("Sam South"))).to_have_count(0)
    expect(matrix.get_by_role("row", name=re.compile("Rita Rep"))).to_be_visible()
    expect(teams).to_have_text(["North"])

    with page.expect_download() as download_info:
        page.get_by_role("link", name="CSV: Certification matrix").click()
    download = download_info.value
    assert re.fullmatch(r"parry-certification-\d{4}-\d{2}-\d{2}\.csv", download.suggested_filename)
    csv = download.path().read_bytes().decode("utf-8-sig")
    header, *rows = csv.strip().splitlines()
    assert "Nina Novak" in csv
    assert "Sam South" not in csv
    assert len(rows) == 2, csv
    assert header.count(",") >= 2

    matrix.get_by_role("link", name="Nina Novak").click()
    expect(page.get_by_role("heading", name="Nina Novak", level=1)).to_be_visible()
    expect(page.get_by_role("heading", name="Tracks and training cycles")).to_be_visible()
    first = page.locator(".answers details").first
    first.locator("summary").click()
    expect(first.locator(".feedback-card")).to_be_visible()
    expect(first.get_by_text("Closest reference answer")).to_be_visible()
