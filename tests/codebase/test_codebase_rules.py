"""House rules of the code itself (issue 13): ruff format owns the layout, and no hand-written source file (the
product, its tests, benches and scripts) grows past 450 lines (data and migrations aside)."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SOURCES = ("api", "scoring", "scenarios", "voice", "frontend", "tests", "bench", "scripts")
DATA = {  # written as data, not logic: sentences, message texts, translations
    "api/message_catalogue.py",
    "scoring/tone_data.py",
    "scoring/move_data_en.py",
    "scoring/move_data_ru.py",
    "frontend/js/locales/en.js",
    "frontend/js/locales/ru.js",
}
MAX_LINES = 450
MARKERS = ("fmt: " + "skip", "fmt: " + "off")  # spelt apart so that this file does not carry them


def _tracked(*patterns: str) -> list[str]:
    out = subprocess.run(["git", "ls-files", *patterns], cwd=ROOT, capture_output=True, text=True, check=True)
    return out.stdout.split()


def test_no_line_of_python_opts_out_of_ruff_format() -> None:
    marked = [
        f"{name}:{number}"
        for name in _tracked("*.py")
        for number, line in enumerate((ROOT / name).read_text(encoding="utf-8").splitlines(), 1)
        if any(marker in line for marker in MARKERS)
    ]
    assert marked == [], "ruff format owns the layout; remove the markers"


def test_no_hand_written_source_file_is_over_450_lines() -> None:
    files = [f for f in _tracked("*.py", "*.js") if f.split("/")[0] in SOURCES and "/migrations/" not in f]
    assert len(files) > 200
    long = {
        f: n
        for f in files
        if f not in DATA and (n := len((ROOT / f).read_text(encoding="utf-8").splitlines())) > MAX_LINES
    }
    assert long == {}, "split these by concern"
