"""Take Parry's score on SemEval-2013 apart: where between the model's raw cosine and the final score the agreement
with the human grades is gained or lost (docs/scoring.md, "Measured agreement with people").

For every student answer of Beetle and SciEntsBank (all test splits, references only, the "too short" rule off as in
`parry eval`) it prints ROC AUC (correct vs the rest) and Spearman (2/1/0) of:
- the raw best cosine of the answer to a reference;
- the blended similarity the score is built on (sentence cosine and word recall, `ScoreResult.reference_similarities`);
- the meaning score (after calibration: character n-grams and the graded pool);
- the final score;
and how many answers were called degenerate (by reason) or drew the tone check's flag. A degenerate answer has no
similarity or meaning; in those two rows it keeps its raw cosine (in the meaning row mapped by the step's anchors,
`linear`), so that the rows measure the parts and not the degenerate rules. `--lexical-weight` and
`--sample-blend` override the calibration, `--library` adds the library's order figures under the same settings.

    .venv/bin/python bench/semeval_parts.py [--lexical-weight 0.3] [--sample-blend 0.5] [--library]
"""

from __future__ import annotations

import argparse
from collections import Counter
from dataclasses import replace

import numpy as np

from scenarios.evaluation import library_steps
from scoring.encoder import load_encoder
from scoring.evaluate import SEMEVAL_GRADES, default_data_dir, evaluate_library, read_semeval
from scoring.scorer import Scorer
from scoring.similarity import linear
from scoring.tone import TONE_LABEL
from scoring.types import StepSpec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--lexical-weight", type=float)
    parser.add_argument("--sample-blend", type=float)
    parser.add_argument("--library", action="store_true", help="also the library's order under these settings")
    args = parser.parse_args()
    encoder = load_encoder(None)
    config = Scorer(encoder).config
    if args.lexical_weight is not None:
        config = replace(config, lexical_weight=args.lexical_weight)
    if args.sample_blend is not None:
        config = replace(config, sample_blend=args.sample_blend)
    scorer = Scorer(encoder, replace(config, min_words=1))  # one-word answers are legitimate there
    data = default_data_dir()
    if data is None:
        raise SystemExit("no benchmark data: ../shared/benchmarks/data not found")
    print("| | AUC / Spearman: raw cosine | blended similarity | meaning score | final score | degenerate | tone |")
    print("|---|---|---|---|---|---|---|")
    for name, folder in (("Beetle", "beetle"), ("SciEntsBank", "sciEntsBank")):
        items = read_semeval(data / "semeval2013-3way" / "test" / "3way" / folder)
        raw, blended, meaning, final, grades = [], [], [], [], []
        reasons: Counter[str] = Counter()
        tone = 0
        for item in items:
            spec = StepSpec(references=item.references, language="en")
            anchors = scorer.prepare(spec)
            cosines = (encoder.encode(item.answers) @ encoder.encode(item.references).T).max(axis=1)
            results = scorer.score_batch([(spec, answer) for answer in item.answers])
            for cosine, result, label in zip(cosines, results, item.labels, strict=True):
                degenerate = not result.reference_similarities
                raw.append(float(cosine))
                blended.append(float(cosine) if degenerate else max(result.reference_similarities))
                anchored = linear(float(cosine), anchors.low, anchors.high, config.anchor_score)
                meaning.append(anchored if degenerate else result.meaning)
                final.append(result.score)
                grades.append(SEMEVAL_GRADES[label])
                reasons[result.reason_code or ""] += degenerate
                tone += any(h.label == TONE_LABEL["en"] for h in result.red_flags)
        gold = np.array(grades) == 100
        rank = np.array(grades)
        cells = [_figures(np.array(v), gold, rank) for v in (raw, blended, meaning, final)]
        kinds = ", ".join(f"{k} {n}" for k, n in reasons.most_common() if n)
        print(f"| {name} ({len(grades)}) | {' | '.join(cells)} | {kinds} | {tone} |")
    if args.library:
        for figure in evaluate_library(Scorer(encoder, config), library_steps(), lambda n: None):
            print(f"{figure.dataset} {figure.metric}: {figure.model:.3f}")


def _figures(values: np.ndarray, gold: np.ndarray, grades: np.ndarray) -> str:
    from scipy.stats import spearmanr
    from sklearn.metrics import roc_auc_score

    return f"{roc_auc_score(gold, values):.3f} / {spearmanr(values, grades)[0]:.3f}"


if __name__ == "__main__":
    main()
