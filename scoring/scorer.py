"""Score an answer to an objection step: meaning, key points, red flags, degenerate answers, calibration."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np
from scipy.sparse import spmatrix

from scoring import text as tx
from scoring.encoder import AnswerEncoding, Encoder
from scoring.lexical import LexicalIndex
from scoring.similarity import (
    DECIMALS,
    Vectors,
    cosine_matrix,
    hub_corrected,
    hubness,
    linear,
    soft_clip,
    unrelated_anchor,
    weighted_grade,
)
from scoring.unrelated import PARAPHRASES, POOR_ANSWERS, UNRELATED

LANGUAGES = ("ru", "en")
NEGATIONS = frozenset({"не", "нет", "ни", "никогда", "not", "no", "never", "don't", "dont", "won't", "can't"})


class ScoringError(ValueError):
    """Input the scorer refuses, with a message that says what is wrong."""


@dataclass(frozen=True)
class ScoringConfig:
    """The scorer's constants; the values are measured (docs/scoring.md), not guessed."""

    meaning_weight: float = 0.7  # the rest is key-point coverage, when the step has key points
    sample_blend: float = 0.5  # share of the graded-sample estimate in the meaning score
    sample_temperature: float = 0.02  # softmax temperature over cosines of graded samples
    key_point_floor: float = 0.02  # a key point's meaning matches halfway between this and what its references reach
    key_point_min: float = 0.02  # ... and never below this
    key_point_words: float = 0.2  # a meaning match counts when the words overlap at least this much (TF-IDF)
    key_point_words_alone: float = 0.3  # a word overlap this close counts on its own
    red_flag_margin: float = 0.06  # a red flag's meaning matches when its corrected similarity reaches this
    hub_neighbours: int = 4  # off-topic neighbours that measure how alike a text is to everything
    gibberish_letters_per_piece: float = 2.0  # below this the tokenizer sees fragments, not words
    critical_cap: int = 30  # highest score an answer with a critical red flag can get
    min_words: int = 3
    max_chars: int = 2000
    default_pass_mark: int = 70
    paraphrase_level: float | None = None  # cosine a paraphrase reaches; None: measured on built-in pairs
    lexical_weight: float = 0.3  # share of character n-gram similarity in the meaning score
    anchor_score: float = 90.0  # the score a paraphrase at the references' agreement level gets
    poor_answers: bool = True  # built-in generic poor answers (grade 0) join every step's graded samples
    soft_clip: bool = True  # squeeze into 0-100 smoothly, so answers beyond the ends keep their order


@dataclass(frozen=True)
class KeyPointSpec:
    """A key point: a short statement, its weight, and phrasings that express it."""

    text: str
    weight: float = 1.0
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class RedFlagSpec:
    """A red flag: matched by phrases (any word form) and/or by meaning."""

    label: str
    phrases: tuple[str, ...] = ()
    meaning: str | None = None
    penalty: int = 15
    critical: bool = False


@dataclass(frozen=True)
class GradedSample:
    """A sample answer with a trainer's grade 0-100; `covers`: the key points (numbered from 1) it covers in the
    trainer's judgement, when labelled (used only to measure key-point detection, never to score)."""

    answer: str
    grade: int
    covers: tuple[int, ...] | None = None


@dataclass(frozen=True)
class StepSpec:
    """Everything the scorer needs about one objection step."""

    references: tuple[str, ...]
    key_points: tuple[KeyPointSpec, ...] = ()
    red_flags: tuple[RedFlagSpec, ...] = ()
    customer_line: str | None = None
    language: str | None = None
    samples: tuple[GradedSample, ...] = ()
    pass_mark: int | None = None

    def __post_init__(self) -> None:
        if not self.references or any(not r.strip() for r in self.references):
            raise ScoringError("a step needs at least one non-empty reference answer")
        if self.language is not None and self.language not in LANGUAGES:
            raise ScoringError(f"unknown language {self.language!r}: use one of {', '.join(LANGUAGES)}")
        if self.pass_mark is not None and not 0 <= self.pass_mark <= 100:
            raise ScoringError(f"pass mark {self.pass_mark} is outside 0-100")
        for sample in self.samples:
            if not 0 <= sample.grade <= 100:
                raise ScoringError(f"sample grade {sample.grade} is outside 0-100")
        for point in self.key_points:
            if not point.text.strip() or point.weight <= 0:
                raise ScoringError("a key point needs text and a positive weight")
        for flag in self.red_flags:
            if not flag.phrases and not flag.meaning:
                raise ScoringError(f"red flag {flag.label!r} needs phrases or a meaning")


@dataclass(frozen=True)
class KeyPointResult:
    """Whether a key point was covered, and by which sentence of the answer."""

    text: str
    weight: float
    covered: bool
    similarity: float
    needed: float  # the similarity of meaning this key point needs (see ScoringConfig.key_point_floor)
    lexical: float  # the best TF-IDF cosine of its examples (or text) to a sentence or the whole answer
    sentence: str | None
    start: int | None
    end: int | None


@dataclass(frozen=True)
class RedFlagHit:
    """A red flag found in the answer, with the words that triggered it."""

    label: str
    penalty: int
    critical: bool
    matched_by: Literal["phrase", "meaning"]
    words: str
    start: int
    end: int
    similarity: float | None = None


@dataclass(frozen=True)
class ScoreResult:
    """A score 0-100 with everything that explains it."""

    score: int
    passed: bool
    pass_mark: int
    answer: str
    reason_code: str | None = None
    reason: str | None = None
    best_reference: int | None = None
    best_reference_text: str | None = None
    reference_similarities: list[float] = field(default_factory=list)
    meaning: float = 0.0
    key_point_coverage: float | None = None
    key_points: list[KeyPointResult] = field(default_factory=list)
    red_flags: list[RedFlagHit] = field(default_factory=list)
    penalty: int = 0
    model: str = ""

    def to_dict(self) -> dict[str, object]:
        """Plain JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True)
class _Prepared:
    """A step with its embeddings and calibration anchors, computed once."""

    spec: StepSpec
    language: str
    references: Vectors
    low: float
    high: float
    unrelated: Vectors
    key_point_variants: list[Vectors]
    key_point_hubs: list[np.ndarray]
    key_point_needed: list[float]
    key_point_words: list[spmatrix]  # TF-IDF rows of each key point's examples (its text when it has none)
    red_flag_meanings: dict[int, Vectors]
    red_flag_hubs: dict[int, np.ndarray]
    red_flag_keys: list[list[list[frozenset[str]]]]
    sample_vectors: Vectors
    sample_grades: np.ndarray
    lexical: LexicalIndex


class Scorer:
    """Scores answers with one encoder; prepared steps are cached, answers scored in batches."""

    def __init__(self, encoder: Encoder, config: ScoringConfig | None = None, max_steps: int = 4096) -> None:
        self.encoder = encoder
        self.config = config or ScoringConfig()
        self._prepared: OrderedDict[StepSpec, _Prepared] = OrderedDict()
        self._max_steps = max_steps
        self._lock = threading.Lock()
        self._unrelated: dict[str, Vectors] = {}
        self._paraphrase: dict[str, float] = {}

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
        spans = {i: tx.sentences(cleaned[i]) for i in todo}
        encodings = self.encoder.encode_answers(
            [cleaned[i] for i in todo], [[(s.start, s.end) for s in spans[i]] for i in todo]
        )
        for i, encoding in zip(todo, encodings, strict=True):
            results[i] = self._score_encoded(prepared[i], cleaned[i], spans[i], encoding)
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

    def _unrelated_vectors(self, language: str) -> Vectors:
        if language not in self._unrelated:
            self._unrelated[language] = self.encoder.encode(UNRELATED[language])
        return self._unrelated[language]

    def paraphrase_level(self, language: str) -> float:
        """How alike this model finds two wordings of one thought: median cosine of the built-in pairs."""
        if self.config.paraphrase_level is not None:
            return self.config.paraphrase_level
        if language not in self._paraphrase:
            pairs = PARAPHRASES[language]
            left = self.encoder.encode([a for a, _ in pairs])
            right = self.encoder.encode([b for _, b in pairs])
            self._paraphrase[language] = float(np.median(np.diag(cosine_matrix(left, right))))
        return self._paraphrase[language]

    def _prepare(self, step: StepSpec) -> _Prepared:
        language = step.language or _guess_language(step.references)
        unrelated = self._unrelated_vectors(language)
        references = self.encoder.encode(step.references)
        high = self.paraphrase_level(language)
        low = unrelated_anchor(references, unrelated)
        k = self.config.hub_neighbours
        variants = [self.encoder.encode([p.text, *p.examples]) for p in step.key_points]
        kp_hubs = [hubness(v, unrelated, k) for v in variants]
        needed = self._key_point_levels(step, variants, kp_hubs, unrelated) if step.key_points else []
        meanings = {i: self.encoder.encode([f.meaning]) for i, f in enumerate(step.red_flags) if f.meaning is not None}
        rf_hubs = {i: hubness(v, unrelated, k) for i, v in meanings.items()}
        stems = [[_phrase_keys(p) for p in f.phrases] for f in step.red_flags]
        sample_texts = [s.answer for s in step.samples]
        grades = [float(s.grade) for s in step.samples]
        if self.config.poor_answers:
            sample_texts += POOR_ANSWERS[language]
            grades += [0.0] * len(POOR_ANSWERS[language])
        samples = self.encoder.encode(sample_texts)
        corpus = [*(s.answer for s in step.samples), *(e for k in step.key_points for e in (k.text, *k.examples))]
        lexical = LexicalIndex(corpus, step.references, UNRELATED[language], PARAPHRASES[language])
        kp_words = [lexical.vectors(list(p.examples) or [p.text]) for p in step.key_points]  # what reps say
        return _Prepared(
            step, language, references, low, max(high, low + 0.01), unrelated, variants, kp_hubs, needed, kp_words,
            meanings, rf_hubs, stems, samples, np.array(grades), lexical,
        )  # fmt: skip

    def _key_point_levels(
        self, step: StepSpec, variants: list[Vectors], hubs: list[np.ndarray], unrelated: Vectors
    ) -> list[float]:
        """The similarity each key point needs: halfway between the floor and the level the step's references
        reach for it (median over references of their best sentence), never under `key_point_min`."""
        cleaned = [tx.clean(r) for r in step.references]
        spans = [tx.sentences(c) for c in cleaned]
        encodings = self.encoder.encode_answers(cleaned, [[(s.start, s.end) for s in sp] for sp in spans])
        sentences = [e.spans if len(e.spans) else e.embedding[None, :] for e in encodings]
        sentence_hubs = [hubness(v, unrelated, self.config.hub_neighbours) for v in sentences]
        levels = []
        for variant, hub in zip(variants, hubs, strict=True):
            best = [
                float(hub_corrected(cosine_matrix(variant, v), hub, v_hub).max())
                for v, v_hub in zip(sentences, sentence_hubs, strict=True)
            ]
            level = 0.5 * (self.config.key_point_floor + float(np.median(best)))
            levels.append(round(max(self.config.key_point_min, level), DECIMALS))
        return levels

    def _clean(self, answer: str) -> str:
        if len(answer) > self.config.max_chars:
            raise ScoringError(f"the answer is {len(answer)} characters long; the limit is {self.config.max_chars}")
        return tx.clean(answer)

    def _pass_mark(self, p: _Prepared) -> int:
        return p.spec.pass_mark if p.spec.pass_mark is not None else self.config.default_pass_mark

    def _degenerate(self, p: _Prepared, answer: str) -> ScoreResult | None:
        reason = _degenerate_reason(p, answer, self.config, self.encoder.pieces)
        if reason is None:
            return None
        code, message = reason
        return ScoreResult(
            score=0, passed=False, pass_mark=self._pass_mark(p), answer=answer,
            reason_code=code, reason=message, model=self.encoder.name,
        )  # fmt: skip

    def _score_encoded(self, p: _Prepared, answer: str, spans: list[tx.Span], encoding: AnswerEncoding) -> ScoreResult:
        cfg = self.config
        ref_sims = cosine_matrix(encoding.embedding[None, :], p.references)[0]
        best = int(np.argmax(ref_sims))
        semantic = linear(float(ref_sims[best]), p.low, p.high, cfg.anchor_score)
        words = p.lexical.vectors([*(s.text for s in spans), answer])  # sentences, then the whole answer
        lexical = p.lexical.similarities(words[-1])[0]
        lexical_score = linear(float(lexical.max()), p.lexical.low, p.lexical.high, cfg.anchor_score)
        meaning = (1 - cfg.lexical_weight) * semantic + cfg.lexical_weight * lexical_score
        if len(p.sample_grades):
            meaning = (1 - cfg.sample_blend) * meaning + cfg.sample_blend * self._sample_estimate(p, encoding)
        units = _Units(np.vstack([encoding.spans, encoding.embedding[None, :]]), spans, words)
        units_hub = hubness(units.vectors, p.unrelated, cfg.hub_neighbours)
        key_points = [_key_point(p, i, units, units_hub, cfg) for i in range(len(p.spec.key_points))]
        coverage = _coverage(key_points)
        base = meaning if coverage is None else cfg.meaning_weight * meaning + (1 - cfg.meaning_weight) * coverage * 100
        hits = _red_flags(p, answer, units, units_hub, cfg.red_flag_margin)
        penalty = sum(h.penalty for h in hits)
        score = soft_clip(base - penalty) if cfg.soft_clip else float(np.clip(base - penalty, 0, 100))
        critical = any(h.critical for h in hits)
        if critical:
            score = min(score, cfg.critical_cap)
        final = round(score)
        pass_mark = self._pass_mark(p)
        return ScoreResult(
            score=final, passed=final >= pass_mark and not critical, pass_mark=pass_mark, answer=answer,
            best_reference=best, best_reference_text=p.spec.references[best],
            reference_similarities=[float(s) for s in ref_sims], meaning=round(soft_clip(meaning), 2),
            key_point_coverage=None if coverage is None else round(coverage, 4), key_points=key_points,
            red_flags=hits, penalty=penalty, model=self.encoder.name,
        )  # fmt: skip

    def _sample_estimate(self, p: _Prepared, encoding: AnswerEncoding) -> float:
        points = np.vstack([p.references, p.sample_vectors])
        grades = np.concatenate([np.full(len(p.references), 100.0), p.sample_grades])
        sims = cosine_matrix(encoding.embedding[None, :], points)[0]
        return weighted_grade(sims, grades, self.config.sample_temperature)


def _guess_language(texts: Sequence[str]) -> str:
    cyrillic, _, _ = tx.script_shares(" ".join(texts))
    return "ru" if cyrillic >= 0.5 else "en"


def _degenerate_reason(
    p: _Prepared, answer: str, cfg: ScoringConfig, pieces: Callable[[str], list[str]]
) -> tuple[str, str] | None:
    if not answer:
        return "empty", "The answer is empty."
    answer_words = tx.words(answer)
    if not any(any(c.isalpha() for c in w.text) for w in answer_words):
        return "no_words", "The answer has no words, only symbols or emoji."
    if (mismatch := tx.language_mismatch(answer, p.language)) is not None:
        return "wrong_language", mismatch
    if tx.looks_gibberish(answer) or _fragmented(answer, pieces, cfg.gibberish_letters_per_piece):
        return "gibberish", "The answer does not read as words of a language."
    if p.spec.customer_line and tx.near_copy(answer, p.spec.customer_line):
        return "copy_of_customer_line", "The answer repeats the customer's line instead of answering it."
    if len(answer_words) < cfg.min_words:
        return "too_short", (
            f"The answer is too short ({len(answer_words)} words): acknowledge the concern, ask, "
            "add value and propose a next step."
        )
    return None


@dataclass(frozen=True)
class _Units:
    """The answer's sentences followed by the whole answer, as vectors, with the sentences' spans."""

    vectors: Vectors
    spans: list[tx.Span]
    words: spmatrix  # TF-IDF rows of the sentences, then of the whole answer


def _fragmented(answer: str, pieces: Callable[[str], list[str]], threshold: float) -> bool:
    """True when the tokenizer cuts the words into fragments, as it does with keyboard mashing."""
    letters = sum(c.isalpha() for c in answer)
    word_pieces = sum(any(c.isalpha() for c in piece) for piece in pieces(answer))
    return letters >= 6 and word_pieces > 0 and letters / word_pieces < threshold


def _key_point(p: _Prepared, index: int, units: _Units, units_hub: np.ndarray, cfg: ScoringConfig) -> KeyPointResult:
    """Covered when a sentence of the answer says it: its meaning reaches the level this key point needs and its
    words overlap with the key point's examples at least a little (`key_point_words`), or the words overlap
    closely (`key_point_words_alone`). Words are compared with the examples, not with the key point's text: the
    text describes what to do ("Asks a question"), the examples are what reps say. The whole answer stands in
    only when it has no sentence."""
    point = p.spec.key_points[index]
    n = len(units.spans)
    vectors, hubs = (units.vectors[:n], units_hub[:n]) if n else (units.vectors, units_hub)
    sims = hub_corrected(cosine_matrix(p.key_point_variants[index], vectors), p.key_point_hubs[index], hubs)
    best_per_sentence = sims.max(axis=0)
    similarity = float(best_per_sentence.max())
    needed = p.key_point_needed[index]
    overlap = np.round((p.key_point_words[index] @ units.words.T).toarray().max(axis=0), DECIMALS)  # (n + 1,)
    words, lexical = overlap[:n], float(overlap.max())
    by_meaning = similarity >= needed and lexical >= cfg.key_point_words
    covered = by_meaning or lexical >= cfg.key_point_words_alone
    best = int(np.argmax(best_per_sentence)) if by_meaning or not n else int(np.argmax(words))
    sentence = units.spans[best] if covered and n else None
    return KeyPointResult(
        text=point.text, weight=point.weight, covered=covered, similarity=similarity, needed=needed,
        lexical=lexical, sentence=sentence.text if sentence else None,
        start=sentence.start if sentence else None, end=sentence.end if sentence else None,
    )  # fmt: skip


def _coverage(points: list[KeyPointResult]) -> float | None:
    total = sum(k.weight for k in points)
    return sum(k.weight for k in points if k.covered) / total if total else None


def _phrase_keys(phrase: str) -> list[frozenset[str]]:
    return [tx.word_keys(w.text) for w in tx.words(phrase)]


def _red_flags(p: _Prepared, answer: str, units: _Units, units_hub: np.ndarray, margin: float) -> list[RedFlagHit]:
    answer_words = tx.words(answer)
    answer_keys = [tx.word_keys(w.text) for w in answer_words]
    hits = []
    for index, flag in enumerate(p.spec.red_flags):
        hit = _phrase_hit(flag, p.red_flag_keys[index], answer, answer_words, answer_keys)
        if hit is None and index in p.red_flag_meanings and units.spans:
            sims = hub_corrected(
                cosine_matrix(p.red_flag_meanings[index], units.vectors), p.red_flag_hubs[index], units_hub
            )[0, : len(units.spans)]
            best = int(np.argmax(sims))
            if sims[best] >= margin:
                span = units.spans[best]
                hit = RedFlagHit(
                    flag.label, flag.penalty, flag.critical, "meaning", span.text, span.start, span.end,
                    float(sims[best]),
                )  # fmt: skip
        if hit is not None:
            hits.append(hit)
    return hits


def _phrase_hit(
    flag: RedFlagSpec,
    phrases: list[list[frozenset[str]]],
    answer: str,
    words: list[tx.Span],
    keys: list[frozenset[str]],
) -> RedFlagHit | None:
    negated = [i > 0 and tx.fold(words[i - 1].text) in NEGATIONS for i in range(len(words))]
    for phrase in phrases:
        # "не дам скидку" is not the red flag "дам скидку" (unless the phrase itself starts with a negation)
        allowed = [True] * len(words) if phrase and phrase[0] & NEGATIONS else [not n for n in negated]
        match = find_phrase(phrase, keys, allowed)
        if match is None:
            continue
        first, last = match
        start, end = words[first].start, words[last].end
        return RedFlagHit(flag.label, flag.penalty, flag.critical, "phrase", answer[start:end], start, end)
    return None


def find_phrase(
    phrase: list[frozenset[str]], keys: list[frozenset[str]], allowed_starts: list[bool], max_gap: int = 1
) -> tuple[int, int] | None:
    """First occurrence of the phrase's words in order (keys intersect), at most `max_gap` extra words between,
    starting at a word where `allowed_starts` is true. Returns the indices of the first and last matched words.
    """
    if not phrase:
        return None
    for first in (i for i, k in enumerate(keys) if k & phrase[0] and allowed_starts[i]):
        position = first
        for wanted in phrase[1:]:
            window = keys[position + 1 : position + 2 + max_gap]
            step = next((n for n, k in enumerate(window) if k & wanted), None)
            if step is None:
                break
            position += 1 + step
        else:
            return first, position
    return None
