"""Practice norms: versions in force from their day, a rep's own values over the team's, days and weeks in the
norm's time zone, a rep's progress now and the head's report; who may set them; bad input changes nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from api_builders import FEEDBACK, Clock, client_for, make_team, make_user, publish_scenario, session_of, snapshot
from fastapi import FastAPI

from api.models import Answer, Role, Scenario, Team, User
from api.models.norms import PracticeNorm
from api.services.norms import Practice, Timeline, practice_of, standing

V1 = "/api/v1"
MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Monday 2 March 2026, 09:00 UTC (12:00 in Moscow)
RU = {"Accept-Language": "ru-RU,ru;q=0.9"}


@pytest.fixture
def clock() -> Clock:
    return Clock(MONDAY)


def _answer(app: FastAPI, rep: User, scenario: Scenario, at: datetime, *, step: str = "price", score: int = 40) -> None:
    """A practice answer stored at `at` (as if scored): passed from 50 up."""
    with session_of(app) as session:
        session.add(
            Answer(
                user_id=rep.id or 0,
                kind="practice",
                scenario_id=scenario.id or 0,
                scenario_version_id=_version(app),
                step_id=step,
                category="price",
                text="An answer.",
                score=score,
                passed=score >= 50,
                pass_mark=50,
                final_score=score,
                result=FEEDBACK,
                model="test",
                created_at=at,
            )
        )
        session.commit()


def _version(app: FastAPI) -> int:
    from sqlmodel import select

    from api.models import ScenarioVersion

    with session_of(app) as session:
        return session.exec(select(ScenarioVersion.id)).first() or 0


def _team_world(app: FastAPI, clock: Clock) -> tuple[Team, dict[str, User], Scenario]:
    team = make_team(app, clock=clock)
    people = {
        "head": make_user(app, role=Role.head, clock=clock),
        "trainer": make_user(app, role=Role.trainer, team=team, clock=clock),
        "anna": make_user(app, role=Role.trainee, team=team, clock=clock),
        "boris": make_user(app, role=Role.trainee, team=team, clock=clock),
    }
    return team, people, publish_scenario(app, author=people["trainer"], clock=clock)


def _norm(**values: Any) -> PracticeNorm:
    return PracticeNorm(created_at=MONDAY, **values)


# --- the rules, without a database ----------------------------------------------------------------------------


def test_a_version_is_in_force_from_its_day_and_a_reps_values_lie_over_the_teams() -> None:
    team = [
        _norm(team_id=1, valid_from=date(2026, 3, 2), answers_per_day=10, days_per_week=4, time_zone="Europe/Moscow"),
        _norm(team_id=1, valid_from=date(2026, 3, 9), answers_per_day=20, days_per_week=5, time_zone="Europe/Moscow"),
    ]
    rep = [_norm(user_id=5, valid_from=date(2026, 3, 4), days_per_week=3)]
    line = Timeline(team, rep)
    assert line.on(date(2026, 3, 1)).source == "none"
    assert line.on(date(2026, 3, 1)).time_zone == "UTC"
    before = line.on(date(2026, 3, 3))
    assert (before.source, before.answers_per_day, before.days_per_week) == ("team", 10, 4)
    own = line.on(date(2026, 3, 4))
    assert (own.source, own.answers_per_day, own.days_per_week, own.time_zone) == ("rep", 10, 3, "Europe/Moscow")
    later = line.on(date(2026, 3, 9))
    assert (later.answers_per_day, later.days_per_week, later.valid_from) == (20, 3, date(2026, 3, 9))


def test_days_are_counted_in_the_norms_time_zone() -> None:
    moscow = Timeline([_norm(team_id=1, valid_from=date(2026, 1, 1), answers_per_day=1, time_zone="Europe/Moscow")])
    utc = Timeline([_norm(team_id=1, valid_from=date(2026, 1, 1), answers_per_day=1, time_zone="UTC")])
    late = datetime(2026, 3, 1, 22, 30, tzinfo=UTC)  # Sunday 22:30 UTC is Monday 01:30 in Moscow
    assert moscow.local_day(late) == date(2026, 3, 2)
    assert utc.local_day(late) == date(2026, 3, 1)
    vladivostok = Timeline([_norm(team_id=1, valid_from=date(2026, 1, 1), time_zone="Asia/Vladivostok")])
    assert vladivostok.local_day(datetime(2026, 3, 1, 14, 5, tzinfo=UTC)) == date(2026, 3, 2)  # 00:05 on Monday


def test_a_version_takes_effect_at_midnight_of_its_first_day_in_its_own_time_zone() -> None:
    """A Europe/Moscow norm from Monday 2 March is in force from Sunday 21:00 UTC (Monday 00:00 in Moscow); a
    New York one from Monday from 05:00 UTC, the day before it counted in the zone of the version before."""
    old = _norm(team_id=1, valid_from=date(2026, 1, 1), answers_per_day=1, time_zone="UTC")
    moscow = Timeline(
        [old, _norm(team_id=1, valid_from=date(2026, 3, 2), answers_per_day=2, time_zone="Europe/Moscow")]
    )
    assert moscow.local_day(datetime(2026, 3, 1, 20, 59, tzinfo=UTC)) == date(2026, 3, 1)
    assert moscow.local_day(datetime(2026, 3, 1, 21, 0, tzinfo=UTC)) == date(2026, 3, 2)
    assert moscow.on(moscow.local_day(datetime(2026, 3, 1, 21, 30, tzinfo=UTC))).answers_per_day == 2
    new_york = Timeline([old, _norm(team_id=1, valid_from=date(2026, 3, 2), time_zone="America/New_York")])
    assert new_york.local_day(datetime(2026, 3, 2, 3, 0, tzinfo=UTC)) == date(2026, 3, 2)  # still counted in UTC
    assert new_york.local_day(datetime(2026, 3, 3, 3, 0, tzinfo=UTC)) == date(2026, 3, 2)  # 22:00 in New York
    # a later version further east takes effect before the one before it: that one is never in force
    east = Timeline(
        [
            old,
            _norm(team_id=1, valid_from=date(2026, 3, 2), time_zone="Pacific/Pago_Pago"),  # UTC-11: 11:00 UTC
            _norm(team_id=1, valid_from=date(2026, 3, 3), time_zone="Pacific/Kiritimati"),  # UTC+14: 10:00 UTC
        ]
    )
    assert [zone for _, _, zone in east.zone_spans()] == ["UTC", "Pacific/Kiritimati"]
    assert east.local_day(datetime(2026, 3, 2, 10, 0, tzinfo=UTC)) == date(2026, 3, 3)
    assert east.local_day(datetime(2026, 3, 2, 9, 59, tzinfo=UTC)) == date(2026, 3, 2)


def test_a_week_starts_on_monday_in_the_norms_time_zone() -> None:
    """An answer late on Sunday (UTC) falls in the next week in Moscow: the week before misses its norm there."""
    line = lambda zone: Timeline(  # noqa: E731
        [_norm(team_id=1, valid_from=date(2026, 1, 1), days_per_week=1, time_zone=zone)]
    )
    answers = [datetime(2026, 3, 1, 22, 30, tzinfo=UTC)]  # Sunday 1 March, 22:30 UTC
    for zone, last_week_met in [("UTC", True), ("Europe/Moscow", False)]:
        practice = practice_of(line(zone), answers=answers, passes=[])
        week, behind, reasons = standing(line(zone), practice, today=date(2026, 3, 3))
        assert ("last_week" not in reasons) is last_week_met, zone
        assert week.practice_days == (0 if zone == "UTC" else 1)
        assert behind is (not last_week_met)


def test_a_step_is_mastered_when_passed_again_on_a_later_day() -> None:
    line = Timeline([_norm(team_id=1, valid_from=date(2026, 3, 2), mastered_per_week=2, time_zone="Europe/Moscow")])
    passes = [
        (1, "price", datetime(2026, 3, 2, 9, tzinfo=UTC)),
        (1, "price", datetime(2026, 3, 2, 10, tzinfo=UTC)),  # same day: not yet
        (1, "timing", datetime(2026, 3, 2, 20, 0, tzinfo=UTC)),  # Monday 23:00 in Moscow
        (1, "timing", datetime(2026, 3, 2, 21, 30, tzinfo=UTC)),  # Tuesday 00:30 in Moscow: mastered
        (1, "price", datetime(2026, 3, 4, 9, tzinfo=UTC)),  # mastered on Wednesday
        (1, "price", datetime(2026, 3, 5, 9, tzinfo=UTC)),  # once is enough
    ]
    practice = practice_of(line, answers=[], passes=passes)
    assert practice.mastered == [date(2026, 3, 3), date(2026, 3, 4)]
    week, behind, _ = standing(line, practice, today=date(2026, 3, 5))
    assert (week.mastered, week.mastered_met, behind) == (2, True, False)


def test_behind_means_off_the_weeks_pace_or_last_week_missed() -> None:
    line = Timeline([_norm(team_id=1, valid_from=date(2026, 2, 1), answers_per_day=3, days_per_week=4)])
    three_a_day = [datetime(2026, 3, d, h, tzinfo=UTC) for d in (2, 3) for h in (9, 10, 11)]
    practice = practice_of(line, answers=[*three_a_day, datetime(2026, 3, 4, 9, tzinfo=UTC)], passes=[])
    # Wednesday: 2 practice days (the daily norm met), the pace is 4 × 2 / 7 → 1: on pace, but last week missed
    week, _behind, reasons = standing(line, practice, today=date(2026, 3, 4))
    assert (week.practice_days, week.answers) == (2, 7)
    assert reasons == ["last_week"]
    # Saturday: still 2 days (one answer on Wednesday is short of 3), the pace is 4 × 5 / 7 → 2: on pace
    assert standing(line, practice, today=date(2026, 3, 7))[2] == ["last_week"]
    # Sunday: the pace is 4 × 6 / 7 → 3: behind on days
    assert standing(line, practice, today=date(2026, 3, 8))[2] == ["week_days", "last_week"]
    # the next Tuesday: last week had 2 practice days of 4
    assert standing(line, practice, today=date(2026, 3, 10))[2] == ["last_week"]
    assert standing(line, Practice(), today=date(2026, 2, 3))[1] is False  # Tuesday, the first week of the norm


# --- setting norms through the API ------------------------------------------------------------------------------


def test_the_head_sets_a_team_norm_and_a_rep_reads_their_progress_against_it(app: FastAPI, clock: Clock) -> None:
    team, people, scenario = _team_world(app, clock)
    head = client_for(app, people["head"], clock=clock)
    body = {"team_id": team.id, "answers_per_day": 2, "days_per_week": 3, "mastered_per_week": 1}
    created = head.post(f"{V1}/norms", json={**body, "time_zone": "Europe/Moscow"})
    assert created.status_code == 201, created.text
    assert created.json()["valid_from"] == "2026-03-02"
    for at in (MONDAY - timedelta(minutes=5), MONDAY):
        _answer(app, people["anna"], scenario, at)
    mine = client_for(app, people["anna"], clock=clock).get(f"{V1}/norms/me").json()
    assert mine["norm"] == {
        "source": "team",
        "valid_from": "2026-03-02",
        "answers_per_day": 2,
        "days_per_week": 3,
        "mastered_per_week": 1,
        "time_zone": "Europe/Moscow",
    }
    assert mine["today"] == {"day": "2026-03-02", "answers": 2, "practice_day": True, "met": True}
    assert mine["week"]["practice_days"] == 1
    assert mine["days_left_in_week"] == 6
    assert (mine["behind"], mine["reasons"]) == (False, [])
    trainer = client_for(app, people["trainer"], clock=clock)
    assert trainer.get(f"{V1}/norms/reps/{people['anna'].id}").json() == mine
    assert [n["team_id"] for n in trainer.get(f"{V1}/norms").json()] == [team.id]


def test_a_change_applies_from_its_day_and_leaves_past_weeks_as_they_were(app: FastAPI, clock: Clock) -> None:
    team, people, scenario = _team_world(app, clock)
    head = client_for(app, people["head"], clock=clock)
    assert head.post(f"{V1}/norms", json={"team_id": team.id, "days_per_week": 2}).status_code == 201
    for day in (0, 1):  # Monday and Tuesday of week 1: 2 practice days
        _answer(app, people["anna"], scenario, MONDAY + timedelta(days=day))
    clock.advance(days=9)  # Wednesday of week 2
    head = client_for(app, people["head"], clock=clock)  # (a session lasts hours, not days)
    raised = head.post(f"{V1}/norms", json={"team_id": team.id, "days_per_week": 5, "valid_from": "2026-03-12"})
    assert raised.status_code == 201, raised.text
    clock.advance(days=12)  # Monday of week 4
    head = client_for(app, people["head"], clock=clock)
    report = head.get(f"{V1}/reports/norms", params={"since": "2026-03-02", "until": "2026-03-22"}).json()
    anna = next(r for r in report["reps"] if r["user_id"] == people["anna"].id)
    # each week is judged by the norm of its Monday: weeks 1 and 2 by 2 days a week (met, then missed), week 3 by 5
    assert (anna["weeks_with_norm"], anna["weeks_met"]) == (3, 1)
    assert anna["norm"]["days_per_week"] == 5
    week = client_for(app, people["anna"], clock=clock).get(f"{V1}/norms/me").json()["week"]
    assert (week["week"], week["days_per_week"], week["practice_days"]) == ("2026-03-23", 5, 0)
    assert (anna["behind"], anna["reasons"]) == (True, ["last_week"])
    assert report["reps"][0]["behind"] is True  # behind first
    summary = next(t for t in report["teams"] if t["team_id"] == team.id)
    assert (summary["reps"], summary["reps_behind"], summary["weeks_with_norm"]) == (2, 2, 6)


def test_a_reps_own_norm_lies_over_the_team_norm_and_a_later_empty_one_returns_them_to_it(
    app: FastAPI, clock: Clock
) -> None:
    team, people, _ = _team_world(app, clock)
    trainer = client_for(app, people["trainer"], clock=clock)
    assert trainer.post(f"{V1}/norms", json={"team_id": team.id, "answers_per_day": 10}).status_code == 201
    own = trainer.post(f"{V1}/norms", json={"user_id": people["boris"].id, "answers_per_day": 5})
    assert own.status_code == 201, own.text
    back = trainer.post(f"{V1}/norms", json={"user_id": people["boris"].id, "valid_from": "2026-03-09"})
    assert back.status_code == 201, back.text
    boris = client_for(app, people["boris"], clock=clock)
    assert (boris.get(f"{V1}/norms/me").json()["norm"]["answers_per_day"], "rep") == (5, "rep")
    clock.advance(days=7)
    boris = client_for(app, people["boris"], clock=clock)
    now = boris.get(f"{V1}/norms/me").json()["norm"]
    assert (now["answers_per_day"], now["source"]) == (10, "team")


def test_a_version_of_the_same_day_is_replaced_and_a_future_one_may_be_withdrawn(app: FastAPI, clock: Clock) -> None:
    team, people, _ = _team_world(app, clock)
    head = client_for(app, people["head"], clock=clock)
    first = head.post(f"{V1}/norms", json={"team_id": team.id, "answers_per_day": 10}).json()
    again = head.post(f"{V1}/norms", json={"team_id": team.id, "answers_per_day": 12}).json()
    assert (again["id"], again["answers_per_day"]) == (first["id"], 12)
    future = head.post(f"{V1}/norms", json={"team_id": team.id, "answers_per_day": 20, "valid_from": "2026-04-01"})
    assert head.delete(f"{V1}/norms/{future.json()['id']}").status_code == 204
    assert [n["id"] for n in head.get(f"{V1}/norms").json()] == [first["id"]]


# --- refusals: a clear message, nothing changed ---------------------------------------------------------------


def _refused(client: Any, app: FastAPI, method: str, path: str, status: int, **kwargs: Any) -> dict[str, Any]:
    before = snapshot(app)
    response = client.request(method, path, **kwargs)
    assert response.status_code == status, response.text
    assert snapshot(app) == before
    return dict(response.json())


TEAM, REP = -1, -2  # placeholders for the world's team and rep


@pytest.mark.parametrize(
    ("body", "field", "message"),
    [
        ({"answers_per_day": 5}, "", "give either team_id or user_id, not both and not neither"),
        ({"team_id": TEAM, "user_id": REP}, "", "give either team_id or user_id, not both and not neither"),
        ({"team_id": TEAM, "answers_per_day": 0}, "answers_per_day", "must be at least 1"),
        ({"team_id": TEAM, "days_per_week": 8}, "days_per_week", "must be at most 7"),
        ({"team_id": TEAM, "days_per_week": "four"}, "days_per_week", "must be a whole number"),
        ({"team_id": TEAM, "time_zone": "Mars/Olympus"}, "time_zone", "'Mars/Olympus' is not a time zone name"),
        ({"team_id": TEAM, "valid_from": "2026-03-01"}, "valid_from", "before today (2026-03-02)"),
        ({"user_id": REP, "valid_from": "2026-03-01"}, "valid_from", "before today (2026-03-02)"),
        ({"team_id": TEAM, "valid_from": "next week"}, "valid_from", "valid_from"),
        ({"team_id": TEAM, "surprise": 1}, "surprise", "is not a known field"),
    ],
)
def test_a_bad_norm_is_refused_with_its_field_named(
    app: FastAPI, clock: Clock, body: dict[str, Any], field: str, message: str
) -> None:
    team, people, _ = _team_world(app, clock)
    ids = {TEAM: team.id, REP: people["anna"].id}
    sent = {key: ids.get(value, value) if key.endswith("_id") else value for key, value in body.items()}
    reply = _refused(client_for(app, people["head"], clock=clock), app, "POST", f"{V1}/norms", 422, json=sent)
    assert message in reply["detail"]
    if field:
        assert field in [e["field"] for e in reply["errors"]]
    assert client_for(app, people["head"], clock=clock).get(f"{V1}/norms").json() == []


def test_a_past_day_is_refused_in_russian_too(app: FastAPI, clock: Clock) -> None:
    team, people, _ = _team_world(app, clock)
    head = client_for(app, people["head"], clock=clock)
    reply = _refused(
        head, app, "POST", f"{V1}/norms", 422, json={"team_id": team.id, "valid_from": "2026-02-27"}, headers=RU
    )
    assert reply["detail"] == (
        "valid_from: норматив не может начинаться в прошлом: 27.02.2026 раньше сегодняшнего дня (02.03.2026)"
    )
    assert (reply["code"], reply["params"]) == ("norm_in_past", {"day": "2026-02-27", "today": "2026-03-02"})


def test_a_trainer_sets_norms_for_their_own_team_and_its_reps_only(app: FastAPI, clock: Clock) -> None:
    _team, people, _ = _team_world(app, clock)
    other = make_team(app, name="Enterprise", clock=clock)
    stranger = make_user(app, role=Role.trainee, team=other, clock=clock)
    trainer = client_for(app, people["trainer"], clock=clock)
    reply = _refused(trainer, app, "POST", f"{V1}/norms", 403, json={"team_id": other.id, "answers_per_day": 5})
    assert reply["detail"] == "a trainer sets the norms of their own team and its reps only"
    reply = _refused(trainer, app, "POST", f"{V1}/norms", 404, json={"user_id": stranger.id, "answers_per_day": 5})
    assert reply["detail"] == f"no rep with id {stranger.id} for you"
    assert _refused(trainer, app, "GET", f"{V1}/norms?team_id={other.id}", 403)["detail"]
    assert _refused(trainer, app, "GET", f"{V1}/norms/reps/{stranger.id}", 404)["detail"]
    head = client_for(app, people["head"], clock=clock)
    version = head.post(f"{V1}/norms", json={"team_id": other.id, "answers_per_day": 5, "valid_from": "2026-03-20"})
    assert version.status_code == 201
    assert _refused(trainer, app, "DELETE", f"{V1}/norms/{version.json()['id']}", 404)["detail"]


def test_norms_are_for_reps_and_a_norm_in_force_stays(app: FastAPI, clock: Clock) -> None:
    team, people, _ = _team_world(app, clock)
    head = client_for(app, people["head"], clock=clock)
    reply = _refused(head, app, "POST", f"{V1}/norms", 422, json={"user_id": people["trainer"].id})
    assert (
        reply["detail"] == f"user_id: user {people['trainer'].id} is not a rep: norms are for reps (the trainee role)"
    )
    assert _refused(head, app, "POST", f"{V1}/norms", 404, json={"team_id": 99999})["detail"] == "no team with id 99999"
    version = head.post(f"{V1}/norms", json={"team_id": team.id, "answers_per_day": 5}).json()
    reply = _refused(head, app, "DELETE", f"{V1}/norms/{version['id']}", 409, headers=RU)
    assert reply["detail"].startswith(f"Норматив {version['id']} действует с 02.03.2026")
    assert _refused(head, app, "DELETE", f"{V1}/norms/99999", 404)["detail"] == "no norm with id 99999"


def test_the_week_turns_at_midnight_in_each_reps_zone_as_the_clock_moves(app: FastAPI, clock: Clock) -> None:
    """The team counts Moscow days, boris his own UTC days: at 21:30 UTC on Sunday anna's new week has begun and
    an answer at 00:10 Moscow time is in it, while boris is still in the old week; at 00:30 UTC his week turns too
    and the last one, without a practice day, puts him behind. The team screen says the same."""
    team, people, scenario = _team_world(app, clock)
    head = client_for(app, people["head"], clock=clock)
    body = {"team_id": team.id, "days_per_week": 1, "time_zone": "Europe/Moscow"}
    assert head.post(f"{V1}/norms", json=body).status_code == 201
    own = head.post(f"{V1}/norms", json={"user_id": people["boris"].id, "time_zone": "UTC"})
    assert own.status_code == 201, own.text
    _answer(app, people["anna"], scenario, MONDAY + timedelta(days=1))  # Tuesday: last week's practice day

    def progress(name: str) -> dict[str, Any]:
        client = client_for(app, people[name], clock=clock)  # (a session lasts hours, not days)
        return dict(client.get(f"{V1}/norms/me").json())

    def seen(reply: dict[str, Any]) -> tuple[Any, ...]:
        return reply["today"]["day"], reply["week"]["week"], reply["week"]["practice_days"], reply["behind"]

    clock.current = datetime(2026, 3, 8, 20, 30, tzinfo=UTC)  # Sunday: 23:30 in Moscow
    assert seen(progress("anna")) == ("2026-03-08", "2026-03-02", 1, False)
    assert seen(progress("boris")) == ("2026-03-08", "2026-03-02", 0, False)  # the week's pace: 1 × 6 // 7 = 0
    _answer(app, people["anna"], scenario, datetime(2026, 3, 8, 21, 10, tzinfo=UTC))  # 00:10 on Monday in Moscow
    clock.advance(hours=1)  # 21:30 UTC: Monday 00:30 in Moscow, still Sunday in UTC
    anna = progress("anna")
    assert seen(anna) == ("2026-03-09", "2026-03-09", 1, False)
    assert (anna["today"]["answers"], anna["days_left_in_week"]) == (1, 6)
    assert seen(progress("boris")) == ("2026-03-08", "2026-03-02", 0, False)
    clock.advance(hours=3)  # 00:30 UTC on Monday
    boris = progress("boris")
    assert seen(boris) == ("2026-03-09", "2026-03-09", 0, True)
    assert boris["reasons"] == ["last_week"]
    screen = client_for(app, people["head"], clock=clock).get(f"{V1}/reports/team", params={"team_id": team.id})
    rows = {r["user_id"]: r for r in screen.json()["rows"]}
    assert (rows[people["anna"].id]["norm"], rows[people["boris"].id]["norm"]) == ("on_track", "behind")
    assert rows[people["boris"].id]["norm_reasons"] == ["last_week"]
