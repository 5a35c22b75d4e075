"""A trainer never loses work in the editor (issue 14): an unfinished scenario saves as a draft, the id comes from
a Russian title, unsaved edits survive a reload, leaving asks first, and an expired session during Save returns to
the editor with the edits after logging in again. In Russian."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from browser_helpers import PASSWORD, Site, log_in
from playwright.sync_api import Dialog, Page, expect

pytestmark = pytest.mark.browser


@pytest.fixture
def russian(page: Page, site: Site) -> Iterator[Page]:
    """The trainer logged in with the interface in Russian; English again afterwards (the language is per user)."""
    log_in(page, site, "trainer")
    page.locator("#language").select_option("ru")
    yield page
    page.locator("#language").select_option("en")
    expect(page.locator("html")).to_have_attribute("lang", "en")


def test_an_unfinished_scenario_is_saved_kept_through_a_reload_and_an_expired_session(
    russian: Page, site: Site
) -> None:
    page = russian
    dialogs: list[str] = []

    def answer(dialog: Dialog) -> None:
        dialogs.append(dialog.type)
        if dialog.type == "confirm":
            dialog.dismiss()  # stay on the page
        else:
            dialog.accept()

    page.on("dialog", answer)
    page.goto("/trainer/scenarios/new")
    page.get_by_label("Название", exact=True).fill("Цена кусается")
    expect(page.get_by_label("Id сценария")).to_have_value("tsena-kusaetsya")
    page.get_by_label("Реплика клиента").first.fill("Дорого у вас.")
    page.get_by_role("button", name="Сохранить черновик").click()  # 2 empty references, no context: saved anyway
    page.wait_for_url(re.compile(r"/trainer/scenarios/\d+$"))
    expect(page.get_by_text("Черновик сохранён. Он ещё не готов")).to_be_visible()
    expect(page.locator(".field-error").first).to_be_visible()  # what publishing will refuse, beside the fields
    problems = page.locator(".error-summary")  # named by the labels on screen, never by path
    expect(problems).to_contain_text("Продукт и контекст")
    expect(problems).to_contain_text("Возражение 1 · Эталонный ответ 1")
    expect(problems).not_to_contain_text("steps[")
    expect(problems).not_to_contain_text("persona.")
    editor_url = page.url

    context = page.get_by_label("Продукт и контекст")
    context.fill("Клиент сравнивает нас с дешёвым поставщиком.")
    page.reload()  # beforeunload asks; accepted
    expect(page.get_by_label("Продукт и контекст")).to_have_value("Клиент сравнивает нас с дешёвым поставщиком.")
    expect(page.get_by_text("Несохранённые изменения от")).to_be_visible()
    assert "beforeunload" in dialogs

    page.get_by_role("link", name="К сценариям").click()  # inside the app: asks, and staying keeps the page
    assert "confirm" in dialogs
    expect(page).to_have_url(editor_url)

    page.context.clear_cookies()  # the session ends while the trainer edits
    page.get_by_label("Должность").fill("Финансовый директор")
    page.get_by_role("button", name="Сохранить черновик").click()
    page.wait_for_url(re.compile(r"/login\?next="))
    expect(page.get_by_text("Сессия закончилась")).to_be_visible()
    page.locator("input[name=email]").fill(site.emails["trainer"])
    page.locator("input[name=password]").fill(PASSWORD)
    page.get_by_role("button", name="Войти").click()
    page.wait_for_url(editor_url)
    expect(page.get_by_label("Должность")).to_have_value("Финансовый директор")
    expect(page.get_by_label("Продукт и контекст")).to_have_value("Клиент сравнивает нас с дешёвым поставщиком.")
    page.get_by_role("button", name="Сохранить черновик").click()
    expect(page.get_by_text("Черновик сохранён. Перед публикацией исправьте замечания")).to_be_visible()
    page.reload()  # saved: nothing left to ask about or to restore
    expect(page.get_by_label("Должность")).to_have_value("Финансовый директор")
    expect(page.get_by_text("Несохранённые изменения от")).to_have_count(0)

    page.get_by_role("button", name="Добавить возражение").click()  # branch targets read as the customer's lines
    page.get_by_label("Реплика клиента").nth(1).fill("Мы уже работаем с другим поставщиком.")
    page.get_by_label("Следующий шаг зависит от качества ответа").first.check()
    strong = page.get_by_label("После сильного ответа").first.locator("option:checked")
    expect(strong).to_have_text("Возражение 2: Мы уже работаем с другим поставщиком.")
