"""The delivery report on the team screen: the head of sales reads each rep's and each team's medians of pace,
fillers a minute and longest pause against the stated norms, in English and in Russian, follows the period filter,
and downloads it as CSV and Excel."""

from __future__ import annotations

import io
from datetime import timedelta
from typing import Any

import pytest
from browser_helpers import PASSWORD, Site, log_in, voice_rep
from openpyxl import load_workbook
from playwright.sync_api import Page, expect
from sqlmodel import Session, col, delete, select

from api.clock import utcnow
from api.models import Answer, Role, ScenarioVersion, User
from api.models.users import UserCreate
from api.services import accounts

pytestmark = pytest.mark.browser


def _spoken_answers(site: Site) -> None:
    """Petra Pace in the voice team: three spoken answers 40 days ago and one yesterday (slow, long pauses:
    medians 115 words a minute and 4.0 s; yesterday's alone 140 and 1.2 s), stored as the scorer and the
    transcriber would have."""
    voice_rep(site)
    now = utcnow()
    with Session(site.engine, expire_on_commit=False) as session:
        data = UserCreate(
            email="petra@parry.test",
            name="Petra Pace",
            role=Role.trainee,
            password=PASSWORD,
            team_id=site.teams["Voice"],
        )
        rep = accounts.create_user(session, data=data, now=now - timedelta(days=60))
        version = session.exec(select(ScenarioVersion).where(col(ScenarioVersion.language) == "en")).first()
        assert version is not None
        step = version.content["steps"][0]
        for days, wpm, pause in ((40, 80, 5.0), (40, 90, 4.5), (40, 180, 3.5), (1, 140, 1.2)):
            delivery: dict[str, Any] = {
                "duration_s": 30.0,
                "words": 50,
                "talk_time_s": 30.0,
                "words_per_minute": wpm,
                "fillers": [],
                "filler_count": 1,
                "fillers_per_minute": 2.0,
                "longest_pause_s": pause,
                "longest_pause_after": "so",
                "norms": {},
                "word_timings": [],
            }
            session.add(
                Answer(
                    user_id=rep.id or 0,
                    kind="practice",
                    scenario_id=version.scenario_id,
                    scenario_version_id=version.id or 0,
                    step_id=step["id"],
                    category=step["category"],
                    text="A spoken answer.",
                    score=60,
                    passed=False,
                    pass_mark=70,
                    final_score=60,
                    model="seeded",
                    result={
                        "reason_code": None,
                        "reason": None,
                        "best_reference": 0,
                        "meaning": 60.0,
                        "best_reference_text": step["references"][0],
                        "key_point_coverage": None,
                        "key_points": [],
                        "red_flags": [],
                        "penalty": 0,
                    },
                    delivery=delivery,
                    created_at=now - timedelta(days=days),
                )
            )
        session.commit()


def _forget_answers(site: Site) -> None:
    """Petra's answers go after the test: the browser tests share one database, and the head's heat map
    (test_head) counts the teams with answers."""
    with Session(site.engine) as session:
        petra = select(User.id).where(col(User.email) == "petra@parry.test")
        session.exec(delete(Answer).where(col(Answer.user_id).in_(petra)))
        session.commit()


def test_the_head_reads_and_downloads_the_delivery_report(page: Page, site: Site) -> None:
    _spoken_answers(site)
    try:
        _read_the_report(page, site)
    finally:
        _forget_answers(site)


def _read_the_report(page: Page, site: Site) -> None:
    log_in(page, site, "head")
    page.goto("/trainer/team")
    page.get_by_label("Team", exact=True).select_option(label="Voice")
    section = page.locator("section.delivery-report")
    expect(section.get_by_role("heading", name="Delivery of spoken answers")).to_be_visible()
    expect(section).to_contain_text("Norms: 120–160 words a minute, at most 3 filler words a minute, pauses up to 3 s")
    petra = section.get_by_role("table", name="Delivery per rep").get_by_role("row", name="Petra Pace")
    expect(petra).to_contain_text("Voice")
    expect(petra.locator("td").nth(1)).to_have_text("4")  # spoken answers
    expect(petra.locator("td").nth(2)).to_have_text("115 too slow")  # the median of 80, 90, 140, 180
    expect(petra.locator("td").nth(4)).to_have_text("4.0 s above the norm")
    teams = section.get_by_role("table", name="Delivery per team")
    expect(teams.get_by_role("row", name="Voice")).to_be_visible()
    expect(teams.get_by_role("row", name="Everyone listed")).to_be_visible()

    page.get_by_label("Period").select_option(label="last 28 days")  # only yesterday's answer
    expect(petra.locator("td").nth(1)).to_have_text("1")
    expect(petra.locator("td").nth(2)).to_have_text("140")
    expect(petra.locator("td").nth(4)).to_have_text("1.2 s")

    with page.expect_download() as csv_download:
        section.get_by_role("link", name="CSV: Delivery of spoken answers").click()
    text = (csv_download.value.path()).read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].startswith("level,rep,team,spoken answers,median words per minute")
    assert any(line.startswith("rep,Petra Pace,Voice,1,140,2,1.2,0.5,yes") for line in text.splitlines()), text

    page.get_by_label("Interface language").select_option("ru")
    try:
        section = page.locator("section.delivery-report")
        expect(section.get_by_role("heading", name="Подача в ответах голосом")).to_be_visible()
        page.get_by_label("Период").select_option(index=1)  # 84 days again
        petra = section.get_by_role("table", name="Подача по менеджерам").get_by_role("row", name="Petra Pace")
        expect(petra.locator("td").nth(2)).to_have_text("115 медленно")
        expect(petra.locator("td").nth(4)).to_have_text("4.0 с выше нормы")
        with page.expect_download() as xlsx_download:
            section.get_by_role("link", name="Excel: Подача в ответах голосом").click()
        sheet = load_workbook(io.BytesIO(xlsx_download.value.path().read_bytes())).active
        assert sheet is not None
        assert sheet["E1"].value == "Слов в минуту (медиана)"
        rows = [r for r in sheet.iter_rows(min_row=2, values_only=True) if r[1] == "Petra Pace"]
        assert [r[3:5] for r in rows] == [(4, 115)]
    finally:  # the other tests read the pages in English
        csrf = str(page.request.get("/api/v1/auth/me").json()["csrf_token"])
        page.request.patch("/api/v1/auth/me", data={"language": "en"}, headers={"X-CSRF-Token": csrf})
        page.evaluate("localStorage.setItem('parry.language', 'en')")
