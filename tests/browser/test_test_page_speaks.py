"""The customer speaks in a running test too: the drill page's switch (speak.js) reads each item's customer line
aloud in its scenario's language, is remembered from one page to the next, and says so when the browser has no
voice for the language. Speech synthesis is browser_helpers' FAKE_SPEECH recorder."""

from __future__ import annotations

import re

import pytest
from browser_helpers import FAKE_SPEECH, PASSWORD, Site, log_in, spoken_lines, voice_rep
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.models import Role, Scenario, User
from api.models.content import AssignmentCreate, TrackRules
from api.models.users import UserCreate
from api.services import accounts
from api.services import exams as exam_service
from api.services import tracks as track_service

pytestmark = pytest.mark.browser

TOGGLE = re.compile(r"The customer speaks")
NO_VOICE = "This browser has no voice for English: the customer's lines are shown but not read aloud."
SCORED = 180_000  # ms: the first typed answer loads the model


def _running_test(site: Site) -> int:
    """A rep of their own (in the voice team) with a two-objection English track assigned to them alone, and the
    test started; returns its id."""
    voice_rep(site)  # the team
    with Session(site.engine, expire_on_commit=False) as session:
        head = session.exec(select(User).where(col(User.email) == site.emails["head"])).one()
        data = UserCreate(
            email="toby@parry.test",
            name="Toby Tester",
            role=Role.trainee,
            password=PASSWORD,
            team_id=site.teams["Voice"],
        )
        rep = accounts.create_user(session, data=data, now=utcnow())
        site.emails["toby"] = rep.email
        fleet = session.exec(select(Scenario).where(col(Scenario.slug) == "en-fleet-leasing-send-info")).one()
        rules = TrackRules(name="Spoken customer check", scenario_ids=[fleet.id or 0], test_size=2)
        track = track_service.create(session, rules=rules, author=head, now=utcnow())
        track_service.publish(session, track=track, author=head, now=utcnow())
        track_service.assign(session, track=track, data=AssignmentCreate(user_id=rep.id), author=head, now=utcnow())
        test = exam_service.start_exam(session, rep=rep, track=track, now=utcnow(), settings=None)
        session.commit()
        return test.id or 0


def test_the_customer_speaks_on_the_running_tests_page(page: Page, site: Site) -> None:
    page.add_init_script(FAKE_SPEECH)
    test_id = _running_test(site)
    log_in(page, site, "toby")
    page.goto(f"/tests/{test_id}")
    toggle = page.get_by_label(TOGGLE)
    expect(toggle).not_to_be_checked()
    line = page.locator(".bubble.customer p")
    expect(line).to_have_attribute("lang", "en")
    first = line.inner_text()

    toggle.check()  # no voices at all: it says so, and nothing is read
    expect(page.get_by_text(NO_VOICE)).to_be_visible()
    page.reload()
    expect(page.get_by_label(TOGGLE)).to_be_checked()  # remembered
    assert spoken_lines(page) == []

    page.evaluate("sessionStorage.setItem('test.voices', JSON.stringify([{lang: 'ru-RU', name: 'Milena'}]))")
    page.reload()
    expect(page.get_by_text(NO_VOICE)).to_be_visible()  # a Russian voice does not read an English scenario
    assert spoken_lines(page) == []

    page.evaluate("sessionStorage.setItem('test.voices', JSON.stringify([{lang: 'en-GB', name: 'Daniel'}]))")
    page.reload()
    expect(page.get_by_text(NO_VOICE)).to_have_count(0)
    expect(page.get_by_role("timer", name="Time left for this answer")).to_contain_text("Time left")
    assert spoken_lines(page) == [[first, "en-GB"]]

    # the next objection is read when it comes
    page.get_by_label("Your answer").fill("I understand. Let me send a one-page summary and call you on Thursday.")
    page.get_by_role("button", name="Send answer").click()
    expect(page.get_by_text("Objection 2 of 2")).to_be_visible(timeout=SCORED)
    second = line.inner_text()
    assert spoken_lines(page) == [[first, "en-GB"], [second, "en-GB"]]

    page.get_by_label(TOGGLE).uncheck()  # off: the practice page remembers it too
    page.get_by_role("button", name="Finish test now").click()
    page.get_by_role("button", name="Yes, finish").click()
    page.wait_for_url(re.compile(rf"/tests/{test_id}$"))
    expect(page.get_by_role("heading", name=re.compile(r"^Test result"))).to_be_visible()
    page.goto("/practice")
    page.get_by_role("article").filter(has_text="Van fleet leasing").get_by_role("button", name="Start drill").click()
    page.wait_for_url(re.compile(r"/practice/\d+$"))
    expect(page.get_by_label(TOGGLE)).not_to_be_checked()
    assert len(spoken_lines(page)) == 2
