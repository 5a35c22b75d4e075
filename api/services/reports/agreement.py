"""How the scorer agrees with trainers, per step: over decided disputes (the score before and after) and the
trainers' graded sample answers (scored by the model in `samples`), the mean absolute difference and Spearman's
rank correlation."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field

from scipy.stats import spearmanr
from sqlmodel import Session, col, select

from api.models import Answer, Dispute, Scenario
from api.models.base import id_of
from api.models.reports import Agreement, StepAgreement
from api.services.curriculum import latest_versions, step_index
from api.services.reports.query import select_columns
from api.services.reports.samples import published_scenario_ids, sample_scores


def spearman(a: Sequence[float], b: Sequence[float]) -> float | None:
    """Spearman's rank correlation (ties get their average rank), to three decimals; None when it is undefined:
    fewer than two pairs, or one side all the same value."""
    if len(a) < 2 or len(set(a)) < 2 or len(set(b)) < 2:
        return None
    return round(float(spearmanr(a, b).statistic), 3)


@dataclass
class _Pairs:
    disputes: int = 0
    samples: int = 0
    scorer: list[float] = field(default_factory=list)
    trainer: list[float] = field(default_factory=list)

    def add(self, scorer: int, trainer: int) -> None:
        self.scorer.append(float(scorer))
        self.trainer.append(float(trainer))


def agreement(session: Session, *, scenario_id: int | None) -> Agreement:
    """Per step: mean absolute difference and Spearman between the scorer and trainers' grades."""
    pairs: dict[tuple[int, str], _Pairs] = defaultdict(_Pairs)
    decided = select_columns(
        Dispute.status, Dispute.original_score, Dispute.new_score, Answer.scenario_id, Answer.step_id
    )
    decided = decided.join(Answer, col(Answer.id) == Dispute.answer_id).where(
        col(Dispute.status).in_(["accepted", "rejected"])
    )
    if scenario_id is not None:
        decided = decided.where(col(Answer.scenario_id) == scenario_id)
    for status, original, new, sid, step in session.exec(decided):
        pair = pairs[(sid, step)]
        pair.disputes += 1
        pair.add(original, new if status == "accepted" and new is not None else original)
    versions = latest_versions(session, scenario_ids=published_scenario_ids(session, scenario_id=scenario_id))
    missing = 0
    stored = sample_scores(session, version_ids=[id_of(v) for v in versions.values()])
    for version in versions.values():
        for step in version.content["steps"]:
            for index, sample in enumerate(step.get("samples", [])):
                score = stored.get((id_of(version), step["id"], index))
                if score is None:
                    missing += 1
                    continue
                pair = pairs[(version.scenario_id, step["id"])]
                pair.samples += 1
                pair.add(score, int(sample["grade"]))
    steps = _agreement_rows(session, pairs)
    steps.sort(key=lambda s: (s.mean_abs_difference is None, -(s.mean_abs_difference or 0), s.scenario_id, s.step_id))
    return Agreement(steps=steps, samples_missing=missing)


def _agreement_rows(session: Session, pairs: dict[tuple[int, str], _Pairs]) -> list[StepAgreement]:
    index = step_index(session, scenario_ids={s for s, _ in pairs})
    titles = dict(
        session.exec(select(Scenario.id, Scenario.title).where(col(Scenario.id).in_({s for s, _ in pairs}))).all()
    )
    rows = []
    for (sid, step_id), pair in pairs.items():
        n = len(pair.scorer)
        mad = sum(abs(x - y) for x, y in zip(pair.scorer, pair.trainer, strict=True)) / n if n else None
        known = index.get((sid, step_id))
        rows.append(
            StepAgreement(
                scenario_id=sid,
                scenario_title=titles.get(sid, ""),
                step_id=step_id,
                customer_line=known.customer_line if known else "",
                category=known.category if known else "",
                disputes=pair.disputes,
                samples=pair.samples,
                pairs=n,
                mean_abs_difference=round(mad, 1) if mad is not None else None,
                spearman=spearman(pair.scorer, pair.trainer),
            )
        )
    return rows
