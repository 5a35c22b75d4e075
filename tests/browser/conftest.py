"""Browser tests: a real Parry server (uvicorn in a thread, temporary SQLite, built-in library, one user per role)
driven by Debian's Chromium through Playwright. Everything is skipped, with the reason, when Chromium is missing."""

from __future__ import annotations

import random
import socket
import threading
import time
import wave
from collections.abc import Callable, Iterator
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import uvicorn
from browser_helpers import (
    CHROMIUM,
    CHROMIUM_ARGS,
    DRILL_SCENARIO,
    PASSWORD,
    VIEWPORT,
    XSS_SCENARIO,
    XSS_TEXT,
    Site,
    watched_tab,
)
from playwright.sync_api import Browser, Page, Playwright, sync_playwright
from sqlalchemy import Engine
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.db import make_engine
from api.main import create_app
from api.migrate import upgrade
from api.models import Answer, Exam, ExamItem, Role, Scenario, ScenarioVersion, Team, Track, User
from api.models.content import AssignmentCreate, TrackRules
from api.models.disputes import Dispute
from api.models.users import TeamCreate, UserCreate
from api.scoring import ScoringService
from api.services import accounts
from api.services import exams as exam_service
from api.services import scenarios as scenario_service
from api.services import tracks as track_service
from api.settings import Settings
from scenarios.loader import builtin_library, load_paths
from scoring.scorer import Scorer
from voice.clips import default_clips_dir
from voice.transcribe import SAMPLE_RATE, decode


@pytest.fixture(scope="session")
def chromium() -> Path:
    """Debian's Chromium, or a skip that says how to get it."""
    if not CHROMIUM.exists():
        pytest.skip(
            f"no Chromium at {CHROMIUM}: install Debian's (`apt-get install -y chromium chromium-driver`) "
            "or point PARRY_CHROMIUM at one to run the browser tests"
        )
    return CHROMIUM


# --- the server ------------------------------------------------------------------------------------------------------


def _xss_document() -> dict[str, Any]:
    line = f"Your price is too high. {XSS_TEXT}"
    return {
        "id": XSS_SCENARIO,
        "title": f"Markup check {XSS_TEXT}",
        "language": "en",
        "context": f"Context with markup: {XSS_TEXT}",
        "persona": {"role": "Buyer <b>bold</b>", "company": f"Acme {XSS_TEXT}", "temperament": "Calm"},
        "steps": [
            {
                "id": "price",
                "category": "price",
                "customer_line": line,
                "references": [
                    "I understand the budget matters. What are you comparing us with? Let's meet on Friday.",
                    "Fair question. Which costs do you weigh today? I'll send a calculation by Thursday.",
                ],
                "hints": [f"A hint with markup {XSS_TEXT}"],
            }
        ],
    }


PEOPLE = [  # key, name, role, team
    ("rep", "Rita Rep", Role.trainee, "North"),
    ("rep2", "Sam South", Role.trainee, "South"),
    ("nina", "Nina Novak", Role.trainee, "North"),
    ("oleg", "Oleg Orlov", Role.trainee, "South"),
    ("trainer", "Tom Trainer", Role.trainer, "South"),  # a trainer acts on their own team (docs/api.md)
    ("head", "Hanna Head", Role.head, None),
    ("admin", "Ada Admin", Role.admin, None),
]
HISTORY_SCENARIOS = [DRILL_SCENARIO, "en-managed-it-no-need", "en-b2b-marketing-agency", "en-freight-ltl-competitor"]
SKILL = {"nina": 78, "oleg": 64, "rep2": 52}  # reps with a history; Rita's record stays empty for her tests,
RITA_PRACTISED = ("trust", "think-it-over")  # except these fleet steps, so three drills open her test


def _seed(engine: Engine) -> tuple[dict[str, str], dict[str, int], dict[str, int]]:
    """Teams, users, the built-in library, a markup-laden scenario, two tracks, and weeks of answers and tests."""
    now = utcnow()
    with Session(engine, expire_on_commit=False) as session:
        teams = {n: accounts.create_team(session, data=TeamCreate(name=n), now=now) for n in ("North", "South")}
        users = {
            key: accounts.create_user(
                session,
                data=UserCreate(
                    email=f"{key}@parry.test",
                    name=name,
                    role=role,
                    password=PASSWORD,
                    team_id=teams[team].id if team else None,
                ),
                now=now - timedelta(days=120),
            )
            for key, name, role, team in PEOPLE
        }
        author = users["trainer"]
        library = load_paths([builtin_library()])
        assert library.ok, library.errors
        offline = ScoringService(None)  # publishing without a model: embeddings are computed on first use
        for document in [*library.scenarios, scenario_service.parse(_xss_document())]:
            scenario_service.import_document(
                session, document=document, author=author, now=now, publish_now=True, scoring=offline
            )
        ids = {row.slug: row.id or 0 for row in session.exec(select(Scenario))}
        head = users["head"]  # assigns to both teams
        fleet = _track(session, "Van fleet basics", [ids[DRILL_SCENARIO]], head, [teams["North"]], now=now)
        basics = [ids[slug] for slug in HISTORY_SCENARIOS[1:]]
        general = _track(session, "Objection basics", basics, head, [teams["North"], teams["South"]], now=now)
        ids["track"], ids["general_track"] = fleet.id or 0, general.id or 0
        _practice_history(session, users=users, scenario_ids=[ids[s] for s in HISTORY_SCENARIOS], now=now)
        (fleet_version,) = _versions(session, [ids[DRILL_SCENARIO]])
        for step in fleet_version.content["steps"]:
            if step["id"] in RITA_PRACTISED:
                session.add(_answer(users["rep"], fleet_version, step, 75, now - timedelta(days=1)))
        _test(session, rep=users["nina"], track=fleet, score=86, at=now - timedelta(days=20))
        _test(session, rep=users["oleg"], track=general, score=81, at=now - timedelta(days=170))
        _test(session, rep=users["rep2"], track=general, score=48, at=now - timedelta(days=3))
        session.commit()
        emails = {key: user.email for key, user in users.items()}
        return emails, ids, {name: team.id or 0 for name, team in teams.items()}


def _track(
    session: Session, name: str, scenario_ids: list[int], author: User, teams: list[Team], *, now: datetime
) -> Track:
    rules = TrackRules(name=name, scenario_ids=scenario_ids, test_size=2, seconds_per_answer=90)
    track = track_service.create(session, rules=rules, author=author, now=now - timedelta(days=200))
    track_service.publish(session, track=track, author=author, now=now - timedelta(days=200))
    for team in teams:
        assignment = AssignmentCreate(team_id=team.id)
        track_service.assign(session, track=track, data=assignment, author=author, now=now - timedelta(days=200))
    return track


def _versions(session: Session, scenario_ids: list[int]) -> list[ScenarioVersion]:
    return list(session.exec(select(ScenarioVersion).where(col(ScenarioVersion.scenario_id).in_(scenario_ids))))


def _answer(
    rep: User, version: ScenarioVersion, step: dict[str, Any], score: int, at: datetime, **extra: Any
) -> Answer:
    """A scored answer as the scorer would have stored it (text and feedback kept short)."""
    feedback = {
        "reason_code": None,
        "reason": None,
        "best_reference": 0,
        "best_reference_text": step["references"][0],
        "meaning": float(score),
        "key_point_coverage": None,
        "key_points": [],
        "red_flags": [],
        "penalty": 0,
    }
    return Answer(
        user_id=rep.id or 0,
        kind=extra.pop("kind", "practice"),
        scenario_id=version.scenario_id,
        scenario_version_id=version.id or 0,
        step_id=step["id"],
        category=step["category"],
        text=extra.pop("text", f"An answer to: {step['customer_line'][:80]}"),
        score=score,
        passed=score >= 70,
        pass_mark=70,
        final_score=score,
        result=feedback,
        model="seeded",
        created_at=at,
        **extra,
    )


def _practice_history(session: Session, *, users: dict[str, User], scenario_ids: list[int], now: datetime) -> None:
    """Eight weeks of practice answers for the reps in SKILL: steady skill, harder categories score lower."""
    rng = random.Random(7)
    harder = {"price": -12, "competitor": -8, "authority": -4, "send_info": 3, "no_need": -6}
    steps = [(v, s) for v in _versions(session, scenario_ids) for s in v.content["steps"]]
    for key, skill in SKILL.items():
        for day in range(56, 0, -1):
            if rng.random() < 0.45:
                continue
            for version, step in rng.sample(steps, rng.randint(1, 4)):
                score = skill + harder.get(step["category"], 0) + (56 - day) // 8 + rng.randint(-12, 12)
                at = now - timedelta(days=day, minutes=rng.randint(0, 600))
                session.add(_answer(users[key], version, step, max(0, min(100, score)), at))
    session.commit()


def _test(session: Session, *, rep: User, track: Track, score: int, at: datetime) -> None:
    """A finished test of two answers scoring about `score`, graded by the real service (cycles, certificate)."""
    version = track_service.latest_version(session, track=track)
    assert version is not None
    test = Exam(
        user_id=rep.id or 0,
        track_id=track.id or 0,
        track_version_id=version.id or 0,
        number=1,
        status="in_progress",
        seconds_per_answer=version.seconds_per_answer,
        pass_mark=version.pass_mark,
        floor=version.floor,
        started_at=at - timedelta(minutes=5),
    )
    session.add(test)
    session.flush()
    scenario = _versions(session, version.scenario_ids)[0]
    for position, step in enumerate(scenario.content["steps"][:2], start=1):
        answer = _answer(rep, scenario, step, score + (3 if position == 1 else -3), at, kind="test", test_id=test.id)
        session.add(answer)
        session.flush()
        session.add(
            ExamItem(
                test_id=test.id or 0,
                position=position,
                scenario_version_id=scenario.id or 0,
                step_id=step["id"],
                status="answered",
                shown_at=at,
                deadline=at + timedelta(seconds=90),
                answer_id=answer.id,
            )
        )
    session.flush()
    exam_service.finish(session, exam=test, now=at, grace_seconds=0)


@pytest.fixture(scope="session")
def site(chromium: Path, tmp_path_factory: pytest.TempPathFactory, scorer: Scorer) -> Iterator[Site]:
    """Parry on a free port with a fresh database; the real model scores answers."""
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'parry.db'}"
    engine = make_engine(url)
    upgrade(engine)
    emails, ids, teams = _seed(engine)
    settings = Settings(  # the test opens after one practice answer per step (the default is two)
        database_url=url,
        environment="development",
        preload_model=False,
        test_grace_seconds=3.0,
        practice_count_for_test=1,
    )
    app = create_app(settings, scorer=scorer, engine=engine)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, name="parry-browser-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    yield Site(f"http://127.0.0.1:{port}", app, engine, emails, ids, teams)
    server.should_exit = True
    thread.join(timeout=15)
    sock.close()
    engine.dispose()


@pytest.fixture
def fresh_answer(site: Site) -> Iterator[Callable[..., int]]:
    """Stores a scored practice answer of a rep's, dated now: `fresh_answer("oleg", "text", score=58, **result)`
    gives its id. After the test each is removed with its dispute, so the shared database is as it was and no
    test depends on what another did to a rep's answers."""
    made: list[int] = []

    def make(who: str, text: str, *, score: int = 58, **result: Any) -> int:
        with Session(site.engine) as session:
            rep = session.exec(select(User).where(col(User.email) == site.emails[who])).one()
            version = _versions(session, [site.ids[DRILL_SCENARIO]])[0]
            answer = _answer(rep, version, version.content["steps"][0], score, utcnow(), text=text)
            answer.result = {**answer.result, **result}
            session.add(answer)
            session.commit()
            assert answer.id is not None
            made.append(answer.id)
            return answer.id

    yield make
    with Session(site.engine) as session:
        for dispute in session.exec(select(Dispute).where(col(Dispute.answer_id).in_(made))):
            session.delete(dispute)
        session.flush()
        for answer in session.exec(select(Answer).where(col(Answer.id).in_(made))):
            session.delete(answer)
        session.commit()


# --- the browser -----------------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def playwright_driver() -> Iterator[Playwright]:
    with sync_playwright() as driver:
        yield driver


@pytest.fixture(scope="session")
def browser(chromium: Path, playwright_driver: Playwright) -> Iterator[Browser]:
    """One headless Chromium for the session."""
    instance = playwright_driver.chromium.launch(executable_path=str(chromium), args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser: Browser, site: Site) -> Iterator[Page]:
    """A fresh browser context (no cookies, English) at 1280×800; page errors fail the test."""
    context = browser.new_context(viewport=VIEWPORT, locale="en-US", accept_downloads=True, base_url=site.url)
    with watched_tab(context) as tab:
        yield tab


# --- a microphone that plays a recording -----------------------------------------------------------------------------


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
    """A Chromium whose microphone plays the shared clip en2 once (then silence), allowed without asking."""
    clips = default_clips_dir()
    if clips is None:
        pytest.skip("shared/benchmarks/voice is not beside the checkout")
    wav = _padded_wav(clips / "en2.wav", tmp_path / "en2-padded.wav")
    args = [
        *CHROMIUM_ARGS,
        "--use-fake-ui-for-media-stream",
        "--use-fake-device-for-media-stream",
        f"--use-file-for-fake-audio-capture={wav}%noloop",
        "--autoplay-policy=no-user-gesture-required",
    ]
    browser = playwright_driver.chromium.launch(executable_path=str(chromium), args=args)
    try:
        context = browser.new_context(viewport=VIEWPORT, locale="en-US", base_url=site.url, permissions=["microphone"])
        with watched_tab(context) as tab:
            yield tab
    finally:
        browser.close()
