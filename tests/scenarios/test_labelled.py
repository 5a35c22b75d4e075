"""The labelled sentences of the tuned adversarial answers (scenarios/labelled.py) that teach the move check."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from scenarios.evaluation import SPLIT_STATUS, default_adversarial_dir, read_adversarial
from scenarios.labelled import build, tuned_splits
from scoring.moves import LABELLED_DIR, MOVES, training_sentences
from scoring.types import LANGUAGES


def _folder() -> Path:
    folder = default_adversarial_dir()
    assert folder is not None
    return folder


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_shipped_sentences_are_what_the_labels_build(language: str) -> None:
    shipped = json.loads((LABELLED_DIR / f"labelled-{language}.json").read_text(encoding="utf-8"))
    assert shipped == build(_folder(), language), "run python -m scenarios.labelled"
    assert set(shipped) == set(MOVES)


def test_no_validation_or_held_out_answer_is_labelled() -> None:
    unseen = {s for s in SPLIT_STATUS if s not in tuned_splits()}
    assert {"test12", "test13", "test14"} <= unseen
    splits = {item.id: split for split, item in read_adversarial(_folder())}
    for language in LANGUAGES:
        lines = (_folder() / "labels" / f"{language}.jsonl").read_text(encoding="utf-8").splitlines()
        labelled = {splits[json.loads(line)["id"]] for line in lines}
        assert labelled
        assert not labelled & unseen


def test_a_label_on_an_unseen_half_or_a_text_not_in_its_answer_is_refused(tmp_path: Path) -> None:
    held = next(split for split, status in SPLIT_STATUS.items() if status == "(held out)")
    for name in ("en-dev.yaml", f"en-{held}.yaml"):
        (tmp_path / name).write_bytes((_folder() / name).read_bytes())
    (tmp_path / "labels").mkdir()
    items = {item.id: item for _, item in read_adversarial(tmp_path)}
    held_out = next(i for i in items if i.startswith(f"en-{held}-"))
    record = {"id": held_out, "sentences": [{"text": items[held_out].answer, "move": "says"}]}
    (tmp_path / "labels" / "en.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="not a tuned half"):
        build(tmp_path, "en")
    record = {"id": "en-dev-001", "sentences": [{"text": "Words nobody wrote.", "move": "refuses"}]}
    (tmp_path / "labels" / "en.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    with pytest.raises(ValueError, match="is not in the answer"):
        build(tmp_path, "en")


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_move_check_learns_from_the_labelled_sentences(language: str) -> None:
    taught = training_sentences(language)
    labelled = json.loads((LABELLED_DIR / f"labelled-{language}.json").read_text(encoding="utf-8"))
    for move in ("refuses", "describes"):
        learnt = set(taught[move])  # type: ignore[index]
        assert sum(s in learnt for s in labelled[move]) >= 0.9 * len(set(labelled[move]))
