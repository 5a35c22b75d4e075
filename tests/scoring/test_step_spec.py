"""A step the scorer refuses says what is wrong with it."""

from __future__ import annotations

import pytest

from scoring.scorer import GradedSample, KeyPointSpec, RedFlagSpec, ScoringError, StepSpec

GOOD = ("Понимаю, давайте посчитаем окупаемость.", "Согласен, цена важна: с чем сравниваете?")


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"references": ()}, "at least one non-empty reference"),
        ({"references": ("Понимаю.", "   ")}, "at least one non-empty reference"),
        ({"language": "de"}, "unknown language 'de'"),
        ({"pass_mark": 101}, "pass mark 101 is outside 0-100"),
        ({"pass_mark": -1}, "pass mark -1 is outside 0-100"),
        ({"samples": (GradedSample("Понимаю вас.", 150),)}, "sample grade 150 is outside 0-100"),
        ({"samples": (GradedSample("Понимаю вас.", -5),)}, "sample grade -5 is outside 0-100"),
        ({"key_points": (KeyPointSpec("  "),)}, "key point needs text"),
        ({"key_points": (KeyPointSpec("Уточняет", weight=0),)}, "positive weight"),
        ({"red_flags": (RedFlagSpec("Скидка"),)}, "red flag 'Скидка' needs phrases or a meaning"),
    ],
)
def test_an_invalid_step_is_refused_with_a_plain_message(changes: dict[str, object], message: str) -> None:
    fields: dict[str, object] = {"references": GOOD, **changes}
    with pytest.raises(ScoringError, match=message):
        StepSpec(**fields)  # type: ignore[arg-type]


def test_a_valid_step_is_accepted_at_the_edges() -> None:
    step = StepSpec(
        references=GOOD[:1],
        language="en",
        pass_mark=100,
        samples=(GradedSample("a", 0), GradedSample("b", 100)),
        red_flags=(RedFlagSpec("Discount", meaning="offers a discount"), RedFlagSpec("Promise", phrases=("promise",))),
    )
    assert step.pass_mark == 100
