"""A trainer writes a scenario in the editor, fixes what the validator says, tries an answer, publishes it, and
puts it in a track assigned to a team; disputes are decided from the queue."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from browser_helpers import Site, log_in, screenshot
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser
SCORED = 180_000
DISPUTED = "We could send you a brochure about our leasing terms."


def test_trainer_creates_fixes_tries_publishes_and_assigns_a_scenario(page: Page, site: Site) -> None:
    log_in(page, site, "trainer")
    expect(page).to_have_url(re.compile(r"/trainer/scenarios$"))
    expect(page.get_by_role("link", name=re.compile("^Van fleet leasing"))).to_be_visible()
    page.get_by_role("link", name="New scenario").click()
    expect(page.get_by_role("heading", name="New scenario", level=1)).to_be_visible()

    page.get_by_role("textbox", name="Scenario id", exact=True).fill("browser-made-price")
    page.get_by_role("textbox", name="Title", exact=True).fill("Office chairs: too expensive")
    context = page.get_by_role("textbox", name="Product and context", exact=True)
    context.fill("You sell ergonomic office chairs to a 200-person company.")
    page.get_by_role("textbox", name="Role", exact=True).fill("Office manager")
    page.get_by_role("textbox", name="Company", exact=True).fill("Northwind Logistics")
    page.get_by_role("textbox", name="Temperament", exact=True).fill("Friendly but careful with the budget")
    page.get_by_role("textbox", name="Customer line", exact=True).fill("Your chairs cost twice what we pay now.")
    page.get_by_role("textbox", name="Reference answer 1", exact=True).fill(
        "I understand, twice the price is a big difference. What do your current chairs cost you in sick days "
        "and replacements? Let's run the numbers for your team on Friday."
    )
    # Reference answer 2 stays empty: the draft is saved as it is, and what publishing would refuse shows next to
    # the field, named in the summary by its label on screen.
    page.get_by_role("button", name="Save draft").click()
    second = page.get_by_role("textbox", name="Reference answer 2", exact=True)
    expect(second).to_have_attribute("aria-invalid", "true")
    field_error = page.locator(".field", has=second).locator(".field-error")
    expect(field_error).to_have_text("must not be empty")
    expect(page.locator(".error-summary")).to_contain_text("Objection step 1 · Reference answer 2: must not be empty")

    second.fill(
        "That's a fair concern. Which costs do you compare besides the price tag? A client like you cut back "
        "complaints by half; I'll send a calculation by Thursday."
    )
    page.get_by_role("button", name="Check").click()
    expect(page.get_by_text("No problems found.")).to_be_visible()
    expect(second).not_to_have_attribute("aria-invalid", "true")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/trainer/scenarios/\d+$"))
    expect(page.get_by_text("Draft saved.", exact=True)).to_be_visible()
    scenario_id = int(page.url.rsplit("/", 1)[1])

    page.get_by_role("textbox", name="Answer to try", exact=True).fill(
        "I hear you, the price matters. What do your chairs cost you in back pain and sick days? "
        "Let's meet on Friday and go through your numbers."
    )
    page.get_by_role("button", name="Score it").click()
    result = page.locator(".try-result .feedback-card")
    expect(result.locator(".score")).to_have_text(re.compile(r"^\d+ / 100$"), timeout=SCORED)
    expect(result.get_by_role("heading", name="Score against objection step 1")).to_be_visible()
    page.locator("fieldset.step").first.evaluate("step => step.scrollIntoView({block: 'start'})")
    show_result = "panel => { panel.scrollTop = panel.querySelector('.try-result').offsetTop - 150; }"
    page.locator(".try-panel").evaluate(show_result)
    screenshot(page, "editor")

    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published as version 1.")).to_be_visible(timeout=SCORED)
    expect(page.get_by_role("link", name="YAML")).to_have_attribute(
        "href", f"/api/v1/scenarios/{scenario_id}/export?format=yaml"
    )

    page.get_by_role("link", name="Tracks").click()
    page.get_by_role("link", name="New track").click()
    page.get_by_role("textbox", name="Name", exact=True).fill("Chairs for the South team")
    page.get_by_label("Office chairs: too expensive").check()
    page.get_by_role("spinbutton", name="Objections in a test").fill("1")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/trainer/tracks/\d+$"))
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published as version 1.")).to_be_visible()
    page.get_by_label("Assign to").select_option("team")
    page.get_by_label("Team", exact=True).select_option(label="South")  # the trainer's own team
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Assigned.")).to_be_visible()
    expect(page.locator(".assignments li").filter(has_text="Team South")).to_be_visible()


def test_rep_disputes_a_score_and_the_trainer_accepts_it_with_a_reason(
    page: Page, site: Site, fresh_answer: Callable[..., int]
) -> None:
    fresh_answer("oleg", DISPUTED)  # his own, undisputed, whatever other tests did with his answers
    log_in(page, site, "oleg")
    page.get_by_role("link", name="Progress").click()
    answer = page.locator(".answers > li").filter(has_text=DISPUTED)
    answer.locator("summary").click()
    answer.get_by_role("button", name="Dispute this score").click()
    answer.get_by_label("Why is the score wrong?").fill("I asked a clarifying question and proposed a meeting.")
    answer.get_by_role("button", name="Send dispute").click()
    expect(answer.get_by_text("Dispute sent: a trainer will review it.")).to_be_visible()

    log_in(page, site, "trainer")
    page.get_by_role("link", name="Disputes").click()
    card = page.locator(".dispute-card").filter(has_text="I asked a clarifying question")
    expect(card.get_by_role("heading")).to_contain_text("Oleg Orlov")
    card.get_by_role("button", name="Accept with the new score").click()
    expect(card.get_by_text("Write the reason for the decision.")).to_be_visible()
    card.get_by_label("New score").fill("82")
    card.get_by_label("Reason (kept with the decision)").fill("The question and the next step are both there.")
    card.get_by_role("button", name="Accept with the new score").click()
    expect(page.locator(".dispute-card").filter(has_text="I asked a clarifying question")).to_have_count(0)
    page.get_by_label("Show", exact=True).select_option("accepted")
    decided = page.locator(".dispute-card").filter(has_text="I asked a clarifying question")
    expect(decided).to_contain_text("The question and the next step are both there.")
    expect(decided).to_contain_text("Tom Trainer")


def test_trainer_exports_a_scenario_file_and_imports_it_back_with_errors_named(
    page: Page, site: Site, tmp_path: Path
) -> None:
    log_in(page, site, "trainer")
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile(r"^Export Van fleet leasing.* as YAML$")).click()
    exported = download_info.value.path().read_text()
    assert exported.startswith("id: en-fleet-leasing-send-info")

    broken = tmp_path / "broken.yaml"
    broken.write_text(exported.replace("id: en-fleet-leasing-send-info", "id: fleet-copy\ncolour: blue", 1))
    page.get_by_label("Scenario file (.yaml, .yml or .json)").set_input_files(broken)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".import-form .error-list")).to_contain_text("broken.yaml:2 — colour: unknown field")

    copy = tmp_path / "copy.yaml"
    copy.write_text(exported.replace("id: en-fleet-leasing-send-info", "id: fleet-copy", 1))
    page.get_by_label("Scenario file (.yaml, .yml or .json)").set_input_files(copy)
    page.get_by_role("button", name="Import", exact=True).click()
    page.wait_for_url(re.compile(r"/trainer/scenarios/\d+$"))
    expect(page.locator(".flash")).to_contain_text("Imported")
    expect(page.get_by_role("textbox", name="Scenario id", exact=True)).to_have_value("fleet-copy")
    expect(page.get_by_text("never published · unpublished draft")).to_be_visible()
