"""Score an answer to an objection step: meaning, key points, red flags, what cannot fool the score, calibration."""

from __future__ import annotations

import dataclasses
import threading
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from scipy.sparse import spmatrix

from scoring import clauses
from scoring import key_points as kp
from scoring import text as tx
from scoring.combinations import combination_hits
from scoring.degenerate import degenerate_reason
from scoring.encoder import AnswerEncoding, Encoder
from scoring.fitted import default_checks_dir
from scoring.levels import Levels, word_spans
from scoring.lexical import LexicalIndex
from scoring.moves import MoveCheck
from scoring.red_flags import (
    AnswerWords,
    FlagIndex,
    blank_hedges,
    find_phrase,
    hedge_hit,
    phrase_keys,
    step_hits,
    stop_hits,
)
from scoring.similarity import (
    Vectors,
    blend,
    cosine_matrix,
    hubness,
    linear,
    soft_clip,
    weighted_grade,
    word_recall,
)
from scoring.tone import ToneCheck
from scoring.types import (
    LANGUAGES,
    GradedSample,
    KeyPointResult,
    KeyPointSpec,
    RedFlagHit,
    RedFlagSpec,
    ScoreResult,
    ScoringConfig,
    ScoringError,
    StepSpec,
    StopPhrase,
)
from scoring.unrelated import PARAPHRASES, POOR_ANSWERS, UNRELATED

__all__ = [
    "LANGUAGES",
    "GradedSample",
    "KeyPointResult",
    "KeyPointSpec",
    "RedFlagHit",
    "RedFlagSpec",
    "ScoreResult",
    "Scorer",
    "ScoringConfig",
    "ScoringError",
    "StepSpec",
    "StopPhrase",
    "find_phrase",
]


@dataclass(frozen=True)
class _Prepared:
    """A step with its embeddings and calibration anchors, computed once."""

    spec: StepSpec
    language: str
    references: Vectors
    reference_words: list[Vectors]
    low: float
    high: float
    unrelated: Vectors
    key_points: list[kp.KeyPointIndex]
    flags: FlagIndex
    sample_vectors: Vectors
    sample_grades: np.ndarray
    lexical: LexicalIndex


class Scorer:
    """Scores answers with one encoder; prepared steps are cached, answers scored in batches."""

    def __init__(self, encoder: Encoder, config: ScoringConfig | None = None, max_steps: int = 4096) -> None:
        self.encoder = encoder
        self.config = config or ScoringConfig()
        checks = default_checks_dir()  # where the fitted weights are kept: scoring.fitted
        self.tone, self.moves = ToneCheck(encoder, checks), MoveCheck(encoder, checks)
        self._prepared: OrderedDict[StepSpec, _Prepared] = OrderedDict()
        self._max_steps = max_steps
        self._lock = threading.Lock()
        self.levels = Levels(encoder, self.config)
        self._references: OrderedDict[tuple[tuple[str, ...], str], tuple[list[Vectors], kp.ReferenceUnits]] = (
            OrderedDict()
        )

    def score(self, step: StepSpec, answer: str) -> ScoreResult:
        """Score one answer to one step."""
        return self.score_batch([(step, answer)])[0]

    def score_batch(self, items: Sequence[tuple[StepSpec, str]]) -> list[ScoreResult]:
        """Score several answers with one batched forward pass; results in the same order."""
        prepared = [self.prepare(step) for step, _ in items]
        cleaned = [self._clean(answer) for _, answer in items]
        results: list[ScoreResult | None] = [
            self._degenerate(p, text) for p, text in zip(prepared, cleaned, strict=True)
        ]
        todo = [i for i, r in enumerate(results) if r is None]
        said = {i: AnswerWords.of(cleaned[i]) for i in todo}
        hedging = {i: hedge_hit(said[i], prepared[i].language, self.config.hedge_count) for i in todo}
        content = {
            i: said[i].answer if hedging[i] is None else blank_hedges(said[i], prepared[i].language) for i in todo
        }
        units = {i: clauses.units(content[i], prepared[i].language) for i in todo}
        words = {i: word_spans(content[i]) for i in todo}
        encodings = self.encoder.encode_answers(
            [content[i] for i in todo], [[(u.span.start, u.span.end) for u in units[i]] + words[i] for i in todo]
        )
        for i, encoding in zip(todo, encodings, strict=True):
            clause_count = len(units[i])
            clause_encoding = AnswerEncoding(encoding.embedding, encoding.spans[:clause_count])
            answer_words = encoding.spans[clause_count:]
            results[i] = self._score_encoded(
                prepared[i], said[i], hedging[i], content[i], units[i], clause_encoding, answer_words
            )
        return [r for r in results if r is not None]

    def prepare(self, step: StepSpec) -> _Prepared:
        """Embeddings and anchors of a step, computed once per step and model."""
        with self._lock:
            if step in self._prepared:
                self._prepared.move_to_end(step)
                return self._prepared[step]
        prepared = self._prepare(step)
        with self._lock:
            self._prepared[step] = prepared
            while len(self._prepared) > self._max_steps:
                self._prepared.popitem(last=False)
        return prepared

    def _prepare(self, step: StepSpec) -> _Prepared:
        language = step.language or _guess_language(step.references)
        unrelated = self.levels.unrelated_vectors(language)
        references = self.encoder.encode(step.references)
        reference_words, reference_units = self._reference_units(step, language, unrelated)
        low = self.levels.unrelated(language)
        sample_texts = [s.answer for s in step.samples]
        grades = [float(s.grade) for s in step.samples]
        if self.config.poor_answers:
            sample_texts += POOR_ANSWERS[language]
            grades += [0.0] * len(POOR_ANSWERS[language])
        corpus = [*(s.answer for s in step.samples), *(e for k in step.key_points for e in (k.text, *k.examples))]
        lexical = LexicalIndex(corpus, step.references, UNRELATED[language], PARAPHRASES[language])
        points = kp.prepare(
            step.key_points,
            language=language,
            references=reference_units,
            encode=self.encoder.encode,
            unrelated=unrelated,
            lexical=lexical,
            cfg=self.config,
        )
        return _Prepared(
            spec=step,
            language=language,
            references=references,
            reference_words=reference_words,
            low=low,
            high=max(self.levels.paraphrase(language), low + 0.01),
            unrelated=unrelated,
            key_points=points,
            flags=self._flag_index(step, language, unrelated),
            sample_vectors=self.encoder.encode(sample_texts),
            sample_grades=np.array(grades),
            lexical=lexical,
        )

    def _reference_units(
        self, step: StepSpec, language: str, unrelated: Vectors
    ) -> tuple[list[Vectors], kp.ReferenceUnits]:
        """The references' word vectors and clauses, from one forward pass, kept per set of references: versions of
        a step that differ only in samples or key points (an edit, `parry eval`'s leave-one-out) share them."""
        key = (tuple(step.references), language)
        with self._lock:
            if key in self._references:
                return self._references[key]
        cleaned = [tx.clean(r) for r in step.references]
        units = [clauses.units(c, language) for c in cleaned]
        spans = [[(u.span.start, u.span.end) for u in us] + word_spans(c) for us, c in zip(units, cleaned, strict=True)]
        encodings = self.encoder.encode_answers(cleaned, spans)
        vectors = [e.spans[: len(us)] for e, us in zip(encodings, units, strict=True)]
        hubs = [hubness(v, unrelated, self.config.hub_neighbours) for v in vectors]
        texts = [[u.span.text for u in us] for us in units]
        found = (
            [e.spans[len(us) :] for e, us in zip(encodings, units, strict=True)],
            kp.ReferenceUnits(texts, [[u.kind for u in us] for us in units], vectors, hubs),
        )
        with self._lock:
            self._references[key] = found
            while len(self._references) > self._max_steps:
                self._references.popitem(last=False)
        return found

    def _flag_index(self, step: StepSpec, language: str, unrelated: Vectors) -> FlagIndex:
        meanings = {i: self.encoder.encode([f.meaning]) for i, f in enumerate(step.red_flags) if f.meaning is not None}
        stops = tuple(s for s in step.stop_phrases if s.language in (None, language))
        return FlagIndex(
            flags=step.red_flags,
            flag_keys=[[phrase_keys(p) for p in f.phrases] for f in step.red_flags],
            meanings=meanings,
            meaning_hubs={i: hubness(v, unrelated, self.config.hub_neighbours) for i, v in meanings.items()},
            stops=stops,
            stop_keys=[phrase_keys(s.phrase) for s in stops],
        )

    def _clean(self, answer: str) -> str:
        if len(answer) > self.config.max_chars:
            raise ScoringError(f"the answer is {len(answer)} characters long; the limit is {self.config.max_chars}")
        return tx.clean(answer)

    def _pass_mark(self, p: _Prepared) -> int:
        return p.spec.pass_mark if p.spec.pass_mark is not None else self.config.default_pass_mark

    def _degenerate(self, p: _Prepared, answer: str) -> ScoreResult | None:
        reason = degenerate_reason(
            answer,
            language=p.language,
            customer_line=p.spec.customer_line,
            cfg=self.config,
            pieces=self.encoder.pieces,
        )
        if reason is None:
            return None
        code, message = reason
        return ScoreResult(
            score=0,
            passed=False,
            pass_mark=self._pass_mark(p),
            answer=answer,
            reason_code=code,
            reason=message,
            model=self.encoder.name,
        )

    def _score_encoded(
        self,
        p: _Prepared,
        said: AnswerWords,
        hedging: RedFlagHit | None,
        content: str,
        units: list[clauses.Unit],
        encoding: AnswerEncoding,
        answer_words: Vectors,
    ) -> ScoreResult:
        """Score the answer (`said`) from what it says (`content`): the answer itself, or, when it is insecure speech
        (`hedging`, `hedge_count` hedges), the answer with its hedges blanked in place, so that the filler costs its
        penalty once and not again through a meaning diluted by «как бы» and "sort of". Red flags are found in the
        answer; evidence quotes the answer's own words."""
        cfg = self.config
        answer = said.answer
        units = self.moves.relabel(cfg, p.language, units, self.moves.probabilities(cfg, encoding.spans, p.language))
        cosines = cosine_matrix(encoding.embedding[None, :], p.references)[0]
        ref_sims = np.array(
            [
                blend(float(c), word_recall(answer_words, words), cfg.word_recall_weight)
                for c, words in zip(cosines, p.reference_words, strict=True)
            ]
        )
        best = int(np.argmax(ref_sims))
        words = p.lexical.vectors([*(u.span.text for u in units), content])  # clauses, then the whole answer
        meaning = self._meaning(p, float(ref_sims[best]), words, encoding)
        answer_units = kp.AnswerUnits(
            units, encoding.spans, hubness(encoding.spans, p.unrelated, cfg.hub_neighbours), words[: len(units)]
        )
        points = kp.judge(p.key_points, answer_units, cfg)
        reason = _evasion(units, points, cfg) if p.key_points else _repetition(units, cfg)
        if reason is not None and reason[0] != "repetition":
            # an answer that mostly refuses or describes covers nothing: its one plain clause is drowned out
            points = [dataclasses.replace(k, covered=False, sentence=None, start=None, end=None) for k in points]
        if content != answer:  # quote the answer as said, hedges and all
            points = [
                k if k.start is None else dataclasses.replace(k, sentence=answer[k.start : k.end]) for k in points
            ]
        coverage = _coverage(points)
        base = meaning if coverage is None else cfg.meaning_weight * meaning + (1 - cfg.meaning_weight) * coverage * 100
        hits = self._red_flags(p, said, hedging, answer_units, encoding.embedding)
        penalty = sum(h.penalty for h in hits)
        score = soft_clip(base - penalty) if cfg.soft_clip else float(np.clip(base - penalty, 0, 100))
        critical = any(h.critical for h in hits)
        if critical:
            score = min(score, cfg.critical_cap)
        if reason is not None:
            score = min(score, cfg.refusal_cap)
        final = round(score)
        pass_mark = self._pass_mark(p)
        return ScoreResult(
            score=final,
            passed=final >= pass_mark and not critical and reason is None,
            pass_mark=pass_mark,
            answer=answer,
            reason_code=reason[0] if reason else None,
            reason=reason[1] if reason else None,
            best_reference=best,
            best_reference_text=p.spec.references[best],
            reference_similarities=[float(s) for s in ref_sims],
            meaning=round(soft_clip(meaning), 2),
            key_point_coverage=None if coverage is None else round(coverage, 4),
            key_points=points,
            red_flags=hits,
            penalty=penalty,
            model=self.encoder.name,
        )

    def _meaning(self, p: _Prepared, best_cosine: float, words: spmatrix, encoding: AnswerEncoding) -> float:
        cfg = self.config
        semantic = linear(best_cosine, p.low, p.high, cfg.anchor_score)
        lexical = p.lexical.similarities(words[-1])[0]
        # words alone never count for more than a full match: shared words beyond a paraphrase's add nothing
        lexical_score = min(linear(float(lexical.max()), p.lexical.low, p.lexical.high, cfg.anchor_score), 100.0)
        meaning = (1 - cfg.lexical_weight) * semantic + cfg.lexical_weight * lexical_score
        if len(p.sample_grades):
            meaning = (1 - cfg.sample_blend) * meaning + cfg.sample_blend * self._sample_estimate(p, encoding)
        return meaning

    def _red_flags(
        self, p: _Prepared, words: AnswerWords, hedging: RedFlagHit | None, units: kp.AnswerUnits, whole: Vectors
    ) -> list[RedFlagHit]:
        spans = [u.span for u in units.units]
        # a red flag is matched by meaning on a clause that says something: not one that refuses or describes it,
        # nor a question («Какие направления важнее?» asks for focus; it does not "send everything without focus")
        saying = np.array([u.kind == "says" and not u.question for u in units.units], dtype=bool)
        found = step_hits(p.flags, words, units.vectors, units.hubs, spans, self.config.red_flag_margin, saying)
        step, company = stop_hits(p.flags, words, found)
        hits = [*step, *company]
        hits += combination_hits(words, p.language, p.flags.stops, hits)
        if hedging is not None and not any(h.label == hedging.label for h in hits):
            hits.append(hedging)
        if not any(h.critical for h in hits):
            hits += self.tone.hits(self.config, p.language, units.units, units.vectors, whole)
        return hits

    def _sample_estimate(self, p: _Prepared, encoding: AnswerEncoding) -> float:
        points = np.vstack([p.references, p.sample_vectors])
        grades = np.concatenate([np.full(len(p.references), 100.0), p.sample_grades])
        sims = cosine_matrix(encoding.embedding[None, :], points)[0]
        return weighted_grade(sims, grades, self.config.sample_temperature)


def _guess_language(texts: Sequence[str]) -> str:
    cyrillic, _, _ = tx.script_shares(" ".join(texts))
    return "ru" if cyrillic >= 0.5 else "en"


_EVASION = {
    "repetition": "The answer says the same thing over and over instead of answering.",
    "refusal": "The answer refuses what the customer needs to hear instead of doing it.",
    "rubric_readback": "The answer describes what a rep should do instead of saying it to the customer.",
}


def _evasion(units: list[clauses.Unit], points: list[KeyPointResult], cfg: ScoringConfig) -> tuple[str, str] | None:
    """An answer that mostly repeats itself, refuses or describes (by characters of its clauses), or that refuses
    key points worth `refused_share` of their weight, does not pass (it is capped at `refusal_cap`)."""
    if (repeated := _repetition(units, cfg)) is not None:
        return repeated
    size = {k: sum(len(u.span.text) for u in units if u.kind == k) for k in ("says", "refuses", "describes")}
    total = sum(size.values()) or 1
    weight = sum(k.weight for k in points)
    refused = sum(k.weight for k in points if k.refused)
    if size["says"] / total < cfg.said_share:
        code = "refusal" if size["refuses"] >= size["describes"] else "rubric_readback"
        return code, _EVASION[code]
    if weight and refused / weight >= cfg.refused_share:
        return "refusal", _EVASION["refusal"]
    return None


def _repetition(units: list[clauses.Unit], cfg: ScoringConfig) -> tuple[str, str] | None:
    """Without key points nothing tells what a refusal refuses: only repetition is judged."""
    total = sum(len(u.span.text) for u in units) or 1
    if _repeated_chars(units) / total > 1 - cfg.said_share:
        return "repetition", _EVASION["repetition"]
    return None


def _repeated_chars(units: list[clauses.Unit]) -> int:
    """Characters of clauses that repeat an earlier one of the answer (nearly word for word)."""
    seen: list[str] = []
    repeated = 0
    for unit in units:
        if any(tx.near_copy(unit.span.text, earlier) for earlier in seen):
            repeated += len(unit.span.text)
        else:
            seen.append(unit.span.text)
    return repeated


def _coverage(points: list[KeyPointResult]) -> float | None:
    total = sum(k.weight for k in points)
    return sum(k.weight for k in points if k.covered) / total if total else None
