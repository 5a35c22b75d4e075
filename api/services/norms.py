"""Practice norms: versions set by the head of sales (any team) or a trainer (their own team and its reps), and how
each rep meets the norm: today, this week, over a period.

Days are days in the norm's time zone; weeks start on Monday. A version is in force from midnight of its first day
in its own time zone until the next version of the same team or rep takes effect, and no version may start before
today, so a change never rewrites the past.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Protocol
from zoneinfo import ZoneInfo

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, or_, select

from api.errors import ConflictError, ForbiddenError, InvalidError, NotFoundError
from api.models import Answer, Role, Team, User
from api.models.base import id_of
from api.models.norms import (
    NormCreate,
    NormDay,
    NormInForce,
    NormProgress,
    NormPublic,
    NormWeek,
    PracticeNorm,
)
from api.services import scope

DEFAULT_ZONE = "UTC"
FAR_PAST, FAR_FUTURE = datetime(1900, 1, 1, tzinfo=UTC), datetime(2999, 1, 1, tzinfo=UTC)
MEASURES = ("answers_per_day", "days_per_week", "mastered_per_week")


def week_of(day: date) -> date:
    """The Monday of the day's week."""
    return day - timedelta(days=day.weekday())


# --- which norm is in force ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Timeline:
    """The versions of a rep's team norm and of the rep's own norm, oldest first."""

    team: Sequence[PracticeNorm] = ()
    rep: Sequence[PracticeNorm] = ()
    # the norm in force per pair of versions, built once (a screen of 1,000 reps asks for a dozen days each), and
    # per day of a pair of version lists (the reps of a team without versions of their own share both lists)
    _known: dict[tuple[int, int], NormInForce] = field(default_factory=dict, compare=False, repr=False)
    _days: dict[tuple[int, int, date], NormInForce] = field(default_factory=dict, compare=False, repr=False)
    _spans: dict[tuple[int, int], list[tuple[datetime, datetime, str]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def on(self, day: date) -> NormInForce:
        """The norm in force on `day`: the team's version of that day with the rep's own values over it."""
        found = self._days.get((id(self.team), id(self.rep), day))
        if found is not None:
            return found
        team, rep = _version_on(self.team, day), _version_on(self.rep, day)
        key = (id(team), id(rep))
        if key not in self._known:
            self._known[key] = _in_force(team, rep)
        self._days[(id(self.team), id(self.rep), day)] = self._known[key]
        return self._known[key]

    def local_day(self, moment: datetime) -> date:
        """The day of `moment` in the time zone of the norm in force at that moment (`zone_spans`)."""
        spans = self.zone_spans()
        at = bisect_right(spans, moment, key=lambda span: span[0])
        return moment.astimezone(ZoneInfo(spans[max(at - 1, 0)][2])).date()

    def zone_spans(self) -> list[tuple[datetime, datetime, str]]:
        """The time zone days are counted in, as spans of time: a version takes effect at midnight of its first day
        in its own time zone (a Europe/Moscow norm starting on Monday counts from Sunday 21:00 UTC), and a later
        version that takes effect earlier (its zone is further east) overrides the one before it at once."""
        key = (id(self.team), id(self.rep))
        if key not in self._spans:
            starts = sorted({v.valid_from for v in (*self.team, *self.rep)})
            zones = [(d, self.on(d).time_zone) for d in starts]
            effects = [(datetime.combine(d, time(), ZoneInfo(zone)).astimezone(UTC), zone) for d, zone in zones]
            spans: list[tuple[datetime, datetime, str]] = []
            end = FAR_FUTURE
            for effect, zone in reversed(effects):  # a version's span ends where a later one takes effect
                if effect < end:
                    spans.append((effect, end, zone))
                    end = effect
            spans.append((FAR_PAST, end, self.on(date.min).time_zone))
            merged: list[tuple[datetime, datetime, str]] = []
            for begin, until, zone in reversed(spans):
                if merged and merged[-1][2] == zone:
                    merged[-1] = (merged[-1][0], until, zone)
                else:
                    merged.append((begin, until, zone))
            self._spans[key] = merged
        return self._spans[key]


def _in_force(team: PracticeNorm | None, rep: PracticeNorm | None) -> NormInForce:
    """The team's version with the rep's own values over it."""
    values = {m: _value(rep, m) if _value(rep, m) is not None else _value(team, m) for m in MEASURES}
    zone = (rep.time_zone if rep else None) or (team.time_zone if team else None) or DEFAULT_ZONE
    own = rep is not None and (any(_value(rep, m) is not None for m in MEASURES) or rep.time_zone is not None)
    source = "rep" if own else "team" if team is not None else "none"
    starts = [v.valid_from for v in (team, rep) if v is not None]
    return NormInForce(source=source, valid_from=max(starts) if starts else None, time_zone=zone, **values)


def _version_on(versions: Sequence[PracticeNorm], day: date) -> PracticeNorm | None:
    at = bisect_right(versions, day, key=lambda v: v.valid_from)
    return versions[at - 1] if at else None


def _value(version: PracticeNorm | None, measure: str) -> int | None:
    value = getattr(version, measure) if version is not None else None
    return value if isinstance(value, int) else None


class Member(Protocol):
    """A rep as far as their timeline goes: a `User`, or a row of its columns."""

    @property
    def id(self) -> int | None: ...

    @property
    def team_id(self) -> int | None: ...


def timelines(session: Session, reps: Iterable[Member]) -> dict[int, Timeline]:
    """Each rep's timeline (their current team's versions and their own)."""
    reps = list(reps)
    ids = [id_of(r) for r in reps]
    teams = {r.team_id for r in reps if r.team_id is not None}
    query = select(PracticeNorm).where(or_(col(PracticeNorm.user_id).in_(ids), col(PracticeNorm.team_id).in_(teams)))
    by_team: dict[int, list[PracticeNorm]] = defaultdict(list)
    by_rep: dict[int, list[PracticeNorm]] = defaultdict(list)
    for version in session.exec(query.order_by(col(PracticeNorm.valid_from))):
        if version.user_id is not None:
            by_rep[version.user_id].append(version)
        elif version.team_id is not None:
            by_team[version.team_id].append(version)
    # shared: the reps of a team share its versions (the lists live as long as the timelines, so their ids stay theirs)
    known: dict[tuple[int, int], NormInForce] = {}
    days: dict[tuple[int, int, date], NormInForce] = {}
    spans: dict[tuple[int, int], list[tuple[datetime, datetime, str]]] = {}
    none: list[PracticeNorm] = []
    return {
        id_of(r): Timeline(
            by_team.get(r.team_id, none) if r.team_id is not None else none,
            by_rep.get(id_of(r), none),
            known,
            days,
            spans,
        )
        for r in reps
    }


def today_of(timeline: Timeline, now: datetime) -> date:
    """Today in the time zone of the norm in force now."""
    return timeline.local_day(now)


# --- what a rep did ----------------------------------------------------------------------------------------------


@dataclass
class Practice:
    """A rep's practice answers per day, and the day each objection step was mastered."""

    answers: Counter[date] = field(default_factory=Counter)
    mastered: list[date] = field(default_factory=list)


def practice_of(
    timeline: Timeline, *, answers: Iterable[datetime], passes: Iterable[tuple[int, str, datetime]]
) -> Practice:
    """Count practice answers per day; a step is mastered on the first day it is passed (with a first answer, not a
    retry) after a different, earlier day on which it was passed: recalled on another day, not just once."""
    counted = Counter(timeline.local_day(moment) for moment in answers)
    first: dict[tuple[int, str], date] = {}
    mastered: dict[tuple[int, str], date] = {}
    for scenario_id, step_id, moment in sorted(passes, key=lambda p: p[2]):
        key, day = (scenario_id, step_id), timeline.local_day(moment)
        if key not in first:
            first[key] = day
        elif key not in mastered and day > first[key]:
            mastered[key] = day
    return Practice(counted, sorted(mastered.values()))


def norm_day(timeline: Timeline, practice: Practice, day: date) -> NormDay:
    answers, target = practice.answers.get(day, 0), timeline.on(day).answers_per_day
    return NormDay(
        day=day,
        answers=answers,
        practice_day=_practised(timeline, practice, day),
        met=answers >= target if target else None,
    )


def _practised(timeline: Timeline, practice: Practice, day: date) -> bool:
    """A practice day: the day's norm of answers reached (one answer when the norm sets none)."""
    return practice.answers.get(day, 0) >= (timeline.on(day).answers_per_day or 1)


def norm_week(timeline: Timeline, practice: Practice, monday: date, *, today: date) -> NormWeek:
    """The week of `monday` up to `today`, judged by the norm in force on its Monday (a weekly measure changed
    within a week counts from the next one: the days already gone were practised under the old one)."""
    days = [monday + timedelta(days=n) for n in range(7) if monday + timedelta(days=n) <= today]
    norm = timeline.on(monday)
    practice_days = sum(_practised(timeline, practice, d) for d in days)
    mastered = sum(1 for d in practice.mastered if monday <= d <= monday + timedelta(days=6) and d <= today)
    days_met = practice_days >= norm.days_per_week if norm.days_per_week else None
    mastered_met = mastered >= norm.mastered_per_week if norm.mastered_per_week else None
    judged = [m for m in (days_met, mastered_met) if m is not None]
    return NormWeek(
        week=monday,
        answers=sum(practice.answers.get(d, 0) for d in days),
        practice_days=practice_days,
        mastered=mastered,
        days_per_week=norm.days_per_week,
        mastered_per_week=norm.mastered_per_week,
        days_met=days_met,
        mastered_met=mastered_met,
        met=all(judged) if judged else None,
    )


def standing(timeline: Timeline, practice: Practice, *, today: date) -> tuple[NormWeek, bool, list[str]]:
    """This week so far, and whether the rep is behind: fewer practice days or mastered steps this week than the
    norm's pace (the weekly number × days of the week gone before today / 7, rounded down), or last week missed."""
    week, gone = norm_week(timeline, practice, week_of(today), today=today), today.weekday()
    reasons = []
    if week.days_per_week and week.practice_days < week.days_per_week * gone // 7:
        reasons.append("week_days")
    if week.mastered_per_week and week.mastered < week.mastered_per_week * gone // 7:
        reasons.append("week_mastered")
    last_monday = week_of(today) - timedelta(days=7)
    if norm_week(timeline, practice, last_monday, today=last_monday + timedelta(days=6)).met is False:
        reasons.append("last_week")
    return week, bool(reasons), reasons


# --- reading answers ---------------------------------------------------------------------------------------------


def read_practice(
    session: Session, timelines_: dict[int, Timeline], *, since: datetime, end: datetime
) -> dict[int, Practice]:
    """Each rep's practice answers from `since` and passes (for mastery) before `end`."""
    ids = list(timelines_)
    practice = col(Answer.kind) == "practice"
    answers: dict[int, list[datetime]] = defaultdict(list)
    passes: dict[int, list[tuple[int, str, datetime]]] = defaultdict(list)
    query = select(Answer.user_id, Answer.created_at).where(
        col(Answer.user_id).in_(ids), practice, col(Answer.created_at) >= since, col(Answer.created_at) < end
    )
    for user_id, moment in session.exec(query):
        answers[user_id].append(moment)
    passed = select(Answer.user_id, Answer.scenario_id, Answer.step_id, Answer.created_at).where(
        col(Answer.user_id).in_(ids),
        practice,
        col(Answer.passed).is_(True),
        col(Answer.retry).is_(False),
        col(Answer.created_at) < end,
    )
    for user_id, scenario_id, step_id, moment in session.exec(passed):
        passes[user_id].append((scenario_id, step_id, moment))
    return {
        user_id: practice_of(timeline, answers=answers[user_id], passes=passes[user_id])
        for user_id, timeline in timelines_.items()
    }


def window_start(day: date) -> datetime:
    """The start of a day widened by the largest time-zone offset, to read every answer of that local day."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC) - timedelta(hours=14)


# --- a rep's progress --------------------------------------------------------------------------------------------


def progress(session: Session, *, rep: User, now: datetime) -> NormProgress:
    """The rep against their norm now: today, this week so far, behind or not."""
    rep_id = id_of(rep)
    timeline = timelines(session, [rep])[rep_id]
    today = today_of(timeline, now)
    start = window_start(week_of(today) - timedelta(days=7))
    practice = read_practice(session, {rep_id: timeline}, since=start, end=now + timedelta(seconds=1))[rep_id]
    week, behind, reasons = standing(timeline, practice, today=today)
    return NormProgress(
        user_id=rep_id,
        name=rep.name,
        norm=timeline.on(today),
        today=norm_day(timeline, practice, today),
        week=week,
        days_left_in_week=6 - today.weekday(),
        behind=behind,
        reasons=reasons,
    )


# --- setting norms -----------------------------------------------------------------------------------------------


def list_norms(session: Session, *, viewer: User, team_id: int | None) -> list[NormPublic]:
    """The versions of the teams' and reps' norms the viewer may see (one team's with `team_id`), newest first."""
    team = scope.team_filter(viewer, team_id=team_id)
    query = select(PracticeNorm)
    if team is not None:
        members = select(User.id).where(col(User.team_id) == team)
        query = query.where(or_(col(PracticeNorm.team_id) == team, col(PracticeNorm.user_id).in_(members)))
    order = (col(PracticeNorm.valid_from).desc(), col(PracticeNorm.id).desc())
    return [NormPublic.model_validate(v, from_attributes=True) for v in session.exec(query.order_by(*order))]


def _check_target(session: Session, *, viewer: User, body: NormCreate) -> User | None:
    """The rep of a rep's norm (None for a team's), refusing what the viewer may not set."""
    if body.team_id is not None:
        if session.get(Team, body.team_id) is None:
            raise NotFoundError("team_not_found", id=body.team_id)
        if not scope.sees_every_team(viewer) and body.team_id != viewer.team_id:
            raise ForbiddenError("norm_other_team")
        return None
    rep = scope.visible_rep(session, viewer=viewer, user_id=body.user_id or 0)
    if rep.role != Role.trainee:
        raise InvalidError("norm_not_for_rep", field="user_id", id=rep.id)
    return rep


def create(session: Session, *, viewer: User, body: NormCreate, now: datetime) -> PracticeNorm:
    """A new version of a team's or a rep's norm from `valid_from` (today by default, not before); a version of the
    same team or rep from the same day is replaced."""
    rep = _check_target(session, viewer=viewer, body=body)
    zone = body.time_zone
    if zone is None and rep is not None:
        zone = timelines(session, [rep])[id_of(rep)].on(now.date()).time_zone
    today = now.astimezone(ZoneInfo(zone or DEFAULT_ZONE)).date()
    valid_from = body.valid_from or today
    if valid_from < today:
        raise InvalidError("norm_in_past", field="valid_from", day=valid_from, today=today)
    owner = PracticeNorm.user_id == body.user_id if rep is not None else PracticeNorm.team_id == body.team_id
    version = session.exec(select(PracticeNorm).where(owner, col(PracticeNorm.valid_from) == valid_from)).first()
    version = version or PracticeNorm(team_id=body.team_id, user_id=body.user_id, valid_from=valid_from, created_at=now)
    for measure in MEASURES:
        setattr(version, measure, getattr(body, measure))
    version.time_zone = body.time_zone if rep is not None else body.time_zone or DEFAULT_ZONE
    version.created_by_id, version.created_at = viewer.id, now
    session.add(version)
    try:
        session.commit()
    except IntegrityError:  # the same version set at the same moment by someone else
        session.rollback()
        raise ConflictError("norm_changed") from None
    return version


def _visible_version(session: Session, *, viewer: User, norm_id: int) -> PracticeNorm:
    version = session.get(PracticeNorm, norm_id)
    if version is not None and version.team_id is not None:
        seen = scope.sees_every_team(viewer) or version.team_id == viewer.team_id
    else:
        seen = version is not None and scope.visible_owner(session, viewer=viewer, user_id=version.user_id or 0)
    if version is None or not seen:
        raise NotFoundError("norm_not_found", id=norm_id)
    return version


def delete(session: Session, *, viewer: User, norm_id: int, now: datetime) -> None:
    """Withdraw a version that is not in force yet; one in force or past stays (it is history)."""
    version = _visible_version(session, viewer=viewer, norm_id=norm_id)
    today = now.astimezone(ZoneInfo(version.time_zone or DEFAULT_ZONE)).date()
    if version.valid_from <= today:
        raise ConflictError("norm_in_force", id=norm_id, day=version.valid_from)
    session.delete(version)
    session.commit()
