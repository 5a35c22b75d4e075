"""The head of sales sets a practice norm in Russian, sees who meets it and downloads it as an Excel file; the rep
sees their norm on the practice page."""

from __future__ import annotations

import io
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from browser_helpers import Site, log_in
from openpyxl import load_workbook
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser


def test_the_head_sets_a_norm_in_russian_and_the_rep_sees_it(page: Page, site: Site) -> None:
    log_in(page, site, "head")
    page.get_by_label("Interface language").select_option("ru")
    try:
        page.get_by_role("navigation").get_by_role("link", name="Нормативы").click()
        expect(page.get_by_role("heading", name="Нормативы тренировок", level=1)).to_be_visible()
        expect(page.get_by_text("Нормативы ещё не заданы.")).to_be_visible()

        form = page.locator("form.norm-form")
        form.get_by_label("Для кого").select_option(label="Команда: North")
        form.get_by_label("Ответов в день").fill("1")
        form.get_by_label("Дней тренировок в неделю").fill("3")
        form.get_by_label("Часовой пояс").fill("Mars/Olympus")
        form.get_by_role("button", name="Сохранить норматив").click()
        expect(form.get_by_role("alert")).to_contain_text("«Mars/Olympus» — не название часового пояса")
        expect(page.get_by_text("Нормативы ещё не заданы.")).to_be_visible()  # nothing saved

        form.get_by_label("Часовой пояс").fill("Europe/Moscow")
        form.get_by_role("button", name="Сохранить норматив").click()
        expect(form.get_by_text(re.compile("Сохранено: норматив действует с"))).to_be_visible()
        table = page.locator("table.norm-table")
        rita = table.get_by_role("row", name=re.compile("Rita Rep"))
        expect(rita).to_contain_text("1 ответ в день, 3 дн. в неделю")  # the count's own form (Intl.PluralRules)
        expect(table.get_by_role("row", name=re.compile("Sam South"))).to_contain_text("—")
        expect(page.get_by_role("cell", name="Команда: North")).to_be_visible()

        with page.expect_download() as download_info:
            page.get_by_role("link", name="Excel: Кто выполняет норматив").click()
        download = download_info.value
        assert re.fullmatch(r"parry-norms-\d{4}-\d{2}-\d{2}\.xlsx", download.suggested_filename)
        sheet = load_workbook(io.BytesIO(download.path().read_bytes())).active
        assert sheet is not None
        assert [c.value for c in sheet[1]][:3] == ["Менеджер", "Команда", "Отстаёт сейчас"]
        assert sheet.freeze_panes == "A2"
        names = {sheet.cell(row, 1).value for row in range(2, sheet.max_row + 1)}
        assert {"Rita Rep", "Sam South"} <= names
    finally:  # the other tests read the pages in English
        page.request.patch("/api/v1/auth/me", data={"language": "en"}, headers={"X-CSRF-Token": _csrf(page)})
        page.evaluate("localStorage.setItem('parry.language', 'en')")

    log_in(page, site, "rep")
    page.goto("/practice")
    norm = page.get_by_role("region", name="My practice norm")
    expect(norm).to_contain_text("Answers today:")
    expect(norm).to_contain_text("Practice days this week:")
    expect(norm).to_contain_text("Answers today: 0 of 1")  # the daily measure holds from today (Moscow's today)
    if datetime.now(ZoneInfo("Europe/Moscow")).weekday() == 0:
        expect(norm).to_contain_text("of 3")  # a weekly measure counts from the week of its Monday (norm_week)


def _csrf(page: Page) -> str:
    return str(page.request.get("/api/v1/auth/me").json()["csrf_token"])
