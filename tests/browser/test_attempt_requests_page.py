"""A rep with no test attempts left asks for more on the tests page; their trainer grants them on the disputes page;
the rep starts the test again (issue 14, item 7). Then, in Russian, a second request is declined with a note the rep
sees. A trainer of another team does not see the request. Real Chromium, real server, SQLite."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from browser_helpers import PASSWORD, Site, log_in
from playwright.sync_api import Locator, Page, expect
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.models import Answer, Exam, Role, ScenarioVersion, Track, User
from api.models.content import AssignmentCreate
from api.models.users import TeamCreate, UserCreate
from api.services import accounts
from api.services import exams as exam_service
from api.services import tracks as track_service

pytestmark = pytest.mark.browser
TRACK = "Objection basics"
AXE = Axe()


def _serious(page: Page) -> list[str]:
    """The serious and critical violations axe finds on the page as it stands."""
    found = AXE.run(page).response["violations"]
    return [f"{v['id']}: {v['help']}" for v in found if v["impact"] in {"serious", "critical"}]


def _practise_every_step(session: Session, *, rep: User, track: Track) -> None:
    """Two practice answers to every step of the track, now: the retry cycle's practice is done (its rule is the
    default two, from when the cycle started), the test may open."""
    version = track_service.latest_version(session, track=track)
    assert version is not None
    query = select(ScenarioVersion).where(col(ScenarioVersion.scenario_id).in_(version.scenario_ids))
    for scenario in session.exec(query):
        for step in scenario.content["steps"] * 2:
            session.add(
                Answer(
                    user_id=rep.id or 0,
                    kind="practice",
                    scenario_id=scenario.scenario_id,
                    scenario_version_id=scenario.id or 0,
                    step_id=step["id"],
                    category=step["category"],
                    text="Practised again.",
                    score=72,
                    passed=True,
                    pass_mark=70,
                    final_score=72,
                    model="seeded",
                    result={"key_points": [], "red_flags": [], "penalty": 0},
                    created_at=utcnow(),
                )
            )
    session.commit()


@pytest.fixture
def retakes(site: Site) -> str:
    """A team of its own (no other test counts it) with a trainer and a rep who failed all 3 attempts at the
    «Objection basics» test and has practised since; returns the rep's key."""
    if "retake" in site.emails:
        pytest.fail("the retakes team is built once per session: this module's test must run once")
    with Session(site.engine, expire_on_commit=False) as session:
        team = accounts.create_team(session, data=TeamCreate(name="Retakes"), now=utcnow())
        people = {}
        for key, name, role in (("retake", "Rob Retake", Role.trainee), ("retake_trainer", "Rhea Coach", Role.trainer)):
            data = UserCreate(email=f"{key}@parry.test", name=name, role=role, password=PASSWORD, team_id=team.id)
            people[key] = accounts.create_user(session, data=data, now=utcnow() - timedelta(days=1))
            site.emails[key] = data.email
        track = session.get(Track, site.ids["general_track"])
        assert track is not None
        head = session.exec(select(User).where(col(User.email) == site.emails["head"])).one()
        assigned = AssignmentCreate(team_id=team.id)
        track_service.assign(session, track=track, data=assigned, author=head, now=utcnow() - timedelta(hours=6))
        rep = people["retake"]
        for hours in (5, 4, 3):  # three attempts, nothing answered: each fails with 0
            at = utcnow() - timedelta(hours=hours)
            test = exam_service.start_exam(session, rep=rep, track=track, now=at, settings=None)
            exam_service.finish(session, exam=test, now=at + timedelta(minutes=5), grace_seconds=0)
        _practise_every_step(session, rep=rep, track=track)
    return "retake"


def _card(page: Page) -> Locator:
    return page.locator("article.card").filter(has=page.get_by_role("heading", name=TRACK))


def test_a_rep_asks_for_more_attempts_the_trainer_grants_and_the_rep_starts_again(
    page: Page, site: Site, retakes: str
) -> None:
    log_in(page, site, retakes)
    page.goto("/tests")
    card = _card(page)
    expect(card).to_contain_text(re.compile("no attempts left: 3 of 3 used", re.I))
    expect(card.get_by_role("button", name="Start test")).to_have_count(0)
    card.get_by_role("button", name="Request more attempts").click()
    card.get_by_label("Message to your trainer (optional)").fill("I practised every step again since Monday.")
    card.get_by_role("button", name="Send the request").click()
    expect(card.locator(".request-state")).to_contain_text("Waiting")
    assert _serious(page) == []
    expect(card.locator(".request-state")).to_contain_text("waiting for your trainer's answer")
    expect(card.get_by_role("button", name="Request more attempts")).to_have_count(0)
    page.reload()
    expect(_card(page).locator(".badge-pending")).to_have_text("Waiting")  # kept by the server, not the page

    log_in(page, site, "trainer")  # Tom trains the South team: not Rob's
    page.goto("/trainer/disputes")
    expect(page.get_by_role("heading", name="Requests for more test attempts")).to_be_visible()
    expect(page.locator(".attempt-request-card").filter(has_text="Rob Retake")).to_have_count(0)

    log_in(page, site, "retake_trainer")
    page.goto("/trainer/disputes")
    request = page.locator(".attempt-request-card").filter(has_text="Rob Retake")
    expect(request).to_contain_text(TRACK)
    expect(request).to_contain_text("3 of 3 attempts used")
    expect(request).to_contain_text("I practised every step again since Monday.")
    assert _serious(page) == []
    request.get_by_label("Extra attempts (1-10)").fill("0")
    request.get_by_role("button", name="Grant attempts").click()
    expect(request.get_by_role("alert")).to_contain_text("from 1 to 10")
    request.get_by_label("Extra attempts (1-10)").fill("1")
    request.get_by_label("Note to the rep (optional)").fill("One more: take it slowly.")
    request.get_by_role("button", name="Grant attempts").click()
    expect(page.locator(".attempt-requests")).to_contain_text("No requests waiting.")

    log_in(page, site, retakes)
    page.goto("/tests")
    card = _card(page)
    expect(card.locator(".badge-granted")).to_have_text("Granted")
    expect(card).to_contain_text("Rhea Coach granted 1 more attempt.")
    expect(card).to_contain_text("One more: take it slowly.")
    expect(card).to_contain_text("3 of 4 used")
    card.get_by_role("button", name="Start test").click()
    page.wait_for_url(re.compile(r"/tests/\d+$"))
    expect(page.get_by_role("heading", name="Test in progress")).to_be_visible()

    # The granted attempt used up (the test ends unanswered), a second request is declined, in Russian.
    with Session(site.engine) as session:
        rep = session.exec(select(User).where(col(User.email) == site.emails[retakes])).one()
        running = session.exec(select(Exam).where(col(Exam.user_id) == rep.id, col(Exam.finished_at).is_(None))).one()
        exam_service.finish(session, exam=running, now=utcnow(), grace_seconds=0)
    page.locator("#language").select_option("ru")
    try:
        page.goto("/tests")
        card = _card(page)
        expect(card).to_contain_text("использовано 4 из 4")
        card.get_by_role("button", name="Попросить ещё попытки").click()
        card.get_by_role("button", name="Отправить запрос").click()  # the message is optional
        expect(card.locator(".badge-pending")).to_have_text("Ожидает ответа")
        page.locator("#language").select_option("en")  # the login form is then in English

        log_in(page, site, "retake_trainer")
        page.locator("#language").select_option("ru")
        page.goto("/trainer/disputes")
        expect(page.get_by_role("heading", name="Запросы дополнительных попыток теста")).to_be_visible()
        request = page.locator(".attempt-request-card").filter(has_text="Rob Retake")
        expect(request).to_contain_text("использовано попыток: 4 из 4")
        request.get_by_label("Комментарий для менеджера (необязательно)").fill("Сначала разберём ошибки вместе.")
        request.get_by_role("button", name="Отказать").click()
        expect(page.locator(".attempt-requests")).to_contain_text("Запросов нет.")
        page.locator("#language").select_option("en")

        log_in(page, site, retakes)
        page.locator("#language").select_option("ru")
        page.goto("/tests")
        card = _card(page)
        expect(card.locator(".badge-declined")).to_have_text("Отказано")
        expect(card).to_contain_text("Запрос отклонён (Rhea Coach).")
        expect(card).to_contain_text("Сначала разберём ошибки вместе.")
        expect(card.get_by_role("button", name="Попросить ещё попытки")).to_be_visible()  # may ask again
    finally:
        page.locator("#language").select_option("en")
