"""A demo company with months of history, made by the real services: teams, reps, trainers, a head of sales,
tracks of the built-in library assigned to teams, and simulated reps of different skill who practise today's
drill, take their tests when the cycle says so, and dispute scores now and then.

Every answer is a graded sample answer or a reference answer of its step, picked according to the rep's skill
(which grows with practice), and scored by the real scorer: scores are real. The scorer is deterministic, so
each distinct answer is scored once, in batches, before the simulation starts.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from sqlmodel import Session, col, select

from api.errors import ConflictError, ServiceError
from api.models import Answer, Dispute, Role, Scenario, ScenarioVersion, Team, Track, User
from api.models.base import id_of
from api.models.content import AssignmentCreate, TrackRules
from api.models.plans import Milestone, PlanAssign, PlanCreate
from api.models.progress import Certificate, StartDrillAt
from api.models.users import TeamCreate, UserCreate
from api.scoring import ScoringService
from api.services import accounts, cycles, practice, progress
from api.services import disputes as dispute_service
from api.services import exams as exam_service
from api.services import plans as plan_service
from api.services import scenarios as scenario_service
from api.services import tracks as track_service
from api.services.demo_company import (
    ENGLISH_LOGINS,
    ENGLISH_TEAMS,
    HEAD,
    NEW_HIRES,
    TEAMS,
    TRACKS,
    TrackPlan,
    email_of,
)
from api.settings import Settings
from scenarios.convert import step_spec
from scenarios.loader import builtin_library, load_paths
from scenarios.schema import Scenario as Document
from scoring.scorer import Scorer, ScoreResult, StepSpec

Progress = Callable[[str, int, int], None]  # stage, done, total
REFERENCE_GRADE = 95
POOL_SAMPLES = 5  # graded samples per step the reps' answers are drawn from (with the references)


@dataclass(frozen=True)
class DemoOptions:
    """How big the demo is: `days` of history ending yesterday, which `teams` (indexes into TEAMS),
    `reps_per_team` (at most 6), a random `seed`."""

    days: int = 90
    teams: tuple[int, ...] = (0, 1, 2)
    reps_per_team: int = 4
    seed: int = 7
    password: str = "demo-password-2026"


@dataclass
class DemoSummary:
    teams: int = 0
    users: int = 0
    practice_answers: int = 0
    tests: int = 0
    certificates: int = 0
    disputes: int = 0
    logins: list[tuple[str, str]] = field(default_factory=list)  # (role, email)


class MemoScorer(Scorer):
    """The real scorer, remembering each (step, answer) it scored: scores are deterministic, so this only
    saves the time of scoring the same sample answer again."""

    def __init__(self, inner: Scorer) -> None:
        super().__init__(inner.encoder, inner.config)
        self._inner = inner
        self._memo: dict[tuple[StepSpec, str], ScoreResult] = {}

    def score_batch(self, items: Sequence[tuple[StepSpec, str]]) -> list[ScoreResult]:
        missing = list(dict.fromkeys(k for k in items if k not in self._memo))
        for start in range(0, len(missing), 32):
            chunk = missing[start : start + 32]
            self._memo.update(zip(chunk, self._inner.score_batch(chunk), strict=True))
        return [self._memo[k] for k in items]


@dataclass
class SimRep:
    """A simulated rep: skill (0-1) grows with practice of each step; diligence is the chance to practise."""

    user: User
    skill: float
    diligence: float
    trainer: User
    practice: dict[tuple[int, str], int] = field(default_factory=dict)


def exists(session: Session) -> bool:
    """True when the demo company was already created here."""
    return session.exec(select(Team.id).where(col(Team.name) == TEAMS[0].name)).first() is not None


def create_demo(
    session: Session,
    *,
    scorer: Scorer,
    settings: Settings,
    now: datetime,
    options: DemoOptions,
    progress: Progress | None = None,
) -> DemoSummary:
    """Create the demo company with `options.days` of history up to `now` (refuses to run twice)."""
    if exists(session):
        raise ConflictError("demo_exists")
    report = progress or (lambda stage, done, total: None)
    rng = random.Random(options.seed)
    today = now.replace(hour=0, minute=0, second=0, microsecond=0)
    start = today - timedelta(days=options.days)
    world = _World(session, settings=settings, rng=rng, options=options, start=start)
    world.build()
    memo = MemoScorer(scorer)
    world.prescore(memo, report)
    world.scoring = ScoringService(memo, batch_window_s=0.0)
    try:
        for day in range(options.days):
            world.simulate_day(start + timedelta(days=day))  # the last one is yesterday
            report("days", day + 1, options.days)
    finally:
        world.scoring.close()
    return world.finish(now)


class _World:
    def __init__(
        self, session: Session, *, settings: Settings, rng: random.Random, options: DemoOptions, start: datetime
    ) -> None:
        self.session, self.settings, self.rng, self.options, self.start = session, settings, rng, options, start
        self.summary = DemoSummary()
        self.reps: list[SimRep] = []
        self.tracks: list[Track | None] = []
        self.documents: dict[int, Document] = {}  # by scenario id
        self.pool: dict[tuple[int, str], list[tuple[str, int]]] = {}  # (scenario id, step id) -> (answer, grade)
        self.pending: list[tuple[datetime, int, User]] = []  # disputes to review: (when, dispute id, reviewer)
        self.scoring = ScoringService(None)

    # --- the company -------------------------------------------------------------------------------------------

    def build(self) -> None:
        session, at = self.session, self.start - timedelta(days=1)
        admin = session.exec(select(User).where(col(User.role) == Role.admin).order_by(col(User.id))).first()
        head = self._user(HEAD, Role.head, team=None)
        teams = [TEAMS[i] for i in self.options.teams]
        used = sorted({t for plan in teams for t in plan.tracks})
        self._library(author=admin or head, at=at, slugs={slug for t in used for slug in TRACKS[t].slugs})
        self.tracks = [self._track(plan, author=head, at=at) if i in used else None for i, plan in enumerate(TRACKS)]
        for plan in teams:
            team = accounts.create_team(session, data=TeamCreate(name=plan.name), now=at)
            self.summary.teams += 1
            trainer = self._user(plan.trainer, Role.trainer, team=team)
            for index in plan.tracks:
                track = self.tracks[index]
                assert track is not None
                data = AssignmentCreate(team_id=team.id)
                track_service.assign(session, track=track, data=data, author=trainer, now=self.start)
            for n, person in enumerate(plan.reps[: self.options.reps_per_team]):
                skill = 0.35 + 0.55 * n / max(1, self.options.reps_per_team - 1)  # the weakest to the strongest
                user = self._user(person, Role.trainee, team=team)
                self.reps.append(SimRep(user, skill, self.rng.uniform(0.45, 0.9), trainer))
        self.summary.logins = [("head", email_of(HEAD[1]))] + [("trainer", email_of(p.trainer[1])) for p in teams]
        self.summary.logins += [("trainee", self.reps[-1].user.email)]

    def _user(self, person: tuple[str, str], role: Role, *, team: Team | None) -> User:
        data = UserCreate(
            email=email_of(person[1]),
            name=person[0],
            role=role,
            team_id=team.id if team else None,
            language="en" if person[1].split(".")[0] in ENGLISH_LOGINS else "ru",
            password=self.options.password,
        )
        self.summary.users += 1
        return accounts.create_user(self.session, data=data, now=self.start - timedelta(days=1))

    def _library(self, *, author: User, at: datetime, slugs: set[str]) -> None:
        for document in load_paths([builtin_library()]).scenarios:
            if document.id not in slugs:
                continue
            row = self.session.exec(select(Scenario).where(col(Scenario.slug) == document.id)).first()
            if row is None or row.latest_version == 0:
                row = scenario_service.import_document(
                    self.session,
                    document=document,
                    author=author,
                    now=at,
                    publish_now=True,
                    scoring=ScoringService(None),
                )
            version = scenario_service.get_version(self.session, row=row)
            self.documents[id_of(row)] = Document.model_validate(version.content)

    def _track(self, plan: TrackPlan, *, author: User, at: datetime) -> Track:
        ids = [self._scenario_id(slug) for slug in plan.slugs]
        rules = TrackRules(
            name=plan.name,
            description=plan.description,
            scenario_ids=ids,
            test_size=plan.test_size,
            seconds_per_answer=180,
            pass_mark=70,
            floor=40,
            attempts_allowed=3,
            certificate_valid_days=plan.valid_days,
        )
        track = track_service.create(self.session, rules=rules, author=author, now=at)
        track_service.publish(self.session, track=track, author=author, now=at)
        return track

    def _scenario_id(self, slug: str) -> int:
        found = self.session.exec(select(Scenario.id).where(col(Scenario.slug) == slug)).first()
        assert found is not None, slug
        return found

    # --- answers -----------------------------------------------------------------------------------------------

    def prescore(self, memo: MemoScorer, report: Progress) -> None:
        """Score every answer the reps may give, once, in batches."""
        items = []
        for scenario_id, document in self.documents.items():
            for step in document.steps:
                answers = _spread([(s.answer, s.grade) for s in step.samples], POOL_SAMPLES)
                answers += [(r, REFERENCE_GRADE) for r in step.references]
                self.pool[(scenario_id, step.id)] = answers
                items += [(step_spec(document, step), text) for text, _ in answers]
        for done in range(0, len(items), 32):
            memo.score_batch(items[done : done + 32])
            report("scoring", min(done + 32, len(items)), len(items))

    def answer_for(self, rep: SimRep, key: tuple[int, str], *, stress: float = 0.0) -> tuple[str, int]:
        """A sample or reference answer whose trainer's grade is near what this rep would manage now."""
        practised = rep.practice.get(key, 0)
        target = 100 * rep.skill + 5 * min(practised, 6) - stress + self.rng.gauss(0, 12)
        pool = self.pool[key]
        weights = [math.exp(-abs(grade - target) / 8) for _, grade in pool]
        return self.rng.choices(pool, weights=weights)[0]

    # --- a day -------------------------------------------------------------------------------------------------

    def simulate_day(self, midnight: datetime) -> None:
        self._review_disputes(until=midnight + timedelta(hours=9))
        weekend = midnight.weekday() >= 5
        for n, rep in enumerate(self.reps):
            if self.rng.random() > rep.diligence * (0.25 if weekend else 1.0):
                continue
            at = midnight + timedelta(hours=9, minutes=7 * n + self.rng.randint(0, 240))
            at = self._practise(rep, at)
            self._maybe_test(rep, at)

    def _practise(self, rep: SimRep, at: datetime) -> datetime:
        items = progress.today(self.session, rep=rep.user, now=at, settings=self.settings).items
        for item in items[: self.rng.randint(3, 7)]:
            key = (item.scenario_id, item.step_id)
            drill = progress.start_drill_at(
                self.session,
                rep=rep.user,
                body=StartDrillAt(scenario_id=item.scenario_id, step_id=item.step_id),
                now=at,
                settings=self.settings,
            )
            text, grade = self.answer_for(rep, key)
            at += timedelta(minutes=self.rng.randint(1, 4))
            reply = practice.submit_answer(
                self.session,
                drill=drill,
                rep=rep.user,
                step_id=item.step_id,
                text=text,
                now=at,
                scoring=self.scoring,
                settings=self.settings,
            )
            rep.practice[key] = rep.practice.get(key, 0) + 1
            self.summary.practice_answers += 1
            self._maybe_dispute(rep, answer_id=reply.answer.id, score=reply.answer.score or 0, grade=grade, at=at)
        return at

    def _maybe_test(self, rep: SimRep, at: datetime) -> None:
        current = cycles.sync(self.session, user=rep.user, now=at, settings=self.settings)
        self.session.commit()
        ready = [c for c in current if c.state == "test_available"]
        if not ready or self.rng.random() > 0.7:
            return
        track = self.session.get(Track, ready[0].track_id)
        assert track is not None
        try:
            exam = exam_service.start_exam(self.session, rep=rep.user, track=track, now=at, settings=self.settings)
        except ServiceError:  # no attempts left in this round: a trainer would have to step in
            return
        self.summary.tests += 1
        while (item := exam_service.current_item(self.session, exam=exam)) is not None:
            version = self.session.get(ScenarioVersion, item.scenario_version_id)
            assert version is not None
            text, _ = self.answer_for(rep, (version.scenario_id, item.step_id), stress=5)
            at += timedelta(seconds=self.rng.randint(40, 150))
            exam_service.submit_answer(
                self.session, exam=exam, item_id=id_of(item), text=text, now=at, scoring=self.scoring, grace_seconds=0
            )

    def _maybe_dispute(self, rep: SimRep, *, answer_id: int, score: int, grade: int, at: datetime) -> None:
        if score >= 60 or self.rng.random() > 0.06:  # now and then a rep disputes a low score
            return
        comment = (
            "Я закрыл возражение и предложил следующий шаг."
            if rep.user.language == "ru"
            else ("I acknowledged the concern and proposed a next step.")
        )
        dispute = dispute_service.open_dispute(self.session, rep=rep.user, answer_id=answer_id, comment=comment, now=at)
        self.summary.disputes += 1
        self.pending.append((at + timedelta(days=self.rng.randint(1, 3)), id_of(dispute), rep.trainer))

    def _review_disputes(self, *, until: datetime) -> None:
        due = [p for p in self.pending if p[0] <= until]
        self.pending = [p for p in self.pending if p[0] > until]
        for at, dispute_id, trainer in due:
            dispute = self.session.get(Dispute, dispute_id)
            assert dispute is not None
            grade = self._grade_of(dispute)
            if grade - dispute.original_score >= 5:
                reason = "Ответ по сути верный: присоединение, вопрос и следующий шаг есть."
                dispute_service.accept(
                    self.session, dispute=dispute, reviewer=trainer, new_score=grade, reason=reason, now=at
                )
            else:
                reason = "Оценка справедлива: не хватает конкретного следующего шага."
                dispute_service.reject(self.session, dispute=dispute, reviewer=trainer, reason=reason, now=at)

    def _grade_of(self, dispute: Dispute) -> int:
        answer = self.session.get(Answer, dispute.answer_id)
        assert answer is not None
        grades = dict(self.pool[(answer.scenario_id, answer.step_id)])
        return grades.get(answer.text, dispute.original_score)

    # --- the end -----------------------------------------------------------------------------------------------

    def finish(self, now: datetime) -> DemoSummary:
        """Bring every rep's cycles up to now."""
        for rep in self.reps:
            cycles.sync(self.session, user=rep.user, now=now, settings=self.settings)
        self.session.commit()
        self._onboarding(now)
        rep_ids = [r.user.id for r in self.reps]
        self.summary.certificates = len(
            self.session.exec(select(Certificate.id).where(col(Certificate.user_id).in_(rep_ids))).all()
        )
        return self.summary

    def _onboarding(self, now: datetime) -> None:
        """An onboarding plan over the first team's tracks, and two new hires on it: one who started 12 days ago
        (on plan) and one who started 50 days ago and is not certified on the first track due on day 30 (behind)."""
        index = self.options.teams[0]
        first = TEAMS[index]
        team = self.session.exec(select(Team).where(col(Team.name) == first.name)).one()
        head = self.session.exec(select(User).where(col(User.email) == email_of(HEAD[1]))).one()
        tracks = [track for track in (self.tracks[t] for t in first.tracks) if track is not None]
        milestones = [Milestone(track_id=id_of(t), due_days=30 * (n + 1)) for n, t in enumerate(tracks)]
        english = index in ENGLISH_TEAMS
        body = PlanCreate(
            name="New hire: the first 90 days" if english else "Ввод нового менеджера: 90 дней",
            description="Certified on each track by its day; probation ends on day 90."
            if english
            else "Сертификат по каждой программе к её сроку; испытательный срок — 90 дней.",
            probation_days=90,
            milestones=milestones,
        )
        plan = plan_service.create(self.session, author=head, body=body, now=now)
        for (name, login), days in zip(NEW_HIRES[english], (12, 50), strict=True):
            user = self._user((name, login), Role.trainee, team=team)
            start = (now - timedelta(days=days)).date()
            placed = PlanAssign(user_id=id_of(user), start_date=start)
            plan_service.assign(self.session, viewer=head, plan=plan, body=placed, now=now)
        self.summary.logins += [("trainee", email_of(NEW_HIRES[english][1][1]))]


def _spread(samples: list[tuple[str, int]], count: int) -> list[tuple[str, int]]:
    """At most `count` samples spread over the range of grades (the poorest and the best included)."""
    ordered = sorted(samples, key=lambda s: s[1])
    if len(ordered) <= count:
        return ordered
    return [ordered[round(i * (len(ordered) - 1) / (count - 1))] for i in range(count)]
