"""The head of sales reads the team screen in Russian: tiles that count people, reps in need of attention first,
sorting by name, a score that opens the rep's answers for that objection, and on a 390-pixel phone the rep's
name stays in view while the table scrolls sideways; the weekly summary downloads as one Russian workbook."""

from __future__ import annotations

import io
import re

import pytest
from browser_helpers import Site, log_in, screenshot
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_head_reads_the_team_screen_in_russian(page: Page, site: Site) -> None:
    log_in(page, site, "head")
    page.get_by_label("Interface language").select_option("ru")
    try:
        _read_the_screen(page)
        _on_a_phone(page)
    finally:  # the other tests read the pages in English
        page.set_viewport_size({"width": 1280, "height": 800})
        csrf = str(page.request.get("/api/v1/auth/me").json()["csrf_token"])
        page.request.patch("/api/v1/auth/me", data={"language": "en"}, headers={"X-CSRF-Token": csrf})
        page.evaluate("localStorage.setItem('parry.language', 'en')")


def _read_the_screen(page: Page) -> None:
    page.get_by_role("navigation").get_by_role("link", name="Сводка по команде").click()
    expect(page.get_by_role("heading", name="Сводка по команде", level=1)).to_be_visible()
    table = page.locator("table.team-table")
    expect(table.get_by_role("row", name=re.compile("Nina Novak"))).to_be_visible()
    rows = table.locator("tbody tr")
    tiles = page.get_by_role("list", name="Люди")
    expect(tiles.get_by_role("listitem").filter(has_text="менеджеров (человек)")).to_contain_text(str(rows.count()))
    expect(tiles).to_contain_text("человек не сертифицированы по всем программам")
    expect(tiles).to_contain_text("человек отстают от норматива")
    attention = [int(text) for text in table.locator("tbody td.attention strong").all_inner_texts()]
    assert attention == sorted(attention, reverse=True), attention  # the neediest first
    assert attention[0] > 0
    expect(table.locator("th[aria-sort='descending']")).to_contain_text("Требует внимания")
    expect(table.get_by_role("row", name=re.compile("Sam South"))).to_contain_text("тест не сдан")
    screenshot(page, "team-screen")
    _download_the_weekly_summary(page)

    table.get_by_role("button", name="Менеджер").click()
    expect(table.locator("th[aria-sort='ascending']")).to_contain_text("Менеджер")
    names = [text.strip() for text in table.locator("tbody th .rep-name").all_inner_texts()]
    assert names.index("Nina Novak") < names.index("Rita Rep") < names.index("Sam South"), names

    nina = table.get_by_role("row", name=re.compile("Nina Novak"))
    nina.get_by_role("button", name=re.compile("Nina Novak, Цена: средний балл")).click()
    dialog = page.get_by_role("dialog", name="Nina Novak: Цена")
    expect(dialog).to_be_visible()
    answers = dialog.locator(".answers > li")
    expect(answers.first).to_be_visible()
    for summary in answers.locator("summary").all_inner_texts():
        assert "Цена" in summary, summary
    answers.first.locator("summary").click()
    expect(answers.first.locator(".feedback-card")).to_be_visible()
    dialog.get_by_role("button", name="Закрыть").click()
    expect(dialog).to_be_hidden()


def _download_the_weekly_summary(page: Page) -> None:
    """The one workbook the head forwards up, in the interface language."""
    box = page.get_by_role("region", name="Сводка за неделю для руководства")
    expect(box).to_contain_text("изменения сертификации")
    with page.expect_download() as download:
        box.get_by_role("link", name="Скачать сводку за неделю (XLSX): Эта неделя").click()
    assert download.value.suggested_filename.startswith("parry-weekly-summary-")
    book = load_workbook(io.BytesIO(download.value.path().read_bytes()))  # a download's file has no extension
    assert book.sheetnames == [
        "Сводка",
        "Изменения сертификации",
        "Выполнение нормативов",
        "Самые слабые возражения",
        "Отстают от плана ввода",
    ]
    figures = {row[0].value: row[1].value for row in book["Сводка"].iter_rows(min_row=2)}
    assert figures["Команда"] == "все команды"
    assert isinstance(figures["Менеджеров"], int)
    assert figures["Менеджеров"] > 0


def _on_a_phone(page: Page) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    wrap = page.locator(".team-wrap")
    name = wrap.locator("tbody th.rep-col").first
    expect(name).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 391  # only the table scrolls, not the page
    assert wrap.evaluate("el => el.scrollWidth > el.clientWidth")  # wider than the phone
    left = wrap.bounding_box()
    assert left is not None
    wrap.evaluate("el => { el.scrollLeft = el.scrollWidth; }")
    page.wait_for_function("document.querySelector('.team-wrap').scrollLeft > 100")
    box = name.bounding_box()
    assert box is not None
    assert abs(box["x"] - left["x"]) <= 2, (box, left)  # the rep's name stays at the left edge
    last, edge = wrap.locator("tbody td.weakest").first.bounding_box(), wrap.bounding_box()
    assert last is not None
    assert edge is not None
    assert last["x"] + last["width"] <= edge["x"] + edge["width"] + 2  # scrolled to the table's last column
    name.scroll_into_view_if_needed()
    screenshot(page, "team-screen-phone")
