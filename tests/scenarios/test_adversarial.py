"""The adversarial answers: frozen (their files never change), valid, and handled by the scorer."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

import pytest

from scenarios.evaluation import (
    adversarial_figures,
    default_adversarial_dir,
    library_steps,
    read_adversarial,
    run_adversarial,
)
from scoring.scorer import Scorer

FROZEN = {  # sha256 at the freeze (commit 597b72c): tuning must never edit these files
    "en-dev.yaml": "faa9d844a2d497c5ebb8926192d393af9b5b367960b3b36da502e1636fc3efda",
    "en-test.yaml": "51c82f1a5732c1835ab6181ac6ef4a581e6d939766c20c1809ea812b0a3a5740",
    "ru-dev.yaml": "b6afdb8a8f85a8791378a08d436eba3a30a6209e7be61d92d4c3064401284f14",
    "ru-test.yaml": "db050915050813e38c7261a0a37ee48eeaf0e74700192e1145c6df2b207eef0e",
    # the second held-out half, frozen 2026-11-30 (written without looking at the scorer)
    "en-test2.yaml": "70baf68ec7c40c5e816dba59c54846a0addf1a6f790ac132afcef48588e33180",
    "ru-test2.yaml": "467e9e6cda0436fe1be5234b028193dd7836561f22547e8225164b09b6779ce5",
    # the third, frozen 2026-11-30 at commit 3d267b3 (held out while test2 became tuning data)
    "en-test3.yaml": "55f446e67bcfb04a9bf34b63309762feec1d3139be0e7b9845e9820c7806e9e5",
    "ru-test3.yaml": "3db3c045975148a152ddaf887632cdc7fd88c1d227a56af9a21e2dc35343fab2",
    # the fourth, frozen 2026-11-30 (written by another hand without looking at the scorer)
    "en-test4.yaml": "761caabedb5cfa3bdf102698a256f8d4b62d22b89c764c8aa1cf5422a37170a9",
    "ru-test4.yaml": "3a555ab140e00607335791e5a9e0619b50969c8d4c2a7a6c21665567ec4d184c",
    # the fifth, frozen 2026-11-30 at feee147 (held out while test4 became tuning data)
    "en-test5.yaml": "8de5d1ecf345621dc50dff3c2bfbf390967ce7762bb6b48887fcdd3307f697ca",
    "ru-test5.yaml": "0d53dc5c831d037036f7362c811199e0944d96e7fd5f28a0c3a1862cd7e36ded",
    # the sixth, frozen 2026-11-30 at afa4cec (held out while test5 became tuning data)
    "en-test6.yaml": "5bb105fa8133f14424aff478d368de58ae21f76d54f59c89fd887b78c8fca88a",
    "ru-test6.yaml": "b9f2da63b9a46585de54c5b6f2d2da6a976e04d5b77a51218c9930a62658785f",
    # the seventh, frozen 2026-11-30 at 0d2c8ec (held out while test6 became tuning data)
    "en-test7.yaml": "77c6b69f3bff6297d79715ad285c9241c8dcfed29849d4d10efd94f44dace6a0",
    "ru-test7.yaml": "871ae62c302479f5b9fdb87f28ab6530c505729c82446b185372d9e0d53aaae6",
    # the eighth, frozen 2026-11-30 at 87b6d4a and 967a859 (held out while test7 became tuning data)
    "en-test8.yaml": "4d1495e6897b3ec600de2d2ed8f51bd8bc2892321cf940497856bd4afcbd48d7",
    "ru-test8.yaml": "488c5f4236b55ffe28b43f118ba95b1dc3a83a08227e3d78eb1a075e2d5f654e",
    # the ninth, frozen 2026-11-30 at 9ceb948 and 5b148c4 (held out while test8 became tuning data)
    "en-test9.yaml": "73582ff2af0b7666ebc9dd6cd31078c3178593cef8efaabcf9321a33e0b6b4d8",
    "ru-test9.yaml": "c758c699303f1782806a7b8626229bfd0ff2db788603768f5b4c967e87dab022",
    # the tenth, frozen 2026-12-01 at 54cd42a and 508ecde (held out while test9 became tuning data)
    "en-test10.yaml": "6a01220b33aa08f3a86fb02a5a0e67655ab0f94fb2947307442ace0d84e5173c",
    "ru-test10.yaml": "8b323c28244a77bc65b599a5737367ab9b39562b14e28a6c95760b1dc969d74e",
    # the eleventh, frozen 2026-12-01 at be8141b and 741be3f (held out while test10 became tuning data)
    "en-test11.yaml": "151c46d9069305cd40c7862549ab5337c1ec783ce911c8214211280ca3c4cf42",
    "ru-test11.yaml": "497c5c09b70e63308eca5a78de5a65676232cb30b0ed5a821dd7c309a1503729",
    # the twelfth, frozen 2026-12-01 at d6366c8 and c9a562a (held out while test11 is used for validation)
    "en-test12.yaml": "7613dba1df72a5196cf6c12b50d1bdc654b12374ac55aefdac41affdad58c60e",
    "ru-test12.yaml": "5ca8c5adb9efa3e4581b9b85c2895780c2730c06caa3bec11c2607f19cc378cb",
    # the thirteenth, frozen 2026-12-01 at a3cfefc and 4b26591 (held out while test12 is used for validation)
    "en-test13.yaml": "5f1081a4091eed4e643ec01c85ef74ee6f415aae001d8a58467dd97abb556abe",
    "ru-test13.yaml": "1b20311e530cf5ea66eaef0b30112c0f8ef82c2368eb440518387ce07a49e5af",
    # the fourteenth, frozen 2026-12-01 at commits 57c39fe and a202290 (held out while test13 is used for validation)
    "en-test14.yaml": "83bf3031aabde112d651d5d81ae9750ab81b3211f98eae77c8c2450e951e644d",
    "ru-test14.yaml": "fb694fbb504e0f8b7c309c105273beecd646906840c5da25582ae9f9551c19fe",
}


def _folder() -> Path:
    folder = default_adversarial_dir()
    assert folder is not None
    return folder


@pytest.mark.parametrize("name", sorted(FROZEN))
def test_the_adversarial_files_are_frozen(name: str) -> None:
    assert hashlib.sha256((_folder() / name).read_bytes()).hexdigest() == FROZEN[name]


def test_every_adversarial_answer_names_a_library_step_and_the_held_out_half_has_300() -> None:
    steps = dict(library_steps(min_samples=0))
    items = read_adversarial(_folder())
    assert all(item.step in steps for _, item in items)
    counts = Counter(split for split, _ in items)
    for split, least in {"test": 300, "test2": 340, "test3": 390}.items():
        assert counts[split] >= least, split
    for number in range(4, 15):  # test4… test14: 160 answers per language
        assert counts[f"test{number}"] >= 320, number
    assert len({item.id for _, item in items}) == len(items)


@pytest.mark.slow
@pytest.mark.model
def test_the_scorer_handles_the_development_answers(scorer: Scorer) -> None:
    steps = dict(library_steps(min_samples=0))
    items = [(split, item) for split, item in read_adversarial(_folder()) if split == "dev"]
    figures = {f.metric: f.model for f in adversarial_figures(run_adversarial(scorer, items, steps, lambda n: None))}
    assert figures["handled: overall"] >= 0.95
    assert figures["handled: control_good"] == 1.0  # honest answers are never caught
