"""Spoken answers in a timed test: a head of sales makes a track's tests take spoken answers only in the track
editor; a rep answers its test through Chromium's fake microphone with the drill page's recorder, and the result
shows the transcript, the recording and the delivery."""

from __future__ import annotations

import re

import pytest
from browser_helpers import Site, log_in, voice_rep, wait_for_sound
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.models import Scenario, Track, TrackVersion, User
from api.models.content import AssignmentCreate, TrackRules
from api.services import exams as exam_service
from api.services import tracks as track_service
from voice.clips import default_clips_dir

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(default_clips_dir() is None, reason="shared/benchmarks/voice is not beside the checkout"),
]
SCORED = 180_000  # ms: transcription, then scoring the finished test (the first answer to a step embeds it)
NAME = "Spoken fleet check"


def _make_spoken_track(page: Page, site: Site) -> int:
    """The head builds a one-objection track in the editor, sets its answers to spoken only, publishes it and
    assigns it to the voice rep's team; returns its id."""
    log_in(page, site, "head")
    page.goto("/trainer/tracks/new")
    page.get_by_label("Name", exact=True).fill(NAME)
    page.get_by_label(re.compile(r"^Van fleet leasing")).check()
    page.get_by_label("Objections in a test").fill("1")
    mode = page.get_by_label("Answers in the test")
    expect(mode).to_have_value("either")  # the default: typed or spoken
    expect(mode.locator("option")).to_have_text(["typed or spoken", "typed only", "spoken only"])
    mode.select_option(label="spoken only")
    page.get_by_role("button", name="Save draft").click()
    page.wait_for_url(re.compile(r"/trainer/tracks/\d+$"))
    track_id = int(page.url.rsplit("/", 1)[1])
    page.get_by_role("button", name="Publish").click()
    expect(page.get_by_text("Published as version 1.")).to_be_visible()
    page.reload()
    expect(page.get_by_label("Answers in the test")).to_have_value("voice")  # kept in the draft and the version
    page.get_by_label("Team", exact=True).select_option(label="Voice")
    page.get_by_role("button", name="Assign", exact=True).click()
    expect(page.get_by_text("Team Voice")).to_be_visible()
    return track_id


def _start_test(site: Site, *, track_id: int) -> int:
    """The rep's test, started without the practice gate (the drill test covers practice; this one tests answers)."""
    with Session(site.engine, expire_on_commit=False) as session:
        version = session.exec(select(TrackVersion).where(col(TrackVersion.track_id) == track_id)).one()
        assert version.answer_mode == "voice"
        rep = session.exec(select(User).where(col(User.email) == site.emails["voice"])).one()
        track = session.get(Track, track_id)
        assert track is not None
        test = exam_service.start_exam(session, rep=rep, track=track, now=utcnow(), settings=None)
        session.commit()
        assert test.id is not None
        return test.id


def test_a_spoken_only_track_is_answered_by_voice_in_the_running_test(microphone_page: Page, site: Site) -> None:
    page = microphone_page
    rep = voice_rep(site)  # the team exists before the editor lists teams
    test_id = _start_test(site, track_id=_make_spoken_track(page, site))

    log_in(page, site, rep)
    page.goto(f"/tests/{test_id}")
    expect(page.get_by_role("timer", name="Time left for this answer")).to_contain_text("Time left")
    expect(page.get_by_text("This test takes spoken answers: record yours, listen back, then send.")).to_be_visible()
    expect(page.get_by_label("Your answer")).to_have_count(0)  # spoken only: no box to type in
    send = page.get_by_role("button", name="Send recording")
    expect(send).to_be_disabled()

    page.get_by_role("button", name="● Record an answer").click()
    expect(page.get_by_text("Recording… speak now.")).to_be_visible()
    wait_for_sound(page)
    page.wait_for_timeout(7_000)  # the clip is 5 s after a second of silence
    page.get_by_role("button", name="■ Stop").click()
    expect(page.get_by_text(re.compile(r"Recorded 0:0\d: listen back"))).to_be_visible()
    expect(page.locator(".voice-player")).to_have_attribute("src", re.compile(r"^blob:"))
    send.click()

    # one objection: the answer ends the test and the result page shows it
    expect(page.get_by_role("heading", name=re.compile(r"^Test result: Spoken fleet check"))).to_be_visible(
        timeout=SCORED
    )
    item = page.locator(".result-item")
    expect(item.locator(".spoken")).to_contain_text("You · spoken")
    expect(item.locator(".transcript")).to_contain_text("finance director")
    expect(item.locator("audio")).to_have_count(1)
    item.get_by_text("Why this score").click()
    expect(item.locator(".delivery")).to_contain_text(re.compile(r"\d+ words/min"))
    audio = page.request.get(item.locator("audio").get_attribute("src") or "")
    assert audio.status == 200
    assert audio.headers["content-type"].startswith("audio/webm")


def _ten_second_track(site: Site) -> int:
    """A published one-objection track with 10 s an answer, spoken only, assigned to the voice rep's team."""
    with Session(site.engine, expire_on_commit=False) as session:
        head = session.exec(select(User).where(col(User.email) == site.emails["head"])).one()
        fleet = session.exec(select(Scenario).where(col(Scenario.slug) == "en-fleet-leasing-send-info")).one()
        rules = TrackRules(
            name="Ten seconds to speak",
            scenario_ids=[fleet.id or 0],
            test_size=1,
            seconds_per_answer=10,
            answer_mode="voice",
        )
        track = track_service.create(session, rules=rules, author=head, now=utcnow())
        track_service.publish(session, track=track, author=head, now=utcnow())
        assignment = AssignmentCreate(team_id=site.teams["Voice"])
        track_service.assign(session, track=track, data=assignment, author=head, now=utcnow())
        return track.id or 0


def test_a_recording_under_way_when_the_time_is_up_is_stopped_and_sent(microphone_page: Page, site: Site) -> None:
    page = microphone_page
    log_in(page, site, voice_rep(site))
    test_id = _start_test(site, track_id=_ten_second_track(site))  # the clock runs from here
    page.goto(f"/tests/{test_id}")
    page.get_by_role("button", name="● Record an answer").click()
    expect(page.get_by_text("Recording… speak now.")).to_be_visible()
    # nobody presses Stop: at 0:00 the recording stops by itself and goes, and the test ends with it
    expect(page.get_by_role("heading", name=re.compile(r"^Test result: Ten seconds to speak"))).to_be_visible(
        timeout=SCORED
    )
    item = page.locator(".result-item")
    expect(item.locator(".transcript")).to_contain_text("finance director")
    expect(item.locator("audio")).to_have_count(1)
