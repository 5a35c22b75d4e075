"""Trainers edit the company's stop phrases in the browser (add, a validation error, edit, delete with a
confirmation, by keyboard), in English and in Russian; the head of sales sees which ones a rep used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import pytest
from browser_helpers import PASSWORD, Site, log_in, screenshot
from playwright.sync_api import Page, Playwright, expect
from sqlmodel import Session, col, select

from api.clock import utcnow
from api.models import Role, Scenario, Team
from api.models.users import TeamCreate, UserCreate
from api.services import accounts

pytestmark = pytest.mark.browser
SCORED = 180_000


@dataclass(frozen=True)
class Words:
    """The interface's words in one language, and a stop phrase to add in it."""

    language: str
    nav: str
    title: str
    phrase: str
    label: str
    penalty: str
    add: str
    too_high: str
    edit: str
    save: str
    delete: str
    yes_delete: str
    added: str
    deleted: str
    language_field: str
    language_name: str
    new_phrase: str
    new_label: str


WORDS = {
    "en": Words(
        "en",
        "Stop phrases",
        "Company stop phrases",
        "Phrase",
        "Label",
        "Penalty",
        "Add stop phrase",
        "must be at most 100",
        "Edit",
        "Save changes",
        "Delete",
        "Yes, delete",
        "added",
        "deleted",
        "Language",
        "English",
        "we will sort it out somehow",
        "Vague promise",
    ),
    "ru": Words(
        "ru",
        "Стоп-фразы",
        "Стоп-фразы компании",
        "Фраза",
        "Метка",
        "Штраф",
        "Добавить стоп-фразу",
        "должно быть не больше 100",
        "Изменить",
        "Сохранить изменения",
        "Удалить",
        "Да, удалить",
        "добавлена",
        "удалена",
        "Язык",
        "русский",
        "как-нибудь разберёмся",
        "Размытое обещание",
    ),
}


def _person(site: Site, key: str, role: Role, *, language: str, team: str | None = None) -> None:
    """A user who works in `language`, made once for the whole session."""
    if key in site.emails:
        return
    with Session(site.engine, expire_on_commit=False) as session:
        team_id = None
        if team is not None:
            found = session.exec(select(Team).where(col(Team.name) == team)).first()
            found = found or accounts.create_team(session, data=TeamCreate(name=team), now=utcnow())
            team_id = found.id
        data = UserCreate(
            email=f"{key}@parry.test",
            name=key.replace("_", " ").title(),
            role=role,
            password=PASSWORD,
            team_id=team_id,
            language=language,
        )
        accounts.create_user(session, data=data, now=utcnow() - timedelta(days=1))
    site.emails[key] = f"{key}@parry.test"


@pytest.mark.parametrize("language", ["en", "ru"])
def test_a_trainer_adds_edits_and_deletes_a_stop_phrase(page: Page, site: Site, language: str) -> None:
    w = WORDS[language]
    key = f"phrase_trainer_{language}"
    _person(site, key, Role.trainer, language=language, team="North")
    log_in(page, site, key)
    page.get_by_role("navigation").get_by_role("link", name=w.nav).click()
    expect(page.get_by_role("heading", name=w.title, level=1)).to_be_visible()
    expect(page.locator("main .loading")).to_have_count(0)
    unlabelled = page.evaluate(
        """() => [...document.querySelectorAll('main input, main textarea, main select')]
            .filter(el => !el.labels.length && !el.getAttribute('aria-label')).map(el => el.outerHTML.slice(0, 80))"""
    )
    assert unlabelled == []

    form = page.locator("form.phrase-form")
    form.get_by_label(w.phrase, exact=True).fill(w.new_phrase)
    form.get_by_label(w.label, exact=True).fill(w.new_label)
    form.get_by_label(w.language_field, exact=True).select_option(label=w.language_name)
    penalty = form.get_by_label(w.penalty, exact=True)
    penalty.fill("500")
    form.get_by_role("button", name=w.add).click()
    expect(penalty).to_have_attribute("aria-invalid", "true")
    penalty_field = form.locator(".field").filter(has=page.get_by_label(w.penalty, exact=True))
    expect(penalty_field.locator(".field-error")).to_have_text(w.too_high)
    expect(penalty).to_be_focused()
    expect(form.get_by_label(w.phrase, exact=True)).to_have_value(w.new_phrase)  # nothing typed is lost
    expect(form.get_by_label(w.label, exact=True)).to_have_value(w.new_label)

    penalty.fill("25")
    penalty.press("Enter")
    row = page.get_by_role("row").filter(has_text=w.new_phrase)
    expect(row).to_contain_text(w.new_label)
    expect(row).to_contain_text("25")
    expect(page.get_by_role("status").filter(has_text=w.added)).to_be_visible()
    expect(penalty).not_to_have_attribute("aria-invalid", "true")

    row.get_by_role("button", name=re.compile(f"^{w.edit}")).click()
    expect(form.get_by_label(w.phrase, exact=True)).to_be_focused()
    expect(form.get_by_label(w.label, exact=True)).to_have_value(w.new_label)
    penalty.fill("40")
    form.get_by_text(re.compile("Critical|Критичная")).check()
    form.get_by_role("button", name=w.save).click()
    expect(form.get_by_label(w.penalty, exact=True)).to_have_value("10")  # the form is back to adding
    expect(row).to_contain_text("40")
    expect(row.locator(".badge")).to_be_visible()
    expect(row.get_by_role("button", name=re.compile(f"^{w.edit}"))).to_be_focused()
    if language == "en":
        page.get_by_label("Find a phrase or label").fill("promise")
        expect(page.get_by_role("row").filter(has_text="Rude dismissal")).to_have_count(0)
        page.get_by_role("heading", name="The list", exact=True).evaluate("h => window.scrollTo(0, h.offsetTop - 260)")
        screenshot(page, "stop-phrases")

    row.get_by_role("button", name=re.compile(f"^{w.delete}")).focus()
    page.keyboard.press("Enter")
    yes = row.get_by_role("button", name=w.yes_delete)
    expect(yes).to_be_focused()
    page.keyboard.press("Escape")  # changed my mind
    expect(yes).to_have_count(0)
    expect(row.get_by_role("button", name=re.compile(f"^{w.delete}"))).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Enter")
    expect(page.get_by_role("row").filter(has_text=w.new_phrase)).to_have_count(0)
    expect(page.get_by_role("status").filter(has_text=w.deleted)).to_be_visible()


def test_a_bad_file_is_refused_with_its_lines_and_changes_nothing(page: Page, site: Site, tmp_path: Path) -> None:
    _person(site, "phrase_trainer_en", Role.trainer, language="en", team="North")
    log_in(page, site, "phrase_trainer_en")
    page.goto("/trainer/stop-phrases")
    count = page.get_by_text(re.compile(r"^\d+ of \d+ stop phrases$"))
    before = count.inner_text()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the list (YAML)").click()
    exported = download_info.value.path().read_text(encoding="utf-8")
    assert exported.startswith("parry-stop-phrases: 1")
    bad = tmp_path / "phrases.yaml"
    bad.write_text(exported.replace("penalty: 10", "penalty: 1000", 1), encoding="utf-8")
    page.get_by_label("File to import").set_input_files(bad)
    page.get_by_role("button", name="Import", exact=True).click()
    page.get_by_role("button", name="Yes, replace the list").click()
    expect(page.get_by_role("alert").filter(has_text="must be at most 100")).to_be_visible()
    expect(page.locator(".error-list")).to_contain_text(re.compile(r"phrases\.yaml:\d+ — phrases\[\d+\]\.penalty"))
    expect(count).to_have_text(before)


@pytest.fixture(scope="module")
def phrase_said(site: Site, playwright_driver: Playwright) -> str:
    """A rep of the East team who said a company stop phrase in a drill, in English and in Russian (scored by the
    real model); returns the team's name."""
    _person(site, "petra_east", Role.trainee, language="en", team="East")
    with Session(site.engine) as session:
        ids = dict(session.exec(select(Scenario.slug, Scenario.id)).all())
    answers = {
        "en-fleet-leasing-send-info": "I understand, you want it in writing first. What matters most for your "
        "fleet decision? I'll do my best to send a calculation by Thursday, and let's book a call on Friday.",
        "ru-crm-price": "Понимаю, сумма заметная. С чем вы сравниваете? Я постараюсь к четвергу посчитать "
        "окупаемость на ваших цифрах, давайте созвонимся в пятницу.",
    }
    request = playwright_driver.request.new_context(base_url=site.url)
    try:
        login = request.post("/api/v1/auth/login", data={"email": site.emails["petra_east"], "password": PASSWORD})
        csrf = {"X-CSRF-Token": login.json()["csrf_token"]}
        for slug, text in answers.items():
            drill = request.post("/api/v1/drills", data={"scenario_id": ids[slug]}, headers=csrf).json()
            step = drill["current_step"]["id"]
            url = f"/api/v1/drills/{drill['id']}/answers"
            reply = request.post(url, data={"step_id": step, "answer": text}, headers=csrf, timeout=SCORED)
            assert reply.ok, reply.text()
            sources = [f["source"] for f in reply.json()["answer"]["feedback"]["red_flags"]]
            assert "company" in sources, reply.json()["answer"]["feedback"]
    finally:
        request.dispose()
    return "East"


@pytest.mark.parametrize(
    ("language", "heading", "label", "said"),
    [
        ("en", "Most frequent stop phrases", "Empty promise", "I'll do my best"),
        ("ru", "Самые частые стоп-фразы", "Пустое обещание", "постараюсь"),
    ],
)
def test_the_head_of_sales_sees_the_stop_phrases_a_rep_used(
    page: Page, site: Site, phrase_said: str, language: str, heading: str, label: str, said: str
) -> None:
    key = f"phrase_head_{language}"
    _person(site, key, Role.head, language=language)
    log_in(page, site, key)
    expect(page).to_have_url(re.compile(r"/head$"))
    team = "Team" if language == "en" else "Команда"
    page.get_by_label(team, exact=True).select_option(label=phrase_said)
    section = page.locator("section", has=page.get_by_role("heading", name=heading))
    table = section.locator("table.phrases-used")
    expect(table.get_by_role("row")).to_have_count(3)  # the header, the English phrase, the Russian one
    row = table.get_by_role("row").filter(has_text=label).filter(has_text=said)
    expect(row.get_by_role("rowheader")).to_have_text(re.compile(f"^{re.escape(said)}"))  # the phrase said
    expect(row.get_by_role("cell").nth(1)).to_have_text("1")  # answers
    expect(row.get_by_role("cell").nth(2)).to_have_text("1")  # reps
    with page.expect_download() as download_info:
        section.get_by_role("link", name=re.compile("^CSV")).click()
    csv = download_info.value.path().read_bytes().decode("utf-8-sig")
    assert said in csv
    assert label in csv
