"""A spoken answer in the browser: Chromium's fake microphone plays a shared clip; the rep records (timer, level
meter), stops, listens back, sends; the feedback shows the transcript with its marks and the delivery figures."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in, voice_rep, wait_for_sound
from playwright.sync_api import Page, expect

from voice.clips import default_clips_dir

CLIPS = default_clips_dir()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CLIPS is None, reason="shared/benchmarks/voice is not beside the checkout"),
]
SCORED = 180_000  # ms: transcription, then the first answer to a step computes its embeddings


def test_a_rep_records_listens_back_and_sends_a_spoken_answer(microphone_page: Page, site: Site) -> None:
    page = microphone_page
    log_in(page, site, voice_rep(site))
    page.get_by_role("article").filter(has_text="Van fleet leasing").get_by_role("button", name="Start drill").click()
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    send = page.get_by_role("button", name="Send recording")
    expect(send).to_be_disabled()

    page.get_by_role("button", name="● Record an answer").click()
    expect(page.get_by_text("Recording… speak now.")).to_be_visible()
    expect(page.get_by_role("timer", name="Recording time")).to_have_text(re.compile(r"0:0[1-9]"), timeout=5_000)
    wait_for_sound(page)
    page.wait_for_timeout(7_000)  # the clip is 5 s after a second of silence
    page.get_by_role("button", name="■ Stop").click()
    expect(page.get_by_text(re.compile(r"Recorded 0:0\d: listen back"))).to_be_visible()
    expect(page.locator(".voice-player")).to_be_visible()
    expect(page.get_by_role("button", name="● Record again")).to_be_visible()
    expect(send).to_be_enabled()
    expect(page.locator(".voice-player")).to_have_attribute("src", re.compile(r"^blob:"))

    send.click()
    bubble = page.locator(".bubble.rep.spoken").last
    expect(bubble).to_contain_text("finance director", timeout=SCORED)
    expect(bubble).to_contain_text("Tuesday")
    expect(bubble.locator("audio")).to_have_count(1)
    feedback = page.locator(".feedback-card").last
    expect(feedback.get_by_role("heading", name="Delivery")).to_be_visible()
    expect(feedback.locator(".delivery")).to_contain_text(re.compile(r"\d+ words/min"))
    expect(feedback.locator(".delivery")).to_contain_text("norm 120–160")
    expect(feedback.locator(".delivery")).to_contain_text("Delivery does not change the score.")
    covered = feedback.locator(".checklist .covered").count()
    assert bubble.locator("mark.evidence").count() == (1 if covered else 0) or covered > 1
    audio = page.request.get(bubble.locator("audio").get_attribute("src") or "")
    assert audio.status == 200
    assert audio.headers["content-type"].startswith("audio/webm")

    # the rep's progress shows the delivery of their spoken answers against the norms
    page.goto("/progress")
    delivery = page.locator("section").filter(has=page.get_by_role("heading", name="Delivery of spoken answers"))
    expect(delivery).to_contain_text(re.compile(r"\d+ words/min"))
    expect(delivery).to_contain_text("norm 120–160")
    expect(delivery).to_contain_text(re.compile(r"mean of \d+ spoken answers?"))
