"""Builders for scenario tests: a small valid scenario file, edits of it, and where a text sits in it."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

VALID = """\
id: test-price
title: Price objection, test edition
language: en
context: You sell a CRM subscription to a wholesale company and call the sales director back.
persona:
  role: Sales director
  company: Acme Wholesale, 25 reps
  temperament: Careful with money
pass_mark: 70
steps:
  - id: price
    category: price
    customer_line: It is too expensive for us.
    references:
      - I understand, it is a real amount. What are you comparing it with?
      - Fair point, budget matters. Let me work out the payback on your numbers.
    key_points:
      - text: Acknowledges the concern
        examples:
          - I understand, it is a real amount
      - text: Asks what the price is compared with
        weight: 2
    red_flags:
      - label: Discount at once
        phrases: [give you a discount]
        penalty: 25
    hints:
      - Ask what they compare the price with before defending it.
    samples:
      - answer: I understand. What are you comparing it with? Let me do the payback maths.
        grade: 90
      - answer: Fine, I will give you a discount.
        grade: 20
    follow_ups:
      strong: close
      weak: pushback
  - id: pushback
    category: competitor
    customer_line: Your competitor is cheaper anyway.
    references:
      - Could be. What exactly do they include for that price?
      - Fair enough. Shall we compare both offers line by line on a short call?
      - Many clients compared us too. What matters most to you besides price?
    red_flags:
      - label: Runs down the competitor
        meaning: The rep says the competitor is bad.
    follow_ups:
      strong: close
      weak: end
  - id: close
    category: think_about_it
    customer_line: Let me think about it.
    references:
      - Of course. What would you like to think over, so I can prepare it?
      - Sure. Shall we pencil in a call on Thursday to decide?
"""
"""1 scenario in English: 3 steps, 7 references, 2 key points, 2 red flags, 2 graded samples, branching."""


def edit(old: str, new: str, text: str = VALID) -> str:
    """`text` with the one occurrence of `old` replaced by `new`."""
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times"
    return text.replace(old, new)


def line_of(text: str, needle: str, occurrence: int = 1) -> int:
    """1-based number of the line holding the `occurrence`-th `needle`."""
    seen = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            seen += 1
            if seen == occurrence:
                return number
    raise AssertionError(f"{needle!r} is not in the text {occurrence} time(s)")


def as_json(text: str) -> str:
    """The same scenario written as JSON."""
    return json.dumps(yaml.safe_load(text), ensure_ascii=False, indent=2)


def write(folder: Path, name: str, content: str | bytes) -> Path:
    """A file in `folder`."""
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path
