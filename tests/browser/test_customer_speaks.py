"""The customer speaks: a switch on the drill page reads the customer's lines aloud with the browser's speech
synthesis in the scenario's language, is remembered in this browser, and says so when there is no voice for the
language. The page's speech synthesis is replaced by a recorder whose voices the test chooses (browser_helpers'
FAKE_SPEECH). The same switch on the running test's page: test_test_page_speaks.py."""

from __future__ import annotations

import re

import pytest
from browser_helpers import FAKE_SPEECH, Site, log_in, spoken_lines, voice_rep
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

TOGGLE = re.compile(r"The customer speaks")
NO_VOICE = "This browser has no voice for English: the customer's lines are shown but not read aloud."


def test_the_customer_speaks_when_switched_on_and_says_so_without_a_voice(page: Page, site: Site) -> None:
    page.add_init_script(FAKE_SPEECH)
    log_in(page, site, voice_rep(site))
    page.goto("/practice")
    page.get_by_role("article").filter(has_text="Van fleet leasing").get_by_role("button", name="Start drill").click()
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    toggle = page.get_by_label(TOGGLE)
    expect(toggle).not_to_be_checked()  # off until the rep turns it on
    first_line = page.locator(".bubble.customer").last.inner_text()

    toggle.check()  # no voices at all: it says so, and nothing is read
    expect(page.get_by_text(NO_VOICE)).to_be_visible()
    page.reload()
    expect(page.get_by_label(TOGGLE)).to_be_checked()  # remembered in this browser
    expect(page.get_by_text(NO_VOICE)).to_be_visible()
    assert spoken_lines(page) == []

    page.evaluate("sessionStorage.setItem('test.voices', JSON.stringify([{lang: 'ru-RU', name: 'Milena'}]))")
    page.reload()
    expect(page.get_by_text(NO_VOICE)).to_be_visible()  # a Russian voice does not read English
    assert spoken_lines(page) == []

    page.evaluate("sessionStorage.setItem('test.voices', JSON.stringify([{lang: 'en_US', name: 'Samantha'}]))")
    page.reload()
    expect(page.get_by_label(TOGGLE)).to_be_checked()
    expect(page.get_by_text(NO_VOICE)).to_have_count(0)
    expect(page.locator(".bubble.customer")).not_to_have_count(0)
    assert spoken_lines(page) == [[first_line.split("\n")[-1], "en_US"]]  # the objection on screen, in English

    page.get_by_label(TOGGLE).uncheck()
    page.reload()
    expect(page.get_by_label(TOGGLE)).not_to_be_checked()
    assert len(spoken_lines(page)) == 1  # switched off: the line is not read again
