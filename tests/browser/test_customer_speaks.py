"""The customer speaks: a switch on the drill page reads the customer's lines aloud with the browser's speech
synthesis in the scenario's language, is remembered in this browser, and says so when there is no voice for the
language. The page's speech synthesis is replaced by a recorder whose voices the test chooses (headless Chromium
has none, and nothing should sound in a test)."""

from __future__ import annotations

import json
import re

import pytest
from browser_helpers import Site, log_in, voice_rep
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

FAKE_SPEECH = """(() => {
  const voices = JSON.parse(sessionStorage.getItem("test.voices") || "[]");
  window.SpeechSynthesisUtterance = class {
    constructor(text) { this.text = text; this.lang = ""; this.voice = null; }
  };
  speechSynthesis.getVoices = () => voices;
  speechSynthesis.cancel = () => {};
  speechSynthesis.speak = (u) => {
    const said = JSON.parse(sessionStorage.getItem("test.spoken") || "[]");
    said.push([u.text, u.lang]);
    sessionStorage.setItem("test.spoken", JSON.stringify(said));
  };
})();"""
TOGGLE = re.compile(r"The customer speaks")
NO_VOICE = "This browser has no voice for English: the customer's lines are shown but not read aloud."


def _spoken(page: Page) -> list[list[str]]:
    return list(json.loads(page.evaluate("sessionStorage.getItem('test.spoken') || '[]'")))


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
    assert _spoken(page) == []

    page.evaluate("sessionStorage.setItem('test.voices', JSON.stringify([{lang: 'ru-RU', name: 'Milena'}]))")
    page.reload()
    expect(page.get_by_text(NO_VOICE)).to_be_visible()  # a Russian voice does not read English
    assert _spoken(page) == []

    page.evaluate("sessionStorage.setItem('test.voices', JSON.stringify([{lang: 'en_US', name: 'Samantha'}]))")
    page.reload()
    expect(page.get_by_label(TOGGLE)).to_be_checked()
    expect(page.get_by_text(NO_VOICE)).to_have_count(0)
    expect(page.locator(".bubble.customer")).not_to_have_count(0)
    assert _spoken(page) == [[first_line.split("\n")[-1], "en_US"]]  # the objection on screen, in English

    page.get_by_label(TOGGLE).uncheck()
    page.reload()
    expect(page.get_by_label(TOGGLE)).not_to_be_checked()
    assert len(_spoken(page)) == 1  # switched off: the line is not read again
