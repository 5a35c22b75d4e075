"""A spoken answer in the browser: Chromium's fake microphone plays a shared clip; the rep records (timer, level
meter), stops, listens back, sends; the feedback shows the transcript with its marks and the delivery figures."""

from __future__ import annotations

import re
import wave
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
from browser_helpers import CHROMIUM_ARGS, PASSWORD, VIEWPORT, Site, log_in
from playwright.sync_api import Page, Playwright, expect
from sqlmodel import Session

from api.clock import utcnow
from api.models import Role
from api.models.users import TeamCreate, UserCreate
from api.services import accounts
from voice.clips import default_clips_dir
from voice.transcribe import SAMPLE_RATE, decode

CLIPS = default_clips_dir()
pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(CLIPS is None, reason="shared/benchmarks/voice is not beside the checkout"),
]
SCORED = 180_000  # ms: transcription, then the first answer to a step computes its embeddings


def _padded_wav(clip: Path, out: Path) -> Path:
    """The clip with a second of silence before and two after, as 16 kHz mono 16-bit WAV for the fake microphone."""
    samples = decode(clip)
    quiet = np.zeros(SAMPLE_RATE, dtype=np.float32)
    audio = np.concatenate([quiet, samples, quiet, quiet])
    with wave.open(str(out), "wb") as f:
        f.setnchannels(1)
        f.setsampwidth(2)
        f.setframerate(SAMPLE_RATE)
        f.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
    return out


@pytest.fixture
def microphone_page(chromium: Path, playwright_driver: Playwright, site: Site, tmp_path: Path) -> Iterator[Page]:
    """A Chromium whose microphone plays en2 once (then silence), allowed without asking."""
    assert CLIPS is not None
    wav = _padded_wav(CLIPS / "en2.wav", tmp_path / "en2-padded.wav")
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
        "--autoplay-policy=no-user-gesture-required",
    ]
    browser = playwright_driver.chromium.launch(executable_path=str(chromium), args=args)
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", base_url=site.url, permissions=["microphone"])
    context.set_default_timeout(20_000)
    tab = context.new_page()
    errors: list[str] = []
    tab.on("pageerror", lambda error: errors.append(str(error)))
    yield tab
    context.close()
    browser.close()
    assert not errors, f"JavaScript errors in the page: {errors}"


def _voice_rep(site: Site) -> None:
    """A rep of a team of their own (no other test counts them)."""
    if "voice" in site.emails:
        return
    with Session(site.engine, expire_on_commit=False) as session:
        team = accounts.create_team(session, data=TeamCreate(name="Voice"), now=utcnow())
        data = UserCreate(
            email="voice@parry.test", name="Vera Voice", role=Role.trainee, password=PASSWORD, team_id=team.id
        )
        accounts.create_user(session, data=data, now=utcnow())
    site.emails["voice"] = "voice@parry.test"


def test_a_rep_records_listens_back_and_sends_a_spoken_answer(microphone_page: Page, site: Site) -> None:
    page = microphone_page
    _voice_rep(site)
    log_in(page, site, "voice")
    page.get_by_role("article").filter(has_text="Van fleet leasing").get_by_role("button", name="Start drill").click()
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    send = page.get_by_role("button", name="Send recording")
    expect(send).to_be_disabled()

    page.get_by_role("button", name="● Record an answer").click()
    expect(page.get_by_text("Recording… speak now.")).to_be_visible()
    expect(page.get_by_role("timer")).to_have_text(re.compile(r"0:0[1-9]"), timeout=5_000)
    page.wait_for_function("document.querySelector('.voice-level').value > 0.01", timeout=10_000)
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
