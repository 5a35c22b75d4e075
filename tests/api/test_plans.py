"""Onboarding plans: tracks due days after a new rep's start, through probation; a rep on plan, behind (which
track, how many days late) or done; who may give a plan; bad plans refused with nothing changed."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from api_builders import Clock, client_for, make_team, make_user, publish_scenario, publish_track, snapshot
from fastapi import FastAPI
from training_builders import START, record_test

from api.models import Role

V1 = "/api/v1"
NOW = START + timedelta(days=60)
RU = {"Accept-Language": "ru-RU"}
ALL_STRONG = {"price": 90, "pushback": 90, "timing": 90}


@pytest.fixture
def clock() -> Clock:
    return Clock(NOW)


def _world(app: FastAPI, clock: Clock) -> dict[str, Any]:
    team = make_team(app, clock=clock)
    people = {
        "head": make_user(app, role=Role.head, clock=clock),
        "trainer": make_user(app, role=Role.trainer, team=team, clock=clock),
        **{name: make_user(app, role=Role.trainee, team=team, clock=clock) for name in ("early", "late", "new")},
    }
    scenario = publish_scenario(app, author=people["trainer"], clock=clock)
    basics = publish_track(app, author=people["trainer"], clock=clock, scenario_ids=[scenario.id or 0], name="Basics")
    advanced = publish_track(
        app, author=people["trainer"], clock=clock, scenario_ids=[scenario.id or 0], name="Advanced"
    )
    return {"team": team, "people": people, "tracks": [basics, advanced]}


def _plan(tracks: list[Any], **changes: Any) -> dict[str, Any]:
    plan = {
        "name": "New hires",
        "description": "Two tracks in the first month, then probation ends.",
        "probation_days": 90,
        "milestones": [{"track_id": tracks[0].id, "due_days": 14}, {"track_id": tracks[1].id, "due_days": 30}],
    }
    return {**plan, **changes}


def test_a_new_hire_is_on_plan_behind_or_done_and_sees_the_plan_with_dates(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people, (basics, advanced) = world["people"], world["tracks"]
    head = client_for(app, people["head"], clock=clock)
    plan = head.post(f"{V1}/plans", json=_plan(world["tracks"]))
    assert plan.status_code == 201, plan.text
    plan_id = plan.json()["id"]
    starts = {"early": NOW - timedelta(days=20), "late": NOW - timedelta(days=40), "new": NOW}
    for name, start in starts.items():
        body = {"user_id": people[name].id, "start_date": start.date().isoformat()}
        assert head.post(f"{V1}/plans/{plan_id}/assignments", json=body).status_code == 201
    # the plan's tracks are assigned to each rep: they can take the tests; "early" is certified on day 10
    record_test(app, rep=people["early"], track=basics, scores=ALL_STRONG, at=NOW - timedelta(days=10))

    early = client_for(app, people["early"], clock=clock).get(f"{V1}/plans/me").json()
    assert (early["status"], early["start_date"], early["probation_end"]) == (
        "on_plan",
        starts["early"].date().isoformat(),
        (starts["early"] + timedelta(days=90)).date().isoformat(),
    )
    assert [(m["track_name"], m["due"], m["status"]) for m in early["milestones"]] == [
        ("Basics", (starts["early"] + timedelta(days=14)).date().isoformat(), "done"),
        ("Advanced", (starts["early"] + timedelta(days=30)).date().isoformat(), "open"),
    ]
    late = head.get(f"{V1}/plans/reps/{people['late'].id}").json()
    assert (late["status"], late["behind_track_name"], late["days_late"]) == ("behind", "Basics", 26)
    assert [m["status"] for m in late["milestones"]] == ["late", "late"]

    report = head.get(f"{V1}/reports/plans").json()
    assert [(r["name"], r["status"]) for r in report["reps"]] == [
        (people["late"].name, "behind"),
        (people["early"].name, "on_plan"),
        (people["new"].name, "on_plan"),
    ]

    record_test(app, rep=people["early"], track=advanced, scores=ALL_STRONG, at=NOW - timedelta(days=1))
    assert client_for(app, people["early"], clock=clock).get(f"{V1}/plans/me").json()["status"] == "done"


def test_a_trainer_gives_a_plan_to_their_own_teams_reps_only(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people = world["people"]
    trainer = client_for(app, people["trainer"], clock=clock)
    plan_id = trainer.post(f"{V1}/plans", json=_plan(world["tracks"])).json()["id"]
    other = make_team(app, name="Enterprise", clock=clock)
    stranger = make_user(app, role=Role.trainee, team=other, clock=clock)
    before = snapshot(app)
    refused = trainer.post(f"{V1}/plans/{plan_id}/assignments", json={"user_id": stranger.id})
    assert refused.status_code == 404
    assert refused.json()["detail"] == f"no rep with id {stranger.id} for you"
    assert snapshot(app) == before
    mine = trainer.post(f"{V1}/plans/{plan_id}/assignments", json={"user_id": people["new"].id})
    assert mine.status_code == 201, mine.text
    assert mine.json()["start_date"] == NOW.date().isoformat()


@pytest.mark.parametrize(
    ("changes", "status", "code"),
    [
        ({"milestones": [{"track_id": 0, "due_days": 30}, {"track_id": 1, "due_days": 14}]}, 422, "plan_out_of_order"),
        ({"probation_days": 20}, 422, "plan_after_probation"),
        ({"milestones": [{"track_id": 0, "due_days": 14}, {"track_id": 0, "due_days": 30}]}, 422, "plan_track_twice"),
        ({"milestones": [{"track_id": 99999, "due_days": 14}]}, 422, "plan_tracks_unpublished"),
        ({"milestones": []}, 422, "too_short"),
        ({"probation_days": 0}, 422, "greater_than_equal"),
        ({"name": "  "}, 422, "string_too_short"),
        ({"surprise": True}, 422, "extra_forbidden"),
    ],
)
def test_a_bad_plan_is_refused_and_nothing_changes(
    app: FastAPI, clock: Clock, changes: dict[str, Any], status: int, code: str
) -> None:
    world = _world(app, clock)
    ids = [t.id for t in world["tracks"]]
    if "milestones" in changes:
        changes = {
            "milestones": [
                {**m, "track_id": ids[m["track_id"]] if m["track_id"] < 2 else m["track_id"]}
                for m in changes["milestones"]
            ]
        }
    head = client_for(app, world["people"]["head"], clock=clock)
    before = snapshot(app)
    response = head.post(f"{V1}/plans", json=_plan(world["tracks"], **changes), headers=RU)
    assert response.status_code == status, response.text
    body = response.json()
    assert code in [body["code"], *(e["code"] for e in body["errors"])]
    assert any(ch in body["detail"] for ch in "абвгдеёжзийклмнопрстуфхцчшщыэюя"), body["detail"]  # in Russian
    assert snapshot(app) == before


def test_refusals_name_the_problem(app: FastAPI, clock: Clock) -> None:
    world = _world(app, clock)
    people = world["people"]
    head = client_for(app, people["head"], clock=clock)
    plan_id = head.post(f"{V1}/plans", json=_plan(world["tracks"])).json()["id"]
    rep = client_for(app, people["new"], clock=clock)
    before = snapshot(app)
    again = head.post(f"{V1}/plans", json=_plan(world["tracks"]))
    assert (again.status_code, again.json()["detail"]) == (409, "a plan named 'New hires' already exists")
    not_a_rep = head.post(f"{V1}/plans/{plan_id}/assignments", json={"user_id": people["trainer"].id})
    assert (not_a_rep.status_code, not_a_rep.json()["code"]) == (422, "plan_not_for_rep")
    assert head.post(f"{V1}/plans/99999/assignments", json={"user_id": people["new"].id}).status_code == 404
    none = rep.get(f"{V1}/plans/me", headers=RU)
    assert (none.status_code, none.json()["detail"]) == (
        404,
        f"Пользователь {people['new'].id} не включён ни в один план ввода",
    )
    assert snapshot(app) == before


def test_the_plan_report_opens_in_excel(app: FastAPI, clock: Clock) -> None:
    import io

    from openpyxl import load_workbook

    world = _world(app, clock)
    people = world["people"]
    head = client_for(app, people["head"], clock=clock)
    plan_id = head.post(f"{V1}/plans", json=_plan(world["tracks"])).json()["id"]
    start = (NOW - timedelta(days=40)).date().isoformat()
    head.post(f"{V1}/plans/{plan_id}/assignments", json={"user_id": people["late"].id, "start_date": start})
    sheet = load_workbook(io.BytesIO(head.get(f"{V1}/reports/plans.xlsx").content)).active
    assert sheet is not None
    assert [c.value for c in sheet[1]][:6] == ["Rep", "Team", "Plan", "Start", "Probation end", "Status"]
    assert [c.value for c in sheet[2]][5:8] == ["behind", "Basics", 26]


def test_a_track_is_late_from_the_utc_day_after_it_is_due_as_the_clock_moves(app: FastAPI, clock: Clock) -> None:
    """Plan days are UTC days: due on Monday, a track is on time until 23:59 UTC that day and one day late at
    00:00, whatever the rep's time zone; a certificate at 22:30 UTC on the due day (01:30 on Tuesday in Moscow) is
    on time, and the week turning changes nothing else."""
    world = _world(app, clock)
    people, (basics, _) = world["people"], world["tracks"]
    head = client_for(app, people["head"], clock=clock)
    plan = head.post(f"{V1}/plans", json=_plan(world["tracks"], milestones=[{"track_id": basics.id, "due_days": 7}]))
    assert plan.status_code == 201, plan.text
    due = NOW.replace(hour=0) + timedelta(days=7)  # START + 67 days: a Monday
    for name in ("early", "late"):
        body = {"user_id": people[name].id, "start_date": (due - timedelta(days=7)).date().isoformat()}
        assert head.post(f"{V1}/plans/{plan.json()['id']}/assignments", json=body).status_code == 201

    def standing(name: str) -> tuple[str, int]:
        reply = client_for(app, people["head"], clock=clock).get(f"{V1}/plans/reps/{people[name].id}").json()
        return reply["status"], reply["days_late"]

    clock.current = due + timedelta(hours=23, minutes=59)
    record_test(app, rep=people["early"], track=basics, scores=ALL_STRONG, at=due + timedelta(hours=22, minutes=30))
    assert (standing("early"), standing("late")) == (("done", 0), ("on_plan", 0))
    clock.advance(minutes=1)  # 00:00 UTC on Tuesday
    assert (standing("early"), standing("late")) == (("done", 0), ("behind", 1))
    clock.advance(days=6)  # the next Monday
    assert standing("late") == ("behind", 7)
    milestones = client_for(app, people["early"], clock=clock).get(f"{V1}/plans/me").json()["milestones"]
    assert [(m["status"], m["done_on"]) for m in milestones] == [("done", due.date().isoformat())]
