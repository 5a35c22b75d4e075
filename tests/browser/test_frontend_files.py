"""The frontend's files, read as text: no markup from data, no inline code, nothing from other sites, every
interface text in both languages. No browser needed."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from api.frontend import FRONTEND_DIR

SCRIPTS = sorted((FRONTEND_DIR / "js").rglob("*.js"))
LOCALES = FRONTEND_DIR / "js" / "locales"
CODE = [script for script in SCRIPTS if script.parent != LOCALES]  # the locales are texts: "the pass mark (0-100)"


def _dictionary(name: str) -> dict[str, str]:
    """The texts of locales/<name>.js, key by key."""
    text = (LOCALES / f"{name}.js").read_text()
    body = re.search(rf"^const {name} = \{{\n(.*?)^\}};", text, re.S | re.M)
    assert body, f"no dictionary {name} in locales/{name}.js"
    return dict(re.findall(r'^\s+"([\w.]+)": "((?:[^"\\]|\\.)*)",$', body.group(1), re.M))


def test_the_frontend_has_scripts_styles_and_a_page() -> None:
    assert (FRONTEND_DIR / "index.html").is_file()
    assert (FRONTEND_DIR / "css" / "app.css").is_file()
    assert len(SCRIPTS) >= 10


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.relative_to(FRONTEND_DIR).as_posix())
def test_no_script_turns_text_into_markup(script: Path) -> None:
    code = script.read_text()
    for sink in ("innerHTML", "outerHTML =", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in code, f"{script.name} uses {sink}: build elements with dom.js and text nodes"
    assert not re.search(r"setAttribute\(\s*[\"']style", code), f"{script.name} sets an inline style"
    assert not re.search(r"setAttribute\(\s*[\"']on\w+", code), f"{script.name} sets an inline event handler"


def test_the_page_has_no_inline_script_or_style_and_nothing_from_other_sites() -> None:
    html = (FRONTEND_DIR / "index.html").read_text()
    for tag in re.findall(r"<script\b[^>]*>", html):
        assert "src=" in tag, f"inline script: {tag}"
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son\w+=", html), "inline event handler in index.html"
    for path in [FRONTEND_DIR / "index.html", FRONTEND_DIR / "css" / "app.css", *SCRIPTS]:
        text = path.read_text()
        assert not re.search(r"https?://(?!www\.w3\.org/)", text), f"{path.name} loads something from another site"
        assert "@import" not in text


def test_every_interface_text_exists_in_english_and_russian() -> None:
    en, ru = _dictionary("en"), _dictionary("ru")
    assert len(en) > 300
    assert sorted(set(en) - set(ru)) == []
    assert sorted(set(ru) - set(en)) == []
    placeholders = re.compile(r"\{(\w+)\}")
    for key in en:
        assert set(placeholders.findall(en[key])) == set(placeholders.findall(ru[key])), key


def test_every_text_the_scripts_ask_for_is_in_the_dictionary() -> None:
    en = _dictionary("en")
    used = {key for script in SCRIPTS for key in re.findall(r"\bt\(\"([\w.]+)\"", script.read_text())}
    assert used, 'no t("...") calls found'
    assert sorted(used - set(en)) == []


@pytest.mark.parametrize("script", CODE, ids=lambda p: p.relative_to(FRONTEND_DIR).as_posix())
def test_no_script_repeats_the_servers_constants(script: Path) -> None:
    """Categories, roles, difficulties and the scoring defaults come from GET /meta (meta.js), never from a script."""
    code = script.read_text()
    for listed in ('"send_info", "think_about_it"', '"trainee", "trainer"', '"easy", "medium", "hard"'):
        assert listed not in code, f"{script.name} lists {listed}: use meta.js"
    assert not re.search(r"\b(?:pass_?[mM]ark|penalty)\W{1,4}\d", code), f"{script.name} writes a default: use meta.js"
