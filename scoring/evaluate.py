"""Agreement of the scorer with human judgments, beside a lexical baseline (character n-gram TF-IDF)."""

from __future__ import annotations

import csv
import random
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from itertools import combinations
from pathlib import Path

import numpy as np
from scipy.stats import pearsonr, spearmanr
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics import roc_auc_score

from scoring.scorer import GradedSample, Scorer, StepSpec

SEMEVAL_LABELS = {"correct": 2, "incorrect": 1, "contradictory": 0}
"""Ordinal mapping of SemEval-2013 3-way labels for Spearman: correct > incorrect > contradictory."""
SEMEVAL_GRADES = {"correct": 100, "incorrect": 30, "contradictory": 0}
"""Grades given to SemEval answers when they serve as graded samples."""
SAMPLES_PER_QUESTION = 4
KNN_NEIGHBOURS = 3
"""The kNN baseline's grade: the cosine-weighted mean grade of this many nearest graded answers (samples and
references, the references graded 100)."""
BATCH = 32

Progress = Callable[[int], None]


@dataclass
class Figure:
    """One measured number for the model and for the baseline on one data set."""

    dataset: str
    metric: str
    model: float
    baseline: float
    n: int
    note: str = ""
    cosine: float = float("nan")  # the model's raw best cosine to a reference, where measured
    knn: float = float("nan")  # a k-nearest-neighbour grade over the graded samples, where there are samples


@dataclass
class Report:
    """All figures of one evaluation run."""

    model_name: str
    figures: list[Figure] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return asdict(self)


@dataclass(frozen=True)
class Item:
    """A question or step: references and graded answers (label or grade)."""

    key: str
    references: tuple[str, ...]
    answers: tuple[str, ...]
    labels: tuple[str, ...]
    language: str = "en"


def default_data_dir() -> Path | None:
    """`shared/benchmarks/data` beside the checkout or the current folder, if present."""
    for base in (Path.cwd(), *Path.cwd().parents, Path(__file__).resolve().parents[1]):
        for candidate in (base / "shared" / "benchmarks" / "data", base.parent / "shared" / "benchmarks" / "data"):
            if candidate.is_dir():
                return candidate
    return None


def tfidf_cosines(pairs: Sequence[tuple[str, str]], corpus: Iterable[str]) -> np.ndarray:
    """Baseline: cosine of character 2-4-gram TF-IDF vectors (fitted on `corpus`) for each pair."""
    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, sublinear_tf=True)
    vectorizer.fit(list(corpus))
    left = vectorizer.transform([a for a, _ in pairs])
    right = vectorizer.transform([b for _, b in pairs])
    return np.asarray(left.multiply(right).sum(axis=1)).ravel()


def read_stsb(path: Path) -> list[tuple[str, str, float]]:
    """STS-B CSV rows: sentence1, sentence2, score 0-5."""
    with path.open(encoding="utf-8", newline="") as f:
        return [(row[0], row[1], float(row[2])) for row in csv.reader(f) if len(row) == 3]


def read_semeval(folder: Path) -> list[Item]:
    """SemEval-2013 task 7 questions under `folder` (every XML file, sorted)."""
    items = []
    for path in sorted(folder.rglob("*.xml")):
        root = ET.parse(path).getroot()
        refs = tuple((r.text or "").strip() for r in root.iter("referenceAnswer") if (r.text or "").strip())
        answers = [(a.text or "").strip() for a in root.iter("studentAnswer")]
        labels = [a.get("accuracy", "") for a in root.iter("studentAnswer")]
        keep = [i for i, (a, lab) in enumerate(zip(answers, labels, strict=True)) if a and lab in SEMEVAL_LABELS]
        if refs and keep:
            key = f"{path.parent.name}/{path.stem}"
            items.append(Item(key, refs, tuple(answers[i] for i in keep), tuple(labels[i] for i in keep)))
    return items


def evaluate_stsb(scorer: Scorer, path: Path, name: str, progress: Progress) -> list[Figure]:
    """Spearman and Pearson of cosine vs the human 0-5 similarity."""
    rows = read_stsb(path)
    left = _encode_batched(scorer, [r[0] for r in rows], progress)
    right = _encode_batched(scorer, [r[1] for r in rows], progress)
    model = (left * right).sum(axis=1)
    baseline = tfidf_cosines([(r[0], r[1]) for r in rows], [s for r in rows for s in r[:2]])
    gold = np.array([r[2] for r in rows])
    return [
        Figure(name, "Spearman", _spearman(model, gold), _spearman(baseline, gold), len(rows), "cosine"),
        Figure(name, "Pearson", _pearson(model, gold), _pearson(baseline, gold), len(rows), "cosine"),
    ]


def evaluate_semeval(scorer: Scorer, items: list[Item], name: str, progress: Progress) -> list[Figure]:
    """ROC AUC (correct vs the rest) and Spearman (label order) of the Parry score; samples' effect."""
    specs = [StepSpec(references=item.references, language="en") for item in items]
    scorer = Scorer(scorer.encoder, replace(scorer.config, min_words=1))  # one-word answers are legitimate here
    jobs = [(spec, answer) for spec, item in zip(specs, items, strict=True) for answer in item.answers]
    scores = np.array(_score_batched(scorer, jobs, progress), dtype=float)
    labels = [label for item in items for label in item.labels]
    baseline = _baseline_max(items)
    cosine = _best_cosines(scorer, items)
    figures = _label_figures(name, scores, baseline, labels, "Parry score, references only", cosine=cosine)
    figures += _with_samples(scorer, items, name, progress)
    return figures


def _best_cosines(scorer: Scorer, items: list[Item]) -> np.ndarray:
    """Baseline: the model's raw cosine of each answer to its nearest reference, no calibration, no rules."""
    out = []
    for item in items:
        references = scorer.encoder.encode(item.references)
        answers = scorer.encoder.encode(item.answers)
        out.append((answers @ references.T).max(axis=1))
    return np.concatenate(out)


def knn_grades(answers: np.ndarray, points: np.ndarray, grades: np.ndarray, k: int = KNN_NEIGHBOURS) -> np.ndarray:
    """Baseline: each answer's grade as the cosine-weighted mean grade of its `k` nearest graded points.
    (n, d) unit answers, (m, d) unit points, (m,) grades -> (n,)."""
    sims = answers @ points.T
    nearest = np.argsort(-sims, axis=1)[:, :k]
    weights = np.clip(np.take_along_axis(sims, nearest, axis=1), 1e-6, None)
    return np.asarray((weights * grades[nearest]).sum(axis=1) / weights.sum(axis=1))


def _with_samples(scorer: Scorer, items: list[Item], name: str, progress: Progress) -> list[Figure]:
    """Per question, 4 other answers become graded samples; the rest are scored with and without them."""
    with_jobs, without_jobs, labels, knn = [], [], [], []
    for item in items:
        if len(item.answers) <= SAMPLES_PER_QUESTION + 1:
            continue
        chosen = set(random.Random(item.key).sample(range(len(item.answers)), SAMPLES_PER_QUESTION))
        samples = tuple(GradedSample(item.answers[i], SEMEVAL_GRADES[item.labels[i]]) for i in sorted(chosen))
        plain = StepSpec(references=item.references, language="en")
        graded = StepSpec(references=item.references, language="en", samples=samples)
        rest = [i for i in range(len(item.answers)) if i not in chosen]
        for i in rest:
            without_jobs.append((plain, item.answers[i]))
            with_jobs.append((graded, item.answers[i]))
            labels.append(item.labels[i])
        points = scorer.encoder.encode([*item.references, *(s.answer for s in samples)])
        grades = np.array([100.0] * len(item.references) + [float(s.grade) for s in samples])
        knn.append(knn_grades(scorer.encoder.encode([item.answers[i] for i in rest]), points, grades))
    without = np.array(_score_batched(scorer, without_jobs, progress), dtype=float)
    with_samples = np.array(_score_batched(scorer, with_jobs, progress), dtype=float)
    note = f"{SAMPLES_PER_QUESTION} graded samples per question; column 'baseline' = same answers without samples"
    return _label_figures(f"{name} (+samples)", with_samples, without, labels, note, knn=np.concatenate(knn))


def evaluate_library(scorer: Scorer, steps: Sequence[tuple[str, StepSpec]], progress: Progress) -> list[Figure]:
    """Graded samples of the scenario library, each scored with itself left out of the step's samples."""
    jobs, grades, groups = [], [], []
    for key, spec in steps:
        for i, sample in enumerate(spec.samples):
            others = tuple(s for j, s in enumerate(spec.samples) if j != i)
            jobs.append((_replace_samples(spec, others), sample.answer))
            grades.append(float(sample.grade))
            groups.append(key)
    scores = np.array(_score_batched(scorer, jobs, progress), dtype=float)
    baseline = _library_baseline(steps)
    gold = np.array(grades)
    by_language: dict[str, list[int]] = {}
    for index, (spec, _) in enumerate(jobs):
        by_language.setdefault(spec.language or "?", []).append(index)
    figures = []
    for language, idx in sorted(by_language.items()):
        sub = np.array(idx)
        name = f"library {language}"
        g = [groups[i] for i in idx]
        figures += [
            Figure(
                name,
                "pairwise order",
                _pairwise(scores[sub], gold[sub], g),
                _pairwise(baseline[sub], gold[sub], g),
                len(idx),
                "pairs of samples of one step with different grades, leave-one-out",
            ),
            Figure(
                name,
                "Spearman per step (mean)",
                _mean_step_spearman(scores[sub], gold[sub], g),
                _mean_step_spearman(baseline[sub], gold[sub], g),
                len(set(g)),
            ),
            Figure(name, "Pearson", _pearson(scores[sub], gold[sub]), _pearson(baseline[sub], gold[sub]), len(idx)),
        ]
    return figures


def evaluate_key_points(scorer: Scorer, steps: Sequence[tuple[str, StepSpec]], progress: Progress) -> list[Figure]:
    """Key-point detection against the trainers' labels (`covers` of graded samples), per language: precision,
    recall and F1 of the scorer's decision, and ROC AUC of its meaning signal alone (the similarity less the
    level the key point needs). The baseline is the best TF-IDF cosine of the key point's text and examples to a
    sentence or the whole answer, at the threshold that gives it the best F1 on these very labels (optimistic)."""
    jobs, labels, baseline, languages = [], [], [], []
    for _, spec in steps:
        if not spec.key_points:
            continue
        for sample in spec.samples:
            if sample.covers is None:
                continue
            jobs.append((spec, sample.answer))
            labels += [number in sample.covers for number in range(1, len(spec.key_points) + 1)]
            baseline += _key_point_baseline(spec, sample.answer)
            languages += [spec.language or "?"] * len(spec.key_points)
    if not jobs:
        return []
    similarity, decided = [], []
    for start in range(0, len(jobs), BATCH):
        chunk = [(spec, answer[: scorer.config.max_chars]) for spec, answer in jobs[start : start + BATCH]]
        for result, (spec, _) in zip(scorer.score_batch(chunk), chunk, strict=True):
            if not result.key_points:  # a degenerate answer covers nothing
                similarity += [-1.0] * len(spec.key_points)
                decided += [False] * len(spec.key_points)
            similarity += [p.similarity - p.needed for p in result.key_points]
            decided += [p.covered for p in result.key_points]
        progress(len(chunk))
    figures = []
    for language in sorted(set(languages)):
        idx = [i for i, lang in enumerate(languages) if lang == language]
        gold = np.array([labels[i] for i in idx])
        model_sim, base_sim = np.array([similarity[i] for i in idx]), np.array([baseline[i] for i in idx])
        model_pred = np.array([decided[i] for i in idx])
        base_pred = base_sim >= _best_f1_threshold(base_sim, gold)
        name, n = f"library {language} key points", len(idx)
        note = f"{int(gold.sum())} of {n} (sample, key point) pairs covered in the trainers' labels"
        figures.append(
            Figure(
                name,
                "ROC AUC covered vs not (meaning alone)",
                float(roc_auc_score(gold, model_sim)),
                float(roc_auc_score(gold, base_sim)),
                n,
                note,
            )
        )
        for metric, index in (("precision", 0), ("recall", 1), ("F1", 2)):
            figures.append(
                Figure(
                    name,
                    metric,
                    _prf(model_pred, gold)[index],
                    _prf(base_pred, gold)[index],
                    n,
                    "Parry: its own decision; baseline: its best threshold on these labels",
                )
            )
    return figures


def _key_point_baseline(spec: StepSpec, answer: str) -> list[float]:
    """Per key point: the best TF-IDF cosine of its text or an example to a sentence of the answer or all of it."""
    from scoring import text as tx

    cleaned = tx.clean(answer)
    units = [s.text for s in tx.sentences(cleaned)] + [cleaned]
    corpus = [*spec.references, *(t for k in spec.key_points for t in (k.text, *k.examples)), *units]
    out = []
    for point in spec.key_points:
        variants = [point.text, *point.examples]
        pairs = [(v, u) for v in variants for u in units]
        out.append(float(tfidf_cosines(pairs, corpus).max()))
    return out


def _prf(predicted: np.ndarray, gold: np.ndarray) -> tuple[float, float, float]:
    """Precision, recall and F1 of boolean predictions."""
    hits = float((predicted & gold).sum())
    precision = hits / predicted.sum() if predicted.sum() else float("nan")
    recall = hits / gold.sum() if gold.sum() else float("nan")
    f1 = 2 * hits / (predicted.sum() + gold.sum()) if predicted.sum() + gold.sum() else float("nan")
    return precision, recall, f1


def _best_f1_threshold(values: np.ndarray, gold: np.ndarray) -> float:
    """The threshold on `values` that gives the best F1 against `gold`."""
    best, threshold = -1.0, float("inf")
    for candidate in np.unique(values):
        f1 = _prf(values >= candidate, gold)[2]
        if not np.isnan(f1) and f1 > best:
            best, threshold = f1, float(candidate)
    return threshold


def _replace_samples(spec: StepSpec, samples: tuple[GradedSample, ...]) -> StepSpec:
    return StepSpec(
        spec.references, spec.key_points, spec.red_flags, spec.customer_line, spec.language, samples, spec.pass_mark
    )


def _library_baseline(steps: Sequence[tuple[str, StepSpec]]) -> np.ndarray:
    corpus = [t for _, spec in steps for t in (*spec.references, *(s.answer for s in spec.samples))]
    values = []
    for _, spec in steps:
        for sample in spec.samples:
            pairs = [(sample.answer, ref) for ref in spec.references]
            values.append(float(tfidf_cosines(pairs, corpus).max()))
    return np.array(values)


def _baseline_max(items: list[Item]) -> np.ndarray:
    corpus = [t for item in items for t in (*item.references, *item.answers)]
    pairs = [(a, r) for item in items for a in item.answers for r in item.references]
    cos = tfidf_cosines(pairs, corpus)
    out, at = [], 0
    for item in items:
        for _ in item.answers:
            out.append(float(cos[at : at + len(item.references)].max()))
            at += len(item.references)
    return np.array(out)


def _label_figures(
    name: str,
    scores: np.ndarray,
    baseline: np.ndarray,
    labels: list[str],
    note: str,
    *,
    cosine: np.ndarray | None = None,
    knn: np.ndarray | None = None,
) -> list[Figure]:
    correct = np.array([label == "correct" for label in labels])
    ordinal = np.array([SEMEVAL_LABELS[label] for label in labels], dtype=float)
    nan = float("nan")

    def auc(values: np.ndarray | None) -> float:
        return nan if values is None else float(roc_auc_score(correct, values))

    def rho(values: np.ndarray | None) -> float:
        return nan if values is None else _spearman(values, ordinal)

    n = len(labels)
    return [
        Figure(name, "ROC AUC correct vs rest", auc(scores), auc(baseline), n, note, auc(cosine), auc(knn)),
        Figure(name, "Spearman (2/1/0)", rho(scores), rho(baseline), n, note, rho(cosine), rho(knn)),
    ]


def _encode_batched(scorer: Scorer, texts: list[str], progress: Progress) -> np.ndarray:
    out = []
    for start in range(0, len(texts), BATCH):
        chunk = texts[start : start + BATCH]
        out.append(scorer.encoder.encode(chunk))
        progress(len(chunk))
    return np.vstack(out)


def _score_batched(scorer: Scorer, jobs: list[tuple[StepSpec, str]], progress: Progress) -> list[int]:
    out: list[int] = []
    for start in range(0, len(jobs), BATCH):
        chunk = [(spec, answer[: scorer.config.max_chars]) for spec, answer in jobs[start : start + BATCH]]
        out += [r.score for r in scorer.score_batch(chunk)]
        progress(len(chunk))
    return out


def _spearman(a: np.ndarray, b: np.ndarray) -> float:
    return float(spearmanr(a, b).statistic)


def _pearson(a: np.ndarray, b: np.ndarray) -> float:
    return float(pearsonr(a, b).statistic)


def pairwise_accuracy(scores: Sequence[float], grades: Sequence[float]) -> tuple[float, int]:
    """Share of pairs with different grades that the scores order the same way (a tie counts half)."""
    right, pairs = 0.0, 0
    for (s1, g1), (s2, g2) in combinations(zip(scores, grades, strict=True), 2):
        if g1 == g2:
            continue
        pairs += 1
        if s1 == s2:
            right += 0.5
        elif (s1 > s2) == (g1 > g2):
            right += 1
    return (right / pairs if pairs else float("nan")), pairs


def _groups(groups: list[str]) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for i, g in enumerate(groups):
        out.setdefault(g, []).append(i)
    return out


def _pairwise(scores: np.ndarray, gold: np.ndarray, groups: list[str]) -> float:
    right = total = 0.0
    for idx in _groups(groups).values():
        accuracy, pairs = pairwise_accuracy(scores[idx].tolist(), gold[idx].tolist())
        if pairs:
            right += accuracy * pairs
            total += pairs
    return right / total if total else float("nan")


def _mean_step_spearman(scores: np.ndarray, gold: np.ndarray, groups: list[str]) -> float:
    values = []
    for idx in _groups(groups).values():
        if len(idx) >= 3 and len(set(gold[idx])) > 1:
            rho = spearmanr(scores[idx], gold[idx]).statistic
            values.append(0.0 if np.isnan(rho) else float(rho))  # constant scores: no agreement
    return float(np.mean(values)) if values else float("nan")
