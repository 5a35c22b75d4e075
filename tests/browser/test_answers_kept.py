"""Trainees never lose typed answers (issue 14): a deep link survives logging in, an answer typed when the
session has ended is sent after logging in again, and the score is in view with focus on its heading (on a
390×844 phone); in a timed test the typed draft survives a reload and leaving asks first while the clock runs."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_helpers import DRILL_SCENARIO, PASSWORD, Site, log_in, watched_tab
from playwright.sync_api import Browser, Dialog, Page, expect
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.models import Exam, Track, User
from api.services import exams as exam_service

pytestmark = pytest.mark.browser
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser: Browser, site: Site) -> Iterator[Page]:
    """A phone-sized touch browser at 390×844; page errors fail the test."""
    context = browser.new_context(viewport=PHONE, locale="en-US", base_url=site.url, is_mobile=True, has_touch=True)
    with watched_tab(context) as tab:
        yield tab


def _csrf(page: Page) -> str:
    return next(c["value"] for c in page.context.cookies() if c["name"] == "parry_csrf")


def _log_in_here(page: Page, site: Site, who: str) -> None:
    """Fill the login form on the page already shown (keeps the address it returns to)."""
    page.get_by_label("Email").fill(site.emails[who])
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_an_answer_typed_after_the_session_ended_is_sent_after_logging_in_and_its_score_is_in_view(
    phone: Page, site: Site
) -> None:
    page = phone
    log_in(page, site, "oleg")
    started = page.request.post(
        "/api/v1/drills", data={"scenario_id": site.ids[DRILL_SCENARIO]}, headers={"X-CSRF-Token": _csrf(page)}
    )
    drill_path = f"/practice/{started.json()['id']}"

    page.context.clear_cookies()
    page.goto(drill_path)  # a deep link while logged out: the login page, then the drill
    page.wait_for_url(re.compile(r"/login\?next="))
    _log_in_here(page, site, "oleg")
    page.wait_for_url(f"**{drill_path}")

    answer = page.get_by_label("Your answer")
    typed = "I understand. What would you compare us with? Let's look at the total cost on a call on Friday."
    answer.fill(typed)
    page.context.clear_cookies()  # the session ends while the rep types
    page.get_by_role("button", name="Send answer").click()
    page.wait_for_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Your session has ended")).to_be_visible()
    _log_in_here(page, site, "oleg")
    page.wait_for_url(f"**{drill_path}")

    heading = page.locator(".feedback-card h2").last  # sent by itself, scored: the score's heading has the focus
    expect(heading).to_be_focused(timeout=60_000)
    expect(page.locator(".chat .bubble").last).to_contain_text("total cost")
    box = heading.bounding_box()
    assert box is not None
    assert -1 <= box["y"] < PHONE["height"] / 2, box  # at the top of the screen
    score = page.locator(".feedback-card").last.locator(".score-line, .score").first
    score_box = score.bounding_box()
    assert score_box is not None
    assert score_box["y"] + score_box["height"] <= PHONE["height"], score_box


@pytest.fixture
def running_test(site: Site) -> Iterator[int]:
    """Oleg's test of the general track, started (the practice gate skipped); finished afterwards."""
    with Session(site.engine) as session:
        rep = session.exec(select(User).where(col(User.email) == site.emails["oleg"])).one()
        track = session.get(Track, site.ids["general_track"])
        assert track is not None
        test = exam_service.start_exam(session, rep=rep, track=track, now=utcnow(), settings=None)
        session.commit()
        test_id = test.id or 0
    yield test_id
    with Session(site.engine) as session:
        row = session.get(Exam, test_id)
        if row is not None and row.finished_at is None:
            exam_service.finish(session, exam=row, now=utcnow(), grace_seconds=0)
            session.commit()


def test_a_typed_test_answer_survives_a_reload_and_leaving_asks_while_the_clock_runs(
    page: Page, site: Site, running_test: int
) -> None:
    dialogs: list[str] = []

    def answer_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        if dialog.type == "confirm":
            dialog.dismiss()  # stay in the test
        else:
            dialog.accept()

    page.on("dialog", answer_dialog)
    log_in(page, site, "oleg")
    page.get_by_role("navigation").get_by_role("link", name="Tests").click()
    page.get_by_role("button", name="Continue test").click()
    page.wait_for_url(f"**/tests/{running_test}")
    answer = page.get_by_label("Your answer")
    answer.fill("I hear you on the price; what do you compare it with?")

    page.go_back()  # Back inside the app while the clock runs: asked, and staying keeps the test and the answer
    expect(page).to_have_url(re.compile(f"/tests/{running_test}$"))
    assert dialogs == ["confirm"]
    expect(answer).to_have_value("I hear you on the price; what do you compare it with?")
    page.get_by_role("navigation").get_by_role("link", name="Drill").click()
    assert dialogs == ["confirm", "confirm"]
    expect(page).to_have_url(re.compile(f"/tests/{running_test}$"))

    page.reload()  # the browser asks (beforeunload); the typed draft is back after the reload
    assert "beforeunload" in dialogs
    expect(page.get_by_label("Your answer")).to_have_value("I hear you on the price; what do you compare it with?")
