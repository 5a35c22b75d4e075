"""Every `ScoringConfig` field is named in docs/scoring.md with its default (as datasette fails on an undocumented
setting)."""

from __future__ import annotations

import re
from dataclasses import MISSING, fields
from pathlib import Path

from scoring.types import ScoringConfig

DOC = Path(__file__).resolve().parents[2] / "docs" / "scoring.md"
SECTION = "## Every setting (`ScoringConfig`)"
ROW = re.compile(r"^\| `(\w+)` \| ([^|]+?) \| (.+) \|$")


def documented() -> dict[str, str]:
    """Field name -> default as written, from the table of the settings section."""
    text = DOC.read_text(encoding="utf-8")
    assert SECTION in text, f"docs/scoring.md has no section {SECTION!r}"
    section = text.split(SECTION, 1)[1].split("\n## ", 1)[0]
    rows = [ROW.match(line) for line in section.splitlines() if line.startswith("| `")]
    assert all(rows), "a table row of the settings section is not `| `field` | default | what it does |`"
    names = [row.group(1) for row in rows if row]
    assert len(names) == len(set(names)), "a field is documented twice"
    return {row.group(1): row.group(2) for row in rows if row}


def test_every_scoring_config_field_is_documented_with_its_default() -> None:
    table = documented()
    expected = {f.name: repr(f.default) for f in fields(ScoringConfig) if f.default is not MISSING}
    assert len(expected) == len(fields(ScoringConfig)), "every field has a plain default"
    assert sorted(set(expected) - set(table)) == [], "fields missing from docs/scoring.md"
    assert sorted(set(table) - set(expected)) == [], "documented fields that ScoringConfig does not have"
    assert {name: table[name] for name in expected} == expected
