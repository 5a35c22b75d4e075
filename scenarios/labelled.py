"""Sentences of the tuned adversarial halves, labelled by what they do, as training data for the move check.

`evalsets/adversarial/labels/{en,ru}.jsonl` holds, for every refusal, read-back, stop-phrase and rude answer of the
halves that are tuned on (not the validation or held-out ones), each sentence or clause of the answer with its move:
says, refuses, describes, promises, discounts, hedges or rude (labelled by helper sessions on 2026-12-01 that read
those halves and nothing of the scorer). The honest answers of the same halves add their clauses as `says`.
`scoring/data/labelled-{en,ru}.json` is built from them here, because `scoring/` reads no evaluation files:

    python -m scenarios.labelled        # rebuild scoring/data/labelled-*.json after a labels file changes

A test keeps the built files equal to what this module builds.
"""

from __future__ import annotations

import json
from pathlib import Path

from scenarios.evaluation import SPLIT_STATUS, default_adversarial_dir, read_adversarial
from scoring import clauses
from scoring import text as tx
from scoring.moves import LABELLED_DIR, MOVES

HONEST = ("control_good", "control_negation")


def tuned_splits() -> list[str]:
    """The halves the rules are tuned on: every split but the validation and held-out ones."""
    return [s for s, status in SPLIT_STATUS.items() if "tuned on" in status]


def build(folder: Path, language: str) -> dict[str, list[str]]:
    """Move -> sentences, in file order, from the labels and the honest answers of the tuned halves in `folder`
    (the tone check's `rude` label is kept in the labels but not built: docs/scoring.md)."""
    tuned = set(tuned_splits())
    items = {item.id: (split, item) for split, item in read_adversarial(folder) if item.id.startswith(language)}
    out: dict[str, list[str]] = {move: [] for move in MOVES}
    for line in (folder / "labels" / f"{language}.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        split, item = items[record["id"]]
        if split not in tuned:
            raise ValueError(f"{record['id']}: {split} is not a tuned half; its answers must stay unseen")
        for sentence in record["sentences"]:
            if sentence["text"] not in item.answer:
                raise ValueError(f"{record['id']}: {sentence['text']!r} is not in the answer")
            if sentence["move"] in out:  # `rude` sentences: taught to the tone check, measured, not adopted
                out[sentence["move"]].append(sentence["text"])
    for split, item in items.values():
        if split in tuned and item.attack in HONEST:
            out["says"] += [u.span.text for u in clauses.units(tx.clean(item.answer), language)]
    return out


def write(folder: Path, target: Path) -> None:
    for language in ("en", "ru"):
        data = build(folder, language)
        text = json.dumps(data, ensure_ascii=False, indent=0, sort_keys=True) + "\n"
        (target / f"labelled-{language}.json").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    folder = default_adversarial_dir()
    if folder is None:
        raise SystemExit("evalsets/adversarial not found")
    write(folder, LABELLED_DIR)
