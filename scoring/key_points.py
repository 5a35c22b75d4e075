"""Key points: what each needs (calibrated on the step's references), and which clause of an answer states it."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import spmatrix

from scoring import clauses
from scoring import text as tx
from scoring.lexical import LexicalIndex
from scoring.similarity import DECIMALS, Vectors, cosine_matrix, hub_corrected, hubness
from scoring.text import word_set
from scoring.types import KeyPointResult, KeyPointSpec, ScoringConfig

# A key point whose text starts with one of these asks something: only a question states it.
_ASKING = word_set(
    "уточнять спрашивать выяснять задавать узнавать интересоваться переспрашивать ask asks clarify "
    "clarifies find finds probe probes check checks qualify qualifies"
)


@dataclass(frozen=True)
class ReferenceUnits:
    """The step's references cut into clauses, with their vectors and hubness."""

    texts: list[list[str]]
    kinds: list[list[clauses.Kind]]
    vectors: list[Vectors]
    hubs: list[np.ndarray]


@dataclass(frozen=True)
class KeyPointIndex:
    """One key point, ready to judge answers against."""

    spec: KeyPointSpec
    examples: tuple[str, ...]  # its own examples, or implicit ones: reference clauses that state it
    variants: Vectors  # its text and examples
    hub: np.ndarray
    needed: float  # the hub-corrected similarity of meaning a clause needs
    words: spmatrix  # TF-IDF rows of the examples (its text when there are none)
    asks: bool  # only a question states it
    negative: bool  # its examples themselves decline something («спорить не буду»): a refusal may state it
    implicit: bool  # its examples are reference clauses found for it (the trainer gave none)


@dataclass(frozen=True)
class AnswerUnits:
    """The answer's clauses: kinds, vectors, hubness and TF-IDF rows."""

    units: list[clauses.Unit]
    vectors: Vectors
    hubs: np.ndarray
    words: spmatrix


def prepare(
    points: Sequence[KeyPointSpec],
    *,
    language: str,
    references: ReferenceUnits,
    encode: Callable[[Sequence[str]], Vectors],
    unrelated: Vectors,
    lexical: LexicalIndex,
    cfg: ScoringConfig,
) -> list[KeyPointIndex]:
    """Each key point with its examples (implicit where the trainer gave none) and the level it needs."""
    asks = [_asks(point, point.examples) for point in points]
    implicit = _implicit_examples(points, asks, references, encode, unrelated, cfg)
    out = []
    for point, asking, (found, origins) in zip(points, asks, implicit, strict=True):
        examples = list(point.examples) or found
        variants = encode([point.text, *examples])
        hub = hubness(variants, unrelated, cfg.hub_neighbours)
        kinds = [clauses.kind(e, language) for e in examples]
        out.append(
            KeyPointIndex(
                spec=point,
                examples=tuple(examples),
                variants=variants,
                hub=hub,
                needed=_level(variants, hub, origins, references, cfg),
                words=lexical.vectors(examples or [point.text]),
                asks=asking,
                negative=bool(kinds) and kinds.count("refuses") * 2 >= len(kinds),
                implicit=not point.examples and bool(found),
            )
        )
    return out


def _implicit_examples(
    points: Sequence[KeyPointSpec],
    asks: list[bool],
    references: ReferenceUnits,
    encode: Callable[[Sequence[str]], Vectors],
    unrelated: Vectors,
    cfg: ScoringConfig,
) -> list[tuple[list[str], list[int]]]:
    """For key points without examples: in each reference, the clause that states each one, found by matching the
    key points to the reference's clauses one to one (a key point's similarity to a clause, centred over that
    reference's clauses, so that a description is compared with the clauses it resembles most, not with speech in
    general; a key point that asks is matched to questions first). By default every clause the matching gives a key
    point is kept (`implicit_example_margin` -1), even a statement matched to an asking key point when the reference
    has too few questions: measured on the library's labels, that finds more than it confuses. Returns (examples,
    the reference of each) per point."""
    out: list[tuple[list[str], list[int]]] = [([], []) for _ in points]
    todo = [i for i, point in enumerate(points) if not point.examples]
    if not todo:
        return out
    texts = encode([points[i].text for i in todo])
    hubs = hubness(texts, unrelated, cfg.hub_neighbours)
    for r, (ref_texts, vectors, ref_hubs) in enumerate(
        zip(references.texts, references.vectors, references.hubs, strict=True)
    ):
        sims = hub_corrected(cosine_matrix(texts, vectors), hubs, ref_hubs)
        centred = sims - sims.mean(axis=1, keepdims=True)
        questions = np.array(["?" in t for t in ref_texts])
        fits = np.array([[asks[i] == q for q in questions] for i in todo])
        usable = np.array([k == "says" for k in references.kinds[r]])
        gain = np.where(fits & usable[None, :], centred, -1.0)
        rows, cols = linear_sum_assignment(-gain)
        for row, col in zip(rows, cols, strict=True):
            if gain[row, col] >= cfg.implicit_example_margin:
                out[todo[row]][0].append(ref_texts[col])
                out[todo[row]][1].append(r)
    return out


def _level(
    variants: Vectors, hub: np.ndarray, origins: list[int], references: ReferenceUnits, cfg: ScoringConfig
) -> float:
    """Halfway between the floor and the median, over references, of their best clause's corrected similarity;
    an implicit example is left out when its own reference is measured (else it would match itself)."""
    best = []
    for r, (vectors, hubs) in enumerate(zip(references.vectors, references.hubs, strict=True)):
        keep = [0, *(1 + i for i, origin in enumerate(origins) if origin != r)] if origins else range(len(variants))
        rows = list(keep)
        best.append(float(hub_corrected(cosine_matrix(variants[rows], vectors), hub[rows], hubs).max()))
    level = 0.5 * ((cfg.implicit_floor if origins else cfg.key_point_floor) + float(np.median(best)))
    return round(max(cfg.key_point_min, level), DECIMALS)


def _asks(point: KeyPointSpec, examples: Sequence[str]) -> bool:
    """True when the key point asks something: most of its own examples are questions, or (without examples) its
    text starts with an asking verb."""
    if point.examples:
        return sum("?" in e for e in point.examples) * 2 > len(point.examples)
    first = [tx.fold(w.text) for w in tx.words(point.text)[:1]]
    lemma = first[0] if first else ""
    if any("а" <= c <= "я" for c in lemma):
        lemma = str(tx.morph().parse(lemma)[0].normal_form)
    return lemma in _ASKING


def judge(points: Sequence[KeyPointIndex], answer: AnswerUnits, cfg: ScoringConfig) -> list[KeyPointResult]:
    """Each key point is covered when one clause of the answer states it on its own: that clause's meaning reaches
    the level the key point needs and its words overlap the examples at least a little (`key_point_words`), or
    its words overlap closely (`key_point_words_alone`). A clause that refuses or describes never states it
    (unless the key point is itself a refusal, «спорить не буду»), a key point that asks needs a question, and a
    clause of fewer than `key_point_short_clause` words states only the key point it is closest to («Хорошо,
    пришлю» agrees to send; it does not also tailor the offer). The clause is the evidence."""
    if not points:
        return []
    sims = np.array(
        [hub_corrected(cosine_matrix(p.variants, answer.vectors), p.hub, answer.hubs).max(axis=0) for p in points]
    )  # (key points, clauses)
    overlap = np.array([np.round((p.words @ answer.words.T).toarray().max(axis=0), DECIMALS) for p in points])
    needed = np.array([p.needed for p in points])[:, None]
    words = np.array([cfg.implicit_words if p.implicit else cfg.key_point_words for p in points])[:, None]
    states = ((sims >= needed) & (overlap >= words)) | (overlap >= cfg.key_point_words_alone)
    allowed = np.array([[_may_state(p, unit) for unit in answer.units] for p in points], dtype=bool)
    covering = states & allowed
    for column, unit in enumerate(answer.units):
        if len(tx.words(unit.span.text)) < cfg.key_point_short_clause and covering[:, column].sum() > 1:
            best = int(np.argmax(np.where(covering[:, column], sims[:, column] - needed[:, 0], -np.inf)))
            covering[:, column] = False
            covering[best, column] = True
    refusing = np.array([unit.kind == "refuses" for unit in answer.units], dtype=bool)
    return [
        _result(p, sims[i], overlap[i], covering[i], states[i] & refusing & ~allowed[i], answer)
        for i, p in enumerate(points)
    ]


def _result(
    point: KeyPointIndex,
    sims: np.ndarray,
    overlap: np.ndarray,
    covering: np.ndarray,
    refused: np.ndarray,
    answer: AnswerUnits,
) -> KeyPointResult:
    covered = bool(covering.any())
    evidence = int(np.argmax(np.where(covering, sims + overlap, -np.inf))) if covered else None
    span = answer.units[evidence].span if evidence is not None else None
    return KeyPointResult(
        text=point.spec.text,
        weight=point.spec.weight,
        covered=covered,
        similarity=float(sims.max()),
        needed=point.needed,
        lexical=float(overlap.max()),
        sentence=span.text if span else None,
        start=span.start if span else None,
        end=span.end if span else None,
        refused=not covered and bool(refused.any()),
    )


def _may_state(point: KeyPointIndex, unit: clauses.Unit) -> bool:
    if unit.kind == "describes" or (unit.kind == "refuses" and not point.negative):
        return False
    return unit.question or not point.asks
